"""A whole-file check of a warehouse, read-only: is it ours, does every block read, what to do if not.

`poi-etl check` prints it; `poi-etl run` runs it before anything is written, so a damaged or foreign
file is refused in one line and left byte for byte as it was. Reading every column of every table
makes DuckDB verify each data block's checksum; index blocks are read when a load uses them.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from warehouse.db import CHECK_HINT, WarehouseError, migration_files, open_connection, storage_failure, view_names
from warehouse.ownership import file_kind_problem, ownership_problems

_TABLES_SQL = (
    "select table_name from duckdb_tables() where database_name = current_database() and not internal order by 1"
)
_SNAPSHOT_SOURCES_SQL = """
select r.report_year, r.report_quarter, r.source_file, max(a.source_path) as source_path
from dim_report as r
left join load_audit as a on a.source_sha256 = r.source_sha256 and a.outcome = 'loaded'
group by all
order by r.report_year, r.report_quarter
"""


@dataclass(frozen=True)
class Finding:
    ok: bool
    what: str


@dataclass
class Inspection:
    """What `inspect_warehouse` found; `verdict` is ok, new, foreign, damaged or busy."""

    path: Path
    verdict: str = "ok"
    findings: list[Finding] = field(default_factory=list)
    snapshots: list[tuple[int, int, str, str | None]] = field(default_factory=list)  # year, quarter, file, path

    def add(self, ok: bool, what: str, verdict: str = "damaged") -> None:
        self.findings.append(Finding(ok, what))
        if not ok and self.verdict == "ok":
            self.verdict = verdict

    @property
    def problem(self) -> str | None:
        """The first thing wrong, as one line; None when the warehouse is usable."""
        return next((f.what for f in self.findings if not f.ok), None)


def inspect_warehouse(path: Path, lock_wait: float = 0.0, on_wait=None, read_all: bool = True) -> Inspection:
    """Open `path` read-only and check it: kind of file, schema history and shapes, every table read in
    full (`read_all`), the views, the snapshots and the files they came from. Never writes."""
    found = Inspection(path)
    if not path.exists():
        found.verdict = "new"
        found.findings.append(Finding(True, "no warehouse file yet: `poi-etl run` creates it"))
        return found
    kind = file_kind_problem(path)
    if kind:
        found.add(False, kind, "damaged" if kind.startswith("the file is empty") else "foreign")
        return found
    try:
        con = open_connection(path, read_only=True, wait_seconds=lock_wait, on_wait=on_wait)
    except WarehouseError as err:
        busy = "in use by another process" in str(err)
        found.add(False, str(err).removeprefix(f"{path}: "), "busy" if busy else "damaged")
        return found
    try:
        _inspect_open(con, found, read_all)
        if found.verdict != "foreign":  # for the rebuild advice; a damaged dim_report or load_audit leaves it empty
            with suppress(duckdb.Error):
                found.snapshots = [tuple(row) for row in con.execute(_SNAPSHOT_SOURCES_SQL).fetchall()]
    except duckdb.Error as err:
        found.add(False, storage_failure(err) or f"cannot be read: {str(err).splitlines()[0]}")
    finally:
        con.close()
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        found.add(True, f"{wal.name} is present: it holds committed work that the next write folds into the file")
    return found


def _inspect_open(con: duckdb.DuckDBPyConnection, found: Inspection, read_all: bool) -> None:
    problems = ownership_problems(con, migration_files(), view_names())
    for problem in problems:
        found.add(False, problem, "foreign")
    if problems:
        return
    tables = [name for (name,) in con.execute(_TABLES_SQL).fetchall()]
    if not tables:
        found.add(True, "an empty DuckDB database: `poi-etl run` creates the warehouse in it")
        return
    applied = [name for (name,) in con.execute("select name from schema_migration order by name").fetchall()]
    pending = [name for name, _ in migration_files() if name not in applied]
    found.add(
        True,
        f"schema history: {len(applied)} migrations, tables shaped as they define"
        + (f"; {len(pending)} pending ({', '.join(pending)}): the next `poi-etl run` applies them" if pending else ""),
    )
    if read_all:
        counts = []
        for table in tables:
            try:
                # an aggregate over every column: DuckDB reads (and checksums) each of their blocks
                rows = con.execute(f'select count(*), sum(hash(columns(*))) from "{table}"').fetchone()[0]
            except duckdb.Error as err:
                found.add(False, f"table {table} cannot be read: {storage_failure(err) or str(err).splitlines()[0]}")
                continue
            counts.append(f"{table} {rows}")
        if len(counts) < len(tables):
            return  # the views read those tables: their errors would repeat the same damage
        found.add(True, f"every table read in full, checksums verified: {', '.join(counts)}")
    present = {name for (name,) in con.execute("select view_name from duckdb_views() where not internal").fetchall()}
    missing = [name for name in view_names() if name not in present]
    for view in [name for name in view_names() if name in present]:
        try:
            con.execute(f'select count(*) from "{view}"').fetchone()
        except duckdb.Error as err:
            found.add(False, f"view {view} cannot be read: {storage_failure(err) or str(err).splitlines()[0]}")
    if missing:
        found.add(True, f"views missing ({', '.join(missing)}): the next `poi-etl run` creates them")
    elif found.verdict == "ok":
        found.add(True, f"the {len(present)} views answer")


def advice(found: Inspection, warehouse_flag: str) -> list[str]:
    """What a person should do next, one step per line (docs/operations.md: recovering a warehouse)."""
    path = found.path
    if found.verdict in ("ok", "new"):
        return []
    if found.verdict == "busy":
        return ["a load or a query holds the file: run `poi-etl check` again when it ends"]
    if found.verdict == "foreign":
        return [
            f"{path} is not a poi-warehouse warehouse (nothing was changed in it):",
            "point --warehouse or POI_WAREHOUSE at the right file, or at a new path to start a warehouse there",
        ]
    rebuild = f"poi-etl run <folder of the report files> --warehouse {path.with_name(path.stem + '_rebuilt.duckdb')}"
    steps = [
        f"{path} is damaged: do not load into it.",
        f"1. keep it aside for inspection: mv {path} {path}.damaged (and {path.name}.wal, if present)",
        f"2. restore the newest backup copy to {path} and run `poi-etl check{warehouse_flag}` on it; then "
        "`poi-etl run` the report files loaded since that backup (files already in it are skipped)",
        f"3. without a backup, rebuild from the source files into a new file: {rebuild}",
        "   (one file per period; load a period's revisions afterwards with --replace), then move it into place",
    ]
    if found.snapshots:
        steps.append("the snapshots it held, and the files they were loaded from:")
        steps += [f"   {y} Q{q}: {source or file}" for y, q, file, source in found.snapshots]
    return steps


def require_usable(path: Path, lock_wait: float = 0.0, on_wait=None) -> Inspection:
    """`inspect_warehouse`, raising a one-line WarehouseError when the file is busy, not ours or damaged.

    A missing file is usable: the first load creates it.
    """
    found = inspect_warehouse(path, lock_wait, on_wait)
    if found.verdict == "busy":
        raise WarehouseError(f"{path}: {found.problem}")
    if found.verdict in ("foreign", "damaged"):
        raise WarehouseError(f"{path}: {found.problem}: refusing to write into it; {CHECK_HINT}")
    return found
