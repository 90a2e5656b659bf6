"""Read a POI report from its PDF, cell by cell (PDFium or pdfminer for the glyphs; the layout logic is pure).

Every page is read on its own: its title, its header's columns, its rows and footer. Pages without
text (blank separators) are skipped; a page with images but no text is a scan and is refused, as is a
page whose header cannot be verified. `source_line` is the row's 1-based ordinal in the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from transforms.errors import ReportError
from transforms.pdf_geometry import Glyph, Rule, group_lines
from transforms.pdf_header import Header, PageProblem, find_header, placed_words
from transforms.pdf_names import NameLine, join_name, stem, vocabulary
from transforms.pdf_rows import PageBody, read_body
from transforms.pdfminer_page import open_pdf, page_glyphs
from transforms.published import TEXT_COLUMNS, Page, PositionedRow, assemble

NO_TEXT = "the PDF has no text layer (a scanned document?): run OCR on it first (e.g. ocrmypdf) and load the result"


@dataclass(frozen=True, slots=True)
class PageRead:
    """What one page gave: its layout as found (for `poi-etl inspect`) and its rows."""

    number: int
    header: Header | None
    body: PageBody | None
    skipped: str | None = None  # why a page gave no rows (blank)


def page_contents(data: bytes, path: str) -> Iterator[tuple[int, int, tuple[list[Glyph], list[Rule], int]]]:
    """(page number, page count, the page's glyphs, rules and image count) for every page, in order.

    PDFium reads them (`transforms.pdfium_page`). pdfminer (`transforms.pdfminer_page`) reads a page
    PDFium cannot load or that is rotated, and the whole file when PDFium cannot open it as it is (a
    password, a cross-reference table it had to rebuild, no page), so a damaged file gets pdfminer's
    reading or its refusal.
    """
    from transforms import pdfium_page

    try:
        doc = pdfium_page.open_document(data)
    except Exception:  # PdfiumError: a password, or a file it cannot parse
        yield from pdfminer_contents(data, path)
        return
    pdf = None
    try:
        n_pages = len(doc)
        if not pdfium_page.xref_valid(doc) or n_pages == 0:
            yield from pdfminer_contents(data, path)
            return
        descents = pdfium_page.font_descents(data)
        for number in range(1, n_pages + 1):
            content = _pdfium_content(doc, number - 1, descents)
            if content is None:
                pdf = pdf or open_pdf(data, path)
                page = pdf.pages[number - 1]
                content = page_glyphs(page)
                page.close()
            yield number, n_pages, content
    finally:
        doc.close()
        if pdf is not None:
            pdf.close()


def first_page_lines(path: str) -> list[str]:
    """The text of the first page's lines, top to bottom (for peeking at a file's title cheaply: PDFium
    reads only the objects that page needs)."""
    from transforms import pdfium_page

    with open(path, "rb") as stream:  # any name the OS allows; PDFium reads through this file object
        doc = pdfium_page.open_document(stream)
        try:
            page = doc[0]
            try:
                glyphs = pdfium_page.page_glyphs(page, {})[0]
            finally:
                page.close()
        finally:
            doc.close()
    return [line.text for line in group_lines(glyphs)]


def _pdfium_content(doc, index: int, descents: dict[str, float]):
    """The page's contents from PDFium, or None when it is rotated or PDFium cannot load it."""
    from transforms import pdfium_page

    try:
        page = doc[index]
    except Exception:  # PdfiumError
        return None
    try:
        return None if pdfium_page.rotated(page) else pdfium_page.page_glyphs(page, descents)
    finally:
        page.close()


def pdfminer_contents(data: bytes, path: str) -> Iterator[tuple[int, int, tuple[list[Glyph], list[Rule], int]]]:
    """`page_contents` read by pdfminer alone, every page (the reference reading)."""
    pdf = open_pdf(data, path)
    try:
        for number, page in enumerate(pdf.pages, start=1):
            content = page_glyphs(page)
            page.close()
            yield number, len(pdf.pages), content
    finally:
        pdf.close()


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


