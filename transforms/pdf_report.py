"""Read a POI report from its PDF, cell by cell (pdfplumber for the glyphs; the layout logic is pure).

Every page is read on its own: its title, its header's columns, its rows and footer. Pages without
text (blank separators) are skipped; a page with images but no text is a scan and is refused, as is a
page whose header cannot be verified. `source_line` is the row's 1-based ordinal in the file.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass

from transforms.errors import ReportError
from transforms.pdf_geometry import Glyph, Rule, group_lines
from transforms.pdf_header import Header, PageProblem, find_header, placed_words
from transforms.pdf_names import NameLine, join_name, stem, vocabulary
from transforms.pdf_rows import PageBody, read_body
from transforms.published import TEXT_COLUMNS, Page, PositionedRow, assemble

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # malformed PDFs are reported by us, in one line

PASSWORD = "the PDF is password-protected: open it with its password and save a copy without one"
NO_TEXT = "the PDF has no text layer (a scanned document?): run OCR on it first (e.g. ocrmypdf) and load the result"


@dataclass(frozen=True, slots=True)
class PageRead:
    """What one page gave: its layout as found (for `poi-etl inspect`) and its rows."""

    number: int
    header: Header | None
    body: PageBody | None
    skipped: str | None = None  # why a page gave no rows (blank)


def open_pdf(data: bytes, path: str):
    """A pdfplumber document, or ReportError for an encrypted, truncated or corrupt file."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages  # parses the page tree: a broken file fails here
    except PDFPasswordIncorrect:
        raise ReportError(path, PASSWORD) from None
    except Exception as err:  # pdfminer raises many types for damaged files
        reason = _reason(err)
        if reason == PASSWORD:
            raise ReportError(path, PASSWORD) from None
        raise ReportError(path, f"the PDF cannot be read (truncated or damaged?): {reason}") from None
    if not pages:
        pdf.close()
        raise ReportError(path, "the PDF has no page (an empty document, or its page tree is damaged)")
    return pdf


def _reason(err: BaseException) -> str:
    inner = getattr(err, "args", None)
    text = str(inner[0]) if inner else ""
    if isinstance(inner[0] if inner else None, BaseException):
        err, text = inner[0], str(inner[0])
    if "password" in text.lower() or type(err).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
        return PASSWORD
    return (f"{type(err).__name__}: {text}" if text else type(err).__name__)[:160]


def page_glyphs(page) -> tuple[list[Glyph], list[Rule], int]:
    """The page's upright glyphs, its ruling lines (strokes and thin rectangles), and how many images it has.

    Read from pdfplumber's layout objects (`page.layout`, pdfminer's) with pdfplumber's coordinates
    (top-down, offset by the MediaBox), without building its attribute dicts for every object: the same
    boxes as `page.chars`, in about 60% of the time.
    """
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTLine, LTRect

    height = page.height
    mb_x0, mb_top = page.mediabox[:2]
    glyphs: list[Glyph] = []
    rules: list[Rule] = []
    images = 0
    stack = [page.layout]
    while stack:
        for obj in stack.pop():
            if isinstance(obj, LTChar):
                if obj.upright:
                    top, bottom = height - obj.y1 + mb_top, height - obj.y0 + mb_top
                    glyphs.append(Glyph(obj.get_text(), obj.x0 + mb_x0, obj.x1 + mb_x0, top, bottom, obj.size))
            elif isinstance(obj, LTLine | LTRect) or (isinstance(obj, LTCurve) and _thin(obj)):
                if isinstance(obj, LTLine) or _thin(obj):
                    rules.append(Rule(obj.x0 + mb_x0, obj.x1 + mb_x0, height - obj.y1 + mb_top, height - obj.y0 + mb_top))
            elif isinstance(obj, LTImage):
                images += 1
            elif isinstance(obj, LTFigure):
                stack.append(obj)
    return glyphs, rules, images


def _thin(obj) -> bool:
    return min(obj.width, obj.height) <= 1.5


def read_page(number: int, glyphs: list[Glyph], rules: list[Rule], images: int, path: str) -> PageRead:
    """One page's header and body; ReportError when the page is refused."""
    where = f"page {number}"
    if not any(g.text.strip() for g in glyphs):
        if images:
            raise ReportError(path, NO_TEXT if number == 1 else f"page {number} is an image without text (scanned?): "
                              "run OCR on the PDF first", page=number)  # fmt: skip
        return PageRead(number, None, None, skipped="blank page")
    lines = group_lines(glyphs)
    rows = placed_words(lines)
    try:
        header = find_header(lines, rules, where)
        body = read_body(rows, header, rules, where, path)
    except PageProblem as problem:
        reason = str(problem).removeprefix(f"{where}: ")  # the error names the page itself
        raise ReportError(path, f"{reason}; not a POI report page we can read", page=number) from None
    return PageRead(number, header, body)


def _name_cells(read: PageRead) -> list[tuple[list[NameLine], float]]:
    """Every name cell of the page: its lines and its column's text width."""
    assert read.body is not None
    out = []
    for row in read.body.rows:
        for lines, width in zip(row.name_lines, read.body.text_widths, strict=True):
            out.append(([_name_line(line) for line in lines], width))
    return out


def _name_line(line) -> NameLine:
    words = line.words
    first = words[0].word.glyphs[0]
    return NameLine(tuple(w.text for w in words), tuple(w.x1 - w.x0 for w in words), words[0].x0, words[-1].x1,
                    words[-1].size, first.x1 - first.x0)  # fmt: skip


def _page(read: PageRead, first_row: int, vocab: frozenset[str], stems: frozenset[str]) -> Page:
    """The page's rows with their names joined (words cut by the column rejoined when settled)."""
    assert read.header is not None and read.body is not None
    rows = []
    for i, row in enumerate(read.body.rows):
        names, notes = [], list(row.notes)
        for lines, width, column in zip(row.name_lines, read.body.text_widths, TEXT_COLUMNS, strict=True):
            name, cut_notes = join_name([_name_line(line) for line in lines], width, vocab, column, stems)
            names.append(name)
            notes += cut_notes
        rows.append(PositionedRow(read.number, first_row + i, tuple(names), row.cells, tuple(notes), row.problems))  # type: ignore[arg-type]
    return Page(read.number, read.header.period, read.body.footer, tuple(rows), f"page {read.number}")


def read_pdf(data: bytes, path: str) -> tuple:
    """Every page read (for inspection) and the assembled ParsedReport."""
    pdf = open_pdf(data, path)
    reads: list[PageRead] = []
    try:
        n_pages = len(pdf.pages)
        any_text = False
        for number, page in enumerate(pdf.pages, start=1):
            glyphs, rules, images = page_glyphs(page)
            page.close()
            any_text = any_text or any(g.text.strip() for g in glyphs)
            if not any_text and images and number == n_pages:
                raise ReportError(path, NO_TEXT)
            reads.append(read_page(number, glyphs, rules, images, path))
    finally:
        pdf.close()
    if not any_text:
        raise ReportError(path, "the PDF has no text at all (blank pages): not a POI report")
    read = [r for r in reads if r.body is not None]
    vocab = vocabulary(cell for r in read for cell in _name_cells(r))
    stems = frozenset(stem(word) for word in vocab)
    pages, next_row = [], 1
    for r in read:
        pages.append(_page(r, next_row, vocab, stems))
        next_row += len(pages[-1].rows)
    return reads, assemble(path, pages, n_pages, "pdf")


def parse_pdf(data: bytes, path: str):
    """The ParsedReport of a PDF report; ReportError naming the file and page when it cannot be read."""
    return read_pdf(data, path)[1]
