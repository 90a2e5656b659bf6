"""Test hook: kill or pause the process at a named point of a run, to prove crash and lock safety.

Not a feature. With neither variable set, `point()` is a single check of a module constant.

- `POI_KILL_AT=<point>`: the process sends itself SIGKILL when it reaches `<point>` (no cleanup, no
  `finally`, no flush: what a power cut or `kill -9` does).
- `POI_PAUSE_AT=<point>:<seconds>[:<nth>]`: the process sleeps there (e.g. holding the warehouse
  lock inside the load transaction) the `nth` time it gets there (default: the first), after creating
  the file named by `POI_PAUSE_MARK` if set, so a test knows the point was reached, until the file
  named by `POI_PAUSE_RELEASE` appears or the time is up.

Points, in run order (see docs/reliability.md): extract `after-read`, `after-decode`, `after-parse`;
`after-snapshot-check`; `after-transform`; validate `before-gate`, `after-gate`; load `after-connect`,
`after-migrate`, `in-transaction`, `after-replace`, `before-commit`, `after-commit`, `after-close`;
`poi-etl export`: `after-export-file` (after each Parquet file).

It sits below the loader so that `warehouse/` and `flows/` reach their points without importing the CLI;
the CLI's settings check the variables (`check_environment`) before any work. Read from the environment,
they reach the flow runs `poi-etl serve` starts in other processes too.
"""

from __future__ import annotations

import math
import os
import signal
import time
from pathlib import Path

from transforms.errors import SettingsError

POINTS = (
    "after-read",
    "after-decode",
    "after-parse",
    "after-snapshot-check",
    "after-transform",
    "before-gate",
    "after-gate",
    "after-connect",
    "after-migrate",
    "in-transaction",
    "after-replace",
    "before-commit",
    "after-commit",
    "after-close",
    "after-export-file",
    "in-migration",
)

_ARMED = bool(os.environ.get("POI_KILL_AT") or os.environ.get("POI_PAUSE_AT"))
_reached: dict[str, int] = {}


def point(name: str) -> None:
    """Reached a named point of the run: kill or pause here when a test asked for it."""
    if not _ARMED:
        return
    if os.environ.get("POI_KILL_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
    target, _, rest = os.environ.get("POI_PAUSE_AT", "").partition(":")
    seconds, _, nth = rest.partition(":")
    _reached[name] = _reached.get(name, 0) + 1
    if target == name and _reached[name] == int(nth or 1):
        mark = os.environ.get("POI_PAUSE_MARK")
        if mark:
            Path(mark).touch()
        release = os.environ.get("POI_PAUSE_RELEASE")  # a file whose creation ends the pause early
        deadline = time.monotonic() + float(seconds or 10)
        while time.monotonic() < deadline and not (release and Path(release).exists()):
            time.sleep(0.05)


def check_environment() -> None:
    """Refuse a hook naming a point that does not exist, or a pause that is not a number of seconds."""
    kill = os.environ.get("POI_KILL_AT")
    if kill and kill not in POINTS:
        raise SettingsError(f"POI_KILL_AT={kill!r} is not a point: {', '.join(POINTS)}")
    pause = os.environ.get("POI_PAUSE_AT")
    if not pause:
        return
    target, _, rest = pause.partition(":")
    seconds, _, nth = rest.partition(":")
    if target not in POINTS:
        raise SettingsError(f"POI_PAUSE_AT={pause!r}: {target!r} is not a point: {', '.join(POINTS)}")
    try:
        value = float(seconds or 10)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or not (nth or "1").isdigit() or int(nth or 1) < 1:
        raise SettingsError(
            f"POI_PAUSE_AT={pause!r}: expected <point>:<seconds>[:<nth>], seconds a number from 0, nth from 1"
        )
