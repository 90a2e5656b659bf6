"""Each gate with a known-good frame (the real sample) and known-bad frames."""

from __future__ import annotations

import pandas as pd
import pytest

from expectations.gate import run_gate
from expectations.suites import build_suites
from flows.stages import GateBlocked, validate


def _run(frames, tmp_path, only: str | None = None):
    specs = [s for s in build_suites(frames) if only is None or s.name == only]
    assert specs, f"no suite named {only}"
    return run_gate(specs, tmp_path / "gx", "test")


def test_sample_frames_pass_every_blocking_suite(sample_frames, tmp_path):
    result = _run(sample_frames, tmp_path)
    assert result.passed, [o.describe() for o in result.blocking_failures]
    assert len(result.outcomes) > 100
    assert all(o.error is None for o in result.outcomes)
    assert result.docs_path is not None and result.docs_path.exists()


def _with(frames, table: str, change):
    frame = getattr(frames, table).copy()
    change(frame)
    return type(frames)(**{**frames.tables(), table: frame})


def _set(column, value, row=0):
    def change(frame):
        frame.loc[row, column] = value

    change.column, change.value = column, value
    return change


BAD = [
    ("month_out_of_range", "dim_month", _set("month", 13), "dim_month_gate", "month"),
    ("negative_programmed", "fct_activity_month", _set("programmed", -3), "fct_activity_month_gate", "programmed"),
    ("unknown_status", "fct_activity_row", _set("row_status", "guessed"), "fct_activity_row_gate", "row_status"),
    ("null_key", "fct_activity_row", _set("activity_id", pd.NA), "fct_activity_row_gate", "activity_id"),
    ("duplicate_line", "fct_activity_row", _set("source_line", 8), "fct_activity_row_gate", "source_line"),
    ("orphan_activity", "fct_activity_quarter", _set("activity_id", 42), "foreign_keys_gate", "present"),
    ("orphan_month", "fct_activity_month", _set("month_id", 201713), "foreign_keys_gate", "present"),
    ("bad_quarter", "dim_report", _set("report_quarter", 5), "dim_report_gate", "report_quarter"),
    ("orphan_candidate", "dq_cell_candidate", _set("source_line", 9999), "foreign_keys_gate", "present"),
    ("unknown_measure", "dq_cell_candidate", _set("measure", "budget"), "dq_cell_candidate_gate", "measure"),
    # row 0 and row 1 are line 9's prog_02 candidates 1 and 2: the same value twice
    ("duplicate_candidate", "dq_cell_candidate", _set("candidate", 2), "dq_cell_candidate_gate", "candidate"),
    # candidates for a cell the row loads a value in: the cell is not open, or the value is a guess
    ("candidate_of_a_filled_cell", "dq_cell_candidate", _set("slot", "meta_anual"), "open_cells_gate", "loaded_value"),
]


@pytest.mark.parametrize(("case", "table", "change", "suite", "column"), BAD, ids=[b[0] for b in BAD])
def test_known_bad_frames_are_blocked(sample_frames, tmp_path, case, table, change, suite, column):
    frames = _with(sample_frames, table, change)
    result = _run(frames, tmp_path, only=suite)
    assert not result.passed
    assert any(column in o.column for o in result.blocking_failures), [o.describe() for o in result.blocking_failures]
    if suite == "foreign_keys_gate":
        (failure,) = result.blocking_failures
        key_column, key = change.column, str(change.value)
        if key_column == "source_line":  # rows are located by (page, source_line)
            key_column, key = "row", f"page {frames.tables()[table]['page'].iloc[0]} line {key}"
        assert failure.samples == [{"table": table, "column": key_column, "key": key, "present": False}]


def test_wrong_type_and_missing_column_are_blocked(sample_frames, tmp_path):
    rows = sample_frames.fct_activity_row.copy()
    rows["meta_anual"] = rows["meta_anual"].astype("float64") + 0.5
    rows = rows.drop(columns=["raw_fields"])
    frames = type(sample_frames)(**{**sample_frames.tables(), "fct_activity_row": rows})
    failures = _run(frames, tmp_path, only="fct_activity_row_gate").blocking_failures
    described = " ".join(o.describe() for o in failures)
    assert "expect_table_columns_to_match_ordered_list" in described
    assert "expect_column_values_to_be_in_type_list(meta_anual)" in described


def test_duplicate_unit_activity_is_blocked(sample_frames, tmp_path):
    rows = sample_frames.fct_activity_row.copy()
    rows.loc[1, "activity_id"] = rows.loc[0, "activity_id"]
    frames = type(sample_frames)(**{**sample_frames.tables(), "fct_activity_row": rows})
    result = _run(frames, tmp_path, only="activity_row_identity_gate")
    assert [o.expectation for o in result.blocking_failures] == ["expect_compound_columns_to_be_unique"]
    assert {s["source_line"] for s in result.blocking_failures[0].samples} == {7, 8}


def test_trusted_row_breaking_an_identity_is_blocked_and_named(sample_frames, tmp_path):
    rows = sample_frames.fct_activity_row.copy()
    exact = rows.index[rows["row_status"] == "exact"][0]
    rows.loc[exact, "total_programmed"] = rows.loc[exact, "total_programmed"] + 1
    frames = type(sample_frames)(**{**sample_frames.tables(), "fct_activity_row": rows})
    with pytest.raises(GateBlocked) as caught:
        validate(frames, tmp_path / "gx", "test")
    message = str(caught.value)
    assert message.startswith("poi_2017_t4.txt: blocked by gate, nothing written: trusted_rows_identities_gate")
    assert f"'source_line': {int(rows.loc[exact, 'source_line'])}" in message
    warnings = caught.value.gate.warnings
    assert any(w.suite == "all_rows_identities_warning" for w in warnings)


def test_a_long_run_renders_the_docs_index_once_with_every_report(sample_frames, tmp_path):
    from expectations.gate import render_index
    from flows.stages import render_docs_index

    gx_dir = tmp_path / "gx"
    first = validate(sample_frames, gx_dir, "2017-Q4-first", index=False)
    second = validate(sample_frames, gx_dir, "2017-Q4-second", index=False)
    index = gx_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    assert not index.exists()  # each report's results and pages are written; the index page waits
    assert first.docs_path == second.docs_path == index  # where the run's end puts it
    assert render_docs_index(gx_dir) == index
    page = index.read_text(encoding="utf-8")
    assert "2017-Q4-first" in page and "2017-Q4-second" in page
    assert render_index(tmp_path / "empty") is None  # no suite stored: nothing to render
