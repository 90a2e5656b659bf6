from pathlib import Path

import duckdb

from warehouse.db import migrate
from warehouse.dictionary import fresh_dictionary

DOC = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def test_every_table_view_and_column_has_a_comment():
    con = duckdb.connect()
    migrate(con)
    missing_columns = con.execute(
        "select table_name, column_name from duckdb_columns() where not internal and coalesce(comment, '') = ''"
    ).fetchall()
    missing_tables = con.execute(
        "select table_name from duckdb_tables() where not internal and coalesce(comment, '') = '' "
        "union all select view_name from duckdb_views() where not internal and coalesce(comment, '') = ''"
    ).fetchall()
    assert missing_columns == [] and missing_tables == []


def test_committed_data_dictionary_matches_the_warehouse():
    """Regenerate with `python scripts/data_dictionary.py` when this fails."""
    assert DOC.read_text(encoding="utf-8") == fresh_dictionary()


def test_dictionary_lists_every_described_column():
    con = duckdb.connect()
    migrate(con)
    text = fresh_dictionary()
    for (table,) in con.execute("select table_name from duckdb_tables() where not internal").fetchall():
        for name, *_ in con.execute(f"describe {table}").fetchall():
            assert f"| `{name}` |" in text.split(f"## {table} (table)")[1].split("\n## ")[0], (table, name)
