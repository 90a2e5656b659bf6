"""Both PDF producers print as an office's export does: every row's names inside the row, the table
inside the page, one page per block (devkit.render.print_check).

The row check reads grid lines, so every style here prints with a grid: the grid changes no row height
or column width. The opt-in broken variants (`row_height="tight"`, `fit="none"`) show the check fails.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from devkit.render.corpus import random_report
from devkit.render.libreoffice import convert_to_pdf
from devkit.render.pdf_reportlab import render_pdf
from devkit.render.print_check import check_pdf
from devkit.render.style import Style, random_style
from devkit.render.xlsx import render_xlsx
from tests.devkit.tools import need

HARD = {
    "serif_narrow_small": Style(font="serif", name_width="narrow", number_width="narrow", font_scale=0.8, valign="bottom"),
    "wide_a4_narrow_names": Style(font="wide", name_width="narrow", sheets="per_page", print_titles=True, rows_per_page=15),
    "wide_total_over_both_lines": Style(font="wide", number_width="narrow", total_subheader=False, valign="top"),
    "a3_sans_many_rows": Style(paper="A3", rows_per_page=25, name_width="narrow", header_gap=0.0),
}
BROKEN = {
    "tight": Style(row_height="tight", name_width="narrow", font="serif"),
    "unfitted": Style(fit="none", font="wide", name_width="narrow", rows_per_page=6),
}


def cases(seeds) -> dict[str, tuple]:
    """name -> (spec, style): drawn styles with a grid, the hard ones, then the broken variants."""
    styles = {f"seed{s}": replace(random_style(s), grid=True) for s in seeds} | HARD | BROKEN
    out = {}
    for i, (name, style) in enumerate(styles.items()):
        spec = random_report(100 + i, n_rows=style.rows_per_page + 3, footnote_rate=0.2).spec  # two page blocks
        out[name] = (spec, style)
    return out


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory) -> dict[str, tuple]:
    """name -> (spec, style, LibreOffice PDF), every XLSX converted in one LibreOffice run."""
    need("soffice", "libreoffice-calc-nogui")
    folder = tmp_path_factory.mktemp("fidelity")
    drawn = cases(range(10))
    xlsx = [render_xlsx(spec, folder / f"{name}.xlsx", style) for name, (spec, style) in drawn.items()]
    pdfs = convert_to_pdf(xlsx, folder / "pdf", timeout=600)
    return {name: (*drawn[name], pdf) for name, pdf in zip(drawn, pdfs, strict=True)}


def faults(found: dict[str, list[str]]) -> str:
    return "; ".join(f"{name}: {problems[0]} (+{len(problems) - 1})" for name, problems in found.items() if problems)


@pytest.mark.e2e
def test_libreoffice_prints_rows_inside_their_grid_and_the_table_on_its_pages(libreoffice):
    found = {name: check_pdf(pdf, spec, style) for name, (spec, style, pdf) in libreoffice.items() if name not in BROKEN}
    assert not faults(found), faults(found)


@pytest.mark.e2e
def test_libreoffice_broken_variants_are_caught(libreoffice):
    spec, style, pdf = libreoffice["tight"]
    assert any("cross a grid line" in p or "its cell shows" in p for p in check_pdf(pdf, spec, style))
    spec, style, pdf = libreoffice["unfitted"]
    assert any("pages for" in p or "table cut" in p for p in check_pdf(pdf, spec, style))


def test_reportlab_prints_rows_inside_their_grid_and_the_table_on_its_pages(tmp_path):
    found = {}
    for name, (spec, style) in cases(range(20)).items():
        if name not in BROKEN:
            found[name] = check_pdf(render_pdf(spec, tmp_path / f"{name}.pdf", style), spec, style)
    assert not faults(found), faults(found)


def test_reportlab_broken_variants_are_caught(tmp_path):
    drawn = cases(())
    spec, style = drawn["tight"]
    problems = check_pdf(render_pdf(spec, tmp_path / "tight.pdf", style), spec, style)
    assert any("cross a grid line" in p or "its cell shows" in p for p in problems)
    spec, style = drawn["unfitted"]
    problems = check_pdf(render_pdf(spec, tmp_path / "unfitted.pdf", style), spec, style)
    assert any("table cut" in p for p in problems)


def test_random_styles_never_draw_the_broken_variants():
    drawn = [random_style(seed) for seed in range(3000)]
    assert {(s.row_height, s.fit) for s in drawn} == {("fit", "width")}


def test_broken_variants_are_named_knobs():
    with pytest.raises(ValueError, match="row_height"):
        Style(row_height="short")
    with pytest.raises(ValueError, match="fit"):
        Style(fit="page")
