"""The data dictionary: every table, view and column with its type and comment, as Markdown."""

from __future__ import annotations

import duckdb

from warehouse.db import migrate, read_sql


def catalog(con: duckdb.DuckDBPyConnection) -> list[tuple]:
    return con.execute(read_sql("load/catalog.sql")).fetchall()


def render_dictionary(con: duckdb.DuckDBPyConnection) -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from the warehouse by `scripts/data_dictionary.py` (comments are `COMMENT ON` in",
        "`warehouse/views/090_comments.sql` and `091_view_column_comments.sql`); a test keeps it in step.",
    ]
    current = None
    for kind, name, relation_comment, column, data_type, nullable, comment in catalog(con):
        if name != current:
            current = name
            lines += ["", f"## {name} ({kind})", "", relation_comment or "", "", "| column | type | null | meaning |"]
            lines.append("|---|---|---|---|")
        lines.append(f"| `{column}` | {data_type} | {'yes' if nullable else 'no'} | {comment or ''} |")
    return "\n".join(lines) + "\n"


def fresh_dictionary() -> str:
    """The dictionary of a freshly migrated, empty warehouse."""
    con = duckdb.connect()
    try:
        migrate(con)
        return render_dictionary(con)
    finally:
        con.close()
