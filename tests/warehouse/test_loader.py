from __future__ import annotations

import dataclasses

import duckdb
import pytest

from devkit.warehouse_state import counts, table_checksums
from transforms.schema import TABLES
from warehouse.db import MIGRATIONS_DIR, connection, migrate
from warehouse.errors import SnapshotExists
from warehouse.loader import load_star

RELATIONS = ["dim_report", "dim_unit", "dim_activity", "dim_month", "fct_activity_row",
             "fct_activity_month", "fct_activity_quarter", "dq_finding", "dq_cell_candidate"]  # fmt: skip


def test_migrations_apply_once(warehouse_path):
    with connection(warehouse_path) as con:
        assert migrate(con) == sorted(p.name for p in MIGRATIONS_DIR.glob("*.sql"))
        assert migrate(con) == []


def test_declared_columns_match_describe(warehouse_path):
    """transforms.schema is what the gates check; the DDL must say the same."""
    with connection(warehouse_path) as con:
        migrate(con)
        for table, columns in TABLES.items():
            described = [row[0] for row in con.execute(f"describe {table}").fetchall()]
            assert described == list(columns), table


def test_loading_the_same_report_twice_replaces_it(sample_frames, warehouse_path):
    with connection(warehouse_path) as con:
        migrate(con)
        load_star(con, sample_frames)
    first = counts(warehouse_path, RELATIONS)
    before = table_checksums(warehouse_path)
    with connection(warehouse_path) as con:
        load_star(con, sample_frames)
    assert counts(warehouse_path, RELATIONS) == first
    assert table_checksums(warehouse_path) == before
    assert first["fct_activity_row"] == 87 and first["fct_activity_month"] == 87 * 12


def test_the_same_file_again_is_skipped_and_another_needs_replace(sample_frames, warehouse_path):
    with connection(warehouse_path) as con:
        migrate(con)
        assert load_star(con, sample_frames, replace=False).outcome == "loaded"
        assert load_star(con, sample_frames, replace=False).outcome == "skipped"
        other = dataclasses.replace(sample_frames, dim_report=sample_frames.dim_report.assign(source_sha256="f" * 64))
        with pytest.raises(SnapshotExists, match="pass --replace"):
            load_star(con, other, replace=False)
        assert load_star(con, other, replace=True).outcome == "loaded"


def test_reload_replaces_the_snapshot_of_the_same_file(sample_frames, warehouse_path):
    with connection(warehouse_path) as con:
        migrate(con)
        load_star(con, sample_frames, replace=False)
        rows = sample_frames.fct_activity_row.assign(row_status="unresolved")  # as an older engine read it
        older = dataclasses.replace(sample_frames, fct_activity_row=rows)
        assert load_star(con, older, replace=False).outcome == "skipped"
        assert load_star(con, older, replace=False, reload=True).outcome == "loaded"
        statuses = con.execute("select distinct row_status from fct_activity_row").fetchall()
    assert statuses == [("unresolved",)]
    assert counts(warehouse_path, RELATIONS)["fct_activity_row"] == 87


def test_a_failing_load_leaves_the_warehouse_unchanged(sample_frames, warehouse_path):
    with connection(warehouse_path) as con:
        migrate(con)
        load_star(con, sample_frames)
    before = table_checksums(warehouse_path)
    months = sample_frames.fct_activity_month.copy()
    months.loc[5, "programmed"] = -1  # violates the table's CHECK constraint, late in the load
    report = sample_frames.dim_report.assign(source_sha256="0" * 64)  # a corrected file, not the same one
    broken = dataclasses.replace(sample_frames, fct_activity_month=months, dim_report=report)
    with connection(warehouse_path) as con, pytest.raises(duckdb.ConstraintException):
        load_star(con, broken)
    assert table_checksums(warehouse_path) == before
