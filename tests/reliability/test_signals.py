"""Signals and pipes through real `poi-etl` processes (devkit/reliability/signal_cases.py, pipe_cases.py).

Every case is bounded: each wait has a deadline, each command is killed if it outlives its case.
"""

from __future__ import annotations

import pytest

from devkit.reliability import report
from devkit.reliability.pipe_cases import PIPE_CASES, judge_pipe, run_pipe_cases
from devkit.reliability.signal_cases import SIGNAL_CASES, judge_signal, run_signal_cases
from devkit.reliability.warehouse_facts import build_base_warehouse

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def signal_runs(prefect_api, tmp_path_factory):
    results = run_signal_cases(prefect_api, tmp_path_factory.mktemp("signals"))
    return results, {c.name: judge_signal(c, results[c.name]) for c in SIGNAL_CASES}


@pytest.fixture(scope="module")
def pipe_runs(prefect_api, tmp_path_factory):
    base = build_base_warehouse(tmp_path_factory.mktemp("pipes-base") / "poi.duckdb")
    results = run_pipe_cases(prefect_api, base, tmp_path_factory.mktemp("pipes"))
    return results, {c.name: judge_pipe(c, results[c.name]) for c in PIPE_CASES}


def test_every_command_and_both_signals_are_covered():
    covered = {(c.command, c.signal) for c in SIGNAL_CASES}
    for command in ("run", "sql", "export", "serve", "ui"):
        assert (command, "SIGINT") in covered
    for command in ("run", "sql", "serve", "ui"):
        assert (command, "SIGTERM") in covered
    assert {c.command for c in SIGNAL_CASES if c.signal == "SIGKILL"} == {"run", "serve", "ui"}
    assert len({c.name for c in SIGNAL_CASES + PIPE_CASES}) == len(SIGNAL_CASES) + len(PIPE_CASES)


@pytest.mark.parametrize("name", [c.name for c in SIGNAL_CASES])
def test_signal_case(signal_runs, name):
    results, problems = signal_runs
    assert problems[name] == [], results[name]


@pytest.mark.parametrize("name", [c.name for c in PIPE_CASES])
def test_pipe_case(pipe_runs, name):
    results, problems = pipe_runs
    assert problems[name] == [], results[name]


def test_docs_tables_are_what_the_runs_produce(signal_runs, pipe_runs):
    doc = report.DOC.read_text(encoding="utf-8")
    stale = "docs/reliability.md is stale: run .venv/bin/python scripts/reliability_report.py"
    assert report.read_section(doc, "signals") == report.signal_section(SIGNAL_CASES, *signal_runs), stale
    assert report.read_section(doc, "pipes") == report.pipe_section(PIPE_CASES, *pipe_runs), stale
    counts = report.signal_counts(signal_runs[1], signal_runs[0], pipe_runs[1], pipe_runs[0])
    assert report.read_section(doc, "signal-counts") == report.counts_section(counts), stale
