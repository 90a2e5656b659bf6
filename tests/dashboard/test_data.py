"""The data behind each panel, read from a warehouse loaded with reports of known values."""

from __future__ import annotations

import pytest

from flows.dashboard.panels import Bands, cumulative, furthest_behind, heatmap
from tests.dashboard.known_reports import BANDS, ENTITY, RATES, YEAR
from warehouse.dashboard_data import read_entity


@pytest.fixture(scope="module")
def newest(known_warehouse):
    (year,) = read_entity(known_warehouse, ENTITY.code)
    return year


def test_the_year_comes_from_its_newest_snapshot_with_every_snapshot_listed_newest_first(newest):
    assert (newest.report_year, newest.report_quarter) == (YEAR, 3)
    assert list(newest.snapshots["report_quarter"]) == [3, 2]
    assert newest.entity_name == ENTITY.name


def test_execution_rate_per_unit_and_quarter_has_the_known_rates_and_bands(newest):
    cells = heatmap(newest.execution_rate, Bands())
    assert set(cells["quarter"]) == {1, 2, 3}  # up to the cut-off
    for unit, rate in RATES.items():
        of_unit = cells[cells["unit_name"] == unit]
        assert list(of_unit["execution_rate"]) == [rate] * 3, unit
        assert set(of_unit["band"]) == {BANDS[unit]}, unit
    assert cells["undetermined_rows"].sum() == 0


def test_cumulative_programmed_and_executed_add_up_the_known_months(newest):
    frame, left_out = cumulative(newest.activity_months)
    assert left_out == 0
    programmed = frame[frame["series"] == "programado"].set_index("month")["value"]
    executed = frame[frame["series"] == "ejecutado"].set_index("month")["value"]
    assert programmed[1] == 52 and programmed[9] == 9 * 52 and programmed[12] == 12 * 52 + 3 * 2  # V1 re-programmed
    assert executed[1] == 39 and executed[9] == 9 * 39 and 10 not in executed.index  # cut-off: September
    unit, _ = cumulative(newest.activity_months, "UNIDAD ROJA")
    assert unit[unit["series"] == "ejecutado"]["value"].iloc[-1] == 9 * 5


def test_activities_behind_to_the_cut_off_in_order_with_their_gaps(newest):
    rows, left_out = furthest_behind(newest.activity_months)
    assert left_out == 0
    assert list(rows["activity_name"]) == ["ACTIVIDAD R2", "ACTIVIDAD R1", "ACTIVIDAD S1", "ACTIVIDAD A1",
                                           "ACTIVIDAD L1"]  # fmt: skip
    assert list(rows["gap"]) == [18, 45, 27, 18, 9]  # nine months of 2-0, 10-5, 10-7, 10-8, 10-9


def test_reprogramming_names_the_activity_months_and_change_between_snapshots(newest):
    changes = newest.reprogramming
    assert len(changes) == 1
    change = changes.iloc[0]
    assert (change.unit_name, change.activity_name, change.from_quarter, change.to_quarter) == (
        "UNIDAD VERDE", "ACTIVIDAD V1", 2, 3
    )  # fmt: skip
    assert list(change.months) == [10, 11, 12]
    assert (change.programmed_before, change.programmed_after, change.change) == (30, 36, 6)


def test_data_quality_panels_count_rows_by_status(newest):
    assert newest.row_status["activity_rows"].sum() == 6
    assert newest.open_cells.empty and newest.inconsistent.empty


def test_a_year_without_snapshots_and_an_unknown_entity_read_nothing(known_warehouse):
    assert read_entity(known_warehouse, ENTITY.code, year=YEAR - 1) == []
    assert read_entity(known_warehouse, "NOPE") == []
