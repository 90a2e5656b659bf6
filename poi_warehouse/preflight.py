"""What `poi-etl run` and `export` check before starting Prefect or writing anything.

Each problem is one `WarehouseError` line (exit 4) within a second or so, instead of a failure minutes
later inside a temporary Prefect server, GX or DuckDB: a warehouse that is not ours or is damaged
(checked read-only, every block read: `warehouse/integrity.py`), and places the command must write
that are read-only, not permitted or full. A folder that does not exist yet is probed through the
nearest folder that does, so a refused command creates nothing.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from flows.inputs import check_one_file_per_period, plan_reports
from flows.paths import display_path
from poi_warehouse.settings import Settings
from transforms.entities import DEFAULT_CODE
from warehouse.errors import WarehouseError
from warehouse.integrity import require_usable

# A temporary Prefect server keeps its SQLite database in PREFECT_HOME; below this much free space it
# cannot be trusted to start (it would fail after its startup timeout, minutes later); a fresh one held
# 5.5 MiB after one run of the sample (docs/reliability.md).
MIN_PREFECT_HOME_FREE = 64 * 2**20
_PROBE_BYTES = 4096


def _existing(folder: Path) -> Path:
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    return folder


def check_writable(folder: Path, what: str, hint: str = "") -> None:
    """Write and remove a small file in `folder` (or its nearest existing ancestor): WarehouseError if that fails."""
    where = _existing(folder)
    try:
        fd, probe = tempfile.mkstemp(prefix=".poi-write-check-", dir=where)
        try:
            os.write(fd, b"\0" * _PROBE_BYTES)
        finally:
            os.close(fd)
            os.unlink(probe)
    except OSError as err:
        reason = f"{what} cannot be written: {err.strerror or err}"
        raise WarehouseError(f"{display_path(folder)}: {reason}{hint}") from None


def check_free_space(folder: Path, what: str, needed: int, hint: str = "") -> None:
    free = shutil.disk_usage(_existing(folder)).free
    if free < needed:
        raise WarehouseError(
            f"{display_path(folder)}: {what} has {free / 2**20:.1f} MiB free, under the "
            f"{needed / 2**20:.0f} MiB it needs{hint}"
        )


def check_prefect_home(home: Path) -> None:
    """A temporary Prefect server will write its database here."""
    what = "PREFECT_HOME (the temporary Prefect server's database)"
    hint = ": set PREFECT_HOME to a writable folder with space, or start `poi-etl ui` and run against it"
    check_writable(home, what, hint)
    check_free_space(home, what, MIN_PREFECT_HOME_FREE, hint)


def check_warehouse_writable(settings: Settings, lock_wait: float) -> None:
    """The warehouse is ours and whole (read-only check, waiting for the lock like a load), and the
    places a load writes can be written: the file, its folder (DuckDB's .wal) and the Data Docs."""
    path = settings.warehouse
    require_usable(path, lock_wait, on_wait=lambda message: print(message, file=sys.stderr, flush=True))
    for existing in (path, path.with_name(path.name + ".wal")):
        if existing.exists() and not os.access(existing, os.W_OK):
            raise WarehouseError(f"{existing}: the warehouse file is read-only here (permissions or file system)")
    check_writable(path.parent, "the warehouse's folder")
    check_writable(settings.gx_dir, "the Data Docs folder (next to the warehouse)")


def check_export(out_dir: Path) -> None:
    check_writable(out_dir, "the export folder")


def check_run(
    settings: Settings,
    reports: list[str],
    replace: bool,
    last_wins: bool,
    temporary_server: bool,
    entity: str = DEFAULT_CODE,
    from_folder: bool = False,
) -> None:
    """Everything `poi-etl run` can refuse before Prefect starts: revisions to choose between, PREFECT_HOME
    for a temporary server, and the warehouse and the places a load writes."""
    if replace and not last_wins:
        planned = plan_reports(reports, entity, from_folder)
        check_one_file_per_period([p.path for p in planned], {p.path: p.entity or "" for p in planned})
    if temporary_server:
        check_prefect_home(settings.prefect_home)
    check_warehouse_writable(settings, settings.lock_wait)
