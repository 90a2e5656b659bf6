"""Read a POI report from its XLSX workbook, cell by cell (openpyxl in read-only mode: sheets streamed).

A workbook holds one or more page blocks: on one sheet, one after the other (title and header
repeated), or one block per sheet. A block is found by its month header row (ENE..DIC twice, then
PROG/EJEC per quarter); the rows above it give the title and the labels of the text columns and META
ANUAL, which place every column. Names merged down several rows (a unit written once for its
activities) are read into each row. Numbers may be stored as numbers or as text (`"12 1/"`). Hidden
sheets are not part of the published report and are skipped; a visible sheet with content but no POI
block is refused. `source_line` is the sheet row number; `page` is the block's ordinal in the workbook.
"""

from __future__ import annotations

import datetime as dt
import io
import warnings
from dataclasses import dataclass

from transforms.errors import ReportError
from transforms.published import (
    EXEC_LABELS,
    META_LABELS,
    PROG_LABELS,
    TEXT_COLUMNS,
    TEXT_LABELS,
    Page,
    PositionedRow,
    assemble,
    find_title,
    footer_date,
    is_footer,
    is_legend,
    is_page_number,
    is_total,
    matches,
    month_of,
    trim_quarter,
)

_LOOK_BACK = 6  # rows above the month row where the title and the first header row may sit


@dataclass(frozen=True, slots=True)
class Block:
    """A page block's columns on its sheet (1-based column numbers)."""

    month_row: int
    text_columns: tuple[tuple[int, int], ...]  # (first, last) column of each text column
    numeric_columns: tuple[int, ...]  # 35, slot order
    period: tuple[int, int] | None


def parse_xlsx(data: bytes, path: str):
    """The ParsedReport of an XLSX report; ReportError naming the file, sheet and row when it cannot be read."""
    workbook = _open(data, path)
    pages: list[Page] = []
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            grid = _read_sheet(data, sheet, path)
            if grid.empty:
                continue
            blocks = _blocks(grid, path)
            if not blocks:
                raise ReportError(
                    path,
                    f"sheet {sheet.title!r} is not a POI block (no month header ENE..DIC twice): remove the sheet "
                    "or hide it",
                )
            for i, block in enumerate(blocks):
                end = blocks[i + 1].month_row if i + 1 < len(blocks) else grid.max_row + 1
                pages.append(_read_block(grid, block, len(pages) + 1, end, path))
    finally:
        workbook.close()
    if not pages:
        raise ReportError(path, "the workbook has no visible sheet with content")
    return assemble(path, pages, len(pages), "xlsx")


def _damaged(path: str, err: Exception) -> ReportError:
    return ReportError(path, f"the workbook cannot be read (damaged?): {type(err).__name__}: {err}"[:200])


def _open(data: bytes, path: str):
    """The workbook in openpyxl's read-only mode: sheets are streamed from the file when read, so memory
    does not grow with the cells of every page."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unsupported extensions (data validation, …) are not our concern
            return openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as err:
        raise _damaged(path, err) from None


def _read_sheet(data: bytes, sheet, path: str) -> _Grid:
    """The sheet's grid; formula cells read as the results the producer saved with the file."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            sheet.reset_dimensions()  # read every row the file has, whatever its <dimension> says
            cells: dict[tuple[int, int], object] = {}
            formulas: set[tuple[int, int]] = set()
            for row in sheet.iter_rows():
                for cell in row:
                    value = cell.value
                    if value is None:
                        continue
                    cells[(cell.row, cell.column)] = value
                    if isinstance(value, str) and value.startswith("="):
                        formulas.add((cell.row, cell.column))
            if formulas:
                for key, saved in _saved_results(data, sheet.title, formulas).items():
                    formula = cells[key]
                    cells[key] = saved if saved is not None else "=" + str(formula)[1:].replace(" ", "")
            return _Grid(sheet.title, cells, _merged_ranges(data, sheet._worksheet_path))
    except ReportError:
        raise
    except Exception as err:  # a damaged sheet part: read only when the sheet is
        raise _damaged(path, err) from None


def _saved_results(data: bytes, title: str, formulas: set[tuple[int, int]]) -> dict[tuple[int, int], object]:
    """The results the producer saved for the formula cells of one sheet (None where it saved none)."""
    import openpyxl

    values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = values[title]
        sheet.reset_dimensions()
        saved = {key: None for key in formulas}
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None and (cell.row, cell.column) in formulas:
                    saved[(cell.row, cell.column)] = cell.value
        return saved
    finally:
        values.close()


