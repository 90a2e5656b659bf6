"""Export the warehouse's tables and views to Parquet, all of them or none."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import duckdb

from warehouse import faults
from warehouse.db import WarehouseError, connection, read_sql, storage_failure


def export_parquet(warehouse: Path, out_dir: Path) -> list[tuple[str, Path, int]]:
    """One `<name>.parquet` per user table and view in `out_dir`; returns (name, path, rows).

    The files are written into a hidden folder (in `out_dir`, or beside it when it does not exist yet)
    and moved into place once all are written, so a full disk, a read-only folder or a damaged warehouse leaves no partial export behind
    (files of an earlier export in `out_dir` stay as they were).
    """
    out_dir = out_dir.absolute()
    try:
        beside = out_dir if out_dir.is_dir() else out_dir.parent  # the same file system: moving is a rename
        beside.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".poi-export-partial-", dir=beside))
    except OSError as err:
        raise WarehouseError(f"{out_dir}: cannot write the export: {err.strerror or err}; nothing exported") from None
    try:
        written = _write_all(warehouse, out_dir, staging)
        _move_into(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return written


def _write_all(warehouse: Path, out_dir: Path, staging: Path) -> list[tuple[str, Path, int]]:
    written = []
    with connection(warehouse, read_only=True) as con:
        names = sorted({row[1] for row in con.execute(read_sql("load/catalog.sql")).fetchall()})
        for name in names:
            target = staging / f"{name}.parquet"
            try:
                con.execute(f"copy (select * from {name}) to '{_quote(target)}' (format parquet)")
            except duckdb.Error as err:
                if str(staging) not in str(err):
                    raise  # reading the warehouse failed: `connection` says how
                reason = (storage_failure(err) or str(err).splitlines()[0]).removeprefix("cannot write the warehouse: ")
                raise WarehouseError(f"{out_dir}: cannot write the export: {reason}; nothing exported") from None
            rows = con.execute(f'select count(*) from "{name}"').fetchone()[0]
            written.append((name, out_dir / target.name, rows))
            faults.point("after-export-file")
    return written


def _move_into(staging: Path, out_dir: Path) -> None:
    """Every staged file into `out_dir` (a rename: no copy, no space needed), then the staging folder away."""
    try:
        if not out_dir.exists():
            staging.rename(out_dir)
            return
        for staged in staging.iterdir():
            os.replace(staged, out_dir / staged.name)
        staging.rmdir()
    except OSError as err:
        raise WarehouseError(f"{out_dir}: cannot write the export: {err.strerror or err}") from None


def _quote(path: Path) -> str:
    return str(path.absolute()).replace("'", "''")
