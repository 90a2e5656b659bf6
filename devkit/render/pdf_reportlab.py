"""Write a report as a PDF with reportlab (a second real producer, laid out like a reporting tool's export).

Per page: an optional agency line, the title, one table (the two header lines with their spans, the
data rows with names wrapped in their cells and numbers right-aligned), an optional legend, the footer
and an optional "Página i de n". The font size is what fits the 39 columns across the page width
(and every block on its page), so numbers end up at 3–8 pt as in real exports; the two header lines
sit `style.header_gap` points apart. Every column is wide enough for its widest word and each spanning
header label for its span, so no text wraps out of its cell; rows are as tall as their wrapped names.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from devkit.render import layout
from devkit.render.fonts import pdf_font, text_width
from devkit.render.spec import ReportSpec
from devkit.render.style import Style

MARGIN = 20.0  # page margins, points
FRAME_PAD = 6.0  # the padding platypus frames keep inside the margins
SAFETY = 2.0  # points of page height a block leaves free
PAD = 1.2  # horizontal padding in a number cell, points
MAX_SIZE = 8.0  # the largest font a page gets, points
NAME_SHARES = {"wide": (0.18, 0.2, 0.46, 0.16), "narrow": (0.22, 0.22, 0.36, 0.2)}  # of the names' width
NAME_EMS = {"wide": 70.0, "narrow": 38.0}  # names' total width, in ems of the font size
NARROW_EXTRA_EMS = 25.0  # with narrow number columns the names get this much more
LEADING = 1.12
WORD_SLACK = 0.1  # ems of the font size every number column gets beyond its widest text (no rounding wrap)
GLYPH_BELOW = 0.12  # ems a glyph's box reaches below its paragraph (the first baseline sits one font size down)


def render_pdf(
    spec: ReportSpec, path: str | Path, style: Style | None = None, *, encrypt: StandardEncryption | None = None
) -> Path:
    """Write the report to `path` (a PDF); `encrypt` protects it with reportlab's standard encryption."""
    style = style or Style()
    path = Path(path)
    page = landscape(A3 if style.paper == "A3" else A4)
    frame_w, frame_h = page[0] - 2 * (MARGIN + FRAME_PAD), page[1] - 2 * (MARGIN + FRAME_PAD) - SAFETY
    fit = _Fit(spec, style, frame_w)
    pages = layout.blocks(spec, style)
    right = MARGIN
    if style.fit == "width":
        size = min(fit.width_size, *(fit.height_size(b, frame_h) for b in pages))
    else:  # full size: the frame runs past the page's right edge, which cuts a table wider than the page
        size = fit.width_size
        right -= max(0.0, fit.table_width(size) - frame_w)
    story: list[Flowable] = []
    for block in pages:
        story += fit.block(block, size)
        if block.number < block.of:
            story.append(PageBreak())
    doc = SimpleDocTemplate(
        str(path), pagesize=page, leftMargin=MARGIN, rightMargin=right, topMargin=MARGIN, bottomMargin=MARGIN,
        title=layout.title_text(spec), author=style.agency_line or "", creator="devkit.render (reportlab)", encrypt=encrypt,
    )  # fmt: skip
    doc.build(story)
    return path


