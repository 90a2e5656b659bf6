"""Read-only ad hoc SQL against the warehouse, streamed in batches."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from transforms.errors import PoiError
from warehouse.db import connection, storage_failure

# Only queries: DuckDB's own parser classifies each statement (comments, `WITH … INSERT` and a `;`
# inside a string or comment cannot fool it); the connection is read-only and offline as well.
_ALLOWED_TYPES = {"SELECT"}  # SELECT, FROM-first, VALUES, DESCRIBE, SHOW, SUMMARIZE, UNPIVOT
# PIVOT is a MULTI statement (DuckDB first collects the pivoted values): allowed when it is a query
# from its first word on and names no write; `EXPLAIN [ANALYZE] [(options)]` when what it explains is.
_QUERY_OPENERS = {"PIVOT", "PIVOT_WIDER", "UNPIVOT", "PIVOT_LONGER", "SELECT", "FROM", "WITH", "VALUES", "("}
_WRITE_WORDS = {
    "INSERT", "UPDATE", "DELETE", "MERGE", "CREATE", "DROP", "ALTER", "TRUNCATE", "COPY", "ATTACH", "DETACH",
    "INSTALL", "LOAD", "SET", "RESET", "PRAGMA", "CALL", "EXPORT", "IMPORT", "CHECKPOINT", "VACUUM", "USE",
}  # fmt: skip
_LEADING_COMMENTS = re.compile(r"^(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*", re.DOTALL)
BATCH_ROWS = 10_000


class QueryError(PoiError):
    exit_code = 6


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]


@dataclass(frozen=True)
class StreamedQuery:
    columns: list[str]
    batches: Iterator[list[tuple]]


def _keyword(statement: str, kind: str) -> str:
    words = _LEADING_COMMENTS.sub("", statement, count=1).split(None, 1)
    first = words[0].upper().rstrip("(") if words else kind
    return f"WITH … {kind}" if first == "WITH" else first


def _refused_name(statement) -> str:
    """How a refusal names the statement: `INSERT`, `WITH … INSERT`, `EXPLAIN ANALYZE INSERT`…"""
    kind = statement.type.name
    if kind == "EXPLAIN":
        words = _words(statement.query)
        head = " ".join(w[1].upper() for w in words[:2] if w[1].upper() in ("EXPLAIN", "ANALYZE", "ANALYSE"))
        inner = _explained(statement.query)
        return f"{head} {_keyword(inner[-1], '…') if inner else '…'}"
    if kind == "MULTI":
        writes = [
            text.upper() for _, text, k in _words(statement.query) if k == "keyword" and text.upper() in _WRITE_WORDS
        ]
        kind = writes[0] if writes else kind
    return _keyword(statement.query, kind)


def _words(sql: str) -> list[tuple[int, str, str]]:
    """(offset, text, kind) of each token but comments."""
    tokens = duckdb.tokenize(sql)
    out = []
    for i, (offset, kind) in enumerate(tokens):
        end = tokens[i + 1][0] if i + 1 < len(tokens) else len(sql)
        if kind.name != "comment":
            out.append((offset, sql[offset:end].strip(), kind.name))
    return out


def _is_query(sql: str) -> bool:
    """True when `sql` is exactly one statement that only reads."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error:
        return False
    return len(statements) == 1 and _statement_reads(statements[0])


def _pivot_reads(sql: str) -> bool:
    words = _words(sql)
    if not words or words[0][1].upper() not in _QUERY_OPENERS:
        return False
    return not any(kind == "keyword" and text.upper() in _WRITE_WORDS for _, text, kind in words)


def _explained(sql: str) -> list[str]:
    """The candidate texts an `EXPLAIN [ANALYZE] [(options)] …` statement explains."""
    words = _words(sql)
    index = 1 + (len(words) > 1 and words[1][1].upper() in ("ANALYZE", "ANALYSE"))
    if index >= len(words):
        return []
    candidates = [sql[words[index][0] :]]
    if words[index][1] == "(":  # `(FORMAT json)` options, or a parenthesised query
        depth = 0
        for position in range(index, len(words)):
            depth += {"(": 1, ")": -1}.get(words[position][1], 0)
            if depth == 0:
                if position + 1 < len(words):
                    candidates.append(sql[words[position + 1][0] :])
                break
    return candidates


def _statement_reads(statement) -> bool:
    kind = statement.type.name
    if kind in _ALLOWED_TYPES:
        return True
    if kind == "MULTI":
        return _pivot_reads(statement.query)
    if kind == "EXPLAIN":
        return any(_is_query(text) for text in _explained(statement.query))
    return False


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
        if not _statement_reads(statement):
            raise QueryError(f"`{_refused_name(statement)}` is not allowed: `poi-etl sql` is read-only (queries only)")


def _failure(err: duckdb.Error) -> Exception:
    """The error to raise for a failed statement or fetch: a failure of the file itself is raised as it is
    (`connection` turns it into a WarehouseError, exit 4), any other is the query's (exit 6)."""
    if storage_failure(err):
        return err
    return QueryError(f"query failed: {str(err).strip().splitlines()[0]}")


def _batches(cursor: duckdb.DuckDBPyConnection) -> Iterator[list[tuple]]:
    while True:
        try:
            rows = cursor.fetchmany(BATCH_ROWS)
        except duckdb.Error as err:
            raise _failure(err) from None
        if not rows:
            return
        yield rows


@contextmanager
def stream_query(warehouse: Path, sql: str) -> Iterator[StreamedQuery]:
    """Run a read-only query; its rows come in batches of `BATCH_ROWS` while the connection is open."""
    check_read_only(sql)
    with connection(warehouse, read_only=True) as con:
        con.execute("set enable_external_access = false")
        try:
            cursor = con.execute(sql)
        except duckdb.Error as err:
            raise _failure(err) from None
        if cursor.description is None:
            yield StreamedQuery([], iter(()))
        else:
            yield StreamedQuery([d[0] for d in cursor.description], _batches(cursor))


def run_query(warehouse: Path, sql: str) -> QueryResult:
    """The whole result in memory: for small results (tests, scripts)."""
    with stream_query(warehouse, sql) as result:
        return QueryResult(result.columns, [row for batch in result.batches for row in batch])
