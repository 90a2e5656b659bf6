"""The readings of one row under a score cap: the tail cells by depth-first search, then the months.

The search runs right to left. The two totals and the quarter cells (the tail) come first, by
depth-first search pruned by partial sums and the lower bounds (`transforms.readings.bounds`); they
fix the sum every month group must reach. The months and META ANUAL then come from the memoised
programme (`transforms.readings.months`), and each completion within the cap is recorded as a
reading: the cheapest per set of values.
"""

from __future__ import annotations

from typing import NamedTuple

from transforms.readings.bounds import Bounds, Sums
from transforms.readings.layout import layout
from transforms.readings.model import FORCED, MARKED, MIRROR, READ, VIOLATION, Pass, Reading
from transforms.readings.months import MonthGroups
from transforms.readings.row import RowFields
from transforms.slots import N_SLOTS


class Solved(NamedTuple):
    """The tail cells a reading solves from their identity, one per total (-1: none); indexed by side."""

    programmed: int = -1  # total programmed or a programmed quarter cell
    executed: int = -1  # total executed or an executed quarter cell

    def taken(self) -> int:
        """How many values are solved."""
        return (self.programmed >= 0) + (self.executed >= 0)

    def with_slot(self, side: int, slot: int) -> Solved:
        return Solved(slot, self.executed) if side == 0 else Solved(self.programmed, slot)


