"""Load one report's frames into the warehouse in a single transaction."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from transforms.star import StarFrames
from warehouse.db import read_sql


@dataclass(frozen=True)
class LoadResult:
    report_id: int
    rows_written: dict[str, int]


def load_star(con: duckdb.DuckDBPyConnection, frames: StarFrames) -> LoadResult:
    """Replace the report's snapshot with `frames`: all of it lands, or none of it."""
    tables = frames.tables()
    for name, frame in tables.items():
        con.register(f"staged_{name}", frame)
    con.begin()
    try:
        con.execute(read_sql("load/replace_report.sql"))
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        for name in tables:
            con.unregister(f"staged_{name}")
    return LoadResult(frames.report_id, {name: len(frame) for name, frame in tables.items()})
