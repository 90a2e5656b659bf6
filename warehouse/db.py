"""Open the DuckDB warehouse, apply migrations and views, and read SQL files.

Nothing is written into a file that is not this project's warehouse (`warehouse/ownership.py`), and a
failure of the file or its disk (damaged blocks, no space left, a read-only file system) becomes one
`WarehouseError` line instead of a DuckDB traceback.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import lru_cache
from pathlib import Path

import duckdb

from warehouse import faults
from warehouse.errors import WarehouseError
from warehouse.ownership import file_kind_problem, ownership_problems

SQL_DIR = Path(__file__).parent
MIGRATIONS_DIR = SQL_DIR / "migrations"
VIEWS_DIR = SQL_DIR / "views"
# never fetch or load an extension on open (a SQLite file would otherwise make DuckDB download one)
CONNECT_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
CHECK_HINT = "`poi-etl check` says what to do"

_DISK_MARKERS = ("No space left on device", "Disk quota exceeded", "Read-only file system", "Permission denied")
_DAMAGE_MARKERS = (
    "Could not read enough bytes",
    "Corrupt database file",
    "checksum",
    "not a valid DuckDB database file",
    "Could not read from file",
)
_ORIGINAL_ERROR = re.compile(r'Original error: "(.*)"', re.DOTALL)
_HISTORY_DDL = "create table if not exists schema_migration (name varchar primary key, applied_at timestamp not null)"
_CATALOG_SQL = """
select 'view', view_name, sql, comment from duckdb_views() where database_name = current_database() and not internal
union all
select 'table', table_name, null, comment from duckdb_tables() where database_name = current_database() and not internal
union all
select 'column', table_name || '.' || column_name, null, comment
from duckdb_columns() where database_name = current_database() and not internal
"""
_VIEW_NAME = re.compile(r"create or replace view (\w+)", re.IGNORECASE)


def read_sql(relative: str) -> str:
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def migration_files() -> list[tuple[str, str]]:
    """This version's migrations as (file name, sql), in the order they apply."""
    return [(f.name, f.read_text(encoding="utf-8")) for f in sorted(MIGRATIONS_DIR.glob("*.sql"))]


def view_names() -> list[str]:
    """The views the view files create (`migrate` creates them, and recreates them when they differ)."""
    return [m.group(1) for f in sorted(VIEWS_DIR.glob("*.sql")) for m in _VIEW_NAME.finditer(f.read_text("utf-8"))]


def storage_failure(err: BaseException) -> str | None:
    """The reason when an error comes from the warehouse file or its disk, not from the SQL; else None."""
    if isinstance(err, OSError):
        return f"cannot write the warehouse: {err.strerror or err}"
    text = str(err)
    original = _ORIGINAL_ERROR.search(text)
    detail = (original.group(1) if original else text).strip().splitlines()[0]
    disk = next((marker for marker in _DISK_MARKERS if marker in detail), None)
    if disk:
        return f"cannot write the warehouse: {disk}"
    if any(marker in detail for marker in _DAMAGE_MARKERS):
        return f"the warehouse file is damaged ({detail})"
    if isinstance(err, duckdb.FatalException):
        return f"DuckDB stopped on a fatal error ({detail})"
    return None


def _hinted(reason: str) -> str:
    """A reason, with where to look next when it is not a disk to free or a permission to fix."""
    return reason if reason.startswith("cannot write") else f"{reason}; {CHECK_HINT}"


def _is_lock_error(err: Exception) -> bool:
    text = str(err).lower()
    return "lock" in text and ("conflicting" in text or "could not set lock" in text)


def _refuse_unopenable(path: Path, err: duckdb.Error) -> WarehouseError:
    reason = storage_failure(err)
    if reason:
        return WarehouseError(f"{path}: {_hinted(reason)}")
    return WarehouseError(f"{path}: cannot open the warehouse: {str(err).splitlines()[0]}; {CHECK_HINT}")


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """One attempt; a file this call creates and cannot finish is removed again."""
    existed = path.exists()
    if existed:
        problem = file_kind_problem(path)
        if problem:
            raise WarehouseError(f"{path}: {problem}: refusing to use it; {CHECK_HINT}")
    try:
        return duckdb.connect(str(path), read_only=read_only, config=CONNECT_CONFIG)
    except duckdb.Error:
        if not existed:
            for leftover in (path, path.with_name(path.name + ".wal")):
                with suppress(OSError):
                    leftover.unlink()
        raise


