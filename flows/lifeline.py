"""Processes that end with their parent, even when the parent is killed with SIGKILL (Linux).

`PR_SET_PDEATHSIG` asks the kernel to send a signal to a process when its parent ends. The command
line arms it in the Prefect servers it starts (`preexec_die_with`) and `poi-etl serve` in the flow
runs its runner starts (`die_with_parent`, called by the served flow): a killed command leaves
neither a server nor a load running without it. Elsewhere than Linux both are no-ops.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
from collections.abc import Callable

PR_SET_PDEATHSIG = 1


def _prctl():
    name = ctypes.util.find_library("c") if sys.platform.startswith("linux") else None
    return ctypes.CDLL(name, use_errno=True).prctl if name else None


def preexec_die_with(parent: int, signum: int) -> Callable[[], None]:
    """A `preexec_fn`: the child gets `signum` when `parent` ends (and exits if it already has)."""
    prctl = _prctl()  # looked up before fork: the child only calls it

    def arm() -> None:
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
        if os.getppid() != parent:  # the parent died between fork and prctl
            os._exit(1)

    return arm


def die_with_parent(parent: int, signum: int) -> bool:
    """This process gets `signum` when `parent` (its parent) ends; False when `parent` is not its parent."""
    if os.getppid() != parent:
        return False
    prctl = _prctl()
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0)
    if os.getppid() != parent:  # the parent died meanwhile: the signal will not come
        os.kill(os.getpid(), signum)
    return True
