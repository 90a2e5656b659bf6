"""Read-only ad hoc SQL against the warehouse."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from poi_warehouse.errors import PoiError
from warehouse.db import connection, storage_failure

# Only queries: DuckDB's own parser classifies each statement (comments, `WITH … INSERT` and a `;`
# inside a string or comment cannot fool it); the connection is read-only and offline as well.
_ALLOWED_TYPES = {"SELECT"}  # SELECT, FROM-first, VALUES, DESCRIBE, SHOW, SUMMARIZE
_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)


class QueryError(PoiError):
    exit_code = 6


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


def _keyword(statement: str, kind: str) -> str:
    words = _LEADING_COMMENTS.sub("", statement, count=1).split(None, 1)
    first = words[0].upper().rstrip("(") if words else kind
    return f"WITH … {kind}" if first == "WITH" else first


def check_read_only(sql: str) -> None:
    """Refuse anything but queries (writes, ATTACH, COPY, INSTALL, LOAD, PRAGMA, SET …), before connecting."""
    if not _LEADING_COMMENTS.sub("", sql, count=1).strip(" \t\r\n;"):
        raise QueryError("empty query")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as err:
        raise QueryError(f"query failed: {str(err).strip().splitlines()[0]}") from None
    if not statements:
        raise QueryError("empty query")
    for statement in statements:
        kind = statement.type.name
        if kind not in _ALLOWED_TYPES:
            raise QueryError(
                f"`{_keyword(statement.query, kind)}` is not allowed: `poi-etl sql` is read-only (queries only)"
            )


def run_query(warehouse: Path, sql: str) -> QueryResult:
    check_read_only(sql)
    with connection(warehouse, read_only=True) as con:
        con.execute("set enable_external_access = false")
        try:
            cursor = con.execute(sql)
        except duckdb.Error as err:
            if storage_failure(err):
                raise  # the file, not the query: `connection` turns it into a WarehouseError (exit 4)
            first = str(err).strip().splitlines()[0]
            raise QueryError(f"query failed: {first}") from None
        if cursor.description is None:
            return QueryResult([], [])
        return QueryResult([d[0] for d in cursor.description], cursor.fetchall())
