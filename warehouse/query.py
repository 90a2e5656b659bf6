"""Read-only ad hoc SQL against the warehouse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from poi_warehouse.errors import PoiError
from warehouse.db import connection

# Statements that would write, or reach outside the warehouse file, even on a read-only connection.
_FORBIDDEN = re.compile(
    r"^\s*(insert|update|delete|create|drop|alter|attach|detach|copy|install|load|export|import|"
    r"pragma|set|reset|call|checkpoint|vacuum|begin|commit|rollback|use)\b",
    re.IGNORECASE,
)


class QueryError(PoiError):
    exit_code = 6


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def _statements(sql: str) -> list[str]:
    return [s for s in (part.strip() for part in sql.split(";")) if s]


def check_read_only(sql: str) -> None:
    """Refuse statements that write or escape; the connection is read-only as well."""
    for statement in _statements(sql) or [""]:
        if not statement:
            raise QueryError("empty query")
        match = _FORBIDDEN.match(statement)
        if match:
            raise QueryError(f"`{match.group(1).upper()}` is not allowed: `poi-etl sql` is read-only")


def run_query(warehouse: Path, sql: str) -> QueryResult:
    check_read_only(sql)
    with connection(warehouse, read_only=True) as con:
        con.execute("set enable_external_access = false")
        try:
            cursor = con.execute(sql)
        except duckdb.Error as err:
            first = str(err).strip().splitlines()[0]
            raise QueryError(f"query failed: {first}") from None
        if cursor.description is None:
            return QueryResult([], [])
        return QueryResult([d[0] for d in cursor.description], cursor.fetchall())
