"""The writers of `poi-etl sql`: every value readable back, NULL told from the empty string, valid JSON."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from decimal import Decimal

import pytest

from poi_warehouse.sql_output import TABLE_SAMPLE_ROWS, csv_field, json_text, unique_names, writer_for


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        (["a", "b"], ["a", "b"]),
        (["executed", "executed"], ["executed", "executed_1"]),
        (["x", "x", "x"], ["x", "x_1", "x_2"]),
        (["x", "x", "x_1"], ["x", "x_2", "x_1"]),  # a later column already named x_1 keeps its name
        (["x_1", "x", "x"], ["x_1", "x", "x_2"]),
    ],
)
def test_unique_names(columns, expected):
    assert unique_names(columns) == expected
    assert len(set(unique_names(columns))) == len(columns)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, "null"),
        (True, "true"),
        (12, "12"),
        (123456789012345678901234567890, "123456789012345678901234567890"),
        (1.5, "1.5"),
        (float("nan"), "null"),
        (float("inf"), "null"),
        (float("-inf"), "null"),
        (Decimal("1.50"), "1.50"),
        (Decimal("12345678901234567890.123456789"), "12345678901234567890.123456789"),
        (Decimal("NaN"), "null"),
        (b"\xaa\x00", '"qgA="'),
        (dt.date(2017, 12, 31), '"2017-12-31"'),
        (dt.datetime(2018, 1, 11, 9, 30, 0, 123000), '"2018-01-11T09:30:00.123000"'),
        (dt.time(12, 0), '"12:00:00"'),
        (dt.timedelta(days=1, seconds=5400), '"P1DT5400S"'),
        (dt.timedelta(seconds=1.5), '"P0DT1.5S"'),
        (uuid.UUID(int=1), '"00000000-0000-0000-0000-000000000001"'),
        ('Tú "x"\n', '"Tú \\"x\\"\\n"'),
        ([1, float("nan"), None], "[1, null, null]"),
        ((1, 2), "[1, 2]"),
        ({"x": 1, 2: [Decimal("0.1")]}, '{"x": 1, "2": [0.1]}'),
    ],
)
def test_json_text_is_valid_json_for_every_type(value, text):
    assert json_text(value) == text
    json.loads(text)  # strict: no NaN, no Infinity


def test_decimals_keep_their_digits():
    assert json.loads(json_text(Decimal("0.1")), parse_float=Decimal) == Decimal("0.1")


@pytest.mark.parametrize(
    ("value", "null_text", "field"),
    [
        (None, "", ""),
        ("", "", '""'),
        ("plain", "", "plain"),
        ("a,b", "", '"a,b"'),
        ('say "hi"', "", '"say ""hi"""'),
        ("two\nlines", "", '"two\nlines"'),
        (None, "NULL", "NULL"),
        ("NULL", "NULL", '"NULL"'),
        ("", "NULL", '""'),
        (b"\x01", "", "AQ=="),
        (Decimal("2.50"), "", "2.50"),
    ],
)
def test_csv_field(value, null_text, field):
    assert csv_field(value, null_text) == field


def _written(fmt: str, columns, batches, null_text=None) -> str:
    out = io.StringIO()
    writer = writer_for(fmt, out, columns, null_text)
    for batch in batches:
        writer.rows(batch)
    writer.close()
    return out.getvalue()


def test_json_writer_keeps_every_column_and_is_one_valid_document():
    text = _written("json", ["executed", "executed"], [[(1, 2)], [(3, float("nan"))]])
    assert json.loads(text) == [{"executed": 1, "executed_1": 2}, {"executed": 3, "executed_1": None}]
    assert json.loads(_written("json", ["a"], [])) == []


def test_csv_writer_reads_back_with_null_apart_from_empty():
    text = _written("csv", ["a", "b"], [[(None, ""), ("x", None)]], null_text="\\N")
    assert text == 'a,b\r\n\\N,""\r\nx,\\N\r\n'
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [["a", "b"], ["\\N", ""], ["x", "\\N"]]


def test_table_writer_sizes_columns_on_the_first_rows_then_streams():
    rows = [(i, "x" * (i % 3)) for i in range(TABLE_SAMPLE_ROWS + 5)] + [(0, "a long value")]
    text = _written("table", ["n", "s"], [rows[:10], rows[10:]])
    lines = text.splitlines()
    assert lines[0] == "n   | s"  # widths of the first TABLE_SAMPLE_ROWS rows: 3 digits, 2 characters
    assert lines[3] == "1   | x"
    assert lines[-1] == f"({len(rows)} rows)"
    assert lines[-2] == "0   | a long value"  # wider than the sampled width: only its own line widens
    assert _written("table", ["v"], [[(None,)]]).splitlines()[2] == "NULL"
