"""Rivals to a repair that discards a number no loss explains (transforms/slips.py)."""

from __future__ import annotations

from transforms.cells import parse_cells
from transforms.readings import Fields, Reading, fields_of, search_fields
from transforms.recovery import recover_row
from transforms.slips import slip_readings, unexplained_drops
from transforms.slots import Q_EXEC, Q_PROG, SLOT_NAMES

MONTHS_123 = "123|5|9|14|7|10|13|14|14|6|8|14|9|5|9|14|7|10|13|14|14|6|8|14|9"


def _best(cells: list[str], cutoff: int) -> tuple[Fields, Reading]:
    fields = fields_of(parse_cells(cells))
    readings, _ = search_fields(fields, cutoff, 4)
    assert len(readings) == 1
    return fields, readings[0]


def _moved(rivals: list[Reading], best: Reading) -> set[tuple[str, ...]]:
    return {tuple(SLOT_NAMES[s] for s in range(35) if x.values[s] != best.values[s]) for x in rivals}


def test_a_kept_number_may_shift_across_a_skipped_empty_field() -> None:
    """Q2 programmed printed 32 (its months say 30), an extra empty field after it: the repair skips
    both; keeping the 32 puts it in Q1 executed or in Q2 programmed, the empty field still skipped."""
    fields, best = _best(f"{MONTHS_123}|28|32||30|34|34|31|31|123|123".split("|"), 4)
    assert unexplained_drops(best, fields) == [26]
    rivals = slip_readings(best, fields, 4)
    assert _moved(rivals, best) == {("q1_exec",), ("q2_prog",)}
    assert all(x.skipped == (27,) and x.cost == best.cost + 4 for x in rivals)  # 12 for two identities, 8 saved


def test_a_shift_does_not_carry_a_number_across_the_cutoffs_empty_columns() -> None:
    """A 9 after March executed, then the empty fields of April-December executed (cut-off Q1): read
    into Q1 programmed, those free empty fields would sit on the wrong side of it. No rival."""
    cells = ["24", *["2"] * 15, "9", *[""] * 9, "6", "6", "", "6", "", "6", "", "24", "6"]  # Q1 executed's 6 lost
    fields, best = _best(cells, 1)
    assert unexplained_drops(best, fields) == [16] and slip_readings(best, fields, 1) == []
    r = recover_row(parse_cells(cells), 1)
    assert r.status == "repaired" and r.values[Q_PROG[0]] == 6 and r.values[Q_EXEC[0]] == 6


def test_a_dropped_copy_of_its_neighbour_is_explained() -> None:
    fields, best = _best(f"{MONTHS_123}|28|28|30|30|30|34|34|31|31|123|123".split("|"), 4)
    assert best.skipped == (27,) and unexplained_drops(best, fields) == [] and slip_readings(best, fields, 4) == []
