"""Pure shaping of the panels: bands at their thresholds, undetermined rows left out and counted, the
activities behind in order."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from flows.dashboard.panels import (
    AMBER,
    GREEN,
    NO_PROGRAMME,
    RED,
    Bands,
    cumulative,
    furthest_behind,
    heatmap,
    unit_furthest_behind,
)


@pytest.mark.parametrize(
    ("rate", "band"),
    [(1.2, GREEN), (0.9, GREEN), (0.8999, AMBER), (0.7, AMBER), (0.6999, RED), (0.0, RED), (None, NO_PROGRAMME),
     (math.nan, NO_PROGRAMME)],
)  # fmt: skip
def test_default_bands_at_and_around_their_thresholds(rate, band):
    assert Bands().band(rate) == band


def test_configured_bands_move_the_thresholds_and_the_legend():
    bands = Bands(green=0.95, amber=0.8)
    assert [bands.band(r) for r in (0.95, 0.94, 0.8, 0.79)] == [GREEN, AMBER, AMBER, RED]
    assert bands.legend() == {GREEN: "≥ 95 %", AMBER: "80 % – < 95 %", RED: "< 80 %", NO_PROGRAMME: "nada programado"}


def test_heatmap_prints_each_rate_and_marks_cells_that_leave_rows_out():
    rates = pd.DataFrame(
        {"unit_name": ["A", "A", "B"], "quarter": [1, 2, 1], "execution_rate": [0.9231, None, 0.5],
         "undetermined_rows": [0, 0, 2]}
    )  # fmt: skip
    cells = heatmap(rates, Bands())
    assert list(cells["label"]) == ["92 %", "—", "50 %*"]
    assert list(cells["band"]) == [GREEN, NO_PROGRAMME, RED]
    assert list(cells["quarter_label"]) == ["I TRIM", "II TRIM", "I TRIM"]


def _months(rows: list[tuple[str, str, int, list, list]], cutoff: int) -> pd.DataFrame:
    """Month rows as activity_months.sql gives them: (unit, activity, line, programmed[12], executed[12])."""
    out = []
    for unit, activity, line, prog, execd in rows:
        for m in range(1, 13):
            reported = (m - 1) // 3 + 1 <= cutoff
            executed = execd[m - 1] if reported else None
            out.append({
                "unit_name": unit, "activity_name": activity, "unit_of_measure": "ACCIONES", "page": 1,
                "source_line": line, "row_status": "exact", "month": m, "programmed": prog[m - 1],
                "executed": executed, "is_reported": reported,
                "is_determined": prog[m - 1] is not None and (executed is not None or not reported),
            })  # fmt: skip
    return pd.DataFrame(out)


def test_cumulative_leaves_out_a_row_with_an_undetermined_cell_and_counts_it():
    months = _months(
        [
            ("A", "a1", 1, [2] * 12, [1] * 12),
            ("A", "a2", 2, [5] * 12, [None] + [5] * 11),
            ("B", "b1", 3, [1] * 12, [1] * 12),
        ],
        cutoff=2,
    )
    frame, left_out = cumulative(months)
    assert left_out == 1  # a2: January executed undetermined; never added as 0
    programmed = frame[frame["series"] == "programado"]["value"].tolist()
    executed = frame[frame["series"] == "ejecutado"]["value"].tolist()
    assert programmed == [3 * m for m in range(1, 13)]
    assert executed == [2 * m for m in range(1, 7)]  # up to the cut-off (June) only
    unit_frame, unit_left_out = cumulative(months, "B")
    assert unit_left_out == 0
    assert unit_frame[unit_frame["series"] == "programado"]["value"].iloc[-1] == 12


def test_furthest_behind_ranks_by_share_not_executed_then_gap_and_counts_undetermined_rows():
    months = _months(
        [
            ("A", "half", 1, [10] * 12, [5] * 12),  # 50 %, gap 30 at the II quarter
            ("A", "none", 2, [1] * 12, [0] * 12),  # 0 %, gap 6
            ("B", "most", 3, [100] * 12, [90] * 12),  # 90 %, gap 60
            ("B", "done", 4, [3] * 12, [3] * 12),  # not behind
            ("B", "open", 5, [None] + [3] * 11, [0] * 12),  # undetermined: left out, counted
            ("C", "tie", 6, [20] * 12, [10] * 12),  # 50 %, gap 60: before "half"
        ],
        cutoff=2,
    )
    rows, left_out = furthest_behind(months, n=3)
    assert list(rows["activity_name"]) == ["none", "tie", "half"]
    assert list(rows["gap"]) == [6, 60, 30]
    assert left_out == 1
    assert unit_furthest_behind(months) == "A"  # A: 30 of 66 executed; C: 60 of 120; B: 558 of 636
