"""The XLSX reader on workbooks written by openpyxl: the devkit's office-like exports, and edits of them."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from devkit.render import Style, random_report, render_xlsx
from devkit.render.spec import expected_values
from transforms.errors import ReportError
from transforms.star import recover
from transforms.xlsx_report import parse_xlsx


@pytest.fixture(scope="module")
def drawn():
    return random_report(seed=5, n_rows=30, quarter=4, year=2017, slip_rate=0.1, footnote_rate=0.2)


def _read(path: Path):
    return parse_xlsx(path.read_bytes(), str(path))


@pytest.mark.parametrize(
    "style",
    [
        Style(sheets="one", rows_per_page=12, numbers="numbers"),
        Style(sheets="per_page", rows_per_page=12, numbers="text", total_subheader=False),
        Style(sheets="one", rows_per_page=30, numbers="mixed", footer_every_page=True, legend=True,
              page_numbers=True, agency_line="SERVICIO DE ADMINISTRACIÓN TRIBUTARIA DE LIMA - SAT"),
    ],
)  # fmt: skip
def test_every_row_reads_as_rendered(drawn, style, tmp_path):
    path = render_xlsx(drawn.spec, tmp_path / "r.xlsx", style)
    report = _read(path)
    assert (report.year, report.quarter, report.source_date) == (2017, 4, drawn.spec.source_date)
    assert len(report.rows) == len(drawn.spec.rows)
    for row, spec_row in zip(report.rows, drawn.spec.rows, strict=True):
        assert (row.mef_category, row.unit_name, row.activity_name, row.unit_of_measure) == (
            spec_row.mef_category, spec_row.unit_name, spec_row.activity_name, spec_row.unit_of_measure,
        )  # fmt: skip
        assert recover(row, 4).values == expected_values(spec_row, 4)


def test_blocks_one_per_sheet_number_rows_by_sheet_and_page(drawn, tmp_path):
    report = _read(render_xlsx(drawn.spec, tmp_path / "r.xlsx", Style(sheets="per_page", rows_per_page=10)))
    locators = [(r.page, r.line) for r in report.rows]
    assert len(set(locators)) == len(locators) == 30
    assert {page for page, _ in locators} == {1, 2, 3} and report.n_pages == 3
    assert report.rows[0].line == report.rows[10].line  # each sheet numbers its own rows


def _edit(path: Path, change) -> Path:
    workbook = openpyxl.load_workbook(path)
    change(workbook)
    workbook.save(path)
    return path


def test_a_unit_merged_down_its_activities_is_read_into_each_row(drawn, tmp_path):
    path = render_xlsx(drawn.spec, tmp_path / "r.xlsx", Style(sheets="one", rows_per_page=30))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    first = next(r for r in range(1, 40) if sheet.cell(r, 1).value == drawn.spec.rows[0].mef_category)
    sheet.cell(first + 1, 2).value = None
    sheet.merge_cells(start_row=first, start_column=2, end_row=first + 1, end_column=2)
    workbook.save(path)
    rows = _read(path).rows
    assert rows[1].unit_name == drawn.spec.rows[0].unit_name


def test_a_formula_without_a_saved_result_is_not_read_as_blank(drawn, tmp_path):
    path = render_xlsx(drawn.spec, tmp_path / "r.xlsx", Style(sheets="one", rows_per_page=30))
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    first = next(r for r in range(1, 40) if sheet.cell(r, 1).value == drawn.spec.rows[0].mef_category)
    sheet.cell(first, 30).value = "=F7+G7+H7"  # q1_prog as a formula: openpyxl saves no result
    workbook.save(path)
    rec = recover(_read(path).rows[0], 4)
    assert rec.status == "unresolved" and rec.values[25] is None
    assert "'=F7+G7+H7' is not a count" in rec.findings[-1].detail


def test_a_hidden_sheet_is_skipped_and_a_visible_sheet_of_another_layout_is_refused(drawn, tmp_path):
    path = render_xlsx(drawn.spec, tmp_path / "r.xlsx", Style(sheets="one", rows_per_page=30))

    def add_lists(workbook):
        lists = workbook.create_sheet("Listas")
        lists["A1"], lists["A2"] = "ACCIONES", "INFORMES"
        lists.sheet_state = "hidden"

    assert len(_read(_edit(path, add_lists)).rows) == 30

    def show(workbook):
        workbook["Listas"].sheet_state = "visible"

    with pytest.raises(ReportError, match="sheet 'Listas' is not a POI block"):
        _read(_edit(path, show))


def _edit_sheet_xml(path: Path, change) -> Path:
    """Rewrite the first sheet's XML part as another producer would have written it."""
    import zipfile

    data = path.read_bytes()
    edited = path.with_name("edited.xlsx")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(edited, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            target.writestr(info, change(part.decode("utf-8")).encode("utf-8") if info.filename == "xl/worksheets/sheet1.xml" else part)
    assert edited.read_bytes() != data
    return edited


def _first_row(path: Path, spec) -> int:
    sheet = openpyxl.load_workbook(path).active
    return next(r for r in range(1, 40) if sheet.cell(r, 1).value == spec.rows[0].mef_category)


def test_a_formula_reads_as_the_result_saved_with_the_file(drawn, tmp_path):
    import re

    path = render_xlsx(drawn.spec, tmp_path / "r.xlsx", Style(sheets="one", rows_per_page=30, numbers="numbers"))
    ref = f"AD{_first_row(path, drawn.spec)}"  # q1_prog of the first row
    value = _read(path).rows[0].cells[25]

    def as_formula(xml: str) -> str:
        cell = re.compile(rf'<c r="{ref}"([^>]*)><v>([^<]*)</v></c>')
        assert cell.search(xml), ref
        return cell.sub(rf'<c r="{ref}"\1><f>SUM(F1:H1)</f><v>\2</v></c>', xml)

    rows = _read(_edit_sheet_xml(path, as_formula)).rows
    assert rows[0].cells[25] == value and rows == _read(path).rows


def test_a_sheet_whose_dimension_is_wrong_is_read_in_full(drawn, tmp_path):
    import re

    path = render_xlsx(drawn.spec, tmp_path / "r.xlsx", Style(sheets="one", rows_per_page=30))
    edited = _edit_sheet_xml(path, lambda xml: re.sub(r'<dimension ref="[^"]*"\s*/>', '<dimension ref="A1:A1"/>', xml))
    assert _read(edited).rows == _read(path).rows and len(_read(path).rows) == 30


def test_a_damaged_sheet_part_is_refused_in_one_line(drawn, tmp_path):
    path = render_xlsx(drawn.spec, tmp_path / "r.xlsx", Style(sheets="one", rows_per_page=30))
    edited = _edit_sheet_xml(path, lambda xml: xml[: len(xml) // 2])
    with pytest.raises(ReportError, match=r"the workbook cannot be read \(damaged\?\): ParseError: ") as err:
        _read(edited)
    assert "\n" not in str(err.value)
