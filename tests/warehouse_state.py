"""Helpers to compare a whole warehouse before and after an operation."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

AUDIT_TABLES = {"load_audit"}


def table_checksums(path: Path, exclude: set[str] = AUDIT_TABLES) -> dict[str, str]:
    """sha256 of every base table's sorted rows (audit tables aside); {} when there is no file."""
    if not path.exists():
        return {}
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [
            n
            for (n,) in con.execute(
                "select table_name from information_schema.tables where table_type = 'BASE TABLE' order by 1"
            ).fetchall()
        ]
        out = {}
        for name in names:
            if name in exclude:
                continue
            rows = con.execute(f'select * from "{name}" order by all').fetchall()
            out[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return out
    finally:
        con.close()


def counts(path: Path, relations: list[str]) -> dict[str, int]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {r: con.execute(f"select count(*) from {r}").fetchone()[0] for r in relations}
    finally:
        con.close()
