"""The POI report's layout as published (PDF pages, XLSX sheets): its labels and how a report is assembled.

Both readers find the same things on a page or sheet block: the title (year, cut-off quarter), a
two-line header whose labels place the 4 text columns and the 35 numeric columns, activity rows read
cell by cell, and the `Fuente: … al DD/MM/YYYY` footer. This module holds what they share: how a label
is recognised, and how pages become one `ParsedReport` (the checks the text parser makes too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from transforms.cells import parse_cells
from transforms.errors import ReportError
from transforms.parse import (
    N_NUMERIC_COLUMNS,
    ActivityRow,
    ParsedReport,
    check_duplicate_rows,
    fold,
    parse_footer_date,
    parse_title,
)
from transforms.period import NUMERALS, check_footer_date
from transforms.positioned import late_values
from transforms.text_hygiene import normalise_name

TEXT_COLUMNS = ("mef_category", "unit_name", "activity_name", "unit_of_measure")
TEXT_LABELS = {
    "mef_category": ("MEF",),
    "unit_name": ("UNIDAD ORGANICA",),
    "activity_name": ("ACTIVIDAD POI",),
    "unit_of_measure": ("UNIDAD DE MEDIDA",),
}
META_LABELS = ("META ANUAL",)
MONTHS = {
    "ENE": 1, "FEB": 2, "MAR": 3, "ABR": 4, "MAY": 5, "JUN": 6,
    "JUL": 7, "AGO": 8, "SEP": 9, "SET": 9, "OCT": 10, "NOV": 11, "DIC": 12,
    "ENERO": 1, "FEBRERO": 2, "MARZO": 3, "ABRIL": 4, "MAYO": 5, "JUNIO": 6, "JULIO": 7,
    "AGOSTO": 8, "SEPTIEMBRE": 9, "SETIEMBRE": 9, "OCTUBRE": 10, "NOVIEMBRE": 11, "DICIEMBRE": 12,
}  # fmt: skip
PROG_LABELS = ("PROG", "PROG.", "P", "PROGRAMADO")
EXEC_LABELS = ("EJEC", "EJEC.", "E", "EJECUTADO")
SECTION_LABELS = {"programmed": ("PROGRAMADO",), "executed": ("EJECUTADO",)}
_TRIM = re.compile(r"^(?:(I|II|III|IV)TRIM(?:ESTRE)?|TRIM(?:ESTRE)?(I|II|III|IV))\.?$")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_TITLE_START = re.compile(r"PLAN OPERATIVO INSTITUCIONAL\b")
_FOOTER = re.compile(r"^FUENTE\s*:")
_PAGE_NUMBER = re.compile(r"^(?:PAGINA|PAG\.?|HOJA)\s*\d+(?:\s*(?:DE|/)\s*\d+)?$|^\d+\s*(?:DE|/)\s*\d+$|^-\s*\d+\s*-$")
_LEGEND = re.compile(r"^\d/\s*[^\W\d_]")


def key(text: str) -> str:
    """A label's comparison key: folded, without spaces (wrapped labels lose or gain them)."""
    return fold(text).replace(" ", "")


def matches(text: str, labels: tuple[str, ...]) -> bool:
    return key(text) in {key(label) for label in labels}


def is_prefix(text: str, labels: tuple[str, ...]) -> bool:
    """Whether `text` is the beginning of one of the labels (a label cut by wrapping)."""
    k = key(text)
    return bool(k) and any(key(label).startswith(k) for label in labels)


def month_of(text: str) -> int | None:
    return MONTHS.get(key(text).rstrip("."))


def trim_quarter(text: str) -> int | None:
    """1..4 for `I TRIM` … `IV TRIM` (also `TRIMESTRE`, `TRIM I`), else None."""
    match = _TRIM.match(key(text))
    if not match:
        return None
    return _ROMAN[match.group(1) or match.group(2)]


def is_total(text: str) -> bool:
    return key(text) in ("TOTAL", "TOTALES", "TOTALANUAL")


def find_title(text: str, where: str, line: int | None = None) -> tuple[int, int] | None:
    """(year, quarter) when `text` holds the report title; ReportError when it is a malformed one."""
    match = _TITLE_START.search(fold(text))
    if not match:
        return None
    return parse_title(fold(text)[match.start() :], where, line or 0)


def is_footer(text: str) -> bool:
    return bool(_FOOTER.match(fold(text)))


def is_page_number(text: str) -> bool:
    """`Página 1 de 3`, `Pág. 2`, `1 / 3`, `- 4 -`: printed by the page setup, not part of the report."""
    return bool(_PAGE_NUMBER.match(fold(text)))


def is_legend(text: str) -> bool:
    """A footnote legend (`1/ Actividad reprogramada …`): explains a mark; it is not a row."""
    return bool(_LEGEND.match(text.strip()))


