"""The flows refuse a damaged or foreign warehouse on their own (`poi-etl serve` has no CLI preflight)."""

from __future__ import annotations

import pytest

from devkit.reliability.environments import WAREHOUSE_MAKERS, file_state
from devkit.reliability.warehouse_facts import build_base_warehouse
from flows.paths import portable_path
from flows.report_flow import load_reports_flow

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_server")]


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("truncated", "the warehouse file is damaged (IO Error: Could not read enough bytes"),
        ("corrupt_block", "does not match stored checksum"),
        ("foreign_duckdb", "not a poi-warehouse file"),
    ],
)
def test_a_flow_run_refuses_the_warehouse_before_any_report_and_writes_nothing(kind, reason, tmp_path, sample_path):
    base = build_base_warehouse(tmp_path / "base" / "poi.duckdb")
    warehouse = tmp_path / "poi.duckdb"
    WAREHOUSE_MAKERS[kind](warehouse, base)
    before = file_state(warehouse)
    state = load_reports_flow(
        [portable_path(str(sample_path))], str(warehouse), str(tmp_path / "gx"), 0.0, False, return_state=True
    )
    assert state.is_failed()
    (outcome,) = state.result(raise_on_failure=False)
    assert outcome.exit_code == 4 and reason in outcome.message and "\n" not in outcome.message
    assert file_state(warehouse) == before
    assert not (tmp_path / "gx").exists()
