"""Write a report as an office's XLSX export (openpyxl), ready to print.

Per page block: an optional agency line, the title merged across the 39 columns, the two header lines
with the merges an office makes (the five first labels over both lines, PROGRAMADO and EJECUTADO over
their 12 months, each quarter over PROG / EJEC, Total over its two cells or over both lines), the data
rows, an optional legend line, the footer and an optional "Página i de n" line. Blocks follow each
other on one sheet with a manual page break between them, or stand one per sheet. Row heights are
stored as an office's autofit stores them (LibreOffice does not size the rows of an XLSX on load): the
lines each cell wraps into, at LibreOffice's line pitch, plus its cell padding and a margin. The sheet
prints one page wide (`Style.fit` "width"). Numbers are stored as numbers or as text (`12 1/` is always text); no formulas,
so every value a reader may look for is in the file.
"""

from __future__ import annotations

import random
from copy import copy
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from devkit.render.fonts import LIBREOFFICE_LINE, XLSX_FONTS, line_count, text_width
from devkit.render.layout import (
    LEGEND,
    N_COLUMNS,
    N_TEXT,
    Block,
    blocks,
    footer_text,
    header_1,
    header_2,
    page_text,
    printed_cells,
    title_text,
)
from devkit.render.spec import ReportSpec
from devkit.render.style import Style
from transforms.slots import N_SLOTS

BASE_SIZE = 8.0  # points of the data and header text before the page scaling
DEFAULT_FONT = "Arial"  # the workbook's Normal font, 10 pt: it sets the column-width unit
UNIT_PT = 5.55  # points per column-width unit with that default font, in LibreOffice's PDFs
CELL_PAD = 4.0  # points of a cell's width its text may not use (LibreOffice wraps at 1.0-2.9 pt from the edges)
LINE_SLACK = 0.1  # points LibreOffice's rounding may add to each line's pitch
V_PAD = 2.1  # points a cell keeps above and below its text together (measured 1.96-2.06)
ROW_MARGIN = 1.5  # points each row gets beyond what its text needs
NAME_WIDTHS = {"wide": (20, 24, 48, 12), "narrow": (11, 12, 22, 9)}  # column-width units of the text columns
VALIGN = {"top": "top", "middle": "center", "bottom": "bottom"}
PAPER_PT = {"A4": (841.9, 595.3), "A3": (1190.6, 841.9)}  # long and short side, points
MARGIN_IN = 0.3  # page margins, inches
HEIGHT_USE = 0.9  # share of the printable height a block may fill (LibreOffice's rows run a little taller)
DEFAULT_ROW_PT = 12.8


def render_xlsx(spec: ReportSpec, path: str | Path, style: Style | None = None) -> Path:
    """Write the report to `path` (an .xlsx) with the given style; returns the path."""
    style = style or Style()
    path = Path(path)
    wb = Workbook()
    _default_font(wb)
    pages = blocks(spec, style)
    sheets = [wb.active] if style.sheets == "one" else [wb.active, *(wb.create_sheet() for _ in pages[1:])]
    writers = [_SheetWriter(ws, spec, style) for ws in sheets]
    for i, block in enumerate(pages):
        writer = writers[0] if style.sheets == "one" else writers[i]
        writer.ws.title = _sheet_title(spec, block, style)
        writer.write_block(block)
    for writer in writers:
        writer.finish()
    wb.save(path)
    return path


def _default_font(wb: Workbook) -> None:
    """The workbook's Normal font, which sets the width of a column unit (openpyxl exposes it privately).

    Arial 10 whatever the cells' font, so a unit is 5.55 pt in every style: with Verdana or Times New
    Roman as the Normal font LibreOffice's unit is 6.35 or 5.0 pt (measured), and widths measured in
    Arial units would print wider or narrower than planned.
    """
    font = Font(name=DEFAULT_FONT, size=10)
    wb._named_styles["Normal"].font = font
    wb._fonts[0] = font


def _sheet_title(spec: ReportSpec, block: Block, style: Style) -> str:
    name = f"POI {spec.year} T{spec.quarter}"
    return name if style.sheets == "one" else f"{name} ({block.number})"


