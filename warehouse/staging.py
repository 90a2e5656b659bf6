"""Parquet staging of one report's frames, for a load by another process than the one that made them.

A worker writes each frame with an in-memory DuckDB connection; the writer loads the files as views
(`read_parquet`) in its own connection. DuckDB writes a column with the type it gives the pandas
column, and reads it back with that type, so a staged load inserts exactly what a load of the
frames themselves inserts. Staging folders live under `<warehouse dir>/.poi-staging/`, one per run,
named after the host and process that own them: a run removes the folders of runs on its host whose
process is gone (a killed run), never those of a run still going.
"""

from __future__ import annotations

import os
import shutil
import socket
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from transforms.star import StarFrames

STAGING_DIR = ".poi-staging"


@dataclass(frozen=True)
class StagedTable:
    """One frame written as Parquet: its path and row count."""

    path: str
    rows: int

    def __len__(self) -> int:
        return self.rows


@dataclass(frozen=True)
class StagedFrames:
    """A report's frames as Parquet files (small and picklable): what `load_star` loads like StarFrames."""

    files: dict[str, StagedTable]
    report_id: int
    source_file: str
    source_sha256: str

    def tables(self) -> dict[str, StagedTable]:
        return dict(self.files)

    @property
    def dim_report(self) -> pd.DataFrame:
        return pd.DataFrame([{"source_file": self.source_file, "source_sha256": self.source_sha256}])


def write_staged(frames: StarFrames, folder: Path) -> StagedFrames:
    """Write every frame of `frames` as `<folder>/<table>.parquet`. The run's folder (`folder`'s parent)
    must exist: a worker still busy after its run was stopped and cleaned up writes nothing."""
    folder.mkdir(exist_ok=True)
    files: dict[str, StagedTable] = {}
    con = duckdb.connect(":memory:")
    try:
        for name, frame in frames.tables().items():
            path = folder / f"{name}.parquet"
            con.from_df(frame).write_parquet(str(path))
            files[name] = StagedTable(str(path), len(frame))
    finally:
        con.close()
    report = frames.dim_report.iloc[0]
    return StagedFrames(files, frames.report_id, str(report["source_file"]), str(report["source_sha256"]))


def register_staged(con: duckdb.DuckDBPyConnection, name: str, frame: pd.DataFrame | StagedTable) -> None:
    """Make `frame` (a DataFrame or a staged Parquet file) queryable as `name` in `con`."""
    con.register(name, con.read_parquet(frame.path) if isinstance(frame, StagedTable) else frame)


def staging_root(warehouse: Path) -> Path:
    return warehouse.parent / STAGING_DIR


def run_folder(warehouse: Path, run_id: str) -> Path:
    """This process's staging folder for the run `run_id`."""
    return staging_root(warehouse) / f"{socket.gethostname()}-{os.getpid()}-{run_id}"


def remove_leftovers(warehouse: Path) -> list[Path]:
    """Remove the staging folders of runs on this host whose process has ended; the folders removed."""
    root, host = staging_root(warehouse), socket.gethostname()
    removed: list[Path] = []
    if not root.is_dir():
        return removed
    for folder in root.iterdir():
        pid = _owner_pid(folder.name, host)
        if pid is None or _alive(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    with suppress(OSError):
        root.rmdir()  # only when empty
    return removed


def _owner_pid(name: str, host: str) -> int | None:
    prefix = f"{host}-"
    if not name.startswith(prefix):
        return None
    pid, _, _ = name[len(prefix) :].partition("-")
    return int(pid) if pid.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_run_folder(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    with suppress(OSError):
        folder.parent.rmdir()  # the staging root, when no other run uses it
