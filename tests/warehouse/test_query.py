"""`poi-etl sql`'s read-only check and streamed results, against a real DuckDB file."""

from __future__ import annotations

import duckdb
import pytest

from warehouse.query import BATCH_ROWS, QueryError, check_read_only, run_query, stream_query

READS = [
    "select 1",
    "from t",
    "values (1, 2)",
    "with x as (select 1) select * from x",
    "describe t",
    "show tables",
    "summarize t",
    "explain select * from t",
    "EXPLAIN ANALYZE select * from t",
    "explain (format json) select 1",
    "explain (select 1)",
    "/* why */ explain /* how */ analyze select 1",
    "pivot t on a using sum(b)",
    "unpivot (select 1 as x, 2 as y) on x, y into name k value v",
    "select * from (pivot t on a using sum(b))",
    "select 1; select 2",
]
WRITES = [
    ("insert into t values ('z', 3)", "`INSERT`"),
    ("with x as (select 1) insert into t select 'z', 1", "`WITH … INSERT`"),
    ("explain analyze insert into t values ('z', 3)", "`EXPLAIN ANALYZE INSERT`"),
    ("explain delete from t", "`EXPLAIN DELETE`"),
    ("with p as (pivot t on a using sum(b)) insert into t select 'z', 1", "`WITH … INSERT`"),
    ("create table u as pivot t on a using sum(b)", "`CREATE`"),
    ("insert into t pivot t on a using sum(b)", "`INSERT`"),
    ("pivot t on a using sum(b); delete from t", "`DELETE`"),
    ("attach 'x.duckdb'", "`ATTACH`"),
    ("copy t to 'x.csv'", "`COPY`"),
    ("set threads = 1", "`SET`"),
    ("call duckdb_tables()", "`CALL`"),
]


@pytest.fixture()
def small_warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table t as select * from (values ('x', 1), ('y', 2)) v(a, b)")
    con.close()
    return path


@pytest.mark.parametrize("sql", READS)
def test_read_only_statements_are_allowed_and_run(sql, small_warehouse):
    check_read_only(sql)
    run_query(small_warehouse, sql)


@pytest.mark.parametrize(("sql", "named"), WRITES)
def test_writes_are_refused_naming_the_statement(sql, named, small_warehouse):
    with pytest.raises(QueryError, match="not allowed") as refused:
        check_read_only(sql)
    assert str(refused.value).startswith(named), str(refused.value)
    assert refused.value.exit_code == 6
    assert run_query(small_warehouse, "select count(*) from t").rows == [(2,)]


def test_rows_stream_in_batches_and_repeated_names_are_kept(small_warehouse):
    total = 2 * BATCH_ROWS + 7
    with stream_query(small_warehouse, f"select range as executed, range as executed from range({total})") as result:
        assert result.columns == ["executed", "executed"]
        sizes = [len(batch) for batch in result.batches]
    assert sizes == [BATCH_ROWS, BATCH_ROWS, 7]


def test_an_error_raised_by_the_query_is_one_query_error(small_warehouse):
    sql = "select case when range = 15000 then error('boom') else range end from range(30000)"
    with pytest.raises(QueryError, match=r"query failed: .*boom"), stream_query(small_warehouse, sql) as result:
        for _ in result.batches:
            pass


def test_describe_answers_through_the_stream(small_warehouse):
    with stream_query(small_warehouse, "describe t") as result:
        assert result.columns[0] == "column_name"
        assert sum(len(b) for b in result.batches) == 2