class _SheetWriter:
    """Writes page blocks one under the other on one worksheet and sets it up for printing."""

    def __init__(self, ws: Worksheet, spec: ReportSpec, style: Style):
        self.ws, self.spec, self.style = ws, spec, style
        self.row = 1
        self.size = max(4.0, round(BASE_SIZE * style.font_scale * 2) / 2)
        self.font = XLSX_FONTS[style.font]
        self.rng = random.Random(style.seed)
        side = Side(style="thin")
        self.border = Border(left=side, right=side, top=side, bottom=side) if style.grid else Border()
        self.widths = self._column_widths()
        self.title_rows: tuple[int, int] | None = None
        self.formats: dict[tuple, object] = {}
        self.block_rows: list[tuple[int, int]] = []  # first and last sheet row of each block
        for col, width in enumerate(self.widths, start=1):
            ws.column_dimensions[get_column_letter(col)].width = width

    def _column_widths(self) -> list[float]:
        """Text columns per the style; each number column just wide enough for its widest text."""
        widths = [float(w) for w in NAME_WIDTHS[self.style.name_width]]
        labels = list(header_2(self.style))
        labels[N_TEXT] = "ANUAL"
        spare = 0.6 if self.style.number_width == "narrow" else 1.8
        printed = [printed_cells(r, self.spec.quarter, self.style) for r in self.spec.rows] or [("",) * N_SLOTS]
        columns = zip(*printed, strict=True)
        for col, texts in enumerate(columns, start=N_TEXT):
            widest = max([text_width(t, self.style.font, self.size) for t in set(texts)] + [self._bold_width(labels[col])])
            widths.append(round((widest + CELL_PAD) / UNIT_PT + spare, 2))
        for cell in header_1(self.style):  # a label over several number columns (`Total`) fits its span
            if cell.col >= N_TEXT and cell.width > 1:
                span = range(cell.col, cell.col + cell.width)
                short = (self._bold_width(cell.label) + CELL_PAD) / UNIT_PT - sum(widths[c] for c in span)
                for c in span:
                    widths[c] = round(widths[c] + max(0.0, short) / cell.width + 0.005, 2)
        return widths

    def _bold_width(self, text: str) -> float:
        return text_width(text, self.style.font, self.size, bold=True)

    def _height(self, col: int, text: str, bold: bool = False, size: float | None = None) -> float:
        """Points a cell of column `col` needs to show the text wrapped, as LibreOffice prints it."""
        size = size or self.size
        width = self.widths[col] * UNIT_PT - CELL_PAD
        return self._lines_height(line_count(text, self.style.font, size, width, bold), size)

    def _lines_height(self, lines: int, size: float) -> float:
        """Points a row needs for `lines` lines of text at `size` points."""
        return lines * (size * LIBREOFFICE_LINE[self.style.font] + LINE_SLACK) + V_PAD + ROW_MARGIN

    def _put(self, col: int, value: object, *, bold: bool = False, size: float | None = None,
             horizontal: str = "left", wrap: bool = False, border: bool = True, italic: bool = False) -> None:  # fmt: skip
        cell = self.ws.cell(self.row, col + 1, value)
        key = (bold, size, horizontal, wrap, border, italic)
        if key in self.formats:  # openpyxl's style setters are slow: copy a formatted cell's style
            cell._style = copy(self.formats[key])
            return
        cell.font = Font(name=self.font, size=size or self.size, bold=bold, italic=italic)
        cell.alignment = Alignment(horizontal=horizontal, vertical=VALIGN[self.style.valign], wrap_text=wrap)
        if border:
            cell.border = self.border
        self.formats[key] = copy(cell._style)

    def _line(self, text: str, *, size: float, bold: bool = False, italic: bool = False, merge: bool = False,
              horizontal: str = "left", first_col: int = 0) -> None:  # fmt: skip
        """A one-line text row (agency, title, legend, footer, page number)."""
        self._put(first_col, text, bold=bold, size=size, horizontal=horizontal, border=False, italic=italic)
        if merge:
            self.ws.merge_cells(start_row=self.row, start_column=first_col + 1, end_row=self.row, end_column=N_COLUMNS)
        self.ws.row_dimensions[self.row].height = self._lines_height(1, size)
        self.row += 1

    def write_block(self, block: Block) -> None:
        style = self.style
        start = self.row
        repeated_by_printer = style.print_titles and style.sheets == "one" and block.number > 1
        if not repeated_by_printer:
            first = self.row
            if block.title or style.print_titles:
                if style.agency_line:
                    self._line(style.agency_line, size=self.size + 1, bold=True)
                self._line(title_text(self.spec), size=self.size + 3, bold=True, merge=True, horizontal="center")
                self.row += 1  # the blank line under the title
            self._header()
            if style.print_titles and style.sheets == "one":
                self.title_rows = (first, self.row - 1)
        for row in block.rows:
            self._data_row(row)
        if block.footer:
            if style.legend:
                self._line(LEGEND, size=self.size - 1, italic=True)
            self._line(footer_text(self.spec, style), size=self.size)
        if style.page_numbers:
            self._line(page_text(block), size=self.size, merge=True, horizontal="right", first_col=N_COLUMNS - 6)
        if block.number < block.of and style.sheets == "one":
            self.ws.row_breaks.append(Break(id=self.row - 1))
        self.block_rows.append((start, self.row - 1))

    def _header(self) -> None:
        top = self.row
        tall = 0.0
        for cell in header_1(self.style):
            self.row = top
            self._put(cell.col, cell.label, bold=True, horizontal="center", wrap=True)
            for col in range(cell.col, cell.col + cell.width):  # a merged range carries its border on every cell
                for r in range(top, top + cell.lines):
                    self.ws.cell(r, col + 1).border = self.border
            if cell.width > 1 or cell.lines > 1:
                self.ws.merge_cells(start_row=top, start_column=cell.col + 1,
                                    end_row=top + cell.lines - 1, end_column=cell.col + cell.width)  # fmt: skip
            if cell.lines == 2:
                tall = max(tall, self._height(cell.col, cell.label, bold=True))
        self.row = top + 1
        for col, label in enumerate(header_2(self.style)):
            if label:
                self._put(col, label, bold=True, horizontal="center")
        line = self._lines_height(1, self.size)
        self.ws.row_dimensions[top].height = max(line, tall - line)
        self.ws.row_dimensions[top + 1].height = line
        self.row = top + 2

    def _data_row(self, row) -> None:
        names = (row.mef_category, row.unit_name, row.activity_name, row.unit_of_measure)
        for col, text in enumerate(names):
            self._put(col, text, wrap=True)
        for col, text in enumerate(printed_cells(row, self.spec.quarter, self.style), start=N_TEXT):
            self._put(col, self._stored(text), horizontal="right")
            if isinstance(self.ws.cell(self.row, col + 1).value, int):
                self.ws.cell(self.row, col + 1).number_format = "#,##0" if self.style.thousands else "0"
        if self.style.row_height == "fit":
            height = max(self._height(col, text) for col, text in enumerate(names))
        else:  # "tight": one line's height, as a sheet whose heights were never fitted; wrapped names run over
            height = self._lines_height(1, self.size)
        self.ws.row_dimensions[self.row].height = height
        self.row += 1

    def _stored(self, text: str) -> int | str | None:
        """What the cell holds: nothing for a blank, a number or the text (always text with a mark)."""
        if not text:
            return None
        plain = text.replace(",", "")
        as_number = self.style.numbers == "numbers" or (self.style.numbers == "mixed" and self.rng.random() < 0.5)
        return int(plain) if plain.isdigit() and as_number else text

    def finish(self) -> None:
        ws, style = self.ws, self.style
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A3 if style.paper == "A3" else ws.PAPERSIZE_A4
        ws.page_margins = PageMargins(left=MARGIN_IN, right=MARGIN_IN, top=MARGIN_IN, bottom=MARGIN_IN, header=0.2, footer=0.2)
        ws.print_options.horizontalCentered = True
        if self.title_rows:
            ws.print_title_rows = f"{self.title_rows[0]}:{self.title_rows[1]}"
        by_width, zoom = self._zoom()
        if style.fit == "none":  # printed at 100 %: a table wider than the page is cut onto further pages
            return
        if zoom >= by_width:  # every block fits a page once the sheet fits the page width: "fit to 1 page wide"
            ws.sheet_properties.pageSetUpPr.fitToPage = True
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 0  # as tall as needed (a fit-to-height count would void the page breaks)
        else:  # the tallest block sets the zoom, as a person adjusts "N % of normal size" until it fits
            ws.page_setup.scale = zoom

    def _zoom(self) -> tuple[int, int]:
        """(percent that fits the page width, percent that also fits the tallest block on a page)."""
        long_side, short_side = PAPER_PT[self.style.paper]
        width = sum(self.widths) * UNIT_PT * 1.02
        by_width = int(100 * (long_side - 2 * MARGIN_IN * 72) / width)
        repeated = self._rows_height(*self.title_rows) if self.title_rows else 0.0
        tallest = max(self._rows_height(a, b) + (repeated if i else 0.0) for i, (a, b) in enumerate(self.block_rows))
        by_height = int(100 * HEIGHT_USE * (short_side - 2 * MARGIN_IN * 72) / tallest)
        return by_width, max(10, min(by_width, by_height))

    def _rows_height(self, first: int, last: int) -> float:
        return sum(self.ws.row_dimensions[r].height or DEFAULT_ROW_PT for r in range(first, last + 1))
