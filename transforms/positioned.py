"""Values and status of a row read cell by cell (PDF, XLSX): no repair search, no guess.

Each of the 35 cells is read where it is printed, so a number is either what the cell prints or the
cell cannot be read. Status (docs/published-formats.md):

- `exact`: every cell reads and every identity holds;
- `inconsistent`: every cell reads, and the agency's printed subtotals break an identity (values as
  printed, each broken identity named with its numbers);
- `unresolved`: a cell cannot be read as a count (`###`, `N/A`, `1.5`, `-`); that cell is NULL, the
  others keep what they print, and the finding names each unreadable cell.

A blank cell is 0. A cell carrying only a footnote mark (`1/`) is loaded NULL and judged as a blank one
in the identities, as the text path does; every mark is a `footnote` finding on its cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from transforms.cells import MAX_VALUE
from transforms.recovery import Finding, Recovery, broken_identities
from transforms.slots import N_SLOTS, SLOT_NAMES, active_slots, identity_violations

_MARK = re.compile(r"^\d/$")  # footnote marks are numbered 1/ … 9/
_GLUED = re.compile(r"^\d{2,}/$")  # `91/`: 9 with mark 1/, or mark 91/? A mark glued to a number
_PLAIN = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}(?:,\d{3})+$")
_DECIMAL = re.compile(r"^(\d+|\d{1,3}(?:,\d{3})+)\.(\d+)$")


@dataclass(frozen=True, slots=True)
class CellRead:
    """One cell: its value (None when it prints no number or cannot be read), its mark, its problem."""

    value: int | None
    footnote: str | None = None
    problem: str | None = None


@lru_cache(maxsize=4096)
def read_cell(text: str) -> CellRead:
    """What one cell prints: '' is 0, `12 1/` is 12 with mark 1/, `1/` is a mark and no number."""
    tokens = text.split()
    if not tokens:
        return CellRead(0)
    glued = [t for t in tokens if _GLUED.match(t)]
    if glued:
        return CellRead(None, None, f"{glued[0]!r}: a number and a footnote mark printed together? (not read)")
    marks = [t for t in tokens if _MARK.match(t)]
    numbers = [t for t in tokens if not _MARK.match(t)]
    footnote = " ".join(marks) or None
    if not numbers:
        return CellRead(None, footnote)
    if len(numbers) > 1:
        return CellRead(None, footnote, f"{text!r} prints {len(numbers)} numbers in one cell")
    value, problem = _count(numbers[0])
    return CellRead(value, footnote, problem)


def _count(token: str) -> tuple[int | None, str | None]:
    if _PLAIN.match(token) or _GROUPED.match(token):
        digits = token.replace(",", "")
    elif decimal := _DECIMAL.match(token):
        whole, fraction = decimal.groups()
        if len(fraction) == 3 and "," not in whole:
            return None, f"{token!r}: a decimal point or a thousands separator? (not read)"
        if set(fraction) != {"0"}:
            return None, f"{token!r} is not a whole count"
        digits = whole.replace(",", "")
    elif set(token) <= set("#"):
        return None, f"{token!r}: the number does not fit its column in the export"
    elif token in ("-", "–", "—"):
        return None, f"{token!r} is not a number (an accounting format's zero?)"
    else:
        return None, f"{token!r} is not a count"
    if len(digits) > 13 or int(digits) > MAX_VALUE:
        return None, f"{token!r} is larger than any count a report prints"
    return int(digits), None


def late_values(cells: Sequence[str], cutoff: int) -> list[tuple[str, str]]:
    """Executed cells after the cut-off quarter that print a number other than 0: the report contradicts
    its title (they cannot exist when the title's quarter is right)."""
    active = active_slots(cutoff)
    out = []
    for s, text in enumerate(cells):
        if active[s]:
            continue
        cell = read_cell(text)
        if cell.problem or (cell.value not in (None, 0)):
            out.append((SLOT_NAMES[s], text))
    return out


def recover_positioned(cells: Sequence[str], cutoff: int, problems: Sequence[tuple[int, str]] = ()) -> Recovery:
    """Values, status and findings of a row read cell by cell (35 cell texts in slot order); `problems`
    are cells the reader already knows it cannot read (slot, why)."""
    return _recover(tuple(cells), cutoff, tuple(problems))


@lru_cache(maxsize=8192)
def _recover(cells: tuple[str, ...], cutoff: int, known: tuple[tuple[int, str], ...]) -> Recovery:
    active = active_slots(cutoff)
    values: list[int | None] = [None] * N_SLOTS
    judged: list[int | None] = [None] * N_SLOTS
    marks, problems = [], []
    unreadable = dict(known)
    for s, text in enumerate(cells):
        cell = read_cell(text) if s not in unreadable else CellRead(None, None, unreadable[s])
        if cell.footnote:
            marks.append(f"{SLOT_NAMES[s]}: {text.strip()!r}")
        if not active[s]:
            continue  # executed after the cut-off: not printed by a report that agrees with its title
        if cell.problem:
            problems.append(f"{SLOT_NAMES[s]}: {cell.problem}")
            continue
        values[s] = cell.value
        judged[s] = 0 if cell.value is None else cell.value  # a mark-only cell is a blank cell with a mark
    findings = [Finding("footnote", "; ".join(marks))] if marks else []
    broken = identity_violations(judged, cutoff)
    if problems:
        detail = "cells that cannot be read, loaded NULL: " + "; ".join(problems)
        if broken:
            detail += "; the cells that read break: " + broken_identities(judged, cutoff)
        findings.append(Finding("unreadable_cell", detail))
        return Recovery("unresolved", tuple(values), tuple(findings), 1, violated=broken)
    if broken:
        detail = "the printed values break: " + broken_identities(judged, cutoff) + " (the agency's own subtotals)"
        findings.append(Finding("identity", detail))
        return Recovery("inconsistent", tuple(values), tuple(findings), 1, violated=broken)
    return Recovery("exact", tuple(values), tuple(findings), 1)
