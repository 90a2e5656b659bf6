"""Open the DuckDB warehouse, apply migrations and views, and read SQL files."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from poi_warehouse.errors import WarehouseError

SQL_DIR = Path(__file__).parent
MIGRATIONS_DIR = SQL_DIR / "migrations"
VIEWS_DIR = SQL_DIR / "views"


def read_sql(relative: str) -> str:
    return (SQL_DIR / relative).read_text(encoding="utf-8")


def _is_lock_error(err: Exception) -> bool:
    text = str(err).lower()
    return "lock" in text and ("conflicting" in text or "could not set lock" in text)


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
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay, told = 0.25, False
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as err:
            if not _is_lock_error(err):
                raise WarehouseError(f"{path}: cannot open the warehouse: {str(err).splitlines()[0]}") from None
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
            raise WarehouseError(f"{path}: cannot open the warehouse: {str(err).splitlines()[0]}") from None


_OPEN: set[duckdb.DuckDBPyConnection] = set()  # connections inside `connection()`, for interrupt_queries()


@contextmanager
def connection(path: Path, **kwargs) -> Iterator[duckdb.DuckDBPyConnection]:
    con = open_connection(path, **kwargs)
    _OPEN.add(con)
    try:
        yield con
    finally:
        _OPEN.discard(con)
        con.close()


def interrupt_queries() -> None:
    """Stop the statement each open connection is running (a signal handler calls it; idle ones are unaffected)."""
    for con in list(_OPEN):
        with suppress(duckdb.Error):
            con.interrupt()


def applied_migrations(con: duckdb.DuckDBPyConnection) -> set[str]:
    con.execute("create table if not exists schema_migration (name varchar primary key, applied_at timestamp not null)")
    return {name for (name,) in con.execute("select name from schema_migration").fetchall()}


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations (each in its own transaction) and refresh the views; return what was applied."""
    done = applied_migrations(con)
    applied = []
    for sql_file in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if sql_file.name in done:
            continue
        con.begin()
        try:
            con.execute(sql_file.read_text(encoding="utf-8"))
            con.execute("insert into schema_migration values (?, current_timestamp)", [sql_file.name])
            con.commit()
        except Exception:
            con.rollback()
            raise
        applied.append(sql_file.name)
    con.begin()
    try:
        for sql_file in sorted(VIEWS_DIR.glob("*.sql")):
            con.execute(sql_file.read_text(encoding="utf-8"))
        con.commit()
    except Exception:
        con.rollback()
        raise
    return applied