class _Fit:
    """Column widths and the flowables of a page block at a given font size."""

    def __init__(self, spec: ReportSpec, style: Style, frame_w: float):
        self.spec, self.style, self.frame_w = spec, style, frame_w
        self.font, self.bold = pdf_font(style.font), pdf_font(style.font, bold=True)
        self.rows_text = {id(r): layout.printed_cells(r, spec.quarter, style) for r in spec.rows}
        labels = [""] * layout.N_COLUMNS
        for col, text in enumerate(layout.header_2(style)):
            labels[col] = text
        labels[layout.N_TEXT] = "ANUAL"
        narrow = style.number_width == "narrow"  # tight number cells; the names take the room left
        pad = PAD / 2 if narrow else PAD
        # widest text of each number column at 1 pt, and the fixed padding around it
        self.ems = [
            max([text_width(t[col - layout.N_TEXT], style.font, 1) for t in self.rows_text.values()]
                + [text_width(labels[col], style.font, 1, bold=True)]) + WORD_SLACK
            for col in range(layout.N_TEXT, layout.N_COLUMNS)
        ]  # fmt: skip
        self._widen_for_spans()
        self.pad = pad
        self.names_ems = NAME_EMS[style.name_width] + (NARROW_EXTRA_EMS if narrow else 0)
        fitted = (frame_w - 2 * pad * len(self.ems)) / (self.names_ems + sum(self.ems))
        self.width_size = (min(MAX_SIZE, fitted) if style.fit == "width" else MAX_SIZE) * style.font_scale

    def _widen_for_spans(self) -> None:
        """Number columns under a first-line label (`Total`, `IV TRIM`) widened alike until the label fits."""
        for cell in layout.header_1(self.style):
            if cell.col < layout.N_TEXT or cell.width == 1:
                continue
            span = range(cell.col - layout.N_TEXT, cell.col - layout.N_TEXT + cell.width)
            short = text_width(cell.label, self.style.font, 1, bold=True) + WORD_SLACK - sum(self.ems[i] for i in span)
            for i in span:
                self.ems[i] += max(0.0, short) / cell.width

    def widths(self, size: float) -> list[float]:
        numbers = [e * size + 2 * self.pad for e in self.ems]
        names = self.frame_w - sum(numbers) if self.style.fit == "width" else self.names_ems * size
        return [names * share for share in NAME_SHARES[self.style.name_width]] + numbers

    def table_width(self, size: float) -> float:
        return sum(self.widths(size))

    def height_size(self, block: layout.Block, frame_h: float) -> float:
        """The largest size (at most the width's) at which the block fits the page height."""
        size = self.width_size
        while size > 2 and sum(f.wrap(self.frame_w, frame_h)[1] for f in self.block(block, size)) > frame_h:
            size *= 0.95
        return size

    def _para(self, text: str, size: float, *, bold: bool = False, align: int = TA_LEFT) -> Paragraph:
        ps = ParagraphStyle("cell", fontName=self.bold if bold else self.font, fontSize=size,
                            leading=size * LEADING, alignment=align)  # fmt: skip
        return Paragraph(escape(text), ps)

    def block(self, block: layout.Block, size: float) -> list[Flowable]:
        style, out = self.style, []
        if block.title:
            if style.agency_line:
                out.append(self._para(style.agency_line, size + 1, bold=True))
            out += [self._para(layout.title_text(self.spec), size + 3, bold=True, align=TA_CENTER), Spacer(1, size)]
        out.append(self._table(block, size))
        if block.footer:
            if style.legend:
                out.append(self._para(layout.LEGEND, size - 0.5))
            out.append(self._para(layout.footer_text(self.spec, style), size))
        if style.page_numbers:
            out.append(self._para(layout.page_text(block), size, align=TA_RIGHT))
        return out

    def _table(self, block: layout.Block, size: float) -> Table:
        style = self.style
        head_1: list[object] = [""] * layout.N_COLUMNS
        commands: list[tuple] = []
        for cell in layout.header_1(style):
            head_1[cell.col] = self._para(cell.label, size, bold=True, align=TA_CENTER)
            if cell.width > 1 or cell.lines > 1:
                commands.append(("SPAN", (cell.col, 0), (cell.col + cell.width - 1, cell.lines - 1)))
        head_2 = list(layout.header_2(style))
        data = [head_1, head_2]
        for row in block.rows:
            names = (row.mef_category, row.unit_name, row.activity_name, row.unit_of_measure)
            data.append([self._para(t, size) for t in names] + list(self.rows_text[id(row)]))
        valign = style.valign.upper() if style.valign != "middle" else "MIDDLE"
        commands += [
            ("FONTNAME", (0, 0), (-1, 1), self.bold),
            ("FONTNAME", (0, 2), (-1, -1), self.font),
            ("FONTSIZE", (0, 0), (-1, -1), size),
            ("LEADING", (0, 0), (-1, -1), size * LEADING),
            ("ALIGN", (0, 0), (-1, 1), "CENTER"),
            ("ALIGN", (layout.N_TEXT, 2), (-1, -1), "RIGHT"),
            ("VALIGN", (0, 0), (-1, 1), "MIDDLE"),
            ("VALIGN", (0, 2), (-1, -1), valign),
            ("LEFTPADDING", (0, 0), (-1, -1), self.pad),
            ("RIGHTPADDING", (0, 0), (-1, -1), self.pad),
            ("TOPPADDING", (0, 0), (-1, 1), style.header_gap - GLYPH_BELOW * size),  # text raised by the glyphs'
            ("BOTTOMPADDING", (0, 0), (-1, 1), style.header_gap + GLYPH_BELOW * size),  # overhang, same row height
            ("TOPPADDING", (0, 2), (-1, -1), 1),
            ("BOTTOMPADDING", (0, 2), (-1, -1), 1 + GLYPH_BELOW * size),
        ]
        if style.grid:
            commands.append(("GRID", (0, 0), (-1, -1), 0.25, colors.black))
        heights = None  # each row as tall as its cells
        if style.row_height == "tight":  # one line per data row: wrapped names run over the rows below
            heights = [None, None] + [size * LEADING + 2] * len(block.rows)
        return Table(data, colWidths=self.widths(size), rowHeights=heights, style=TableStyle(commands), hAlign="CENTER")
