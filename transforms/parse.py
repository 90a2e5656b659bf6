"""Parse the text of a POI execution report into pages, metadata and activity rows.

A page is: a title (`PLAN OPERATIVO INSTITUCIONAL 2017 – EJECUCIÓN AL IV TRIMESTRE`), a two-line
header, activity rows, and a footer (`Fuente: … al 11/01/2018`). A report is a snapshot analysts take
as complete, so anything that is not this shape is refused with the file, line and reason.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from transforms.cells import Token, parse_cells
from transforms.errors import ReportError
from transforms.period import check_footer_date, check_text_row
from transforms.text_hygiene import normalise_name, strip_invisible

QUARTER_NUMERALS = {"I": 1, "II": 2, "III": 3, "IV": 4}
MIN_YEAR, MAX_YEAR = 2000, 2100
N_TEXT_COLUMNS = 4
TEXT_COLUMNS = ("mef_category", "unit_name", "activity_name", "unit_of_measure")  # as loaded, in printed order

_TITLE = re.compile(r"^PLAN OPERATIVO INSTITUCIONAL\b(?P<rest>.*)$")
_TITLE_PARTS = re.compile(r"^\s*(?P<year>\S+)\s*[-–—]?\s*EJECUCION AL\s+(?P<quarter>\S+)\s+TRIMESTRE\s*$")
_FOOTER = re.compile(r"^FUENTE\s*:")
_FOOTER_DATE = re.compile(r"\bAL\s+(\d{1,2})/(\d{1,2})/(\d{4})\.?\s*$")

MONTH_LABELS = ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")
HEADER_1 = (
    ("MEF", "UNIDAD ORGANICA", "ACTIVIDAD POI", "UNIDAD DE MEDIDA", "META ANUAL", "PROGRAMADO")
    + ("",) * 11
    + ("EJECUTADO",)
    + ("",) * 11
    + ("I TRIM", "", "II TRIM", "", "III TRIM", "", "IV TRIM", "", "TOTAL")
)
HEADER_2 = ("",) * 5 + MONTH_LABELS * 2 + ("PROG", "EJEC") * 4
N_NUMERIC_COLUMNS = 35


@dataclass(frozen=True, slots=True)
class ActivityRow:
    """One printed activity row with its provenance (1-based page and line)."""

    page: int
    line: int
    mef_category: str
    unit_name: str
    activity_name: str
    unit_of_measure: str
    fields: tuple[str, ...]
    tokens: tuple[Token, ...]
    cells: tuple[str, ...] | None = None  # 35 cell texts in slot order when read cell by cell (PDF, XLSX)
    notes: tuple[str, ...] = ()  # how a published file's reader read the row, for its findings
    cell_problems: tuple[tuple[int, str], ...] = ()  # (slot, why) for cells a published file's reader could not read
    normalised: tuple[tuple[str, str], ...] = ()  # (column, what was removed or replaced in its text)


@dataclass(frozen=True, slots=True)
class ParsedReport:
    """A whole report: what the titles and footers say, and every activity row."""

    source_file: str
    year: int
    quarter: int
    source_date: date | None
    n_pages: int
    rows: tuple[ActivityRow, ...]
    source_format: str = "text"  # text | pdf | xlsx


def fold(text: str) -> str:
    """Upper-case, accent-free, single-spaced form used to compare labels (invisible characters ignored)."""
    return " ".join(text.translate(_FOLD_TABLE).upper().split())


def fold_character(char: str) -> str:
    """One character's part of `fold` before case and spacing: invisible characters removed, other
    separators as spaces, compatibility decomposition without its combining marks. Folding is per
    character (canonical reordering only moves combining marks, and they are all dropped), so `fold`
    maps each character through a table of these."""
    return "".join(c for c in unicodedata.normalize("NFKD", strip_invisible(char)) if not unicodedata.combining(c))


class _FoldTable(dict):
    """`str.translate` table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = fold_character(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def _strip_trailing_empty(cells: list[str]) -> list[str]:
    while cells and not cells[-1]:
        cells.pop()
    return cells


def parse_title(line: str, path: str, line_no: int) -> tuple[int, int] | None:
    """(year, quarter) from a title line; None when the line is not a title."""
    match = _TITLE.match(fold(line))
    if not match:
        return None
    parts = _TITLE_PARTS.match(match.group("rest"))
    if not parts:
        raise ReportError(
            path, f"title does not read 'YEAR – EJECUCIÓN AL <I-IV> TRIMESTRE': {line.strip()!r}", line_no
        )
    year_text, numeral = parts.group("year"), parts.group("quarter")
    if not year_text.isdigit() or not MIN_YEAR <= int(year_text) <= MAX_YEAR:
        raise ReportError(path, f"year {year_text!r} in the title is not a year in {MIN_YEAR}..{MAX_YEAR}", line_no)
    if numeral not in QUARTER_NUMERALS:
        raise ReportError(
            path, f"unknown quarter numeral {numeral!r} in the title (expected I, II, III or IV)", line_no
        )
    return int(year_text), QUARTER_NUMERALS[numeral]


def check_header(line_1: str, line_2: str, path: str, line_no: int) -> None:
    """Refuse a header of another shape; spelling of accents and a trailing `Total` may vary."""
    first = _strip_trailing_empty([fold(c) for c in line_1.split("\t")])
    second = _strip_trailing_empty([fold(c) for c in line_2.split("\t")])
    if second and second[-1] == "TOTAL":
        second.pop()
    if first[:1] != ["MEF"] and len(first) > N_TEXT_COLUMNS:
        raise ReportError(
            path, "no column header after the title (this line is not 'MEF, Unidad Orgánica, …')", line_no
        )
    if tuple(first) not in (HEADER_1, HEADER_1[:-2]):
        hint = " (were tabs replaced by spaces?)" if len(first) == 1 and len(first[0].split()) > 3 else ""
        raise ReportError(path, f"first header line has {len(first)} cells, not the POI column layout{hint}", line_no)
    if tuple(_strip_trailing_empty(second)) != HEADER_2:
        raise ReportError(
            path, "second header line does not list ENE..DIC twice then PROG/EJEC per quarter", line_no + 1
        )


def parse_footer_date(line: str, path: str, line_no: int) -> date | None:
    match = _FOOTER_DATE.search(fold(line))
    if not match:
        return None
    day, month, year = (int(g) for g in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ReportError(path, f"footer date {day:02d}/{month:02d}/{year} is not a date", line_no) from None


def parse_row(line: str, path: str, line_no: int, page: int) -> ActivityRow:
    cells = line.split("\t")
    if len(cells) <= N_TEXT_COLUMNS:
        hint = " (were tabs replaced by spaces?)" if len(cells) == 1 else ""
        raise ReportError(
            path, f"row has {len(cells)} tab-separated field(s), expected text columns and numbers{hint}", line_no, page
        )
    cleaned = [normalise_name(c) for c in cells[:N_TEXT_COLUMNS]]
    text = [value for value, _ in cleaned]
    missing = [name for name, value in zip(HEADER_1[:N_TEXT_COLUMNS], text, strict=True) if not value]
    if missing:
        raise ReportError(path, f"row has no {', '.join(missing)}", line_no, page)
    normalised = tuple((column, what) for column, (_, what) in zip(TEXT_COLUMNS, cleaned, strict=True) if what)
    fields = tuple(cells[N_TEXT_COLUMNS:])
    return ActivityRow(page, line_no, *text, fields=fields, tokens=parse_cells(list(fields)), normalised=normalised)


def check_duplicate_rows(rows: list[ActivityRow], path: str) -> None:
    """Refuse a page printed twice, or a unit's activity printed twice (the warehouse keeps one row per pair)."""
    pages: dict[tuple, int] = {}
    by_page: dict[int, list[ActivityRow]] = {}
    for row in rows:
        by_page.setdefault(row.page, []).append(row)
    for number, page_rows in by_page.items():
        content = tuple((r.unit_name, r.activity_name, r.fields) for r in page_rows)
        if content in pages:
            first = by_page[pages[content]][0]
            raise ReportError(
                path,
                f"page {number} repeats page {pages[content]} (line {first.line}) row for row: a duplicated page",
                page_rows[0].line,
                number,
            )
        pages[content] = number
    seen: dict[tuple[str, str], ActivityRow] = {}
    for row in rows:
        key = (row.unit_name, row.activity_name)
        if key in seen:
            first = seen[key]
            how = "repeats" if first.fields == row.fields else "has the same unit and activity as"
            raise ReportError(
                path,
                f"{how} line {first.line} (page {first.page}): {row.unit_name} / {row.activity_name[:50]}",
                row.line,
                row.page,
            )
        seen[key] = row


def parse_report(text: str, path: str, source_file: str | None = None) -> ParsedReport:
    """Parse a whole report; raise ReportError naming the line for anything that is not a POI report.

    `path` names the file in messages; `source_file` (default: the last part of `path`) is loaded as its name.
    """
    source_file = source_file or path.replace("\\", "/").rsplit("/", 1)[-1]
    lines = text.split("\n")
    rows: list[ActivityRow] = []
    periods: set[tuple[int, int]] = set()
    dates: list[tuple[date, int]] = []
    page = 0
    state = "before_title"  # before_title -> header -> rows -> after_footer -> (title again)
    header_at = 0
    for index, line in enumerate(lines):
        line_no = index + 1
        if not line.strip():
            continue
        title = parse_title(line, path, line_no)
        if title is not None:
            if state in ("header", "rows"):
                raise ReportError(path, f"page {page} has no 'Fuente:' footer before the next title", line_no, page)
            if periods and title not in periods:
                ((year, quarter),) = periods
                raise ReportError(
                    path,
                    f"pages disagree on the report period: page {page + 1} says {title[0]} Q{title[1]}, page 1 {year} Q{quarter}",
                    line_no,
                )
            page, state = page + 1, "header"
            periods.add(title)
            header_at = line_no
            continue
        if state in ("before_title", "after_footer"):
            what = "missing report title" if page == 0 else "text after the footer, outside any page"
            if page and fold(line).startswith("MEF UNIDAD ORGANICA"):
                what = f"page {page + 1} has no title line before its header"
            raise ReportError(path, f"{what}: {line.strip()[:60]!r}", line_no)
        if state == "header":
            second = lines[index + 1] if index + 1 < len(lines) else ""
            check_header(line, second, path, line_no)
            lines[index + 1] = ""  # consumed
            state = "rows"
            continue
        if _FOOTER.match(fold(line.strip())):
            found = parse_footer_date(line, path, line_no)
            if found is None:
                raise ReportError(path, "footer has no 'al DD/MM/YYYY' date", line_no, page)
            if dates and found != dates[0][0]:
                first, first_line = dates[0]
                raise ReportError(
                    path,
                    f"footers disagree on the source date: {found:%d/%m/%Y} here, {first:%d/%m/%Y} at line {first_line}",
                    line_no,
                    page,
                )
            dates.append((found, line_no))
            state = "after_footer"
            continue
        rows.append(parse_row(line, path, line_no, page))
    if page == 0:
        raise ReportError(
            path, "missing report title 'PLAN OPERATIVO INSTITUCIONAL <year> – EJECUCIÓN AL <quarter> TRIMESTRE'"
        )
    if state != "after_footer":
        raise ReportError(
            path,
            f"page {page} (title at line {header_at}) ends without its 'Fuente:' footer: the file looks truncated",
            len(lines),
        )
    if len(periods) > 1:
        found = ", ".join(f"{y} Q{q}" for y, q in sorted(periods))
        raise ReportError(path, f"pages disagree on the report period: {found}")
    if not rows:
        raise ReportError(path, "the report has no activity rows")
    check_duplicate_rows(rows, path)
    ((year, quarter),) = periods
    for row in rows:
        check_text_row(row.tokens, quarter, path, row.line, row.page)
    source_date, date_line = dates[0]
    check_footer_date(year, quarter, source_date, path, date_line)
    return ParsedReport(source_file, year, quarter, source_date, page, tuple(rows))
