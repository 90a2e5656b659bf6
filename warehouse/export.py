"""Export the warehouse's tables and views to Parquet."""

from __future__ import annotations

from pathlib import Path

from poi_warehouse import faults
from warehouse.db import connection, read_sql


def export_parquet(warehouse: Path, out_dir: Path) -> list[tuple[str, Path, int]]:
    """One `<name>.parquet` per user table and view; returns (name, path, rows)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with connection(warehouse, read_only=True) as con:
        names = sorted({row[1] for row in con.execute(read_sql("load/catalog.sql")).fetchall()})
        for name in names:
            target = out_dir / f"{name}.parquet"
            con.execute(f"copy (select * from {name}) to '{_quote(target)}' (format parquet)")
            rows = con.execute(f'select count(*) from "{name}"').fetchone()[0]
            written.append((name, target, rows))
            faults.point("after-export-file")
    return written


def _quote(path: Path) -> str:
    return str(path.absolute()).replace("'", "''")
