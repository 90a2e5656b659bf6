"""The PDF reader's two glyph sources agree, on real files from real producers: PDFium
(`transforms.pdfium_page`), which the reader uses, and pdfminer (`transforms.pdfminer_page`), the
pure-Python reading it falls back to for rotated pages and for files PDFium has to repair."""

from __future__ import annotations

from collections import Counter

import pypdfium2 as pdfium
import pytest

from devkit.render import convert_to_pdf, render_pdf, render_xlsx, sample_spec
from devkit.render.bad_inputs import truncated_pdf
from devkit.render.style import FONTS, Style
from tests.devkit.tools import need
from transforms.errors import ReportError
from transforms.pdf_report import page_contents, pdfminer_contents, read_pdf

# Where the two differ, it is by how each spaces the glyphs of an embedded TrueType font (0.22 pt at
# most across a 10 pt title on these files): far below the reader's tolerances (a tenth of a glyph).
POSITION_TOLERANCE = 0.25


@pytest.fixture(scope="module", params=FONTS)
def reportlab_pdf(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"reportlab_{request.param}")
    return render_pdf(sample_spec(), folder / "sample.pdf", Style(font=request.param)).read_bytes()


@pytest.fixture(scope="module")
def libreoffice_pdf(tmp_path_factory):
    need("soffice", "libreoffice-calc-nogui")
    folder = tmp_path_factory.mktemp("libreoffice")
    (pdf,) = convert_to_pdf([render_xlsx(sample_spec(), folder / "sample.xlsx", Style())], folder / "pdf")
    return pdf.read_bytes()


def _key(glyph):
    return (glyph.text, round(glyph.bottom, 1), glyph.x0)


def _assert_same_pages(data: bytes) -> None:
    fast, reference = list(page_contents(data, "sample.pdf")), list(pdfminer_contents(data, "sample.pdf"))
    assert [(n, total) for n, total, _ in fast] == [(n, total) for n, total, _ in reference]
    for (number, _, (glyphs, rules, images)), (_, _, (ref_glyphs, ref_rules, ref_images)) in zip(fast, reference, strict=True):
        assert images == ref_images, number
        assert Counter(g.text for g in glyphs) == Counter(g.text for g in ref_glyphs), number
        assert len(glyphs) > 1000, number  # a report page, not an empty one
        for got, want in zip(sorted(glyphs, key=_key), sorted(ref_glyphs, key=_key), strict=True):
            for field in ("x0", "x1", "top", "bottom", "size"):
                assert abs(getattr(got, field) - getattr(want, field)) < POSITION_TOLERANCE, (number, got, want)
        assert len(rules) == len(ref_rules), number
        edges = lambda r: (round(r.top, 1), round(r.x0, 1), round(r.bottom, 1), round(r.x1, 1))  # noqa: E731
        for got, want in zip(sorted(rules, key=edges), sorted(ref_rules, key=edges), strict=True):
            assert max(abs(a - b) for a, b in zip(edges(got), edges(want), strict=True)) < 0.01, (number, got, want)


def test_reportlab_pages_give_the_same_glyphs_rules_and_images(reportlab_pdf):
    _assert_same_pages(reportlab_pdf)


def test_reportlab_pages_are_read_the_same_from_either_source(reportlab_pdf):
    fast = read_pdf(reportlab_pdf, "sample.pdf")[1]
    assert fast == read_pdf(reportlab_pdf, "sample.pdf", contents=pdfminer_contents)[1]
    assert len(fast.rows) > 20


@pytest.mark.e2e
def test_libreoffice_pages_give_the_same_glyphs_and_reading(libreoffice_pdf):
    _assert_same_pages(libreoffice_pdf)
    fast = read_pdf(libreoffice_pdf, "sample.pdf")[1]
    assert fast == read_pdf(libreoffice_pdf, "sample.pdf", contents=pdfminer_contents)[1]


def test_a_rotated_page_is_read_by_pdfminer(reportlab_pdf, tmp_path):
    doc = pdfium.PdfDocument(reportlab_pdf)
    doc[0].set_rotation(90)
    doc.save(tmp_path / "rotated.pdf")
    doc.close()
    data = (tmp_path / "rotated.pdf").read_bytes()
    fast, reference = list(page_contents(data, "rotated.pdf")), list(pdfminer_contents(data, "rotated.pdf"))
    assert fast[0] == reference[0]  # the very objects pdfminer gives: read by it
    assert fast[1] != reference[1]  # PDFium's reading (equal within single-precision noise only)


def test_a_file_pdfium_must_repair_gets_pdfminers_refusal(reportlab_pdf, tmp_path):
    (tmp_path / "whole.pdf").write_bytes(reportlab_pdf)
    data = truncated_pdf(tmp_path / "whole.pdf", tmp_path / "truncated.pdf").read_bytes()
    with pytest.raises(ReportError) as fast:
        read_pdf(data, "truncated.pdf")
    with pytest.raises(ReportError) as reference:
        read_pdf(data, "truncated.pdf", contents=pdfminer_contents)
    assert str(fast.value) == str(reference.value)
    assert "the PDF cannot be read (truncated or damaged?)" in str(fast.value)
