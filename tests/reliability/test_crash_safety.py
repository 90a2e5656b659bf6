"""SIGKILL a real `poi-etl run --replace` at named points; the warehouse holds the old or the new snapshot."""

from __future__ import annotations

import pytest

from devkit.reliability import report
from devkit.reliability.processes import KILL_POINTS, run_kill_points

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def kills(prefect_api, tmp_path_factory):
    return run_kill_points(prefect_api, tmp_path_factory.mktemp("kills"))


def test_enough_kill_points_spread_over_the_stages():
    stages = {stage.split(" ")[0] for _, stage in KILL_POINTS}
    assert len(KILL_POINTS) >= 10 and {"extract", "validate", "load"} <= stages


@pytest.mark.parametrize("point", [p for p, _ in KILL_POINTS])
def test_killed_run_leaves_old_or_new_snapshot_and_a_usable_file(kills, point):
    (k,) = [k for k in kills if k["point"] == point]
    assert k["killed"], f"the process was not killed at {point} (exit {k['exit']}): the point was not reached"
    assert k["state"] in ("old snapshot", "new snapshot"), k
    assert k["next_run"].endswith("then new snapshot"), k


def test_kills_before_the_commit_keep_the_old_snapshot_and_after_it_the_new(kills):
    by_point = {k["point"]: k["state"] for k in kills}
    assert by_point["before-commit"] == "old snapshot"
    assert by_point["after-commit"] == "new snapshot"


def test_docs_kill_table_is_what_the_runs_produce(kills):
    doc = report.DOC.read_text(encoding="utf-8")
    assert report.read_section(doc, "kill-points") == report.kill_section(kills), (
        "docs/reliability.md is stale: run .venv/bin/python scripts/reliability_report.py"
    )
