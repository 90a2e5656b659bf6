from __future__ import annotations

import dataclasses

import duckdb
import pytest

from tests.warehouse_state import counts, table_checksums
from transforms.schema import TABLES
from warehouse.db import connection, migrate
from warehouse.loader import load_star

RELATIONS = ["dim_report", "dim_unit", "dim_activity", "dim_month", "fct_activity_row",
             "fct_activity_month", "fct_activity_quarter", "dq_finding"]  # fmt: skip


def test_migrations_apply_once(warehouse_path):
    with connection(warehouse_path) as con:
        assert migrate(con) == ["001_star_schema.sql"]
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


def test_a_failing_load_leaves_the_warehouse_unchanged(sample_frames, warehouse_path):
    with connection(warehouse_path) as con:
        migrate(con)
        load_star(con, sample_frames)
    before = table_checksums(warehouse_path)
    months = sample_frames.fct_activity_month.copy()
    months.loc[5, "programmed"] = -1  # violates the table's CHECK constraint, late in the load
    broken = dataclasses.replace(sample_frames, fct_activity_month=months)
    with connection(warehouse_path) as con, pytest.raises(duckdb.ConstraintException):
        load_star(con, broken)
    assert table_checksums(warehouse_path) == before
