"""The ceiling measure: which rows no engine could get right without a guess."""

from __future__ import annotations

from devkit.synthetic.ceiling import equally_supported
from devkit.synthetic.rows import render_fields, row_values
from transforms.cells import parse_cells
from transforms.slots import PROG


def test_a_vanished_blank_that_could_sit_in_two_months_is_a_tie() -> None:
    # quarter III programmed 3 1 0, quarter IV 0 2 0; the blank of October lost its field, so the
    # text also fits 0 3 1 | 0 2 0 with a September blank lost instead: same edit, no twin to tell
    truth = row_values([3, 2, 1, 2, 3, 1, 3, 1, 0, 0, 2, 0], [3, 2, 1] + [0] * 9, cutoff=1)
    fields = render_fields(truth)
    october = sum(1 for s in range(PROG[9]) if truth[s] is not None)  # field of prog_10
    assert fields[october] == ""
    del fields[october]
    assert equally_supported(parse_cells(fields), 1, truth) is True


def test_a_clean_dense_row_has_no_rival() -> None:
    truth = row_values([5, 6, 5, 4, 5, 6, 5, 5, 5, 6, 4, 5], [5, 6, 5, 4, 5, 6, 5, 5, 5, 6, 4, 5], cutoff=4)
    assert equally_supported(parse_cells(render_fields(truth)), 4, truth) is False


def test_a_lost_copy_in_a_run_is_not_a_tie() -> None:
    truth = row_values([2] * 12, [2] * 12, cutoff=4)
    fields = render_fields(truth)
    del fields[5]  # one `2` of the programmed run
    assert equally_supported(parse_cells(fields), 4, truth) is False
