"""The XLSX producer: merged headers as an office makes them, values stored as printed, print set-up."""

from __future__ import annotations

from dataclasses import replace

import openpyxl
import pytest

from devkit.render.corpus import random_report
from devkit.render.layout import blocks, printed_cells, title_text
from devkit.render.style import Style
from devkit.render.xlsx import render_xlsx

HEADER_MERGES = ["A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4", "F3:Q3", "R3:AC3", "AD3:AE3", "AF3:AG3", "AH3:AI3", "AJ3:AK3"]


@pytest.fixture(scope="module")
def drawn():
    return random_report(11, n_rows=45, footnote_rate=0.3, slip_rate=0.1)


def write(tmp_path, spec, style):
    return openpyxl.load_workbook(render_xlsx(spec, tmp_path / "r.xlsx", style))


def data_rows(ws):
    """Sheet rows whose META ANUAL column holds a value under a header (the activity rows)."""
    header = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "MEF"]
    return [r for r in range(header[0] + 2, ws.max_row + 1) if ws.cell(r, 3).value and ws.cell(r, 1).value != "MEF"]


def test_header_merges_and_title(tmp_path, drawn):
    ws = write(tmp_path, drawn.spec, Style(rows_per_page=100)).active
    merges = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:AM1", *HEADER_MERGES, "AL3:AM3"} <= merges
    assert ws["A1"].value == title_text(drawn.spec) and ws["A3"].value == "MEF" and ws["F3"].value == "PROGRAMADO"
    assert [ws.cell(4, c).value for c in range(6, 9)] == ["ENE", "FEB", "MAR"]
    assert [ws.cell(4, c).value for c in range(30, 40)] == ["PROG", "EJEC"] * 5
    no_sub = write(tmp_path, drawn.spec, Style(rows_per_page=100, total_subheader=False)).active
    assert "AL3:AM4" in {str(r) for r in no_sub.merged_cells.ranges} and no_sub["AL4"].value is None


@pytest.mark.parametrize("numbers", ["numbers", "text", "mixed"])
def test_cells_hold_what_the_report_prints(tmp_path, drawn, numbers):
    style = Style(rows_per_page=100, numbers=numbers, zeros="zero", thousands=True, seed=3)
    ws = write(tmp_path, drawn.spec, style).active
    rows = data_rows(ws)
    assert len(rows) == len(drawn.spec.rows)
    kinds = set()
    for r, spec_row in zip(rows, drawn.spec.rows, strict=True):
        assert ws.cell(r, 3).value == spec_row.activity_name and ws.cell(r, 3).alignment.wrap_text
        for col, text in enumerate(printed_cells(spec_row, drawn.spec.quarter, style), start=5):
            value = ws.cell(r, col).value
            kinds.add(type(value))
            shown = f"{value:,}" if isinstance(value, int) else (value or "")
            assert shown == text
            if " " in text:
                assert isinstance(value, str)  # a number with a footnote mark is text
    kinds.discard(type(None))  # blank executed cells after the cut-off
    assert kinds == ({str} if numbers == "text" else {int, str})


def test_one_sheet_page_breaks_and_print_setup(tmp_path, drawn):
    style = Style(rows_per_page=10, paper="A3")
    ws = write(tmp_path, drawn.spec, style).active
    n = len(blocks(drawn.spec, style))
    assert n == 5 and len(ws.row_breaks.brk) == n - 1
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 8  # A3
    assert ws.sheet_properties.pageSetUpPr.fitToPage or ws.page_setup.scale  # fit to the width, or a zoom
    assert sum(ws.cell(r, 1).value == "MEF" for r in range(1, ws.max_row + 1)) == n  # header on every block
    assert all(ws.row_dimensions[r].height for r in data_rows(ws))  # row heights stored, as Excel does


def test_print_titles_write_the_header_once(tmp_path, drawn):
    style = Style(rows_per_page=10, print_titles=True, agency_line="MUNICIPALIDAD DE LIMA")
    ws = write(tmp_path, drawn.spec, style).active
    assert sum(ws.cell(r, 1).value == "MEF" for r in range(1, ws.max_row + 1)) == 1
    assert ws.print_title_rows == "$1:$5"  # agency line, title, blank line, two header lines
    assert len(data_rows(ws)) == len(drawn.spec.rows)


def test_one_block_per_sheet_with_title_first_and_footer_last(tmp_path, drawn):
    style = Style(rows_per_page=20, sheets="per_page", title_every_page=False, footer_every_page=False,
                  page_numbers=True, legend=True)  # fmt: skip
    wb = write(tmp_path, drawn.spec, style)
    assert len(wb.worksheets) == 3
    texts = [[str(c.value) for row in ws.iter_rows() for c in row if c.value] for ws in wb.worksheets]
    assert [any(t.startswith("PLAN OPERATIVO") for t in ts) for ts in texts] == [True, False, False]
    assert [any(t.startswith("Fuente:") for t in ts) for ts in texts] == [False, False, True]
    assert [any(t.startswith("1/ Actividad") for t in ts) for ts in texts] == [False, False, True]
    assert [f"Página {i} de 3" in ts for i, ts in enumerate(texts, 1)] == [True, True, True]


def test_an_empty_report_still_renders(tmp_path, drawn):
    ws = write(tmp_path, replace(drawn.spec, rows=()), Style()).active
    assert ws["A3"].value == "MEF" and not data_rows(ws)


@pytest.mark.parametrize("font", ["sans", "serif", "wide"])
def test_column_unit_is_arial_10_whatever_the_cells_font(tmp_path, drawn, font):
    wb = write(tmp_path, drawn.spec, Style(font=font))
    assert (wb._fonts[0].name, wb._fonts[0].sz) == ("Arial", 10)  # LibreOffice's unit: 5.55 pt
    assert wb.active["C5"].font.name == {"sans": "Arial", "serif": "Times New Roman", "wide": "Verdana"}[font]


def test_rows_are_as_tall_as_their_wrapped_names_unless_tight(tmp_path, drawn):
    style = Style(name_width="narrow", rows_per_page=100)
    fitted = write(tmp_path, drawn.spec, style).active
    heights = [fitted.row_dimensions[r].height for r in data_rows(fitted)]
    tight = write(tmp_path, drawn.spec, replace(style, row_height="tight")).active
    one_line = {tight.row_dimensions[r].height for r in data_rows(tight)}
    assert len(one_line) == 1 and min(heights) >= min(one_line)  # tight: every data row one line high
    assert max(heights) > 3 * min(one_line) and len(set(heights)) > 3  # names wrap onto 1, 2, 3 … lines


def test_unfitted_sheet_prints_at_full_size(tmp_path, drawn):
    ws = write(tmp_path, drawn.spec, Style(fit="none")).active
    assert not ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.scale is None
