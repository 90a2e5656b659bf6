"""Numeric cells of an activity row: what each tab field holds.

A field is empty (a blank cell, or a cell that drifted), a number, a number carrying a footnote mark
(`5 1/`), a bare footnote mark (`1/`), or something that is not a count (`N/A`, `1.5`, `-3`, `12a`,
or a number too large to be real).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

TokenKind = Literal["number", "footnote", "invalid"]

# Larger than any count a POI report prints; keeps values inside BIGINT with room for sums.
MAX_VALUE = 10**12

_NUMBER = re.compile(r"^(\d+)(?:\s*(\d+/))?$")
_FOOTNOTE = re.compile(r"^(\d+/)$")


@dataclass(frozen=True, slots=True)
class Token:
    """One non-empty numeric field: its parsed value, raw text and 0-based field position."""

    field: int
    text: str
    kind: TokenKind
    value: int | None = None
    footnote: str | None = None


def parse_cell(field: int, text: str) -> Token | None:
    """Classify one tab field after the four text columns; None for an empty field."""
    raw = text.strip()
    if not raw:
        return None
    number = _NUMBER.match(raw)
    if number:
        digits, footnote = number.groups()
        if len(digits) > 13 or int(digits) > MAX_VALUE:
            return Token(field, raw, "invalid")
        return Token(field, raw, "number", int(digits), footnote)
    if _FOOTNOTE.match(raw):
        return Token(field, raw, "footnote", None, raw)
    return Token(field, raw, "invalid")


def parse_cells(fields: list[str]) -> tuple[Token, ...]:
    """Tokens of a row's numeric fields, in printed order."""
    return tuple(t for i, f in enumerate(fields) if (t := parse_cell(i, f)) is not None)
