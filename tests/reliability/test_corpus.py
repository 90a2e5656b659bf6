"""The bad-input corpus through the real CLI (in-process, one Prefect test server for the session).

Every case runs `poi-etl run <file>` (or `poi-etl sql <statement>`) against a copy of a warehouse that
already holds the 2017 Q2 and Q3 snapshots, and is judged against tests/fixtures/bad_inputs/cases.toml.
The table in docs/reliability.md must be what these runs produce.
"""

from __future__ import annotations

import pytest

from devkit.reliability import report
from devkit.reliability.bad_files import BUILDERS, JUNK_BIG_BYTES, make_generated
from devkit.reliability.corpus import judge, load_cases, measure_extract, remember, run_case
from devkit.reliability.fixtures import BAD_INPUTS
from devkit.reliability.warehouse_facts import build_base_warehouse

CASES = load_cases()
BY_NAME = {c.name: c for c in CASES}


@pytest.fixture(scope="module")
def corpus_run(prefect_server, tmp_path_factory):
    """Run every case once (the reference first); return (results, problems)."""
    base = build_base_warehouse(tmp_path_factory.mktemp("base") / "poi.duckdb")
    results, fingerprints = {}, {}
    for case in sorted(CASES, key=lambda c: c.name != "good_two_pages"):
        result = run_case(case, base, tmp_path_factory.mktemp(case.name))
        results[case.name] = result
        remember(fingerprints, result)
    problems = {c.name: judge(c, results[c.name], fingerprints) for c in CASES}
    return results, problems


def test_the_corpus_is_large_enough_and_covers_the_issue():
    assert sum(c.kind in ("file", "generated") for c in CASES) >= 25
    assert sum(c.kind == "warehouse" for c in CASES) >= 10 and sum(c.kind == "disk" for c in CASES) >= 6
    assert {c.place for c in CASES if c.kind == "disk"} == {"warehouse", "data_docs", "prefect_home", "export"}
    assert {c.command or "run" for c in CASES if c.kind == "warehouse"} == {"run", "sql", "export", "check"}
    files = {c.file for c in CASES if c.kind == "file"}
    assert files == set(BUILDERS), "every committed fixture has its case, and every case its fixture"
    assert {p.name for p in BAD_INPUTS.iterdir()} == files | {"cases.toml"}
    assert len(BY_NAME) == len(CASES), "case names are unique"


@pytest.mark.parametrize("name", sorted(BUILDERS))
def test_committed_fixture_is_what_its_builder_makes(name):
    assert (BAD_INPUTS / name).read_bytes() == BUILDERS[name](), "regenerate with scripts/reliability_report.py"


@pytest.mark.parametrize("name", [c.name for c in CASES])
def test_case_outcome(corpus_run, name):
    results, problems = corpus_run
    if results[name].outcome == "skipped":
        pytest.skip(results[name].message)
    assert problems[name] == [], (results[name], problems[name])


def test_counts_no_traceback_and_no_warehouse_change(corpus_run):
    results, problems = corpus_run
    counts = report.corpus_counts(CASES, results, problems)
    assert counts["tracebacks"] == 0
    assert counts["hangs (no exit within the case's bound)"] == 0
    assert counts["warehouse changed"] == 0
    assert counts["outcome as expected"] == counts["cases"]


def test_docs_table_is_what_the_cases_produce(corpus_run):
    results, problems = corpus_run
    skipped = [name for name, r in results.items() if r.outcome == "skipped"]
    if skipped:
        pytest.skip(f"cases skipped here ({', '.join(skipped)}): the table is generated where all cases run")
    doc = report.DOC.read_text(encoding="utf-8")
    assert report.read_section(doc, "corpus") == report.corpus_section(CASES, results, problems), (
        "docs/reliability.md is stale: run .venv/bin/python scripts/reliability_report.py"
    )
    counts = report.counts_section(report.corpus_counts(CASES, results, problems))
    assert report.read_section(doc, "corpus-counts") == counts


def test_a_100_mb_junk_file_is_refused_by_size_before_it_is_read(tmp_path):
    path = make_generated("junk_100mb", tmp_path)
    assert path.stat().st_size == JUNK_BIG_BYTES
    measured = measure_extract(path)
    assert "limit 32 MiB" in measured["reason"]
    assert measured["peak_mib"] < 5, measured  # nothing of the file was held in memory
