"""Dask preload for the local cluster's worker processes: they ignore SIGINT.

A terminal's Ctrl-C reaches the whole process group, the workers included. The run's own process
handles it (flows/stopping.py) and closes the cluster; a worker that also took the signal would print
its event loop's KeyboardInterrupt traceback on the way out. SIGTERM and the parent watch still end it.
Dask's loggers speak from WARNING up in the workers as in the run's process (flows/parallel_flow.py).
"""

from __future__ import annotations

import logging
import signal


def dask_setup(worker) -> None:
    """Called by Dask in each worker process, in its main thread, before it takes tasks."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    logging.getLogger("distributed").setLevel(logging.WARNING)
