"""PDF and XLSX reports through the real flows: a folder mixing formats, idempotence, --replace, findings."""

from __future__ import annotations

import shutil

import pytest

from devkit.render import Style, random_report, render_pdf, render_xlsx
from devkit.render.spec import expected_status, expected_values
from devkit.warehouse_state import query, table_checksums
from tests.flows.runs import run_reports

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_server")]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """2018 Q1 as XLSX (one block per sheet), Q2 as a reportlab PDF, and Q2 again as XLSX."""
    folder = tmp_path_factory.mktemp("reports")
    q1 = random_report(seed=21, n_rows=24, year=2018, quarter=1, slip_rate=0.1, footnote_rate=0.2)
    q2 = random_report(seed=22, n_rows=30, year=2018, quarter=2, footnote_rate=0.2)
    render_xlsx(q1.spec, folder / "poi_2018_t1.xlsx", Style(sheets="per_page", rows_per_page=10))
    render_pdf(q2.spec, folder / "poi_2018_t2.pdf", Style(rows_per_page=12))
    render_xlsx(q2.spec, folder / "poi_2018_t2_hoja.xlsx", Style())
    return folder, q1, q2


def test_a_folder_of_pdf_xlsx_and_text_loads_by_period(reports, sample_path, tmp_path, warehouse_path):
    folder, q1, q2 = reports
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(folder / "poi_2018_t2.pdf", inbox / "b_second_quarter")  # no extension: known by its content
    shutil.copy(folder / "poi_2018_t1.xlsx", inbox / "c_first.xlsx")
    shutil.copy(sample_path, inbox / "a_2017.txt")
    (inbox / "~$c_first.xlsx").write_bytes(b"\x00lock")  # an office lock file is not a report
    state, outcomes = run_reports([inbox], warehouse_path)
    assert state.is_completed(), state.message
    assert [(o.report_year, o.report_quarter, o.outcome) for o in outcomes] == [
        (2017, 4, "loaded"), (2018, 1, "loaded"), (2018, 2, "loaded")
    ]  # fmt: skip
    assert query(warehouse_path, "select report_id, n_rows, n_pages from dim_report order by 1") == [
        (20174, 87, 5), (20181, 24, 3), (20182, 30, 3)
    ]  # fmt: skip
    # every value of the published files is the truth
    for spec, rid in ((q1.spec, 20181), (q2.spec, 20182)):
        loaded = query(
            warehouse_path,
            "select a.activity_name, r.meta_anual, r.total_programmed, r.total_executed "
            "from fct_activity_row r join dim_activity a using (activity_id) "
            f"where r.report_id = {rid} order by r.page, r.source_line",
        )
        truth = [(row.activity_name, *(expected_values(row, spec.quarter)[s] for s in (0, 33, 34))) for row in spec.rows]
        assert loaded == truth
    # findings of a published file name the page; an agency slip is inconsistent, as printed
    slips = query(
        warehouse_path,
        "select count(*) from v_data_quality where report_year = 2018 and report_quarter = 1 and rule = 'identity' "
        "and page is not null",
    )[0][0]
    assert slips == sum(expected_status(row, 1) == "inconsistent" for row in q1.spec.rows) >= len(q1.slipped_rows) > 0
    _, outcomes = run_reports([inbox], warehouse_path)
    assert [o.outcome for o in outcomes] == ["skipped"] * 3


def test_another_format_for_a_loaded_period_needs_replace(reports, warehouse_path):
    folder, _, _ = reports
    pdf, xlsx = folder / "poi_2018_t2.pdf", folder / "poi_2018_t2_hoja.xlsx"
    state, _ = run_reports([pdf], warehouse_path)
    assert state.is_completed()
    before = table_checksums(warehouse_path)
    state, outcomes = run_reports([xlsx], warehouse_path)
    assert state.is_failed() and outcomes[0].exit_code == 7
    assert "already loaded from poi_2018_t2.pdf" in outcomes[0].message
    assert table_checksums(warehouse_path) == before
    state, outcomes = run_reports([xlsx], warehouse_path, replace=True)
    assert state.is_completed() and outcomes[0].outcome == "loaded"
    assert query(warehouse_path, "select source_file, n_pages from dim_report") == [("poi_2018_t2_hoja.xlsx", 2)]
    months = query(
        warehouse_path,
        "select count(*) from v_activity_month where report_quarter = 2 and month > 6 and executed is not null",
    )
    assert months == [(0,)]
