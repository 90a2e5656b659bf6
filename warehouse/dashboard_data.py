"""The data behind the execution dashboard, read from the warehouse with a read-only connection.

Each panel's rows come from one `.sql` file of `warehouse/dashboard/` run for one entity and year, on
the year's newest snapshot (the re-programming panel on all of the year's snapshots); the shaping
that is not SQL (bands, top of the activities behind) is pure and lives with the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.db import connection, read_sql

PANELS = ("execution_rate", "activity_months", "reprogramming", "row_status", "open_cells", "inconsistent")


@dataclass(frozen=True)
class YearData:
    """One entity's year: its snapshots (newest first) and one frame per panel of the newest one."""

    entity_code: str
    entity_name: str
    report_year: int
    report_quarter: int  # the cut-off of the year's newest snapshot
    snapshots: pd.DataFrame
    execution_rate: pd.DataFrame
    activity_months: pd.DataFrame
    reprogramming: pd.DataFrame
    row_status: pd.DataFrame
    open_cells: pd.DataFrame
    inconsistent: pd.DataFrame


def _frame(con: duckdb.DuckDBPyConnection, name: str, **params) -> pd.DataFrame:
    sql = read_sql(f"dashboard/{name}.sql")
    return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql}).df()


def read_years(con: duckdb.DuckDBPyConnection, entity_code: str, year: int | None = None) -> list[YearData]:
    """The entity's years (or only `year`), newest first; [] when the warehouse holds none of them."""
    snapshots = _frame(con, "snapshots", entity_code=entity_code)
    if year is not None:
        snapshots = snapshots[snapshots["report_year"] == year]
    years = []
    for report_year, of_year in snapshots.groupby("report_year", sort=False):
        newest = of_year.iloc[0]
        params = {
            "entity_code": entity_code,
            "report_year": int(report_year),
            "report_quarter": int(newest.report_quarter),
            "report_id": int(newest.report_id),
        }
        panels = {name: _frame(con, name, **params) for name in PANELS}
        years.append(
            YearData(
                entity_code=entity_code,
                entity_name=str(newest.entity_name),
                report_year=int(report_year),
                report_quarter=int(newest.report_quarter),
                snapshots=of_year.reset_index(drop=True),
                **panels,
            )
        )
    return years


def read_entity(warehouse: Path, entity_code: str, year: int | None = None, lock_wait: float = 0.0) -> list[YearData]:
    """`read_years` on the warehouse file, opened read-only (waiting up to `lock_wait` s while a load holds it)."""
    with connection(warehouse, read_only=True, wait_seconds=lock_wait) as con:
        return read_years(con, entity_code, year)


def read_index(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per entity: its newest year and snapshot, programmed, executed, rate and flagged rows."""
    return _frame(con, "entities")


def entity_codes(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The codes of the entities that have at least one snapshot."""
    rows = con.execute(read_sql("dashboard/entity_codes.sql")).fetchall()
    return [code for (code,) in rows]
