"""Helpers to compare a whole warehouse before and after an operation."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

AUDIT_TABLES = {"load_audit"}


def base_tables(con: duckdb.DuckDBPyConnection, exclude: set[str] = AUDIT_TABLES) -> list[str]:
    """Names of the warehouse's base tables, sorted, without `exclude`."""
    rows = con.execute(
        "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
    ).fetchall()
    return [name for (name,) in rows if name not in exclude]


def table_checksums(path: Path, exclude: set[str] = AUDIT_TABLES) -> dict[str, str]:
    """sha256 of every base table's sorted rows (audit tables aside); {} when there is no file."""
    if not path.exists():
        return {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        for name in base_tables(con, exclude):
            rows = con.execute(f'select * from "{name}" order by all').fetchall()
            out[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return out
    finally:
        con.close()


def query(path: Path, sql: str) -> list[tuple]:
    """Rows of one statement on a read-only connection, closed afterwards."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def counts(path: Path, relations: list[str]) -> dict[str, int]:
    """Row count of each relation, on one read-only connection."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r: con.execute(f"select count(*) from {r}").fetchone()[0] for r in relations}
    finally:
        con.close()
