"""Quarterly operations end to end: four snapshots of a year, idempotent re-runs, --replace, the audit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from devkit.warehouse_state import query, table_checksums
from tests.flows.runs import run_reports

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_server")]

QUARTERLY = Path(__file__).resolve().parents[1] / "fixtures" / "quarterly"


@pytest.fixture()
def year_folder(tmp_path, sample_path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for path in sorted(QUARTERLY.glob("poi_2017_t*.txt")):
        shutil.copy(path, folder / path.name)
    shutil.copy(sample_path, folder / "z_last_by_name_poi_2017_t4.txt")  # ordered by period, not name
    return folder


def test_a_year_of_reports_gives_four_snapshots_and_a_latest_view(year_folder, warehouse_path):
    state, outcomes = run_reports([year_folder], warehouse_path)
    assert state.is_completed(), state.message
    assert [(o.report_quarter, o.outcome) for o in outcomes] == [
        (1, "loaded"),
        (2, "loaded"),
        (3, "loaded"),
        (4, "loaded"),
    ]
    assert query(warehouse_path, "select report_quarter, n_rows from dim_report order by 1") == [
        (1, 57), (2, 57), (3, 57), (4, 87)
    ]  # fmt: skip
    latest = query(warehouse_path, "select distinct report_quarter, count(*) over () from v_activity_month_latest")
    assert latest == [(4, 87 * 12)]
    # executed values after the cut-off do not exist in a Q1 report
    assert query(
        warehouse_path,
        "select count(*) filter (where executed is not null), count(*) from v_activity_month "
        "where report_quarter = 1 and month > 3",
    ) == [(0, 57 * 9)]
    assert query(
        warehouse_path,
        "select count(*) from v_activity_month where report_quarter = 1 and month <= 3 and executed is null",
    ) == [(0,)]
    assert query(
        warehouse_path,
        "select count(*) from v_activity_quarter where report_quarter = 2 and quarter > 2 and executed is not null",
    ) == [(0,)]
    changes = query(
        warehouse_path,
        "select from_quarter, to_quarter, month, change from v_reprogramming order by to_quarter, month",
    )
    assert (1, 2, 10, 1) in changes and (2, 3, 12, 1) in changes
    assert all(change != 0 for *_, change in changes)
    rates = query(
        warehouse_path, "select count(*), min(quarter), max(quarter) from v_execution_rate where report_quarter = 2"
    )
    assert rates[0][1:] == (1, 2)


def test_loading_the_same_folder_twice_changes_nothing_but_the_audit(year_folder, warehouse_path):
    run_reports([year_folder], warehouse_path)
    before = table_checksums(warehouse_path)
    audit_before = query(warehouse_path, "select count(*) from load_audit")[0][0]
    state, outcomes = run_reports([year_folder], warehouse_path)
    assert state.is_completed()
    assert {o.outcome for o in outcomes} == {"skipped"}
    assert table_checksums(warehouse_path) == before
    assert query(warehouse_path, "select outcome, count(*) from load_audit group by 1 order by 1") == [
        ("loaded", audit_before), ("skipped", 4)
    ]  # fmt: skip


def test_another_file_for_a_loaded_period_needs_replace(sample_path, warehouse_path, tmp_path):
    run_reports([sample_path], warehouse_path)
    corrected = tmp_path / "poi_2017_t4_corregido.txt"
    corrected.write_text(
        sample_path.read_text(encoding="utf-8").replace("al 11/01/2018", "al 20/01/2018"), encoding="utf-8"
    )
    before = table_checksums(warehouse_path)
    state, (outcome,) = run_reports([corrected], warehouse_path)
    assert state.is_failed() and outcome.outcome == "failed" and outcome.exit_code == 7
    assert "poi_2017_t4_corregido.txt: this period is already loaded from poi_2017_t4.txt" in outcome.message
    assert "--replace" in outcome.message
    assert table_checksums(warehouse_path) == before
    state, (outcome,) = run_reports([corrected], warehouse_path, replace=True)
    assert outcome.outcome == "loaded"
    assert query(warehouse_path, "select source_file, source_date from dim_report") == [
        ("poi_2017_t4_corregido.txt", __import__("datetime").date(2018, 1, 20))
    ]
    assert query(warehouse_path, "select count(*) from fct_activity_row") == [(87,)]
    audit = query(
        warehouse_path,
        "select outcome, error_message is not null, flow_run_id is not null from load_audit order by audit_id",
    )
    assert audit == [("loaded", False, True), ("failed", True, True), ("loaded", False, True)]
