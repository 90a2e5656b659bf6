"""The truth of a rendered report: expected values, footnote marks and statuses of hand-made rows."""

from __future__ import annotations

import datetime

import pytest

from devkit.render.spec import ReportSpec, RowSpec, cell_value, expected_status, expected_values, footnotes
from transforms.slots import EXEC, META, PROG, Q_EXEC, Q_PROG, TOTAL_EXEC, TOTAL_PROG


def flat_row(quarter: int = 4, month: str = "1") -> list[str]:
    """A 1-a-month activity cut off at `quarter` (blank executed cells after it)."""
    cells = [""] * 35
    cells[META] = cells[TOTAL_PROG] = str(12 * int(month))
    for m in range(12):
        cells[PROG[m]] = month
        if m < 3 * quarter:
            cells[EXEC[m]] = month
    for q in range(4):
        cells[Q_PROG[q]] = str(3 * int(month))
        if q < quarter:
            cells[Q_EXEC[q]] = str(3 * int(month))
    cells[TOTAL_EXEC] = str(3 * int(month) * quarter)
    return cells


def row(cells: list[str]) -> RowSpec:
    return RowSpec("GESTIÓN ADMINISTRATIVA", "JEFATURA", "ELABORAR 12 INFORMES", "ACCIONES", tuple(cells))


def test_cell_values():
    assert [cell_value(t) for t in ("", "0", "7", "12 1/", "1/", "12000 2/")] == [0, 0, 7, 12, None, 12000]


@pytest.mark.parametrize("text", ["1.5", "N/A", "-3", "12a", "1 / ", "12,000"])
def test_a_row_refuses_a_cell_that_is_not_a_count(text):
    cells = flat_row()
    cells[PROG[0]] = text
    with pytest.raises(ValueError, match="is not a number"):
        row(cells)


def test_a_row_has_35_cells():
    with pytest.raises(ValueError, match="35 cells"):
        RowSpec("M", "U", "A", "ACCIONES", ("1",) * 34)


def test_expected_values_blank_mark_and_cells_after_the_cut_off():
    cells = flat_row(quarter=2)
    cells[PROG[1]] = ""  # a blank is 0 (the row then breaks q1_prog = months: fine for values)
    cells[PROG[2]] = "1 1/"
    cells[EXEC[0]] = "1/"
    values = expected_values(row(cells), 2)
    assert values[PROG[0]] == 1 and values[PROG[1]] == 0 and values[PROG[2]] == 1
    assert values[EXEC[0]] is None  # a lone mark: no value printed
    assert values[EXEC[5]] == 1  # June, inside quarter II
    assert all(values[EXEC[m]] is None for m in range(6, 12))  # after the cut-off: the report cannot print them
    assert values[Q_EXEC[2]] is None and values[Q_EXEC[3]] is None
    assert values[TOTAL_EXEC] == 6 and values[META] == 12


def test_footnotes_maps_slots_to_marks():
    cells = flat_row()
    cells[PROG[2]] = "1 1/"
    cells[EXEC[4]] = "2/"
    assert footnotes(row(cells)) == {PROG[2]: "1/", EXEC[4]: "2/"}
    assert footnotes(row(flat_row())) == {}


def test_status_exact_inconsistent_and_lone_marks_judged_as_blank_cells():
    assert expected_status(row(flat_row(3)), 3) == "exact"
    slipped = flat_row(3)
    slipped[Q_PROG[1]] = "4"  # 1 + 1 + 1 printed as 4
    assert expected_status(row(slipped), 3) == "inconsistent"
    marked = flat_row(3)
    marked[EXEC[3]] = "1/"  # April prints a mark instead of its 1: q2_exec 3 against 0 + 1 + 1
    assert expected_status(row(marked), 3) == "inconsistent"
    blank = flat_row(3)
    blank[EXEC[3]], blank[Q_EXEC[1]], blank[TOTAL_EXEC] = "1/", "2", "8"  # a mark on a blank April
    assert expected_status(row(blank), 3) == "exact"


def test_a_report_refuses_printed_cells_after_its_cut_off():
    cells = flat_row(4)  # prints executed cells of every quarter
    with pytest.raises(ValueError, match="after quarter 2 must be blank"):
        ReportSpec(2017, 2, datetime.date(2017, 7, 10), (row(cells),))
    assert ReportSpec(2017, 4, datetime.date(2018, 1, 11), (row(cells),)).rows
