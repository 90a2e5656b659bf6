"""Is a DuckDB file this project's warehouse? Answered from reads only, before anything is written.

A file is ours when it is empty (a new warehouse), or when its `schema_migration` history names only
migrations this version ships, in order, and each table those migrations create has the columns and
types they give it. Anything else (another tool's database, tables of our names with another shape,
a history from a newer version) is refused: migrating or loading into it would change a file that is
not ours to change. The expected shapes come from running the same migration files in memory.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import duckdb

DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file
_TABLES_SQL = "select table_name from duckdb_tables() where database_name = current_database() and not internal"
_VIEWS_SQL = "select view_name from duckdb_views() where database_name = current_database() and not internal"
_COLUMNS_SQL = (
    "select table_name, column_name, data_type from duckdb_columns() "
    "where database_name = current_database() and not internal order by table_name, column_index"
)


def file_kind_problem(path: Path) -> str | None:
    """Why the file at `path` cannot be a DuckDB database, from its first bytes; None when it may be one."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as err:
        return f"cannot read the file: {err.strerror or err}"
    if not head:
        return "the file is empty (0 bytes), not a DuckDB database"
    if head.startswith(b"SQLite format 3"):
        return "a SQLite database, not a DuckDB warehouse"
    if head[8:12] != DUCKDB_MAGIC:
        return "not a DuckDB database file"
    return None


def _shapes(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[tuple[str, str], ...]]:
    shapes: dict[str, list[tuple[str, str]]] = {}
    for table, column, kind in con.execute(_COLUMNS_SQL).fetchall():
        shapes.setdefault(table, []).append((column, kind))
    return {table: tuple(columns) for table, columns in shapes.items()}


@lru_cache(maxsize=8)
def reference_shapes(migrations: tuple[tuple[str, str], ...]) -> dict[str, tuple[tuple[str, str], ...]]:
    """{table: ((column, type), …)} that the given (name, sql) migrations create, run in memory."""
    con = duckdb.connect(":memory:")
    try:
        for _, sql in migrations:
            con.execute(sql)
        tables = {name for (name,) in con.execute(_TABLES_SQL).fetchall()}
        return {table: columns for table, columns in _shapes(con).items() if table in tables}
    finally:
        con.close()


def ownership_problems(
    con: duckdb.DuckDBPyConnection, migrations: list[tuple[str, str]], views: list[str]
) -> list[str]:
    """What makes the open database not this project's warehouse ([] when it is ours, or empty).

    `migrations` are this version's (name, sql) in order; `views` the names its view files create.
    """
    tables = {name for (name,) in con.execute(_TABLES_SQL).fetchall()}
    existing_views = {name for (name,) in con.execute(_VIEWS_SQL).fetchall()}
    if not tables and not existing_views:
        return []
    if "schema_migration" not in tables:
        listed = ", ".join(sorted(tables | existing_views)[:5]) + (", …" if len(tables | existing_views) > 5 else "")
        return [f"not a poi-warehouse file: it holds {listed} but no schema_migration history"]
    names = [name for (name,) in con.execute("select name from schema_migration order by name").fetchall()]
    known = [name for name, _ in migrations]
    unknown = [name for name in names if name not in known]
    if unknown:
        return [
            f"its schema history names migrations this version does not have ({', '.join(unknown)}): "
            "written by a newer poi-warehouse or by another tool"
        ]
    if names != known[: len(names)]:
        missing = [name for name in known[: len(names)] if name not in names]
        return [f"its schema history skips {', '.join(missing)}: not a history this project writes"]
    problems = []
    applied = tuple(migrations[: len(names)])
    expected = reference_shapes(applied)
    actual = _shapes(con)
    for table, columns in expected.items():
        if table not in actual:
            problems.append(f"table {table} is missing")
        elif actual[table] != columns:
            problems.append(f"table {table} has another shape: {_difference(columns, actual[table])}")
    pending = set(reference_shapes(tuple(migrations))) - set(expected)
    for table in sorted(pending & tables):
        problems.append(f"table {table} exists, but the migration that creates it was never applied")
    for view in sorted(set(views) & tables):
        problems.append(f"{view} is a table; this project needs a view of that name")
    return problems


def _difference(expected: tuple[tuple[str, str], ...], actual: tuple[tuple[str, str], ...]) -> str:
    want, have = dict(expected), dict(actual)
    parts = [f"no column {c}" for c in want if c not in have]
    parts += [f"{c} is {have[c]}, not {want[c]}" for c in want if c in have and have[c] != want[c]]
    parts += [f"an extra column {c}" for c in have if c not in want]
    if not parts:
        parts = ["its columns are in another order"]
    return ", ".join(parts[:3]) + (f" (+{len(parts) - 3} more)" if len(parts) > 3 else "")
