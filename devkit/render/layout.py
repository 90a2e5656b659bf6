"""What every producer prints, independent of how: the texts of a page block and how rows fill pages.

Columns are 0-based: 0 MEF, 1 Unidad Orgánica, 2 ACTIVIDAD POI, 3 UNIDAD DE MEDIDA, then the 35
number columns in slot order (4 META ANUAL … 38 total executed).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from devkit.render.spec import ReportSpec, RowSpec
from devkit.render.style import Style
from transforms.slots import N_SLOTS, active_slots

N_TEXT = 4
N_COLUMNS = N_TEXT + N_SLOTS
NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS = ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")
LEGEND = "1/ Actividad reprogramada según informe de evaluación; la meta se ejecuta en el periodo siguiente."


@dataclass(frozen=True)
class HeaderCell:
    """A first-header-line label and the cells it covers: columns [col, col + width), 1 or 2 lines."""

    label: str
    col: int
    width: int = 1
    lines: int = 1


@dataclass(frozen=True)
class Block:
    """One printed page block: which rows it holds and which of the page texts it carries."""

    number: int  # 1-based
    of: int
    rows: tuple[RowSpec, ...]
    title: bool
    footer: bool


def title_text(spec: ReportSpec) -> str:
    return f"PLAN OPERATIVO INSTITUCIONAL {spec.year} – EJECUCIÓN AL {NUMERALS[spec.quarter]} TRIMESTRE"


def footer_text(spec: ReportSpec, style: Style) -> str:
    text = f"Fuente: {spec.source_label} al {spec.source_date:%d/%m/%Y}"
    return text + "." if style.footer_period else text


def page_text(block: Block) -> str:
    return f"Página {block.number} de {block.of}"


def header_1(style: Style) -> tuple[HeaderCell, ...]:
    """The first header line: five labels over both lines, then the spans over the month and quarter cells."""
    texts = ("MEF", style.unit_label, "ACTIVIDAD POI", "UNIDAD DE MEDIDA", "META ANUAL")
    cells = [HeaderCell(label, col, 1, 2) for col, label in enumerate(texts)]
    cells += [HeaderCell("PROGRAMADO", 5, 12), HeaderCell("EJECUTADO", 17, 12)]
    cells += [HeaderCell(f"{NUMERALS[q]} TRIM", 29 + 2 * (q - 1), 2) for q in (1, 2, 3, 4)]
    cells.append(HeaderCell("Total", 37, 2, 1 if style.total_subheader else 2))
    return tuple(cells)


def header_2(style: Style) -> tuple[str, ...]:
    """The second header line, one text per column ('' under the labels that cover both lines)."""
    total = ("PROG", "EJEC") if style.total_subheader else ("", "")
    return ("",) * 5 + MONTHS * 2 + ("PROG", "EJEC") * 4 + total


def printed_cells(row: RowSpec, quarter: int, style: Style) -> tuple[str, ...]:
    """The row's 35 cell texts as this style prints them: a blank active cell may print as `0`, and
    numbers of 1000 and more may carry a thousands separator (`12,000 1/`)."""
    active = active_slots(quarter)
    texts = ("0" if not text and active[s] and style.zeros == "zero" else text for s, text in enumerate(row.cells))
    return tuple(_with_thousands(text) if style.thousands else text for text in texts)


def _with_thousands(text: str) -> str:
    number, _, mark = text.partition(" ")
    if not number.isdigit():
        return text
    return f"{int(number):,} {mark}".rstrip()


def blocks(spec: ReportSpec, style: Style) -> tuple[Block, ...]:
    """The report's rows cut into page blocks of `style.rows_per_page` (at least one block)."""
    n = max(1, math.ceil(len(spec.rows) / style.rows_per_page))
    out = []
    for i in range(n):
        rows = spec.rows[i * style.rows_per_page : (i + 1) * style.rows_per_page]
        first, last = i == 0, i == n - 1
        out.append(Block(i + 1, n, rows, first or style.title_every_page, last or style.footer_every_page))
    return tuple(out)
