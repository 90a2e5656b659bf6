"""The reportlab producer: one page per block, every number in its table, glyphs scaled to fit."""

from __future__ import annotations

import pdfplumber
import pytest

from devkit.render.corpus import random_report, sample_spec
from devkit.render.layout import blocks, title_text
from devkit.render.pdf_reportlab import render_pdf
from devkit.render.style import Style, random_style
from tests.devkit.tools import block_numbers, pdf_pages, pdf_text, table_numbers


@pytest.fixture(scope="module")
def drawn():
    return random_report(21, n_rows=50, footnote_rate=0.3, slip_rate=0.1)


@pytest.mark.parametrize("seed", range(6))
def test_pages_match_the_blocks_and_show_the_title(tmp_path, drawn, seed):
    style = random_style(seed)
    path = render_pdf(drawn.spec, tmp_path / "r.pdf", style)
    n = len(blocks(drawn.spec, style))
    assert pdf_pages(path) == n
    text = pdf_text(path)
    assert text.count(title_text(drawn.spec)) == (n if style.title_every_page else 1)
    assert text.count("Fuente: Módulo de Control de la Gestión al") == (n if style.footer_every_page else 1)


@pytest.mark.parametrize(
    "style",
    [Style(), Style(name_width="narrow", number_width="narrow", font="wide", thousands=True),
     Style(paper="A3", font="serif", zeros="zero", grid=False, valign="top", total_subheader=False)],
    ids=["default", "narrow", "a3"],
)  # fmt: skip
def test_every_number_of_a_page_is_in_its_table(tmp_path, drawn, style):
    style = Style(**{**style.as_dict(), "rows_per_page": 25})
    path = render_pdf(drawn.spec, tmp_path / "r.pdf", style)
    with pdfplumber.open(path) as pdf:
        for page, block in zip(pdf.pages, blocks(drawn.spec, style), strict=True):
            assert table_numbers(page) == block_numbers(drawn.spec, block, style)


def test_glyphs_are_scaled_down_and_header_lines_nearly_touch(tmp_path):
    spec = sample_spec()
    with pdfplumber.open(render_pdf(spec, tmp_path / "s.pdf", Style())) as pdf:
        page = pdf.pages[0]
        digits = [c["size"] for c in page.chars if c["text"].isdigit()]
        words = page.extract_words(x_tolerance=1, y_tolerance=1)
    assert min(digits) >= 3 and max(digits) <= 8.5  # body numbers ~4.8 pt on A4 (the title is larger)
    programado = next(w for w in words if w["text"] == "PROGRAMADO")
    ene = next(w for w in words if w["text"] == "ENE")
    assert 0 <= ene["top"] - programado["bottom"] < 3  # the second header line starts right under the first


def test_wrapped_names_and_special_characters_survive(tmp_path, drawn):
    style = Style(name_width="narrow", rows_per_page=60)
    text = " ".join(pdf_text(render_pdf(drawn.spec, tmp_path / "r.pdf", style)).split())
    for row in drawn.spec.rows:
        for word in row.activity_name.split():
            assert word in text