def footer_date(text: str, where: str, line: int | None = None) -> date | None:
    return parse_footer_date(text.strip().rstrip("."), where, line or 0)


@dataclass(frozen=True, slots=True)
class PositionedRow:
    """An activity row read cell by cell: 4 names and 35 cell texts in slot order ('' for a blank)."""

    page: int
    line: int  # 1-based: the row's ordinal in a PDF, its sheet row number in an XLSX
    names: tuple[str, str, str, str]
    cells: tuple[str, ...]
    notes: tuple[str, ...] = ()  # what the reader did to read the row (e.g. a name joined across lines)
    problems: tuple[tuple[int, str], ...] = ()  # (slot, why) for cells the reader could not read


@dataclass(frozen=True, slots=True)
class Page:
    """One page (or sheet block) as read: what its title and footer say, and its rows."""

    number: int
    period: tuple[int, int] | None
    footer: date | None
    rows: tuple[PositionedRow, ...]
    where: str  # how a person finds it: "page 3", "sheet 'IV TRIM' rows 4-30"


def activity_row(row: PositionedRow, path: str, where: str) -> ActivityRow:
    """The parser's ActivityRow for a positioned row; refuses a row without one of its names."""
    if len(row.cells) != N_NUMERIC_COLUMNS:
        raise ReportError(path, f"{where}: row {row.line} has {len(row.cells)} numeric cells, not 35", page=row.page)
    cleaned = [normalise_name(name) for name in row.names]  # invisible characters: one unit stays one unit
    names = [name for name, _ in cleaned]
    normalised = tuple((column, what) for column, (_, what) in zip(TEXT_COLUMNS, cleaned, strict=True) if what)
    missing = [label for label, name in zip(("MEF", "Unidad Orgánica", "ACTIVIDAD POI", "UNIDAD DE MEDIDA"),
                                            names, strict=True) if not name]  # fmt: skip
    if missing:
        raise ReportError(
            path, f"{where}: row {row.line} has no {', '.join(missing)} (cells: {_preview(row)})", row.line, row.page
        )
    return ActivityRow(
        row.page, row.line, *names, fields=row.cells, tokens=parse_cells(list(row.cells)), cells=row.cells,
        notes=row.notes, cell_problems=row.problems, normalised=normalised,
    )


def _preview(row: PositionedRow) -> str:
    shown = " | ".join(n[:30] for n in row.names)
    return shown + " | " + " ".join(c or "·" for c in row.cells[:6]) + " …"


def assemble(path: str, pages: list[Page], n_pages: int, source_format: str) -> ParsedReport:
    """One report from its pages: one period, footers that agree, rows in order, no duplicates."""
    source_file = path.replace("\\", "/").rsplit("/", 1)[-1]
    titled = [p for p in pages if p.period is not None]
    if not titled:
        raise ReportError(
            path, "no page has the title 'PLAN OPERATIVO INSTITUCIONAL <year> – EJECUCIÓN AL <quarter> TRIMESTRE'"
        )
    first = titled[0]
    for page in titled[1:]:
        if page.period != first.period:
            (y1, q1), (y2, q2) = first.period, page.period  # type: ignore[misc]
            raise ReportError(
                path, f"pages disagree on the report period: {page.where} says {y2} Q{q2}, {first.where} {y1} Q{q1}",
                page=page.number,
            )
    dated = [p for p in pages if p.footer is not None]
    if not dated:
        raise ReportError(path, "no 'Fuente: … al DD/MM/YYYY' footer on any page: the file looks truncated")
    for page in dated[1:]:
        if page.footer != dated[0].footer:
            raise ReportError(
                path,
                f"footers disagree on the source date: {page.where} says {page.footer:%d/%m/%Y}, "
                f"{dated[0].where} {dated[0].footer:%d/%m/%Y}",
                page=page.number,
            )
    year, quarter = first.period  # type: ignore[misc]
    check_footer_date(year, quarter, dated[0].footer, path, page=dated[0].number)  # type: ignore[arg-type]
    rows = [activity_row(r, path, p.where) for p in pages for r in p.rows]
    if not rows:
        raise ReportError(path, "the report has no activity rows")
    for row in rows:
        late = late_values(row.cells or (), quarter)
        if late:
            shown = ", ".join(f"{slot} {text!r}" for slot, text in late[:4])
            raise ReportError(
                path,
                f"row {row.line} prints executed values after the title's cut-off quarter {NUMERALS[quarter]} "
                f"({shown}): does the title name the wrong quarter?",
                row.line,
                row.page,
            )
    check_duplicate_rows(rows, path)
    return ParsedReport(source_file, year, quarter, dated[0].footer, n_pages, tuple(rows), source_format)
