"""A row's printed fields as the search reads them, right to left: the ways to fill one slot.

At field position p (the fields left of it still unread) a slot can take the field before p, be a
copy lost from a run of equal values, a blank cell whose empty field vanished, or a value solved
from an identity; and the field before p can be skipped instead (a stray number, an extra empty
field). Each way costs edit points (`transforms.readings.model.COSTS`).
"""

from __future__ import annotations

from transforms.readings.model import (
    COPY,
    COPY_COST,
    COSTS,
    EMPTY,
    EXTRA_EMPTY,
    FORCED,
    FORCED_COST,
    NUM,
    SOURCE_OF,
    STRAY,
    VANISH,
    VANISH_COST,
)

# (value, source, cost, next field position) of one way to fill a slot; a forced value is -1 until solved
Option = tuple[int, int, int, int]


class RowFields:
    """The fields of one row (kinds and values by position) and what skipping them costs."""

    __slots__ = ("empties", "kinds", "m", "skip_cost", "skip_of", "vals", "vanish")

    def __init__(self, kinds: tuple[int, ...], vals: tuple[int, ...]) -> None:
        self.kinds, self.vals = kinds, vals
        self.m = len(kinds)  # fields; position m is the right end of the row
        # a row that prints no blank cell is weak ground for reading one whose field vanished
        self.vanish = VANISH_COST if any(k != NUM for k in kinds) else COSTS["vanish_dense"]
        self.skip_of = [STRAY if k == NUM else EXTRA_EMPTY for k in kinds]  # a stray number / an extra empty field
        self.skip_cost = [0]  # skip_cost[p]: skipping every field before position p
        self.empties = [0]  # empties[p]: empty or footnote-only fields before position p
        for c, k in zip(self.skip_of, kinds, strict=True):
            self.skip_cost.append(self.skip_cost[-1] + c)
            self.empties.append(self.empties[-1] + (k != NUM))

    def options(self, p: int, ran: bool, forced_free: bool) -> list[Option]:
        """Each way to fill a slot at field position p; `ran`: the slot to its right took a field, so a
        copy of that field may have been lost; `forced_free`: the slot may take a solved value."""
        kinds, vals = self.kinds, self.vals
        out = []
        left = -1
        if p > 0:
            k = kinds[p - 1]
            out.append((vals[p - 1], SOURCE_OF[k], 0, p - 1))
            if k == NUM:
                left = vals[p - 1]
                out.append((left, COPY, COPY_COST, p))
        if ran and p < self.m and kinds[p] == NUM and vals[p] != left:
            out.append((vals[p], COPY, COPY_COST, p))
        out.append((0, VANISH, self.vanish if p < self.m else 0, p))  # blank cells after the last field: padding
        if forced_free:
            out.append((-1, FORCED, FORCED_COST, p))
        return out

    def after(self, gap: int, p: int) -> range:
        """Field positions after a slot that `gap` columns removed by the cut-off precede, p first: those
        columns print empty, or not at all."""
        if not gap:
            return range(p, p - 1, -1)
        low = p
        for _ in range(gap):
            if low > 0 and self.kinds[low - 1] == EMPTY:
                low -= 1
        return range(p, low - 1, -1)