def _merged_ranges(data: bytes, part: str) -> list[tuple[int, int, int, int]]:
    """(min_row, min_col, max_row, max_col) of each merged range of a sheet, from its XML part
    (openpyxl's read-only mode does not give them)."""
    import zipfile
    from xml.etree.ElementTree import iterparse

    from openpyxl.utils.cell import range_boundaries

    out = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part.lstrip("/")) as stream:
        for _, element in iterparse(stream):
            if element.tag.endswith("}mergeCell"):
                min_col, min_row, max_col, max_row = range_boundaries(element.get("ref"))
                out.append((min_row, min_col, max_row, max_col))
            elif element.tag.endswith("}row"):
                element.clear()  # a row's cells are freed as soon as parsed: only the merges are read
    return out


class _Grid:
    """A sheet's cell texts, merged ranges resolved to their top-left value."""

    def __init__(self, title: str, values: dict[tuple[int, int], object], merged: list[tuple[int, int, int, int]]):
        self.title = title
        self.cells: dict[tuple[int, int], str] = {}
        for key, value in values.items():
            text = _text(value)
            if text:
                self.cells[key] = text
        self.merged: dict[tuple[int, int], tuple[int, int]] = {}
        self.spans: dict[tuple[int, int], tuple[int, int, int, int]] = {}
        for min_row, min_col, max_row, max_col in merged:
            self.spans[(min_row, min_col)] = (min_row, min_col, max_row, max_col)
            for r in range(min_row, max_row + 1):
                for c in range(min_col, max_col + 1):
                    if (r, c) != (min_row, min_col):
                        self.merged[(r, c)] = (min_row, min_col)
        self.empty = not self.cells
        self.max_row = max((r for r, _ in self.cells), default=0)
        self.max_col = max((c for _, c in self.cells), default=0)

    def get(self, row: int, column: int, fill: bool = False) -> str:
        if fill and (row, column) in self.merged:
            row, column = self.merged[(row, column)]
        return self.cells.get((row, column), "")

    def row(self, row: int) -> list[tuple[int, str]]:
        return [(c, self.cells[(row, c)]) for c in range(1, self.max_col + 1) if (row, c) in self.cells]

    def span(self, row: int, column: int) -> tuple[int, int]:
        """The columns a (possibly merged) cell covers."""
        _, c0, _, c1 = self.spans.get((row, column), (row, column, row, column))
        return c0, c1


