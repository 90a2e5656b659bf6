"""Run the quarterly flow from the tests: real Prefect flow runs against a test warehouse."""

from __future__ import annotations

from pathlib import Path

from flows.report_flow import load_reports_flow


def run_reports(paths: list[Path], warehouse_path: Path, replace: bool = False, **options):
    """(final state, list of ReportOutcome) of one `load_reports_flow` run; Data Docs beside the warehouse.

    `options` are the flow's other parameters (entity, entity_from_folder, entities, reload, …)."""
    gx_dir = warehouse_path.with_name("poi_gx")
    state = load_reports_flow(
        [str(p) for p in paths], str(warehouse_path), str(gx_dir), replace=replace, return_state=True, **options
    )
    return state, state.result(raise_on_failure=False)
