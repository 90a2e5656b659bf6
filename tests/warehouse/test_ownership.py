"""A DuckDB file that is not our warehouse, or is broken: refused before any write, every byte kept."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime

import duckdb
import pytest

from devkit.reliability.environments import WAREHOUSE_MAKERS, MountUnavailable, file_state, tmpfs
from warehouse.db import connection, migrate, migration_files, storage_failure, view_names
from warehouse.errors import WarehouseError
from warehouse.integrity import advice, inspect_warehouse
from warehouse.loader import load_star
from warehouse.ownership import ownership_problems


@pytest.fixture(scope="module")
def base(tmp_path_factory, sample_extracted):
    """A warehouse holding the sample's snapshot."""
    from transforms.star import build_star

    path = tmp_path_factory.mktemp("base") / "poi.duckdb"
    frames = build_star(sample_extracted.report, sample_extracted.sha256, datetime(2018, 1, 15))
    with connection(path) as con:
        migrate(con)
        load_star(con, frames)
    return path


def _made(kind: str, base, tmp_path):
    path = tmp_path / "poi.duckdb"
    WAREHOUSE_MAKERS[kind](path, base)
    return path


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("foreign_duckdb", "not a poi-warehouse file: it holds sales but no schema_migration history"),
        ("other_shape", "table fct_activity_month has another shape: no column executed, an extra column ejecutado"),
        ("newer_history", "migrations this version does not have (004_future_change.sql)"),
        ("sqlite", "a SQLite database, not a DuckDB warehouse"),
        ("empty_file", "the file is empty (0 bytes), not a DuckDB database"),
    ],
)
def test_a_write_open_refuses_before_writing_and_keeps_every_byte(kind, reason, base, tmp_path):
    path = _made(kind, base, tmp_path)
    before = file_state(path)
    with pytest.raises(WarehouseError, match="^" + str(path)) as refused, connection(path) as con:
        migrate(con)
    assert reason in str(refused.value) and "\n" not in str(refused.value)
    assert file_state(path) == before


def test_a_migrated_warehouse_is_opened_and_closed_without_a_write(base, tmp_path):
    path = _made("good", base, tmp_path)
    before = file_state(path)
    with connection(path) as con:
        assert migrate(con) == []
    assert file_state(path) == before


def test_changed_views_are_refreshed(base, tmp_path):
    path = _made("good", base, tmp_path)
    with connection(path) as con:
        con.execute("create or replace view v_execution_rate as select 1 as x")
    with connection(path) as con:
        migrate(con)
        assert "x" not in [c[0] for c in con.execute("describe v_execution_rate").fetchall()]


def test_ownership_accepts_an_empty_database_and_an_older_history(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrations = migration_files()
    assert ownership_problems(con, migrations, view_names()) == []
    con.execute("create table schema_migration (name varchar primary key, applied_at timestamp not null)")
    for name, sql in migrations[:2]:
        con.execute(sql)
        con.execute("insert into schema_migration values (?, now())", [name])
    assert ownership_problems(con, migrations, view_names()) == []  # the next run applies the rest
    con.execute("create table v_open_cell (x integer)")
    assert ownership_problems(con, migrations, view_names()) == [
        "v_open_cell is a table; this project needs a view of that name"
    ]
    con.close()


def test_a_table_of_a_pending_migration_is_not_ours(tmp_path):
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    migrations = migration_files()
    con.execute("create table schema_migration (name varchar primary key, applied_at timestamp not null)")
    for name, sql in migrations[:2]:
        con.execute(sql)
        con.execute("insert into schema_migration values (?, now())", [name])
    con.execute("create table dq_cell_candidate (x integer)")
    assert ownership_problems(con, migrations, view_names()) == [
        "table dq_cell_candidate exists, but the migration that creates it was never applied"
    ]
    con.close()


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        ('IO Error: Could not write file "/w/poi.duckdb": No space left on device', "cannot write the warehouse: No space left on device"),
        ("FATAL Error: Failed: database has been invalidated because of a previous fatal error.\nOriginal error: "
         '"Failed to create checkpoint because of error: Could not write file "/w": Read-only file system"',
         "cannot write the warehouse: Read-only file system"),
        ("Corrupt database file: computed checksum 1 does not match stored checksum 2 in block at location 4096",
         "the warehouse file is damaged (Corrupt database file: computed checksum 1 does not match"),
        ("Catalog Error: Table with name x does not exist!", None),
        ("Constraint Error: Duplicate key", None),
    ],
)  # fmt: skip
def test_storage_failures_are_told_from_sql_errors(message, reason):
    found = storage_failure(duckdb.Error(message))
    assert (found is None) if reason is None else found.startswith(reason)


def test_a_new_warehouse_that_cannot_be_created_leaves_no_file(tmp_path):
    try:
        with tmpfs(tmp_path / "tiny", "8k") as disk:
            path = disk / "poi.duckdb"
            with pytest.raises(WarehouseError, match="No space left on device"), connection(path) as con:
                migrate(con)
            assert sorted(p.name for p in disk.iterdir()) == []  # not a half-made file a later run would refuse
    except MountUnavailable as unavailable:
        pytest.skip(str(unavailable))


@pytest.mark.parametrize(
    ("kind", "verdict"),
    [("good", "ok"), ("foreign_duckdb", "foreign"), ("sqlite", "foreign"), ("empty_file", "damaged"),
     ("truncated", "damaged"), ("corrupt_block", "damaged")],
)  # fmt: skip
def test_inspection_verdicts_and_advice(kind, verdict, base, tmp_path):
    path = _made(kind, base, tmp_path)
    before = file_state(path)
    found = inspect_warehouse(path)
    assert found.verdict == verdict, found.findings
    assert file_state(path) == before
    steps = advice(found, "")
    if verdict == "ok":
        assert found.problem is None and steps == []
        assert found.snapshots and found.snapshots[0][:2] == (2017, 4)
    elif verdict == "damaged":
        assert any("restore the newest backup" in s for s in steps)
        assert any("rebuild from the source files" in s for s in steps)
    else:
        assert "not a poi-warehouse warehouse" in steps[0]


def test_a_damaged_table_names_the_snapshots_to_rebuild(base, tmp_path):
    path = _made("corrupt_block", base, tmp_path)
    found = inspect_warehouse(path)
    assert found.problem.startswith("table fct_activity_month cannot be read: the warehouse file is damaged")
    assert [(y, q) for y, q, *_ in found.snapshots] == [(2017, 4)]
    assert any("2017 Q4: " in step for step in advice(found, ""))


def test_check_reads_a_crashed_runs_wal_without_folding_it_in(base, tmp_path):
    path = _made("good", base, tmp_path)
    crash = (
        "import duckdb, os, signal, sys\n"
        "con = duckdb.connect(sys.argv[1])\n"
        "con.execute(\"set checkpoint_threshold = '1GB'\")\n"
        'con.execute("delete from dq_finding")\n'
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )  # a committed change left in the WAL, as a killed load leaves it
    subprocess.run([sys.executable, "-c", crash, str(path)], timeout=120, check=False)
    wal = path.with_name(path.name + ".wal")
    assert wal.exists()
    before = (file_state(path), wal.read_bytes())
    found = inspect_warehouse(path)
    assert found.verdict == "ok", found.findings
    assert any("poi.duckdb.wal is present" in f.what for f in found.findings)
    assert (file_state(path), wal.read_bytes()) == before