def open_connection(
    path: Path,
    read_only: bool = False,
    wait_seconds: float = 0.0,
    on_wait: Callable[[str], None] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Connect to the warehouse file; wait up to `wait_seconds` (with back-off) while another process holds it."""
    if read_only and not path.exists():
        raise WarehouseError(f"{path}: no warehouse here yet; run `poi-etl run` first")
    if not read_only:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise WarehouseError(f"{path.parent}: cannot create the warehouse folder: {err.strerror or err}") from None
    deadline = time.monotonic() + wait_seconds
    delay, told = 0.25, False
    while True:
        try:
            return _connect(path, read_only)
        except duckdb.IOException as err:
            if not _is_lock_error(err):
                raise _refuse_unopenable(path, err) from None
            if time.monotonic() + delay > deadline:
                raise WarehouseError(
                    f"{path}: the warehouse is in use by another process (a load is running); try again when it ends"
                ) from None
            if on_wait and not told:
                on_wait(f"{path}: warehouse busy (another process holds it); waiting up to {wait_seconds:.0f}s")
                told = True
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
        except duckdb.Error as err:
            raise _refuse_unopenable(path, err) from None


_OPEN: set[duckdb.DuckDBPyConnection] = set()  # connections inside `connection()`, for interrupt_queries()


@contextmanager
def connection(path: Path, **kwargs) -> Iterator[duckdb.DuckDBPyConnection]:
    """An open connection, closed afterwards; a failure of the file or its disk becomes a WarehouseError.

    Such a failure inside the block comes before the block's transaction committed (DuckDB rolls it
    back). One when closing (the checkpoint that folds the WAL into the file) leaves what was committed
    in the WAL, which the next open completes; its message says so.
    """
    con = open_connection(path, **kwargs)
    _OPEN.add(con)
    try:
        yield con
    except (duckdb.Error, OSError) as err:
        _OPEN.discard(con)
        with suppress(duckdb.Error):
            con.close()
        reason = storage_failure(err)
        if reason is None:
            raise
        raise WarehouseError(f"{path}: {_hinted(reason)}") from None
    except BaseException:
        _OPEN.discard(con)
        with suppress(duckdb.Error):
            con.close()
        raise
    _OPEN.discard(con)
    try:
        con.close()
    except duckdb.Error as err:
        reason = storage_failure(err) or str(err).splitlines()[0]
        raise WarehouseError(
            f"{path}: {reason} (when closing: what was committed is kept in {path.name}.wal; the next open "
            "completes it)"
        ) from None


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after a failure without hiding it (DuckDB may have ended the transaction already)."""
    with suppress(duckdb.Error):
        con.rollback()


def applied_migrations(con: duckdb.DuckDBPyConnection) -> set[str]:
    con.execute(_HISTORY_DDL)
    return {name for (name,) in con.execute("select name from schema_migration").fetchall()}


def check_ours(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse (WarehouseError) a database that is not this project's warehouse; reads only."""
    problems = ownership_problems(con, migration_files(), view_names())
    if problems:
        (path,) = con.execute("select path from duckdb_databases() where database_name = current_database()").fetchone()
        more = f" (+{len(problems) - 1} more)" if len(problems) > 1 else ""
        raise WarehouseError(f"{path}: {problems[0]}{more}: refusing to write into it; {CHECK_HINT}")


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations (each in its own transaction) and refresh the views; return what was applied.

    A database that is not this project's warehouse is refused first, before anything is written.
    """
    check_ours(con)
    done = applied_migrations(con)
    applied = []
    for name, sql in migration_files():
        if name in done:
            continue
        con.begin()
        try:
            con.execute(sql)
            con.execute("insert into schema_migration values (?, current_timestamp)", [name])
            faults.point("in-migration")
            con.commit()
        except Exception:
            _rollback_quietly(con)
            raise
        applied.append(name)
    if not applied and _views_current(con):
        return applied  # nothing to write: a run that loads nothing leaves the file as it was
    con.begin()
    try:
        for _, sql in _view_files():
            con.execute(sql)
        con.commit()
    except Exception:
        _rollback_quietly(con)
        raise
    return applied


def _view_files() -> tuple[tuple[str, str], ...]:
    return tuple((f.name, f.read_text(encoding="utf-8")) for f in sorted(VIEWS_DIR.glob("*.sql")))


def _catalog(con: duckdb.DuckDBPyConnection) -> frozenset:
    """Each view's SQL and every comment on tables, views and columns: what the view files set."""
    return frozenset(con.execute(_CATALOG_SQL).fetchall())


@lru_cache(maxsize=4)
def _expected_catalog(migrations: tuple[tuple[str, str], ...], views: tuple[tuple[str, str], ...]) -> frozenset:
    con = duckdb.connect(":memory:")
    try:
        con.execute(_HISTORY_DDL)
        for _, sql in migrations + views:
            con.execute(sql)
        return _catalog(con)
    finally:
        con.close()


def _views_current(con: duckdb.DuckDBPyConnection) -> bool:
    """True when the file's views and comments are what this version's view files make (reads only)."""
    return _expected_catalog(tuple(migration_files()), _view_files()) <= _catalog(con)


def interrupt_queries() -> None:
    """Stop the statement each open connection is running (a signal handler calls it; idle ones are unaffected)."""
    for con in list(_OPEN):
        with suppress(duckdb.Error):
            con.interrupt()
