"""How far each report of the running `poi-quarterly-load` got, for the lines of a run stopped by a signal.

`load_reports_flow` plans the run and finishes each report; `load_report_flow` notes each stage it
enters. When a signal stops the run, `stopped_lines()` says per report what happened: finished
reports keep their outcome; the report in its load stage is looked up in `load_audit`, whose row the
load writes in the same transaction as the snapshot (so the row is there exactly when the snapshot
committed); the others wrote nothing. One run per process: `JOURNAL` is the process's journal.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warehouse.audit import load_committed
from warehouse.db import connection
from warehouse.errors import WarehouseError


@dataclass
class Entry:
    path: str
    stage: str = ""  # the last stage entered ("" until the report starts; "done" once finished)
    flow_run_id: str | None = None
    period: tuple[int, int] | None = None
    outcome: str = ""  # when done: loaded | skipped | blocked | failed
    message: str = ""  # why a report was refused

    @property
    def label(self) -> str:
        return f"{self.path} [{self.period[0]} Q{self.period[1]}]" if self.period else self.path


class Journal:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.current: Entry | None = None

    def plan(self, paths: list[str]) -> None:
        self.entries, self.current = [Entry(p) for p in paths], None

    def begin(self, index: int) -> None:
        self.current = self.entries[index] if index < len(self.entries) else None

    def reached(self, stage: str, **fields) -> None:
        if self.current is not None:
            self.current.stage = stage
            for name, value in fields.items():
                setattr(self.current, name, value)

    def finish(self, outcome: str, message: str = "") -> None:
        if self.current is not None:
            self.current.stage, self.current.outcome, self.current.message = "done", outcome, message
            self.current = None


JOURNAL = Journal()


def _committed(warehouse: Path, flow_run_id: str | None) -> bool | None:
    """Whether the report's load committed (None: the warehouse cannot be read now)."""
    if not warehouse.exists() or flow_run_id is None:
        return False
    try:
        with connection(warehouse, read_only=True) as con:
            return load_committed(con, flow_run_id)
    except WarehouseError:
        return None


def _what_happened(entry: Entry, warehouse: Path) -> str:
    if entry.stage == "done":
        if entry.outcome in ("loaded", "skipped"):
            return entry.outcome
        return f"{entry.outcome}: {entry.message}" if entry.message else entry.outcome
    if not entry.stage:
        return "not started"
    if entry.message:
        return f"not loaded: {entry.message}"
    if entry.stage != "load":
        return f"not loaded: stopped during {entry.stage}, nothing written"
    committed = _committed(warehouse, entry.flow_run_id)
    if committed:
        return "loaded (its load committed before the signal)"
    if committed is None:
        return f"stopped during load; the warehouse is busy, see load_audit for flow run {entry.flow_run_id}"
    return "rolled back, not loaded (its load had not committed; the warehouse keeps what it had)"


def stopped_lines(journal: Journal, warehouse: Path, signal_name: str) -> list[str]:
    """One line per report of a stopped run: `stopped by SIGINT: <file> [<period>]: <what happened>`."""
    return [f"stopped by {signal_name}: {e.label}: {_what_happened(e, warehouse)}" for e in journal.entries]
