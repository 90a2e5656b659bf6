"""Stop a command on SIGINT or SIGTERM: at once, cleanly, with the signal's exit code (130, 143).

Within `handle_signals()` (the command line, main thread) the first SIGINT or SIGTERM raises `Stopped`
wherever the main thread is, so a wait (a busy warehouse, a server starting) ends there and a load
transaction that has not committed rolls back on the way out (warehouse/loader.py). A signal that
lands while DuckDB executes comes out as DuckDB's own "Query interrupted" error instead: code that
turns errors into outcomes calls `check()` first, which raises `Stopped` once a signal was received.

A second signal does not interrupt the clean-up. If the clean-up has not ended `GRACE_SECONDS` after
the first signal, the process ends itself with the signal's exit code: DuckDB discards a transaction
that did not commit, as after a kill (docs/reliability.md, *Kill points*), and child servers die with
the process (poi_warehouse/server_process.py).

Stdlib only: the command line imports it before Prefect.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator

SIGNALS = (signal.SIGINT, signal.SIGTERM)
GRACE_SECONDS = 7.0


class Stopped(KeyboardInterrupt):
    """The run was stopped by a signal; Prefect records the runs it cuts short as Crashed."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)

    @property
    def signal_name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


_received: list[int] = []  # the first signal, once received
_raise_again: list[int] = []  # the first signal's Stopped was swallowed where Python ignores exceptions


def requested() -> int | None:
    """The signal that asked this process to stop, if any."""
    return _received[0] if _received else None


def check() -> None:
    """Raise `Stopped` when a signal was received (for code that just swallowed its effect)."""
    if _received:
        raise Stopped(_received[0])


def _hard_stop(signum: int) -> None:
    message = (
        f"stopped by {signal.Signals(signum).name}: the clean-up took over {GRACE_SECONDS:.0f} s; ending now "
        "(a load that had not committed is discarded by DuckDB)\n"
    )
    with contextlib.suppress(OSError):
        os.write(2, message.encode())
    os._exit(128 + signum)


def _on_signal(signum: int, frame, interrupt: Callable[[], None] | None = None) -> None:
    if _raise_again:
        raise Stopped(_raise_again.pop())
    if _received:
        return  # the clean-up of the first signal is running: let it finish
    _received.append(signum)
    deadline = threading.Timer(GRACE_SECONDS, _hard_stop, args=(signum,))
    deadline.daemon = True
    deadline.start()
    if interrupt is not None:
        interrupt()
    raise Stopped(signum)


def _on_unraisable(previous: Callable, unraisable) -> None:
    """A `Stopped` raised where Python ignores exceptions (an at-fork hook, a finaliser) is raised again
    once the main thread is out of it, so the stop is not lost; anything else goes to the previous hook.

    Another thread sends the signal again once this hook has returned: a handler run inside the hook
    would be ignored as well.
    """
    if not isinstance(unraisable.exc_value, Stopped):
        previous(unraisable)
        return
    signum = unraisable.exc_value.signum
    if not _raise_again:
        _raise_again.append(signum)
    left = threading.Event()
    threading.Thread(target=_signal_main_after, args=(left, signum), daemon=True).start()
    left.set()


def _signal_main_after(left: threading.Event, signum: int) -> None:
    left.wait()
    time.sleep(0.01)  # the hook's last steps
    signal.pthread_kill(threading.main_thread().ident, signum)


@contextlib.contextmanager
def handle_signals(interrupt: Callable[[], None] | None = None) -> Iterator[None]:
    """SIGINT and SIGTERM raise `Stopped` in the main thread within the block (elsewhere: no-op).

    `interrupt` runs first: a query running in C code (DuckDB) does not always see the exception
    of a Python handler, so the handler also asks it to stop (warehouse.db.interrupt_queries).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = functools.partial(_on_signal, interrupt=interrupt)
    previous = {signum: signal.signal(signum, handler) for signum in SIGNALS}
    previous_hook, sys.unraisablehook = sys.unraisablehook, functools.partial(_on_unraisable, sys.unraisablehook)
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)
        sys.unraisablehook = previous_hook
        _received.clear()
        _raise_again.clear()


def note(signum: int) -> None:
    """Record a signal that another handler received (Prefect's runner keeps SIGTERM for itself)."""
    if not _received:
        _received.append(signum)


def release(error: BaseException) -> None:
    """Free what the frames of a stopped run still hold (DuckDB connections among them).

    Prefect keeps the exception of a crashed run in its state; without this its frames would keep
    DuckDB's objects alive until the interpreter exits, which then reports them as leaked.
    """
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        pending += [current.__context__, current.__cause__]
    gc.collect()