def _text(value) -> str:
    """A cell as the report prints it: integral numbers without decimals, text with single spaces."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return f"date:{value.isoformat()}"
    return " ".join(str(value).split())


def _blocks(grid: _Grid, path: str) -> list[Block]:
    out = []
    for r in range(1, grid.max_row + 1):
        row = grid.row(r)
        months = [(c, month_of(t)) for c, t in row if month_of(t) is not None]
        if [m for _, m in months] != list(range(1, 13)) * 2:
            continue
        out.append(_block(grid, r, [c for c, _ in months], path))
    return out


def _block(grid: _Grid, month_row: int, months: list[int], path: str) -> Block:
    where = f"sheet {grid.title!r} row {month_row}"
    after = [(c, t) for c, t in grid.row(month_row) if c > months[-1]]
    sub = [(c, t) for c, t in after if matches(t, PROG_LABELS + EXEC_LABELS)]
    kinds = ["P" if matches(t, PROG_LABELS) else "E" for _, t in sub]
    if kinds not in (["P", "E"] * 4, ["P", "E"] * 5):
        read = ", ".join(t for _, t in after) or "nothing"
        raise ReportError(path, f"{where}: the quarter columns do not read PROG, EJEC four times (read: {read})",
                          month_row)  # fmt: skip
    above = range(max(1, month_row - _LOOK_BACK), month_row)
    labels = [(r, c, grid.get(r, c)) for r in above for c, _ in grid.row(r)]
    trims = {q: c for r, c, t in labels if (q := trim_quarter(t)) is not None}
    if sorted(trims) != [1, 2, 3, 4]:
        raise ReportError(path, f"{where}: the quarter headers I TRIM..IV TRIM were not all found", month_row)
    for q, c in trims.items():
        if c not in (sub[2 * q - 2][0], sub[2 * q - 2][0] - 1) and not _covers(grid, labels, c, sub[2 * q - 2][0]):
            raise ReportError(path, f"{where}: the header of quarter {q} is not over its PROG/EJEC columns", month_row)
    totals = [sub[8][0], sub[9][0]] if len(sub) == 10 else _total_columns(grid, labels, sub, where, path, month_row)
    text_columns = []
    for name in TEXT_COLUMNS:
        found = [(r, c) for r, c, t in labels if matches(t, TEXT_LABELS[name]) and c < months[0]]
        if not found:
            raise ReportError(path, f"{where}: no '{TEXT_LABELS[name][0].title()}' column header", month_row)
        r, c = found[0]
        text_columns.append(grid.span(r, c))
    meta = [(r, c) for r, c, t in labels if matches(t, META_LABELS) and c < months[0]]
    if not meta:
        raise ReportError(path, f"{where}: no 'Meta Anual' column header", month_row)
    numeric = [meta[0][1], *months, *(c for c, _ in sub[:8]), *totals]
    order = [span[0] for span in text_columns] + numeric
    ends = [span[1] for span in text_columns] + numeric
    if any(b <= a for a, b in zip(ends, order[1:], strict=False)):
        raise ReportError(path, f"{where}: header labels are not in the POI column order", month_row)
    period = None
    for r, _, t in labels:
        period = period or find_title(t, path, r)
    return Block(month_row, tuple(text_columns), tuple(numeric), period)


def _covers(grid: _Grid, labels, column: int, target: int) -> bool:
    return any(c == column and grid.span(r, c)[0] <= target <= grid.span(r, c)[1] for r, c, _ in labels)


def _total_columns(grid: _Grid, labels, sub, where: str, path: str, month_row: int) -> list[int]:
    after = sub[7][0]
    found = [(r, c) for r, c, t in labels if is_total(t) and c > after]
    if not found:
        raise ReportError(path, f"{where}: no 'Total' header over the total columns", month_row)
    first = found[0][1]
    return [first, first + 1]


def _read_block(grid: _Grid, block: Block, number: int, end: int, path: str) -> Page:
    """The block's rows, up to the next block's title or header. Footer rows (one per printed page,
    when an office types them in) give the date; page numbers and footnote legends are not rows."""
    rows: list[PositionedRow] = []
    footer = None
    start = block.month_row + 1
    while start < end and _is_header_rest(grid, start, block):
        start += 1
    for r in range(start, end):
        texts = [c for _, c in grid.row(r)]
        if not texts:
            continue
        joined = " ".join(texts)
        if is_footer(texts[0]):
            found = footer_date(joined, path, r)
            if found is None:
                raise ReportError(path, f"sheet {grid.title!r}: the footer has no 'al DD/MM/YYYY' date", r)
            if footer is not None and found != footer:
                raise ReportError(path, f"sheet {grid.title!r}: footers disagree on the source date "
                                  f"({found:%d/%m/%Y} here, {footer:%d/%m/%Y} above)", r)  # fmt: skip
            footer = found
            continue
        if all(is_page_number(t) for t in texts) or (len(texts) == 1 and is_legend(texts[0])):
            continue
        if find_title(joined, path, r) is not None:
            while rows and _lone_text(rows[-1]):  # a line above the next title (the agency's name)
                rows.pop()
            break
        if any(matches(t, TEXT_LABELS["mef_category"]) for t in texts):
            break  # the next block's header
        names = tuple(_name(grid, r, span) for span in block.text_columns)
        cells = tuple(grid.get(r, c) for c in block.numeric_columns)
        if not any(names) and not any(cells):
            continue
        rows.append(PositionedRow(number, r, names, cells))  # type: ignore[arg-type]
    where = f"sheet {grid.title!r} rows {block.month_row + 1}-{rows[-1].line}" if rows else f"sheet {grid.title!r}"
    return Page(number, block.period, footer, tuple(rows), where)


def _lone_text(row: PositionedRow) -> bool:
    return sum(1 for name in row.names if name) == 1 and not any(row.cells)


def _is_header_rest(grid: _Grid, row: int, block: Block) -> bool:
    """A row right under the month row that only continues header cells (merged or empty numbers)."""
    return all((row, c) in grid.merged or not grid.get(row, c) for c in block.numeric_columns) and not any(
        grid.get(row, c) for span in block.text_columns for c in range(span[0], span[1] + 1)
    )


def _name(grid: _Grid, row: int, span: tuple[int, int]) -> str:
    for c in range(span[0], span[1] + 1):
        text = grid.get(row, c, fill=True)
        if text:
            return text
    return ""
