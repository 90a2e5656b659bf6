"""Write a query's rows as they arrive, in batches: an aligned table, CSV or JSON.

Memory stays bounded by one batch whatever the result's size (the table format also keeps the first
`TABLE_SAMPLE_ROWS` rows to size its columns). Values are written so a reader can tell them apart:

- JSON: an array of objects, one per row, each key unique (a repeated column name gets `_1`, `_2`…);
  NaN and infinity are `null`, decimals are numbers with their exact digits, blobs are base64 strings,
  dates, times and timestamps ISO 8601 strings, intervals ISO 8601 durations (`P1DT10800S`).
- CSV (RFC 4180, CRLF): NULL is an empty field, the empty string is `""`; with `null_text` set, NULL is
  written as that text and a string equal to it is quoted (`NULL` vs `"NULL"`). Blobs are base64.
- table: NULL is shown as `NULL` (or `null_text`); for reading, not for parsing.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TextIO

TABLE_SAMPLE_ROWS = 1000
_CSV_SPECIAL = (",", '"', "\n", "\r")


def unique_names(columns: Sequence[str]) -> list[str]:
    """Column names made unique in order: `executed`, `executed` -> `executed`, `executed_1`."""
    taken = set(columns)
    seen: set[str] = set()
    out = []
    for name in columns:
        if name not in seen:
            seen.add(name)
            out.append(name)
            continue
        number = 1
        while f"{name}_{number}" in taken or f"{name}_{number}" in seen:
            number += 1
        fresh = f"{name}_{number}"
        seen.add(fresh)
        out.append(fresh)
    return out


def _iso_duration(value: dt.timedelta) -> str:
    seconds = value.seconds + value.microseconds / 1e6
    text = f"{seconds:.6f}".rstrip("0").rstrip(".")
    return f"P{value.days}DT{text}S"


def json_text(value) -> str:
    """One value as JSON text (valid JSON always: no NaN, no Infinity)."""
    if value is None or value is True or value is False:
        return json.dumps(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "null"
    if isinstance(value, Decimal):
        return str(value) if value.is_finite() else "null"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes | bytearray | memoryview):
        return json.dumps(base64.b64encode(bytes(value)).decode("ascii"))
    if isinstance(value, dt.date | dt.time):
        return json.dumps(value.isoformat())
    if isinstance(value, dt.timedelta):
        return json.dumps(_iso_duration(value))
    if isinstance(value, dict):
        return (
            "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {json_text(v)}" for k, v in value.items()) + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(json_text(v) for v in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)  # UUID, BIT, ENUM …


def _plain_text(value) -> str:
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def csv_field(value, null_text: str = "") -> str:
    """One CSV field; NULL and the empty string stay distinguishable."""
    if value is None:
        return null_text
    text = _plain_text(value)
    if text == "" or text == null_text or any(c in text for c in _CSV_SPECIAL):
        return '"' + text.replace('"', '""') + '"'
    return text


class JsonWriter:
    def __init__(self, out: TextIO, columns: Sequence[str]):
        self.out, self.first = out, True
        self.keys = [json.dumps(name, ensure_ascii=False) for name in unique_names(columns)]
        out.write("[")

    def rows(self, rows: Iterable[tuple]) -> None:
        parts = []
        for row in rows:
            fields = ", ".join(f"{key}: {json_text(v)}" for key, v in zip(self.keys, row, strict=True))
            parts.append(("\n" if self.first else ",\n") + "{" + fields + "}")
            self.first = False
        self.out.write("".join(parts))

    def close(self) -> None:
        self.out.write("\n]\n" if not self.first else "]\n")


class CsvWriter:
    def __init__(self, out: TextIO, columns: Sequence[str], null_text: str = ""):
        self.out, self.null_text = out, null_text
        out.write(",".join(csv_field(c) for c in columns) + "\r\n")

    def rows(self, rows: Iterable[tuple]) -> None:
        self.out.write("".join(",".join(csv_field(v, self.null_text) for v in row) + "\r\n" for row in rows))

    def close(self) -> None:
        pass


class TableWriter:
    """Columns sized on the first rows; later, longer values widen their line only."""

    def __init__(self, out: TextIO, columns: Sequence[str], null_text: str = "NULL"):
        self.out, self.columns, self.null_text = out, list(columns), null_text
        self.sample: list[list[str]] | None = []
        self.widths: list[int] = []
        self.count = 0

    def _cells(self, row: tuple) -> list[str]:
        return [self.null_text if v is None else _plain_text(v) for v in row]

    def _line(self, cells: Sequence[str]) -> str:
        return " | ".join(c.ljust(w) for c, w in zip(cells, self.widths, strict=True)).rstrip() + "\n"

    def _start(self) -> None:
        sample = self.sample or []
        self.widths = [max([len(c)] + [len(r[i]) for r in sample]) for i, c in enumerate(self.columns)]
        head = " | ".join(c.ljust(w) for c, w in zip(self.columns, self.widths, strict=True)).rstrip()
        self.out.write(head + "\n" + "-+-".join("-" * w for w in self.widths) + "\n")
        self.out.write("".join(self._line(r) for r in sample))
        self.sample = None

    def rows(self, rows: Iterable[tuple]) -> None:
        for row in rows:
            self.count += 1
            if self.sample is not None:
                self.sample.append(self._cells(row))
                if len(self.sample) >= TABLE_SAMPLE_ROWS:
                    self._start()
            else:
                self.out.write(self._line(self._cells(row)))

    def close(self) -> None:
        if self.sample is not None:
            self._start()
        self.out.write(f"({self.count} row{'s' if self.count != 1 else ''})\n")


def writer_for(fmt: str, out: TextIO, columns: Sequence[str], null_text: str | None = None):
    """The writer of `fmt` (table | csv | json); `null_text` replaces NULL in CSV and the table."""
    if fmt == "json":
        return JsonWriter(out, columns)
    if fmt == "csv":
        return CsvWriter(out, columns, "" if null_text is None else null_text)
    return TableWriter(out, columns, "NULL" if null_text is None else null_text)
