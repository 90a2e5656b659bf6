"""Load one report's frames into the warehouse in a single transaction."""

from __future__ import annotations

import time
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from transforms.star import StarFrames
from warehouse import faults
from warehouse.db import read_sql
from warehouse.errors import SnapshotExists
from warehouse.staging import StagedFrames, register_staged


@dataclass(frozen=True)
class LoadResult:
    report_id: int
    outcome: str  # loaded | skipped
    rows_written: dict[str, int]
    note: str = ""  # loaded, but closing the warehouse failed: what happened (the load is committed)


def loaded_snapshot(con: duckdb.DuckDBPyConnection, report_id: int) -> tuple[str, str] | None:
    """(source_file, sha256) of the snapshot loaded for the report's (entity, year, quarter), if any."""
    row = con.execute(read_sql("load/snapshot_of_period.sql"), {"report_id": report_id}).fetchone()
    return (row[0], row[1]) if row else None


def check_snapshot(
    existing: tuple[str, str] | None, source_file: str, sha256: str, replace: bool, reload: bool = False
) -> str:
    """'new', 'same' (this very file is loaded) or 'replace'; refuse another file without --replace.

    `reload` replaces the snapshot of this very file too: it is read again by the current engine.
    """
    if existing is None:
        return "new"
    old_file, old_sha = existing
    if old_sha == sha256:
        return "replace" if reload else "same"
    if not replace:
        raise SnapshotExists(
            f"{source_file}: this period is already loaded from {old_file} (sha256 {old_sha[:12]}…), "
            f"a different file; pass --replace to replace that snapshot with {source_file}"
        )
    return "replace"


def load_star(
    con: duckdb.DuckDBPyConnection,
    frames: StarFrames | StagedFrames,
    replace: bool = True,
    audit: pd.DataFrame | None = None,
    started: float | None = None,
    reload: bool = False,
) -> LoadResult:
    """Write the report's snapshot (and its audit row): all of it lands, or none of it.

    `frames` are the report's StarFrames, or the same staged as Parquet (`warehouse.staging`).

    The snapshot check runs again inside the transaction, so two processes cannot both load a period.
    The audit row's `load_seconds` counts from `started` (a perf_counter) to just before the commit.
    """
    report = frames.dim_report.iloc[0]
    tables = frames.tables()
    for name, frame in tables.items():
        register_staged(con, f"staged_{name}", frame)
    con.begin()
    try:
        faults.point("in-transaction")
        existing = loaded_snapshot(con, frames.report_id)
        decision = check_snapshot(existing, str(report["source_file"]), str(report["source_sha256"]), replace, reload)
        if decision == "same":
            con.rollback()
            return LoadResult(frames.report_id, "skipped", {})
        con.execute(read_sql("load/replace_report.sql"))
        faults.point("after-replace")
        if audit is not None:
            if started is not None:
                audit["load_seconds"] = round(time.perf_counter() - started, 3)
            audit["finished_at"] = pd.Timestamp(datetime.now())
            con.register("staged_load_audit", audit)  # after the edits: register() snapshots the columns
            con.execute(read_sql("load/insert_audit.sql"))
        faults.point("before-commit")
        con.commit()
    except BaseException:  # a signal (Stopped) included: nothing of the snapshot stays
        with suppress(duckdb.Error):  # DuckDB may have ended the transaction; the first error is the one to tell
            con.rollback()
        raise
    finally:
        for name in tables:
            con.unregister(f"staged_{name}")
        if audit is not None:
            con.unregister("staged_load_audit")  # a no-op when it was never registered
    faults.point("after-commit")
    return LoadResult(frames.report_id, "loaded", {name: len(frame) for name, frame in tables.items()})


def loaded_files(con: duckdb.DuckDBPyConnection) -> set[tuple[str, str]]:
    """(entity_code, sha256) of every loaded snapshot: a file of that entity with that content is loaded."""
    return set(con.execute(read_sql("load/loaded_files.sql")).fetchall())
