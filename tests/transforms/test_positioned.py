import pytest

from tests.transforms.page_builder import flat_cells
from transforms.positioned import read_cell, recover_positioned
from transforms.slots import EXEC, PROG, Q_PROG, SLOT_NAMES


@pytest.mark.parametrize(
    ("text", "value", "footnote", "problem"),
    [
        ("", 0, None, None),
        ("12", 12, None, None),
        ("1,250", 1250, None, None),
        ("12.00", 12, None, None),
        ("12 1/", 12, "1/", None),
        ("1/ 12", 12, "1/", None),
        ("1/", None, "1/", None),
        ("1.250", None, None, "a decimal point or a thousands separator"),
        ("1.5", None, None, "not a whole count"),
        ("###", None, None, "does not fit its column"),
        ("-", None, None, "accounting format"),
        ("N/A", None, None, "not a count"),
        ("91/", None, None, "printed together"),
        ("12 13", None, None, "2 numbers in one cell"),
        ("9" * 14, None, None, "larger than any count"),
    ],
)
def test_read_cell(text, value, footnote, problem):
    cell = read_cell(text)
    assert (cell.value, cell.footnote) == (value, footnote)
    if problem is None:
        assert cell.problem is None
    else:
        assert problem in cell.problem


def test_a_row_whose_identities_hold_is_exact():
    rec = recover_positioned(flat_cells(), 4)
    assert rec.status == "exact" and rec.values == tuple(int(c) for c in flat_cells()) and not rec.findings


def test_a_printed_subtotal_that_disagrees_is_inconsistent_with_its_numbers():
    cells = list(flat_cells())
    cells[Q_PROG[0]] = "4"  # the agency's slip: 4 against 1 + 1 + 1
    rec = recover_positioned(cells, 4)
    assert rec.status == "inconsistent"
    assert rec.values[Q_PROG[0]] == 4  # as printed
    assert "q1_prog = months: 4 against 1 + 1 + 1 = 3" in rec.findings[-1].detail


def test_an_unreadable_cell_is_null_and_named_the_others_keep_their_values():
    cells = list(flat_cells())
    cells[PROG[4]] = "###"
    rec = recover_positioned(cells, 4)
    assert rec.status == "unresolved"
    assert rec.values[PROG[4]] is None and rec.values[PROG[3]] == 1
    assert rec.findings[-1].rule == "unreadable_cell" and "prog_05: '###'" in rec.findings[-1].detail


def test_a_mark_only_cell_is_null_and_judged_as_a_blank_one():
    cells = list(flat_cells())
    cells[EXEC[0]], cells[EXEC[1]], cells[EXEC[2]] = "1/", "2", "1"  # the quarter still sums: 0 + 2 + 1 = 3
    rec = recover_positioned(cells, 4)
    assert rec.status == "exact" and rec.values[EXEC[0]] is None
    assert rec.findings[0].rule == "footnote" and "exec_01: '1/'" in rec.findings[0].detail


def test_executed_cells_after_the_cut_off_are_null():
    cells = list(flat_cells())
    for m in range(3, 12):
        cells[EXEC[m]] = ""
    rec = recover_positioned(cells, 1)
    assert all(rec.values[EXEC[m]] is None for m in range(3, 12))


def test_cells_the_reader_could_not_read_are_unresolved():
    rec = recover_positioned(flat_cells(), 4, ((1, "'12000' is printed over the border of two columns"),))
    assert rec.status == "unresolved" and rec.values[1] is None
    assert f"{SLOT_NAMES[1]}: '12000'" in rec.findings[-1].detail
