"""A warehouse of the released schema (migrations 001-003, one entity) upgrades in place: every row kept.

The old warehouse is made with the released migrations and the sample's rows shaped to them, as the
released loader wrote them; `migrate` then upgrades it. A process killed inside a migration leaves the
schema it started from, never a mix.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from warehouse.audit import audit_frame
from warehouse.db import MIGRATIONS_DIR, migrate

RELEASED = ("001_star_schema.sql", "002_load_audit.sql", "003_cell_candidates.sql")
ROOT = Path(__file__).resolve().parents[2]


def _old_warehouse(path: Path, frames, migrations=RELEASED) -> None:
    """The given migrations, then the frames' rows projected onto the tables they made."""
    con = duckdb.connect(str(path))
    con.execute("create table schema_migration (name varchar primary key, applied_at timestamp not null)")
    for name in migrations:
        con.execute((MIGRATIONS_DIR / name).read_text(encoding="utf-8"))
        con.execute("insert into schema_migration values (?, ?)", [name, datetime(2018, 1, 15)])
    for table, frame in frames.tables().items():
        if table not in _tables(con):
            continue
        columns = [c for (c, *_) in con.execute(f"describe {table}").fetchall()]
        con.register("staged", frame[[c for c in columns if c in frame.columns]])
        con.execute(f"insert into {table} by name select * from staged")
        con.unregister("staged")
    record = {"source_file": "poi_2017_t4.txt", "source_path": "/in/poi_2017_t4.txt", "rows_in": 87,
              "outcome": "loaded", "started_at": datetime(2018, 1, 15), "finished_at": datetime(2018, 1, 15)}  # fmt: skip
    record |= {f"rows_{s}": 0 for s in ("exact", "repaired", "ambiguous", "inconsistent", "unresolved")}
    audit = audit_frame(record)
    con.register("staged", audit.drop(columns=["entity_code"]))
    con.execute("insert into load_audit by name select * from staged")
    con.close()


def _tables(con) -> list[str]:
    return [name for (name,) in con.execute("select table_name from duckdb_tables() where not internal").fetchall()]


def _rows(con, table: str, columns: list[str]) -> list[tuple]:
    return con.execute(f"select {', '.join(columns)} from {table} order by all").fetchall()


def test_the_released_warehouse_upgrades_with_every_row_kept(sample_frames, tmp_path):
    path = tmp_path / "poi.duckdb"
    _old_warehouse(path, sample_frames)
    con = duckdb.connect(str(path))
    before = {t: ([c for (c, *_) in con.execute(f"describe {t}").fetchall()]) for t in _tables(con)}
    old = {t: _rows(con, t, [c for c in columns if t != "load_audit" or c != "audit_id"]) for t, columns in before.items()}
    applied = migrate(con)
    assert applied == [f.name for f in sorted(MIGRATIONS_DIR.glob("*.sql")) if f.name not in RELEASED]
    for table, columns in before.items():
        if table == "schema_migration":
            continue
        kept = [c for c in columns if (table != "load_audit" or c != "audit_id")]
        if table in ("dq_finding", "dq_cell_candidate"):
            assert _rows(con, table, kept) == old[table], table  # page is added beside them
        else:
            assert _rows(con, table, kept) == old[table], table
    assert con.execute("select * from dim_entity").fetchall() == [(0, "default", "default", None, None)]
    assert con.execute("select distinct entity_id from dim_report union select distinct entity_id from dim_unit").fetchall() == [(0,)]
    assert con.execute("select distinct entity_code from load_audit").fetchall() == [("default",)]
    # findings and candidates found their row's page
    assert con.execute("select count(*) from dq_finding where page is null and source_line is not null").fetchone() == (0,)
    assert con.execute(
        "select count(*), count(distinct entity_code) from v_activity_year where entity_code = 'default'"
    ).fetchone() == (87, 1)
    con.close()


def _migrate_killed(path: Path) -> int:
    code = "import sys, duckdb; from warehouse.db import migrate; migrate(duckdb.connect(sys.argv[1]))"
    env = {**os.environ, "POI_KILL_AT": "in-migration"}
    return subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, env=env, timeout=300).returncode


@pytest.mark.parametrize("start", [RELEASED, (*RELEASED, "004_row_locator_page.sql")], ids=["at-003", "at-004"])
def test_a_process_killed_in_a_migration_leaves_the_schema_it_started_from(sample_frames, tmp_path, start):
    path = tmp_path / "poi.duckdb"
    _old_warehouse(path, sample_frames, start)
    con = duckdb.connect(str(path))
    shape = {t: con.execute(f"describe {t}").fetchall() for t in _tables(con)}
    rows = {t: con.execute(f"select count(*) from {t}").fetchone() for t in _tables(con)}
    con.close()
    assert _migrate_killed(path) == -9  # SIGKILL inside the first pending migration's transaction
    con = duckdb.connect(str(path))
    assert {t: con.execute(f"describe {t}").fetchall() for t in _tables(con)} == shape
    assert {t: con.execute(f"select count(*) from {t}").fetchone() for t in _tables(con)} == rows
    assert {n for (n,) in con.execute("select name from schema_migration").fetchall()} == set(start)
    migrate(con)  # the next run completes the upgrade
    assert con.execute("select count(*) from v_activity_year").fetchone() == (87,)
    con.close()