class Search:
    """Readings of one row, pass after pass (`run`); `found` keeps the cheapest reading per set of values."""

    def __init__(self, kinds: tuple[int, ...], vals: tuple[int, ...], cutoff: int, relaxed: bool) -> None:
        self.relaxed = relaxed
        self.row = RowFields(kinds, vals)
        self.lay = layout(cutoff)
        self.bounds = Bounds(self.row, self.lay, relaxed)
        self.months: dict[tuple[int, ...], MonthGroups] = {}  # per targets (the sums the tail fixes)
        self.found: dict[tuple[int | None, ...], Reading] = {}
        self.nodes = 0  # steps the last pass used

    def run(self, cap: int, nodes_left: int, max_forced: int, min_forced: int = 0) -> None:
        """Readings scoring up to `cap` with at most `max_forced` forced values, and at least `min_forced`
        (a bound only: a pass that may take more forced values than the pass before at the same cap,
        which found nothing, can only find readings that take them all)."""
        self.current = Pass(cap, nodes_left, max_forced, min_forced)
        self.seen: dict[tuple, int] = {}  # cheapest cost per tail state
        self.part_sum = dict.fromkeys(self.lay.totals, 0)  # per total: its quarter cells read so far (not forced)
        self.quarter_mirror = 0  # MIRROR per quarter whose programmed and executed cells read so far differ
        try:
            self._tail(len(self.lay.order) - 1, self.row.m, True, False, 0, {}, {}, [], Solved())
        finally:
            self.nodes = self.current.nodes

    def _seen_cheaper(self, i: int, p: int, may_skip: bool, ran: bool, solved: Solved, values: dict, cost: int) -> bool:
        """Whether this state was reached before at no greater cost (else remember this cost). Arrivals at
        the same state with the same values so far continue identically: only the cheapest needs
        exploring (this collapses the placements of a lost copy inside a run)."""
        key = (i, p, may_skip, ran, solved, *values.values())
        seen = self.seen.get(key)
        if seen is not None and seen <= cost:
            return True
        self.seen[key] = cost
        return False

    def _bound(self, i: int, p: int, values: dict, sources: dict, solved: Solved) -> int:
        """Least points the slots 0..i still need, with fields 0..p-1 left."""
        lay, bounds = self.lay, self.bounds
        bound = bounds.lower_bound(i, p)
        if p < self.row.m and bounds.group_bounds and not self.relaxed:
            # the month groups' sums read so far (None: not yet), and META ANUAL's (total programmed)
            sums = [values[g] if g in values and sources[g] != FORCED else None for g in lay.group_slots]
            total_prog = lay.totals[0]
            tp = values[total_prog] if total_prog in values and sources[total_prog] != FORCED else None
            while tp is None and sums and sums[-1] is None:
                sums.pop()  # unknown groups after the last known one, and nothing known after them
            if sums:
                known: Sums = tuple(sums)
                bound = max(bound, bounds.group_bound(i, p, known, tp))
        return max(bound, bounds.owed(solved.taken(), self.current.min_forced))

    def _tail(
        self,
        i: int,
        p: int,
        may_skip: bool,
        ran: bool,
        cost: int,
        values: dict[int, int],
        sources: dict[int, int],
        skipped: list[int],
        solved: Solved,
    ) -> None:
        """Read tail position i (slots right to left) from fields 0..p-1; `values`, `sources`: the tail
        slots read so far; `skipped`: the fields skipped so far."""
        run = self.current
        run.step()
        lay, row = self.lay, self.row
        if cost + self._bound(i, p, values, sources, solved) + self.quarter_mirror > run.cap:
            return
        if self._seen_cheaper(i, p, may_skip, ran, solved, values, cost):
            return
        if i < lay.first_tail:
            self._end_tail(p, may_skip, ran, cost, values, sources, skipped, solved)
            return
        slot = lay.order[i]
        total = lay.total_of[slot]
        side = lay.side[slot]  # which total's identity the slot belongs to
        sums = self.part_sum
        free = solved[side] < 0 and solved.taken() < run.max_forced and not self.relaxed
        mate = lay.mate[slot] if self.bounds.mirror_bounds and not self.relaxed else -1
        for value, source, c, q in row.options(p, ran, free):
            if cost + c + self.quarter_mirror > run.cap:
                continue
            part = value if total >= 0 and source != FORCED else 0
            if part and not self.relaxed and sums[total] + part > values.get(total, -1) >= 0:
                continue  # the quarter cells read so far already exceed their total
            closing = slot in lay.last_parts and source != FORCED and solved[side] < 0
            if closing and not self.relaxed and sums[total] + part != values[total] >= 0:
                continue  # the total's last quarter cell, nothing left to solve: the sum must hold now
            values[slot], sources[slot] = value, source
            if part:
                sums[total] += part
            # a quarter whose programmed and executed cells differ has a month that differs
            differs = mate >= 0 and FORCED not in (source, sources[mate]) and values[mate] != value
            self.quarter_mirror += MIRROR * differs
            took = source in READ
            now_solved = solved.with_slot(side, slot) if source == FORCED else solved
            for nxt in row.after(lay.gap[i], q):
                self._tail(i - 1, nxt, took, took, cost + c, values, sources, skipped, now_solved)
            self.quarter_mirror -= MIRROR * differs
            if part:
                sums[total] -= part
            del values[slot], sources[slot]
        if may_skip and p > 0:
            c = row.skip_of[p - 1]
            if cost + c <= run.cap:
                skipped.append(p - 1)
                self._tail(i, p - 1, True, ran, cost + c, values, sources, skipped, solved)
                skipped.pop()

    def _end_tail(
        self, p: int, may_skip: bool, ran: bool, cost: int, values: dict, sources: dict, skipped: list, solved: Solved
    ) -> None:
        """Solve the forced tail values, check the total identities, then read the months."""
        lay = self.lay
        vals = dict(values)
        extra = 0
        for slot, total, parts in zip(solved, lay.totals, (lay.q_prog, lay.q_exec), strict=True):
            if slot == total:
                vals[total] = sum(vals[s] for s in parts)
            elif slot in parts:
                vals[slot] = vals[total] - sum(vals[s] for s in parts if s != slot)
                if vals[slot] < 0:
                    return
            if vals[total] != sum(vals[s] for s in parts):
                if not self.relaxed:
                    return
                extra += VIOLATION
        targets = tuple(vals[s] for s in lay.targets)
        months = self.months.get(targets)
        if months is None:
            months = self.months[targets] = MonthGroups(self.row, lay, self.bounds, targets, self.relaxed)
        cap = self.current.cap
        if cost + extra + months.least(p) > cap:
            return
        found = months.completions(self.current, p, may_skip, ran, solved.taken(), cap - cost - extra)
        tail_slots = lay.order[lay.first_tail :]
        for left, (c, left_sources, left_skipped) in found.items():
            full = list(left) + [vals[s] for s in tail_slots]
            srcs = list(left_sources) + [sources[s] for s in tail_slots]
            edits = cost + extra + c - months.known_mirror(left)
            self._record(full, srcs, edits, (*skipped, *left_skipped))

    def _record(self, full: list[int], srcs: list[int], cost: int, skipped: tuple[int, ...]) -> None:
        """Keep a reading (values by position in printed order), unless one with its values costs no more."""
        lay = self.lay
        values: list[int | None] = [None] * N_SLOTS
        sources = [-1] * N_SLOTS
        for s, v, src in zip(lay.order, full, srcs, strict=True):
            values[s], sources[s] = v, src
        for i, s in enumerate(lay.order):  # a forced month: solved from its group's sum
            if sources[s] == FORCED and values[s] == -1:
                group = [lay.order[j] for j in range(len(lay.order)) if lay.target_of[j] == lay.target_of[i]]
                values[s] = values[lay.targets[lay.target_of[i]]] - sum(values[g] for g in group if g != s)  # type: ignore[operator]
        for s in lay.order:
            if sources[s] == MARKED:
                values[s] = None
        key = tuple(values)
        old = self.found.get(key)
        if old is None or cost < old.edits:
            self.found[key] = Reading(cost, key, tuple(sources), tuple(sorted(skipped)), cost)
