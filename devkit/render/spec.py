"""The truth a rendered report is made from: its period, footer and the printed text of every cell.

A `RowSpec` holds what the agency prints, cell by cell, in slot order (`transforms.slots`): a number,
a number with a footnote mark (`12 1/`), a lone mark (`1/`) or a blank. `expected_values` is what a
reader of the rendered file must return for it: the number, 0 for a blank, None for a lone mark and for
executed cells after the cut-off quarter (the report cannot print them).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from transforms.slots import N_SLOTS, active_slots, identity_violations

_CELL = re.compile(r"^(?:(?P<number>\d+)(?:\s+(?P<mark>\d+/))?|(?P<lone>\d+/))$")


@dataclass(frozen=True)
class RowSpec:
    """One activity row as printed: four texts, then 35 cell texts in slot order ('' = blank)."""

    mef_category: str
    unit_name: str
    activity_name: str
    unit_of_measure: str
    cells: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.cells) != N_SLOTS:
            raise ValueError(f"a row has {N_SLOTS} cells, got {len(self.cells)}")
        for text in self.cells:
            if text and not _CELL.match(text):
                raise ValueError(f"cell {text!r} is not a number, 'N M/' or 'M/'")


@dataclass(frozen=True)
class ReportSpec:
    """One report: its period (year, cut-off quarter), the footer's source and date, and its rows."""

    year: int
    quarter: int
    source_date: datetime.date
    rows: tuple[RowSpec, ...]
    source_label: str = "Módulo de Control de la Gestión"

    def __post_init__(self) -> None:
        if self.quarter not in (1, 2, 3, 4):
            raise ValueError(f"quarter must be 1..4, got {self.quarter}")
        active = active_slots(self.quarter)
        for i, row in enumerate(self.rows):
            printed_late = [s for s in range(N_SLOTS) if not active[s] and row.cells[s]]
            if printed_late:
                raise ValueError(f"row {i}: executed cells after quarter {self.quarter} must be blank: {printed_late}")


def cell_value(text: str) -> int | None:
    """The value a cell's printed text stands for: its number, 0 for a blank, None for a lone mark."""
    if not text:
        return 0
    match = _CELL.match(text)
    if match is None:
        raise ValueError(f"cell {text!r} is not a number, 'N M/' or 'M/'")
    return None if match["lone"] else int(match["number"])


def expected_values(row: RowSpec, quarter: int) -> tuple[int | None, ...]:
    """The 35 values a reader must return for the row of a report cut off at `quarter`."""
    active = active_slots(quarter)
    return tuple(cell_value(text) if active[s] else None for s, text in enumerate(row.cells))


def footnotes(row: RowSpec) -> dict[int, str]:
    """Slot index -> footnote mark, for the cells that carry one (`12 1/` or a lone `1/`)."""
    marks = {}
    for s, text in enumerate(row.cells):
        match = _CELL.match(text) if text else None
        if match and (match["mark"] or match["lone"]):
            marks[s] = match["mark"] or match["lone"]
    return marks


def broken_identities(row: RowSpec, quarter: int) -> tuple[str, ...]:
    """Identities the printed row breaks (an agency slip). A lone mark is a blank cell carrying a mark:
    it counts as 0, as the product judges it (docs/published-formats.md)."""
    active = active_slots(quarter)
    judged = [(0 if v is None else v) if active[s] else None for s, v in enumerate(expected_values(row, quarter))]
    return identity_violations(judged, quarter)


def expected_status(row: RowSpec, quarter: int) -> str:
    """`exact` for a row whose identities hold as printed, `inconsistent` for a row with a slip."""
    return "inconsistent" if broken_identities(row, quarter) else "exact"
