"""Text is measured with reportlab's metrics; LibreOffice prints with its own fonts, whose widths match."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from devkit.render import corpus, layout
from devkit.render.fonts import line_count, pdf_font, text_width

TRUETYPE = Path("/usr/share/fonts/truetype")
LIBREOFFICE_FILES = {  # what LibreOffice prints Arial, Times New Roman and Verdana with (fc-match)
    ("sans", False): "liberation/LiberationSans-Regular.ttf",
    ("sans", True): "liberation/LiberationSans-Bold.ttf",
    ("serif", False): "liberation/LiberationSerif-Regular.ttf",
    ("serif", True): "liberation/LiberationSerif-Bold.ttf",
    ("wide", False): "dejavu/DejaVuSans.ttf",
    ("wide", True): "dejavu/DejaVuSans-Bold.ttf",
}


def printed_characters() -> set[str]:
    texts = corpus.MEF_CATEGORIES + corpus.UNITS + corpus.UNITS_OF_MEASURE + corpus.VERBS + corpus.OBJECTS
    return set("".join(texts)) | set("0123456789,/ –") | set(layout.LEGEND) | set("PLAN OPERATIVO INSTITUCIONAL ÓÁÉÍÚÑ°")


@pytest.mark.parametrize(("family", "bold"), list(LIBREOFFICE_FILES))
def test_widths_are_those_of_the_fonts_libreoffice_prints_with(family, bold):
    path = TRUETYPE / LIBREOFFICE_FILES[family, bold]
    if not path.is_file():
        reason = f"{path} is not installed (LibreOffice's fonts: apt-get install -y libreoffice-calc-nogui)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    name = f"test-{path.stem}"
    pdfmetrics.registerFont(TTFont(name, str(path)))
    ours = pdf_font(family, bold)
    for char in sorted(printed_characters()):
        assert pdfmetrics.stringWidth(char, ours, 1000) == pytest.approx(pdfmetrics.stringWidth(char, name, 1000), abs=0.6), char


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [("ACCIONES", 100, 1), ("ACCIONES CENTRALES", 50, 2), ("", 50, 1), ("ADMINISTRACIÓN", 20, 4)],
)
def test_line_count_wraps_at_words_and_splits_a_word_wider_than_the_cell(text, width, lines):
    assert line_count(text, "sans", 8, width) == lines


def test_line_count_never_falls_when_the_cell_narrows():
    text = "GERENCIA DE FISCALIZACIÓN TRIBUTARIA Y NO TRIBUTARIA DE LA MUNICIPALIDAD DISTRITAL"
    counts = [line_count(text, "serif", 6, width) for width in range(300, 20, -5)]
    assert counts == sorted(counts) and text_width(text, "serif", 6) > 200
