"""The dashboard refresh at the end of a real run: the pages of the entities it loaded and the index,
a link artifact to the index, and a warning (never a failure) when the pages cannot be written."""

from __future__ import annotations

import httpx
import pytest

from flows.dashboard import entity_file, index_file
from tests.dashboard.known_reports import ENTITY, report_text
from tests.flows.runs import run_reports

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_server")]


def _dashboard_links(flow_run_id) -> list[str]:
    from prefect.settings import PREFECT_API_URL

    body = {"artifacts": {"key": {"any_": ["dashboard"]}, "flow_run_id": {"any_": [str(flow_run_id)]}}}
    found = httpx.post(f"{PREFECT_API_URL.value()}/artifacts/filter", json=body, timeout=30, trust_env=False)
    found.raise_for_status()
    return [a["data"] for a in found.json()]


def test_a_run_rebuilds_the_pages_of_its_entities_and_the_index_only(sample_path, tmp_path, warehouse_path):
    state, outcomes = run_reports([sample_path], warehouse_path, entity="SAT")
    assert state.is_completed(), state.message
    sat_page, index = entity_file(warehouse_path, "SAT"), index_file(warehouse_path)
    assert outcomes[0].dashboard == str(sat_page) and sat_page.exists() and index.exists()
    link = f"[Execution dashboard (offline HTML)]({index.resolve().as_uri()})"
    assert _dashboard_links(state.state_details.flow_run_id) == [link]
    sat_written, index_written = sat_page.stat().st_mtime_ns, index.stat().st_mtime_ns

    report = tmp_path / "poi_2019_t2.txt"
    report.write_text(report_text(2), encoding="utf-8")
    state, outcomes = run_reports([report], warehouse_path, entity=ENTITY.code)
    assert state.is_completed(), state.message
    assert outcomes[0].dashboard == str(entity_file(warehouse_path, ENTITY.code))
    assert sat_page.stat().st_mtime_ns == sat_written  # another entity's page is not rebuilt
    assert index.stat().st_mtime_ns != index_written
    text = index.read_text(encoding="utf-8")
    assert 'href="entities/SAT.html"' in text and f'href="entities/{ENTITY.code}.html"' in text


def test_a_dashboard_that_cannot_be_written_is_one_warning_and_the_load_stands(sample_path, warehouse_path, capsys):
    warehouse_path.parent.mkdir(parents=True)
    blocker = warehouse_path.with_name("poi_dashboard")
    blocker.write_text("a file where the dashboard folder goes")
    state, outcomes = run_reports([sample_path], warehouse_path, entity="SAT")
    assert state.is_completed(), state.message
    assert outcomes[0].outcome == "loaded" and outcomes[0].dashboard == ""
    err = capsys.readouterr().err
    warning = f"warning: dashboard not refreshed: {entity_file(warehouse_path, 'SAT')}: cannot write the dashboard: "
    assert f"{warning}{blocker} is a file, not a folder\n" in err
