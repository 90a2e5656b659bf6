"""Typefaces per producer, and text measured the way the producers lay it out.

`sans`, `serif` and `wide` are Helvetica, Times-Roman and Vera (TrueType, embedded; bundled with
reportlab) in the reportlab PDF, and Arial, Times New Roman and Verdana in the XLSX, which
LibreOffice prints with the fonts it has: Liberation Sans, Liberation Serif and DejaVu Sans. Widths are
measured with the reportlab metrics of the first set: every character the corpus prints has the same
advance width in the TrueType files of the second (tests/devkit/test_fonts.py). Line heights differ, so
LibreOffice's own are kept apart (`LIBREOFFICE_LINE`).
"""

from __future__ import annotations

from functools import cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

PDF_FONTS = {"sans": ("Helvetica", "Helvetica-Bold"), "serif": ("Times-Roman", "Times-Bold"), "wide": ("Vera", "Vera-Bold")}
XLSX_FONTS = {"sans": "Arial", "serif": "Times New Roman", "wide": "Verdana"}
LIBREOFFICE_FONTS = {"sans": "Liberation Sans", "serif": "Liberation Serif", "wide": "DejaVu Sans"}
# Line pitch per point of font size in LibreOffice's PDFs (the font's ascent + descent), measured on
# 4, 6 and 8 pt text; LibreOffice rounds each pitch to its layout unit, up to 0.07 pt more.
LIBREOFFICE_LINE = {"sans": 1.117, "serif": 1.107, "wide": 1.164}


@cache
def _register_vera() -> None:
    pdfmetrics.registerFont(TTFont("Vera", "Vera.ttf"))  # found on reportlab's own font path
    pdfmetrics.registerFont(TTFont("Vera-Bold", "VeraBd.ttf"))


def pdf_font(family: str, bold: bool = False) -> str:
    """The reportlab font name of a family (registering the embedded TrueType one on first use)."""
    if family == "wide":
        _register_vera()
    return PDF_FONTS[family][bold]


def text_width(text: str, family: str, size: float, bold: bool = False) -> float:
    """Width in points of one line of text."""
    return pdfmetrics.stringWidth(text, pdf_font(family, bold), size)


def line_count(text: str, family: str, size: float, width: float, bold: bool = False) -> int:
    """Lines the text takes when wrapped at word boundaries into `width` points (a long word is split)."""
    lines, current = 0, ""
    for word in text.split():
        trial = f"{current} {word}" if current else word
        if text_width(trial, family, size, bold) <= width:
            current = trial
            continue
        if current:
            lines += 1
        while text_width(word, family, size, bold) > width and len(word) > 1:  # broken inside the word
            cut = max(1, int(len(word) * width / text_width(word, family, size, bold)))
            word, lines = word[cut:], lines + 1
        current = word
    return lines + (1 if current else 0) or 1