@dataclass(frozen=True, slots=True)
class _RowNames:
    """A row as read, its name lines reduced to what joining them needs (no glyphs)."""

    name_lines: tuple[tuple[NameLine, ...], ...]  # 4 text columns
    cells: tuple[str, ...]
    notes: tuple[str, ...]
    problems: tuple[tuple[int, str], ...]

    @classmethod
    def of(cls, row) -> _RowNames:
        names = tuple(tuple(_name_line(line) for line in lines) for lines in row.name_lines)
        return cls(names, row.cells, row.notes, row.problems)


@dataclass(frozen=True, slots=True)
class _PageRows:
    """A page's rows as read, kept small: the glyphs of a page are dropped once it is read."""

    number: int
    period: tuple[int, int]
    footer: object
    text_widths: tuple[float, ...]
    rows: tuple[_RowNames, ...]

    @classmethod
    def of(cls, read: PageRead) -> _PageRows:
        assert read.header is not None and read.body is not None
        rows = tuple(_RowNames.of(row) for row in read.body.rows)
        return cls(read.number, read.header.period, read.body.footer, read.body.text_widths, rows)

    def name_cells(self) -> list[tuple[tuple[NameLine, ...], float]]:
        """Every name cell of the page: its lines and its column's text width."""
        return [
            (lines, width) for row in self.rows for lines, width in zip(row.name_lines, self.text_widths, strict=True)
        ]


def _name_line(line) -> NameLine:
    words = line.words
    first = words[0].word.glyphs[0]
    return NameLine(tuple(w.text for w in words), tuple(w.x1 - w.x0 for w in words), words[0].x0, words[-1].x1,
                    words[-1].size, first.x1 - first.x0)  # fmt: skip


def _page(read: _PageRows, first_row: int, vocab: frozenset[str], stems: frozenset[str]) -> Page:
    """The page's rows with their names joined (words cut by the column rejoined when settled)."""
    rows = []
    for i, row in enumerate(read.rows):
        names, notes = [], list(row.notes)
        for lines, width, column in zip(row.name_lines, read.text_widths, TEXT_COLUMNS, strict=True):
            name, cut_notes = join_name(list(lines), width, vocab, column, stems)
            names.append(name)
            notes += cut_notes
        rows.append(PositionedRow(read.number, first_row + i, tuple(names), row.cells, tuple(notes), row.problems))  # type: ignore[arg-type]
    return Page(read.number, read.period, read.footer, tuple(rows), f"page {read.number}")  # type: ignore[arg-type]


def read_pdf(data: bytes, path: str, keep_pages: bool = False, contents=page_contents) -> tuple:
    """The pages as read (with `keep_pages`, for inspection; else an empty list) and the ParsedReport.

    Without `keep_pages`, only each page's rows are kept once it is read, so memory does not grow with
    the glyphs of every page. `contents` gives the pages' glyphs (`pdfminer_contents`: pdfminer alone)."""
    reads: list[PageRead] = []
    read: list[_PageRows] = []
    any_text, n_pages = False, 0
    for number, n_pages, (glyphs, rules, images) in contents(data, path):
        any_text = any_text or any(g.text.strip() for g in glyphs)
        if not any_text and images and number == n_pages:
            raise ReportError(path, NO_TEXT)
        page_read = read_page(number, glyphs, rules, images, path)
        if keep_pages:
            reads.append(page_read)
        if page_read.body is not None:
            read.append(_PageRows.of(page_read))
    if not any_text:
        raise ReportError(path, "the PDF has no text at all (blank pages): not a POI report")
    vocab = vocabulary(cell for r in read for cell in r.name_cells())
    stems = frozenset(stem(word) for word in vocab)
    pages, next_row = [], 1
    for r in read:
        pages.append(_page(r, next_row, vocab, stems))
        next_row += len(pages[-1].rows)
    return reads, assemble(path, pages, n_pages, "pdf")


def parse_pdf(data: bytes, path: str):
    """The ParsedReport of a PDF report; ReportError naming the file and page when it cannot be read."""
    return read_pdf(data, path)[1]
