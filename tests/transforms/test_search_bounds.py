"""The search's lower bounds must never lose a reading.

- Mirror evidence: a quarter whose programmed and executed cells differ has a month that differs
  (months sum to their quarter), so its evidence is at least MIRROR.
- The month groups: while the quarter cells are read, the months must be able to sum to the quarter
  cells read so far, group after group from where the one before ended (a group whose cell is not
  read yet may sum to anything; a value that cannot be reached must be solved, at a forced value's
  cost), and META ANUAL, after them, must read as total programmed; the months programme checks the
  same for every group still to read.
- Forced values: at a cap where a pass allowing fewer forced values found nothing, the next pass's
  readings take more, so a state must still afford the forced values it has not taken.

The bounds only prune: with them and without them the reference engine must return the same
readings within the tie margin.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.synthetic.rows import SAMPLE_RATES, Corruption, synthetic_rows
from transforms import readings
from transforms.cells import parse_cells
from transforms.readings.bounds import Bounds
from transforms.readings.engine import python_readings

DOUBLE = Corruption(lost_copy=0.24, blank_vanish=0.5, drift=0.1, stray=0.16, footnote=0.04, drop=0.16)


def _tied(tokens, cutoff: int) -> set | str:
    kinds, vals = readings.fields_of(tokens)
    try:
        found, _ = python_readings(kinds, vals, cutoff, 4, False, 6_000_000)
    except readings.OverBudget:
        return "over budget"
    scored = [(r.edits + readings.mirror_cost(r.values, cutoff), r.values) for r in found]
    top = min((c for c, _ in scored), default=0)
    return {(c, v) for c, v in scored if c <= top + 4}


@pytest.mark.parametrize(
    ("seed", "n", "rates"),
    [(7, 200, SAMPLE_RATES), (12, 60, DOUBLE), (4, 30, replace(SAMPLE_RATES, pair_loss=1.0))],
    ids=["sample-rates", "double", "lost-pairs"],
)
def test_bounds_lose_no_tied_reading(seed: int, n: int, rates: Corruption, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [(parse_cells(f), c) for _, f, c in synthetic_rows(seed, n, rates)]
    with_bounds = [_tied(tokens, cutoff) for tokens, cutoff in rows]
    monkeypatch.setattr(Bounds, "mirror_bounds", False)
    monkeypatch.setattr(Bounds, "group_bounds", False)
    monkeypatch.setattr(Bounds, "forced_bounds", False)
    without = [_tied(tokens, cutoff) for tokens, cutoff in rows]
    assert "over budget" not in without
    differ = [k for k, (a, b) in enumerate(zip(with_bounds, without, strict=True)) if a != b]
    assert differ == []
    # the rows exercise the bound: readings with mirror evidence in most of them
    assert sum(any(c > 0 for c, _ in t) for t in without) > len(rows) // 2
