"""Lower bounds on the points a partial reading still needs: the search prunes a state they put past its cap.

- Fields and slots left: fields over are skipped, slots over take the cheapest edit (`lower_bound`).
- Mirror evidence: a quarter whose programmed and executed cells differ has a month that differs
  (months sum to their quarter), so its evidence is at least MIRROR once its months are read
  (`mirror_floor`).
- Month groups: the months must be able to sum to the quarter cells read so far, group after group
  from where the one before ended, and META ANUAL after them must read as total programmed
  (`group_bound`, `month_chains`); a sum a group cannot reach below a forced value's cost needs one.
- Forced values: a pass that allows more than the pass before at the same cap (which found
  nothing) only finds readings that take them all (`owed`).

They only prune: with them and without them the search returns the same readings within the tie
margin (tests/transforms/test_search_bounds.py turns them off).
"""

from __future__ import annotations

from transforms.readings.layout import Layout
from transforms.readings.model import EXTRA_EMPTY, FORCED_COST, MIN_EDIT, MIRROR, READ, STRAY
from transforms.readings.row import RowFields

Sums = tuple[int | None, ...]  # month group sums in the order the months programme reads them (None: not read yet)


class Bounds:
    """The lower bounds of one row's search, with what they cache for it."""

    # Off only in tests, to show that they lose no reading.
    mirror_bounds = True
    group_bounds = True
    forced_bounds = True

    def __init__(self, row: RowFields, lay: Layout, relaxed: bool) -> None:
        self.row, self.lay, self.relaxed = row, lay, relaxed
        self.group: list[dict[int, dict[int, int]]] | None = None  # _group_costs(), computed when first needed
        self.any_sum: list[dict[int, int]] | None = None  # per position: group[p] over every sum (end -> cost)
        self.chains: dict[tuple[Sums, int | None], list[int]] = {}  # _chain() per (sums, tp)
        self.metas: dict[int, list[int]] = {}  # _meta_from() per total programmed

    def lower_bound(self, i: int, p: int) -> int:
        """Cheapest possible cost of slots 0..i with fields 0..p-1 left."""
        row = self.row
        fieldless = i + 1 - p
        if fieldless > 0:
            return 0 if p == row.m else fieldless * MIN_EDIT  # trailing blank cells are padding
        # fields left over are skipped (empty ones cheaply, numbers as strays), except the empty
        # fields the columns removed by the cut-off take for free
        free = min(-fieldless, row.empties[p], self.lay.free_empties[i] if i >= 0 else 0)
        extra, empties = -fieldless - free, row.empties[p] - free
        empty = min(extra, empties)
        return empty * EXTRA_EMPTY + (extra - empty) * STRAY

    def owed(self, used: int, min_forced: int) -> int:
        """Edit points of the forced values a reading must still take, having taken `used` of `min_forced`."""
        return max(0, min_forced - used) * FORCED_COST if self.forced_bounds else 0

    def mirror_floor(self, targets: tuple[int, ...]) -> tuple[int, ...]:
        """Per month position i: least mirror evidence among months 0..i, from the quarters that differ.

        Its evidence is complete once its last executed month is read. (Not in the relaxed search:
        there the sums may break.)
        """
        n = self.lay.first_tail
        if self.relaxed or not self.mirror_bounds:
            return (0,) * n
        last = [q.last_month for q in self.lay.quarter_pairs if targets[q.programmed] != targets[q.executed]]
        return tuple(MIRROR * sum(p <= i for p in last) for i in range(n))

    def month_chains(self, targets: tuple[int, ...]) -> tuple[list[int] | None, ...] | None:
        """Per month position: `_chain()` of the month groups from there on when a group's last month
        (first met) sits there, None elsewhere; None when the bounds are off."""
        lay = self.lay
        if self.relaxed or not self.group_bounds:
            return None
        sums = tuple(targets[lay.target_of[i]] for i in lay.group_starts)
        out: list[list[int] | None] = [None] * lay.first_tail
        for j, i in enumerate(lay.group_starts):
            out[i] = self._chain(sums[j:], targets[-1])
        return tuple(out)

    def group_bound(self, i: int, p: int, sums: Sums, tp: int | None) -> int:
        """Least edit points for tail slots first_tail..i and the months from fields 0..p-1.

        The tail slots left take fields p_b..p-1 for some p_b (fields over: numbers skipped; slots
        over: at least the cheapest edit each), then the month groups read right to left from p_b
        (`_chain` of `sums` and `tp`).
        """
        chain = self._chain(sums, tp)
        empties = self.row.empties
        k = i - self.lay.first_tail + 1  # tail slots left
        best = 1 << 30
        for pb in range(p, -1, -1):
            f = p - pb
            if f < k:
                cost = (k - f) * MIN_EDIT
            else:
                cost = max(0, f - k - (empties[p] - empties[pb])) * STRAY
                if cost >= best:
                    break
            best = min(best, cost + chain[pb])
        return best

    def _chain(self, sums: Sums, tp: int | None) -> list[int]:
        """Per field position p: least edit points of the first month groups read from fields 0..p-1,
        when they must sum to `sums`, then of META ANUAL read as `tp` when it is given (the groups
        are then all of them).

        A group that cannot reach its sum below a forced value's cost needs one (or as many edit
        points), and may then end anywhere to the left.
        """
        chain = self.chains.get((sums, tp))
        if chain is None:
            m = self.row.m
            if self.group is None:
                self.group = self._group_costs()
            if len(sums) > 1:
                rest = self._chain(sums[1:], tp)
            else:
                rest = self._meta_from(tp) if tp is not None else [0] * (m + 1)
            ends_at = self._any_sum() if sums[0] is None else [by_sum.get(sums[0], {}) for by_sum in self.group]
            chain, low = [], 1 << 30
            for p in range(m + 1):
                low = min(low, rest[p])  # the rest read from any position up to p
                best = FORCED_COST + low
                for end, c in ends_at[p].items():
                    best = min(best, c + rest[end])
                chain.append(best)
            self.chains[(sums, tp)] = chain
        return chain

    def _group_costs(self) -> list[dict[int, dict[int, int]]]:
        """Per field position p: the sums a month group can take, read right to left from p, and per
        sum the field positions it can end at with the fewest edit points each needs, for readings
        below a forced value's cost (any other sum needs one). Every month group reads alike.
        """
        out = []
        for p in range(self.row.m + 1):
            best: dict[int, dict[int, int]] = {}
            self._walk_group(best, self.lay.first_tail - 1, p, True, True, 0, 0)
            out.append(best)
        return out

    def _walk_group(
        self, best: dict[int, dict[int, int]], i: int, p: int, may_skip: bool, ran: bool, cost: int, total: int
    ) -> None:
        """Every reading of a month group without a forced value, as the months programme reads the
        first one (same options; the most permissive flags at the start), into best[sum][end]."""
        if cost >= FORCED_COST:
            return
        if i < self.lay.first_tail - 3:
            ends = best.setdefault(total, {})
            ends[p] = min(ends.get(p, FORCED_COST), cost)
            return
        row = self.row
        for value, source, c, q in row.options(p, ran, False):
            took = source in READ
            for nxt in row.after(self.lay.gap[i], q):
                self._walk_group(best, i - 1, nxt, took, took, cost + c, total + value)
        if may_skip and p > 0:
            self._walk_group(best, i, p - 1, True, ran, cost + row.skip_of[p - 1], total)

    def _any_sum(self) -> list[dict[int, int]]:
        """Per field position: where a month group read from there can end, and the fewest edit points
        each end needs, whatever it sums to."""
        if self.any_sum is None:
            self.any_sum = []
            for by_sum in self.group or ():
                ends_at: dict[int, int] = {}
                for ends in by_sum.values():
                    for end, c in ends.items():
                        ends_at[end] = min(ends_at.get(end, FORCED_COST), c)
                self.any_sum.append(ends_at)
        return self.any_sum

    def _meta_from(self, tp: int) -> list[int]:
        """Per field position e: least edit points of META ANUAL read as `tp` (total programmed) from
        fields 0..e-1, as the months programme reads it (the most permissive flags), the fields left of
        it skipped."""
        got = self.metas.get(tp)
        if got is None:
            row = self.row
            got = []
            for e in range(row.m + 1):
                best = FORCED_COST + row.skip_cost[e]  # solved from its identity
                for value, _, c, q in row.options(e, True, False):
                    if value == tp:
                        best = min(best, c + row.skip_cost[q])
                if e > 0:  # the field before it skipped
                    best = min(best, row.skip_of[e - 1] + got[e - 1])
                got.append(best)
            self.metas[tp] = got
        return got
