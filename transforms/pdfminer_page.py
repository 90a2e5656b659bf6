"""A PDF page's glyphs, ruling lines and images read with pdfplumber (pdfminer.six, pure Python).

The reference reading: `transforms.pdfium_page` gives the same boxes faster, and the reader falls back
to this one for files PDFium has to repair and for rotated pages (pdfminer applies the rotation).
`poi-etl inspect --png` draws pages with pdfplumber.
"""

from __future__ import annotations

import io
import logging

from transforms.errors import ReportError
from transforms.pdf_geometry import Glyph, Rule

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # malformed PDFs are reported by us, in one line

PASSWORD = "the PDF is password-protected: open it with its password and save a copy without one"


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
                    rules.append(
                        Rule(obj.x0 + mb_x0, obj.x1 + mb_x0, height - obj.y1 + mb_top, height - obj.y0 + mb_top)
                    )
            elif isinstance(obj, LTImage):
                images += 1
            elif isinstance(obj, LTFigure):
                stack.append(obj)
    return glyphs, rules, images


def _thin(obj) -> bool:
    return min(obj.width, obj.height) <= 1.5
