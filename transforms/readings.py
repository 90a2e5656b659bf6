"""Search the readings of a row: alignments of its printed fields onto the 35 slots.

A reading walks the slots in printed order and says, for each one, where its value comes from:

- a number field (no edit), or an empty / footnote-only field (a blank cell, value 0, no edit);
- `vanish`: a blank cell whose empty field vanished (value 0);
- `copy`: a copy lost from a run of equal values (value of the number field next to the gap);
- `forced`: no field at all, value solved from an identity (one per row; one per identity where no
  reading with one scores within the cap the search stands at, `FORCED_LIMITS`; a tie may hold
  readings solving one more than its best);

and, between slots, a field may be `skip`ped: a stray number token or an extra empty field.
Each edit has a cost (`COSTS`). Readings must satisfy every identity: months sum to their quarter,
quarters to the totals, META ANUAL equals total programmed.

The search runs right to left. The quarter and total cells come first, by depth-first search pruned
by partial sums; they fix the sum every month group must reach. The months are then a dynamic
programme over (slot, field position, sum so far in the group, ...), memoised, that returns every
distinct completion within the cap: lost copies placed anywhere in a run give one reading, not one
per placement. The cap is raised step by step (iterative deepening); every search step counts
against a budget so that no row can hang.

Executed months that differ from their programmed month are evidence, not edits (`MIRROR`): a
reading's score is its edit cost plus that evidence; readings within the margin of the best score tie.
The cap bounds the score: quarters whose programmed and executed cells differ bound the evidence
from below while the quarter cells are read, a months completion counts the pairs it reads, and the
sums a month group can reach from each field position, and where it then ends, bound the edits of
the months group after group (a group whose sum is not read yet may sum to anything; META ANUAL must
read as total programmed).

`search()` runs the compiled port of `_Search` (transforms/_search.cpp) when it is built, and this
class otherwise: the port returns the same readings with the same step counts, and this class stays
the reference it is tested against (tests/transforms/test_native_search.py).
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from transforms.cells import Token
from transforms.slots import EXEC, N_SLOTS, PROG, Q_EXEC, Q_PROG, TOTAL_EXEC, TOTAL_PROG, active_slots

NUM, EMPTY, MARK = 0, 1, 2  # field kinds

# Source codes of a slot in a reading.
FIELD, BLANK, VANISH, COPY, FORCED, MARKED = 0, 1, 2, 3, 4, 5

COSTS = {"vanish": 2, "vanish_dense": 4, "extra_empty": 2, "copy": 2, "stray": 6, "forced": 6}
MIRROR = 2  # per executed month that differs from its programmed month
VIOLATION = 20  # per broken identity, only when no reading satisfies them all (relaxed search)
CAPS = tuple(range(0, 61, 6))  # iterative deepening of the score cap (edits + mirror evidence)
NODE_BUDGET = 150_000  # search steps per row, over all passes (docs/recovery.md: budget)

_V, _E, _C, _S, _F = (COSTS[k] for k in ("vanish", "extra_empty", "copy", "stray", "forced"))
_SOURCE_OF = {NUM: FIELD, EMPTY: BLANK, MARK: MARKED}
_MIN_EDIT = min(_V, _E, _C, _S, _F)
# Forced values a reading may have, at most one per identity so that each is solved. At every cap the
# search first allows the first limit; only when that pass finds nothing does a pass allow the next
# (from the cap that can pay for its forced values): a row that lost a quarter's two cells needs one
# per total. A tie whose readings reach their pass's limit admits one more (docs/recovery.md: two
# solved values).
FORCED_LIMITS = (1, 2)
_Forced = tuple[int, int]  # forced tail slot per total's identity (programmed, executed), -1 for none
_NONE_FORCED: _Forced = (-1, -1)


class OverBudget(Exception):
    """The row needed more search steps than its budget.

    What the search had settled by then: `cleared`, the largest score cap searched in full without a
    reading (None when the first pass ran out); `best`, the best score found when the re-run that
    collects the readings tied with it ran out (None when no reading was found).
    """

    def __init__(self, cleared: int | None = None, best: int | None = None) -> None:
        super().__init__(cleared, best)
        self.cleared, self.best = cleared, best


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a row: its 35 values (None where inactive or a footnote-only cell)."""

    cost: int  # edits plus mirror evidence plus broken identities (relaxed search only)
    values: tuple[int | None, ...]
    sources: tuple[int, ...]  # per slot: FIELD, BLANK, VANISH, COPY, FORCED or MARKED (-1 inactive)
    skipped: tuple[int, ...]  # field positions skipped (stray tokens and extra empty fields)
    edits: int = 0


@dataclass(frozen=True, slots=True)
class _Layout:
    """Per cut-off quarter: the active slots in printed order and what each position belongs to."""

    order: tuple[int, ...]
    first_tail: int  # position of the first quarter cell; quarters and totals follow
    targets: tuple[int, ...]  # slots whose values the months must sum to, then total programmed
    target_of: tuple[int, ...]  # per month position: index into `targets`, -1 elsewhere
    opens: tuple[bool, ...]  # per position: last month of its group (first met right to left)
    closes: tuple[bool, ...]  # per position: first month of its group (completes it)
    gap: tuple[int, ...]  # per position: columns the cut-off leaves blank just before this slot
    free_empties: tuple[int, ...]  # per position: such columns before it and up to it
    q_exec: tuple[int, ...]  # active executed quarter slots
    total_of: tuple[int, ...]  # per slot: the total a quarter cell sums into, -1 for other slots
    mirror: tuple[tuple[int, int], ...]  # (programmed, executed) slot pairs of active months
    last_parts: tuple[int, int]  # per total, its quarter cell read last (right to left): Q1's
    side: tuple[int, ...]  # per slot: 0 for total programmed and its quarters, 1 for the executed ones
    partner: tuple[int, ...]  # per position: an executed month's programmed month (position), -1 elsewhere
    quarter_pairs: tuple[tuple[int, int, int], ...]  # per active executed quarter: targets indices of its
    # (programmed, executed) cells and the position of its last executed month
    mate: tuple[int, ...]  # per slot: a programmed quarter cell's executed one (if active), -1 elsewhere
    group_starts: tuple[int, ...]  # per month group, in the order the months programme reads them: its
    # last month's position (the first it meets)
    group_slots: tuple[int, ...]  # per month group, in that order: its quarter cell


@lru_cache(maxsize=4)
def layout(cutoff: int) -> _Layout:
    active = active_slots(cutoff)
    order = tuple(s for s in range(N_SLOTS) if active[s])
    pos = {s: i for i, s in enumerate(order)}
    q_exec = tuple(Q_EXEC[q] for q in range(cutoff))
    targets = (*Q_PROG, *q_exec, TOTAL_PROG)
    target_of = [-1] * len(order)
    opens = [False] * len(order)
    closes = [False] * len(order)
    for q in range(4):
        for months, q_slots in ((PROG, Q_PROG), (EXEC, Q_EXEC)):
            members = [months[3 * q + k] for k in range(3)]
            if not active[members[0]]:
                continue
            for s in members:
                target_of[pos[s]] = targets.index(q_slots[q])
            closes[pos[members[0]]] = True
            opens[pos[members[2]]] = True
    gap = tuple(s - (order[i - 1] if i else -1) - 1 for i, s in enumerate(order))
    free = tuple(sum(gap[: i + 1]) for i in range(len(order)))
    mirror = tuple((PROG[m], EXEC[m]) for m in range(12) if active[EXEC[m]])
    total_of = tuple(TOTAL_PROG if s in Q_PROG else TOTAL_EXEC if s in q_exec else -1 for s in range(N_SLOTS))
    flags = (tuple(target_of), tuple(opens), tuple(closes))
    side = tuple(1 if s in (TOTAL_EXEC, *Q_EXEC) else 0 for s in range(N_SLOTS))
    last = (Q_PROG[0], q_exec[0])
    partner = [-1] * len(order)
    for a, b in mirror:
        partner[pos[b]] = pos[a]
    quarters = tuple((targets.index(Q_PROG[q]), targets.index(Q_EXEC[q]), pos[EXEC[3 * q + 2]]) for q in range(cutoff))
    mates = dict(zip(Q_PROG, q_exec, strict=False))  # programmed quarter cell -> its active executed one
    mate = tuple(mates.get(s, -1) for s in range(N_SLOTS))
    starts = tuple(i for i in range(len(order) - 1, 0, -1) if opens[i])
    return _Layout(
        order,
        pos[Q_PROG[0]],
        targets,
        *flags,
        gap,
        free,
        q_exec,
        total_of,
        mirror,
        last,
        side,
        tuple(partner),
        quarters,
        mate,
        starts,
        tuple(targets[target_of[i]] for i in starts),
    )


Fields = tuple[tuple[int, ...], tuple[int, ...]]  # fields_of(): kinds and values by field position


def fields_of(tokens: Sequence[Token]) -> Fields:
    """(kinds, values) of the row's fields, by position, up to its last non-empty one."""
    if not tokens:
        return (), ()
    n = max(t.field for t in tokens) + 1
    kinds, values = [EMPTY] * n, [0] * n
    for t in tokens:
        if t.kind == "number":
            kinds[t.field], values[t.field] = NUM, t.value
        else:  # footnote-only cell: a blank cell carrying a mark
            kinds[t.field], values[t.field] = MARK, 0
    return tuple(kinds), tuple(values)


def repeats_neighbour(f: int, kinds: Sequence[int], values: Sequence[int]) -> bool:
    """Whether number field f repeats an adjacent number field, as a stray copy of a cell does."""
    return any(0 <= g < len(kinds) and kinds[g] == NUM and values[g] == values[f] for g in (f - 1, f + 1))


_Completions = dict[tuple[int, ...], tuple[int, tuple[int, ...], tuple[int, ...]]]


class _Search:
    """Readings of one row under a score cap: tail by depth-first search, months by memoised DP."""

    # Prune by the mirror evidence the quarter cells imply, by what the month groups can sum to
    # (`_chain`), and by the forced values a fallback pass's readings must still take (`_owed`); off only
    # in tests, to show that they lose no reading.
    mirror_bounds = True
    group_bounds = True
    forced_bounds = True

    def __init__(self, kinds: tuple[int, ...], vals: tuple[int, ...], cutoff: int, relaxed: bool) -> None:
        self.kinds, self.vals, self.relaxed = kinds, vals, relaxed
        self.m = len(kinds)
        # a row that prints no blank cell is weak ground for reading one whose field vanished
        self.vanish = _V if any(k != NUM for k in kinds) else COSTS["vanish_dense"]
        self.lay = layout(cutoff)
        self.skip_of = [_S if k == NUM else _E for k in kinds]  # a stray number / an extra empty field
        self.skip_cost = [0]  # skip_cost[p]: dropping every field before position p
        self.empties = [0]  # empties[p]: empty or footnote-only fields before position p
        for c, k in zip(self.skip_of, kinds, strict=True):
            self.skip_cost.append(self.skip_cost[-1] + c)
            self.empties.append(self.empties[-1] + (k != NUM))
        self.group: list[dict[int, dict[int, int]]] | None = None  # _group_costs(), computed when first needed
        self.any_sum: list[dict[int, int]] | None = None  # per position: group[p] over every sum (end -> cost)
        self.chains: dict[tuple, list[int]] = {}  # _chain() per (sums, tp)
        self.metas: dict[int, list[int]] = {}  # _meta_from() per total programmed
        self.nodes = 0
        self.nodes_left = NODE_BUDGET
        self.months: dict[tuple[int, ...], tuple] = {}  # per targets: mirror floor, month chains, memo
        self.found: dict[tuple[int | None, ...], Reading] = {}

    def _step(self) -> None:
        self.nodes += 1
        if self.nodes > self.nodes_left:
            raise OverBudget

    def _lower_bound(self, i: int, p: int) -> int:
        """Cheapest possible cost of slots 0..i with fields 0..p-1 left."""
        fieldless = i + 1 - p
        if fieldless > 0:
            return 0 if p == self.m else fieldless * _MIN_EDIT  # trailing blank cells are padding
        # fields left over are skipped (empty ones cheaply, numbers as strays), except the empty
        # fields the columns removed by the cut-off take for free
        free = min(-fieldless, self.empties[p], self.lay.free_empties[i] if i >= 0 else 0)
        extra, empties = -fieldless - free, self.empties[p] - free
        empty = min(extra, empties)
        return empty * _E + (extra - empty) * _S

    def _group_costs(self) -> list[dict[int, dict[int, int]]]:
        """Per field position p: the sums a month group can take, read right to left from p, and per
        sum the field positions it can end at with the fewest edit points each needs, for readings
        below a forced value's cost (any other sum needs one). Every month group reads alike.
        """
        out = []
        for p in range(self.m + 1):
            best: dict[int, dict[int, int]] = {}
            self._walk_group(best, self.lay.first_tail - 1, p, True, True, 0, 0)
            out.append(best)
        return out

    def _walk_group(
        self, best: dict[int, dict[int, int]], i: int, p: int, may_skip: bool, ran: bool, cost: int, total: int
    ) -> None:
        """Every reading of a month group without a forced value, as the months programme reads the
        first one (same options; the most permissive flags at the start), into best[sum][end]."""
        if cost >= _F:
            return
        if i < self.lay.first_tail - 3:
            ends = best.setdefault(total, {})
            ends[p] = min(ends.get(p, _F), cost)
            return
        for value, source, c, q in self._options(p, ran, False):
            took = source in (FIELD, BLANK, MARKED)
            for nxt in self._after(i, q):
                self._walk_group(best, i - 1, nxt, took, took, cost + c, total + value)
        if may_skip and p > 0:
            self._walk_group(best, i, p - 1, True, ran, cost + self.skip_of[p - 1], total)

    def _chain(self, sums: tuple[int | None, ...], tp: int | None) -> list[int]:
        """Per field position p: least edit points of the first month groups read from fields 0..p-1,
        when they must sum to `sums` (in the order the months programme reads them; None: a sum not
        known yet), then of META ANUAL read as `tp` when it is given (the groups are then all of them).

        A group that cannot reach its sum below a forced value's cost needs one (or as many edit
        points), and may then end anywhere to the left.
        """
        chain = self.chains.get((sums, tp))
        if chain is None:
            if self.group is None:
                self.group = self._group_costs()
            if len(sums) > 1:
                rest = self._chain(sums[1:], tp)
            else:
                rest = self._meta_from(tp) if tp is not None else [0] * (self.m + 1)
            ends_at = self._any_sum() if sums[0] is None else [by_sum.get(sums[0], {}) for by_sum in self.group]
            chain, low = [], 1 << 30
            for p in range(self.m + 1):
                low = min(low, rest[p])  # the rest read from any position up to p
                best = _F + low
                for end, c in ends_at[p].items():
                    best = min(best, c + rest[end])
                chain.append(best)
            self.chains[(sums, tp)] = chain
        return chain

    def _any_sum(self) -> list[dict[int, int]]:
        """Per field position: where a month group read from there can end, and the fewest edit points
        each end needs, whatever it sums to."""
        if self.any_sum is None:
            self.any_sum = []
            for by_sum in self.group or ():
                ends_at: dict[int, int] = {}
                for ends in by_sum.values():
                    for end, c in ends.items():
                        ends_at[end] = min(ends_at.get(end, _F), c)
                self.any_sum.append(ends_at)
        return self.any_sum

    def _meta_from(self, tp: int) -> list[int]:
        """Per field position e: least edit points of META ANUAL read as `tp` (total programmed) from
        fields 0..e-1, as the months programme reads it (the most permissive flags), the fields left of
        it skipped."""
        got = self.metas.get(tp)
        if got is None:
            got = []
            for e in range(self.m + 1):
                best = _F + self.skip_cost[e]  # solved from its identity
                for value, _, c, q in self._options(e, True, False):
                    if value == tp:
                        best = min(best, c + self.skip_cost[q])
                if e > 0:  # the field before it skipped
                    best = min(best, self.skip_of[e - 1] + got[e - 1])
                got.append(best)
            self.metas[tp] = got
        return got

    def _month_chains(self, targets: tuple[int, ...]) -> tuple[list[int] | None, ...] | None:
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

    def _group_bound(self, i: int, p: int, sums: tuple[int | None, ...], tp: int | None) -> int:
        """Least edit points for tail slots first_tail..i and the months from fields 0..p-1.

        The tail slots left take fields p_b..p-1 for some p_b (fields over: numbers skipped; slots
        over: at least the cheapest edit each), then the month groups read right to left from p_b
        (`_chain` of `sums` and `tp`).
        """
        chain = self._chain(sums, tp)
        k = i - self.lay.first_tail + 1  # tail slots left
        best = 1 << 30
        for pb in range(p, -1, -1):
            f = p - pb
            if f < k:
                cost = (k - f) * _MIN_EDIT
            else:
                cost = max(0, f - k - (self.empties[p] - self.empties[pb])) * _S
                if cost >= best:
                    break
            best = min(best, cost + chain[pb])
        return best

    def _owed(self, used: int) -> int:
        """Edit points of the forced values a reading must still take, having taken `used`."""
        return max(0, self.min_forced - used) * _F if self.forced_bounds else 0

    def _options(self, p: int, ran: bool, forced_free: bool) -> list[tuple[int, int, int, int]]:
        """(value, source, cost, next field position) of each way to fill a slot at field position p."""
        kinds, vals = self.kinds, self.vals
        out = []
        left = -1
        if p > 0:
            k = kinds[p - 1]
            out.append((vals[p - 1], _SOURCE_OF[k], 0, p - 1))
            if k == NUM:
                left = vals[p - 1]
                out.append((left, COPY, _C, p))
        if ran and p < self.m and kinds[p] == NUM and vals[p] != left:
            out.append((vals[p], COPY, _C, p))
        out.append((0, VANISH, self.vanish if p < self.m else 0, p))  # blank cells after the last field: padding
        if forced_free and not self.relaxed:
            out.append((-1, FORCED, _F, p))
        return out

    def _after(self, i: int, p: int) -> range:
        """Field positions after slot i: columns the cut-off removed print empty, or not at all."""
        if not self.lay.gap[i]:
            return range(p, p - 1, -1)
        low = p
        for _ in range(self.lay.gap[i]):
            if low > 0 and self.kinds[low - 1] == EMPTY:
                low -= 1
        return range(p, low - 1, -1)

    # -- quarter and total cells: depth-first -------------------------------------------------
    def run(self, cap: int, nodes_left: int, max_forced: int, min_forced: int = 0) -> None:
        """Readings scoring up to `cap` with at most `max_forced` forced values, and at least `min_forced`
        (a bound only: a pass that may take more forced values than the pass before at the same cap,
        which found nothing, can only find readings that take them all)."""
        self.cap, self.nodes, self.nodes_left = cap, 0, nodes_left
        self.max_forced, self.min_forced = max_forced, min_forced
        self.seen: dict[tuple, int] = {}
        self.part_sum = {TOTAL_PROG: 0, TOTAL_EXEC: 0}  # quarter cells read so far (forced ones left out)
        self.quarter_mirror = 0  # MIRROR per quarter whose programmed and executed cells read so far differ
        n = len(self.lay.order)
        self._tail(n - 1, self.m, True, False, 0, {}, {}, [], _NONE_FORCED)

    def _tail(
        self,
        i: int,
        p: int,
        may_skip: bool,
        ran: bool,
        cost: int,
        values: dict,
        sources: dict,
        skipped: list,
        forced: _Forced,
    ) -> None:
        self._step()
        lay = self.lay
        bound = self._lower_bound(i, p)
        if p < self.m and self.group_bounds and not self.relaxed:
            # the month groups' sums read so far (None: not yet), and META ANUAL's (total programmed)
            sums = [values[g] if g in values and sources[g] != FORCED else None for g in lay.group_slots]
            tp = values[TOTAL_PROG] if TOTAL_PROG in values and sources[TOTAL_PROG] != FORCED else None
            while tp is None and sums and sums[-1] is None:
                sums.pop()  # unknown groups after the last known one, and nothing known after them
            if sums:
                bound = max(bound, self._group_bound(i, p, tuple(sums), tp))
        bound = max(bound, self._owed(sum(f >= 0 for f in forced)))
        if cost + bound + self.quarter_mirror > self.cap:
            return
        if i < lay.first_tail:
            key = (p, may_skip, ran, forced, *values.values())
            seen = self.seen.get(key)
            if seen is not None and seen <= cost:
                return
            self.seen[key] = cost
            self._end_tail(p, may_skip, ran, cost, values, sources, skipped, forced)
            return
        # Arrivals at the same state with the same values so far continue identically: only the
        # cheapest needs exploring (this collapses the placements of a lost copy inside a run).
        key = (i, p, may_skip, ran, forced, *values.values())
        seen = self.seen.get(key)
        if seen is not None and seen <= cost:
            return
        self.seen[key] = cost
        slot = lay.order[i]
        total = lay.total_of[slot]
        side = lay.side[slot]  # which total's identity the slot belongs to
        sums = self.part_sum
        free = forced[side] < 0 and sum(f >= 0 for f in forced) < self.max_forced
        mate = lay.mate[slot] if self.mirror_bounds and not self.relaxed else -1
        for value, source, c, q in self._options(p, ran, free):
            if cost + c + self.quarter_mirror > self.cap:
                continue
            part = value if total >= 0 and source != FORCED else 0
            if part and not self.relaxed and sums[total] + part > values.get(total, -1) >= 0:
                continue  # the quarter cells read so far already exceed their total
            closing = slot in lay.last_parts and source != FORCED and forced[side] < 0
            if closing and not self.relaxed and sums[total] + part != values[total] >= 0:
                continue  # the total's last quarter cell, nothing left to solve: the sum must hold now
            values[slot], sources[slot] = value, source
            if part:
                sums[total] += part
            # a quarter whose programmed and executed cells differ has a month that differs
            differs = mate >= 0 and FORCED not in (source, sources[mate]) and values[mate] != value
            self.quarter_mirror += MIRROR * differs
            took = source in (FIELD, BLANK, MARKED)
            f = forced if source != FORCED else (slot, forced[1]) if side == 0 else (forced[0], slot)
            for nxt in self._after(i, q):
                self._tail(i - 1, nxt, took, took, cost + c, values, sources, skipped, f)
            self.quarter_mirror -= MIRROR * differs
            if part:
                sums[total] -= part
            del values[slot], sources[slot]
        if may_skip and p > 0:
            c = self.skip_of[p - 1]
            if cost + c <= self.cap:
                skipped.append(p - 1)
                self._tail(i, p - 1, True, ran, cost + c, values, sources, skipped, forced)
                skipped.pop()

    def _end_tail(
        self, p: int, may_skip: bool, ran: bool, cost: int, values: dict, sources: dict, skipped: list, forced: _Forced
    ) -> None:
        """Solve the forced tail values, check the total identities, then read the months."""
        vals = dict(values)
        extra = 0
        for slot, (total, parts) in zip(forced, ((TOTAL_PROG, Q_PROG), (TOTAL_EXEC, self.lay.q_exec)), strict=True):
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
        targets = tuple(vals[s] for s in self.lay.targets)
        entry = self.months.get(targets)
        if entry is None:
            entry = self.months[targets] = (self._mirror_floor(targets), self._month_chains(targets), {})
        floor, chains, memo = entry
        first = self.lay.first_tail - 1
        edits = chains[first][p] if chains is not None and p < self.m else 0  # the month groups' edits, at least
        if cost + extra + floor[-1] + edits > self.cap:
            return
        fu = 2 * sum(f >= 0 for f in forced)  # forced values used, times 2, plus 1 while a month's is unsolved
        args = (memo, floor, chains, targets, first, p, may_skip, ran, fu, 0, self.cap - cost - extra)
        months = self._months(*args)
        tail_slots = self.lay.order[self.lay.first_tail :]
        for left, (c, left_sources, left_skipped) in months.items():
            full = list(left) + [vals[s] for s in tail_slots]
            srcs = list(left_sources) + [sources[s] for s in tail_slots]
            edits = cost + extra + c - self._known_mirror(left)
            self._record(full, srcs, edits, (*skipped, *left_skipped))

    def _mirror_floor(self, targets: tuple[int, ...]) -> tuple[int, ...]:
        """Per month position i: least mirror evidence among months 0..i, from the quarters that differ.

        Months sum to their quarter cells, so a quarter whose programmed and executed cells differ
        has a month that differs; its evidence is complete once its last executed month is read.
        (Not in the relaxed search: there the sums may break.)
        """
        n = self.lay.first_tail
        if self.relaxed or not self.mirror_bounds:
            return (0,) * n
        last = [last for a, b, last in self.lay.quarter_pairs if targets[a] != targets[b]]
        return tuple(MIRROR * sum(p <= i for p in last) for i in range(n))

    def _known_mirror(self, left: tuple[int, ...]) -> int:
        """Mirror evidence a completion's cost includes: month pairs it reads that differ (solved months left out)."""
        return MIRROR * sum(
            1
            for i, j in enumerate(self.lay.partner[: len(left)])
            if j >= 0 and -1 not in (left[i], left[j]) and left[i] != left[j]
        )

    # -- months and META ANUAL: memoised dynamic programme --------------------------------------
    def _months(
        self,
        memo: dict,
        floor: tuple[int, ...],
        chains: tuple[list[int] | None, ...] | None,
        targets: tuple,
        i: int,
        p: int,
        may_skip: bool,
        ran: bool,
        fu: int,
        partial: int,
        allowed: int,
    ) -> _Completions:
        """Every distinct reading of positions 0..i (values, sources) within `allowed` score points.

        A completion's cost is its edits plus the mirror evidence of the month pairs it reads.
        """
        if allowed < 0:
            return {}
        least = max(self._lower_bound(i, p), self._owed(fu >> 1))
        if i >= 0:
            chain = chains[i] if chains is not None and p < self.m else None
            least = max(least, chain[p]) if chain is not None else least  # a month group starts here
            least += floor[i]
        if least > allowed:
            return {}  # nothing within reach (cheaper to check again than to remember)
        key = (self.max_forced, self.min_forced, i, p, may_skip, ran, fu, partial)
        hit = memo.get(key)
        if hit is not None:  # (allowed, completions); a smaller allowance is a subset of a larger one
            done, res = hit
            if allowed == done:
                return res
            if allowed < done:
                return {k: v for k, v in res.items() if v[0] <= allowed}
        out: _Completions = {}
        self._step()
        lay = self.lay
        if i < 0:
            if self.skip_cost[p] <= allowed:
                out[()] = (self.skip_cost[p], (), tuple(range(p)))
            memo[key] = (allowed, out)
            return out
        if i == 0:
            target = targets[-1]  # META ANUAL = total programmed
        else:
            target = targets[lay.target_of[i]]
            if lay.opens[i]:
                partial = 0
        for value, source, c, q in self._options(p, ran, fu < 2 * self.max_forced and not fu & 1):
            extra = 0
            nfu = fu
            if source == FORCED:
                nfu = fu + 3  # one more used, pending
                if i == 0:
                    value, nfu = target, fu + 2
            new = partial + max(value, 0)
            if i == 0 or lay.closes[i]:
                pending = bool(nfu & 1)
                ok = new <= target if pending else new == target
                if i == 0:
                    ok = value == target
                if not ok:
                    if not self.relaxed:
                        continue
                    extra = VIOLATION
                if pending:
                    nfu -= 1
                new = 0
            elif not self.relaxed and new > target:
                continue
            spend = c + extra
            if spend > allowed:
                continue
            took = source in (FIELD, BLANK, MARKED)
            j = lay.partner[i]  # an executed month's programmed month, read in the completions below
            for nxt in self._after(i, q):
                sub = self._months(memo, floor, chains, targets, i - 1, nxt, took, took, nfu, new, allowed - spend)
                for left, (cc, srcs, skipped) in sub.items():
                    differs = j >= 0 and value != -1 and left[j] != -1 and left[j] != value
                    total = cc + spend + MIRROR * differs
                    if total > allowed:
                        continue
                    k = (*left, value)
                    old = out.get(k)
                    if old is None or total < old[0]:
                        out[k] = (total, (*srcs, source), skipped)
        if may_skip and p > 0:
            c = self.skip_of[p - 1]
            if c <= allowed:
                sub = self._months(memo, floor, chains, targets, i, p - 1, True, ran, fu, partial, allowed - c)
                for k, (cc, srcs, skipped) in sub.items():
                    old = out.get(k)
                    if old is None or cc + c < old[0]:
                        out[k] = (cc + c, srcs, (*skipped, p - 1))
        memo[key] = (allowed, out)
        return out

    def _record(self, full: list[int], srcs: list[int], cost: int, skipped: tuple[int, ...]) -> None:
        lay = self.lay
        values: list[int | None] = [None] * N_SLOTS
        sources = [-1] * N_SLOTS
        for s, v, src in zip(lay.order, full, srcs, strict=True):
            values[s], sources[s] = v, src
        for i, s in enumerate(lay.order):  # a forced month: solved from its group's sum
            if sources[s] == FORCED and values[s] == -1:
                group = [lay.order[j] for j in range(len(lay.order)) if lay.target_of[j] == lay.target_of[i]]
                values[s] = values[lay.targets[lay.target_of[i]]] - sum(values[g] for g in group if g != s)
        for s in lay.order:
            if sources[s] == MARKED:
                values[s] = None
        key = tuple(values)
        old = self.found.get(key)
        if old is None or cost < old.edits:
            self.found[key] = Reading(cost, key, tuple(sources), tuple(sorted(skipped)), cost)


def mirror_cost(values: tuple[int | None, ...], cutoff: int) -> int:
    """MIRROR per active month whose executed value differs from its programmed value."""
    return MIRROR * sum(1 for a, b in layout(cutoff).mirror if values[a] != values[b])


def search(
    tokens: Sequence[Token], cutoff: int, margin: int, relaxed: bool = False, budget: int = NODE_BUDGET
) -> tuple[list[Reading], int]:
    """Readings within `margin` of the best score (edits + mirror evidence), best first, and the
    search steps used. Raises OverBudget when the row needs more than `budget` steps.
    """
    return search_fields(fields_of(tokens), cutoff, margin, relaxed, budget)


def search_fields(
    fields: Fields, cutoff: int, margin: int, relaxed: bool = False, budget: int = NODE_BUDGET
) -> tuple[list[Reading], int]:
    """`search()` of a row's fields_of()."""
    kinds, vals = fields
    if native_core() is not None and len(vals) < _NATIVE_MAX_FIELDS and max(vals, default=0) <= _NATIVE_MAX:
        scored, used, cleared, best = _native.search(
            kinds, vals, _native_layout(cutoff), _native_params(), relaxed, margin, budget
        )
        if scored is None:
            raise OverBudget(None if cleared < 0 else cleared, None if best < 0 else best)
    else:
        found, used = _python_readings(kinds, vals, cutoff, margin, relaxed, budget)
        scored = [(r.edits + mirror_cost(r.values, cutoff), r.edits, r.values, r.sources, r.skipped) for r in found]
    if not scored:
        return [], used
    top = min(r[0] for r in scored)
    tied = sorted((r for r in scored if r[0] <= top + margin), key=lambda r: r[:2])
    return [Reading(c, v, s, k, e) for c, e, v, s, k in tied], used


def _limits(cap: int, relaxed: bool) -> tuple[int, ...]:
    """The forced-value limits of the passes at `cap`, in order: a further limit only once the cap can pay
    for its forced values (below that it finds what the pass before found); the relaxed search forces none."""
    if relaxed:
        return FORCED_LIMITS[:1]
    return tuple(n for k, n in enumerate(FORCED_LIMITS) if k == 0 or cap >= n * _F)


def _python_readings(
    kinds: tuple[int, ...], vals: tuple[int, ...], cutoff: int, margin: int, relaxed: bool, budget: int
) -> tuple[list[Reading], int]:
    """Every reading found (edit cost only, in the order found) and the steps used: the reference engine."""
    s = _Search(kinds, vals, cutoff, relaxed)
    used = 0
    cleared = top = None
    try:
        for cap in CAPS:
            least = 0  # forced values a reading found at this cap takes: more than the pass before allowed
            for limit in _limits(cap, relaxed):
                s.run(cap, budget - used, limit, least)
                used += s.nodes
                if s.found:
                    # The pass found every reading scoring up to its cap; one within the margin may score
                    # more. And the limit must not decide the row: when a reading found solves as many
                    # values as the pass allows, readings that solve one more join the tie.
                    top = min(r.edits + mirror_cost(r.values, cutoff) for r in s.found.values())
                    binding = any(r.sources.count(FORCED) >= limit for r in s.found.values())
                    tie_limit = limit + 1 if binding else limit
                    if top + margin > cap or tie_limit != limit:
                        s.run(top + margin, budget - used, tie_limit)
                        used += s.nodes
                    return list(s.found.values()), used
                least = limit + 1
            cleared = cap
    except OverBudget:
        raise OverBudget(cleared, top) from None
    return list(s.found.values()), used


# -- the compiled core (transforms/_search.cpp): the same search, step for step ----------------------
try:
    from transforms import _search as _native
except ImportError:  # not built: the reference engine runs instead, about 30 times slower
    _native = None
    warnings.warn(
        "transforms._search is not built (pip install -e . compiles it; needs g++): "
        "recovery runs on the slower pure-Python engine",
        RuntimeWarning,
        stacklevel=2,
    )

# Rows the compiled core takes: it stores values (and totals solved from them) as 32-bit integers and
# skipped fields as a 128-bit set; other rows (values over 67 million, say) run on the Python engine.
_NATIVE_MAX, _NATIVE_MAX_FIELDS = 2**26, 128


def _native_params() -> tuple:
    costs = (COSTS[k] for k in ("vanish", "vanish_dense", "extra_empty", "copy", "stray", "forced"))
    return (*costs, MIRROR, VIOLATION, FORCED_LIMITS, CAPS)


def native_core():
    """The compiled search module, or None when it is not built or POI_RECOVERY_ENGINE=python."""
    return None if os.environ.get("POI_RECOVERY_ENGINE", "native") == "python" else _native


@lru_cache(maxsize=4)
def _native_layout(cutoff: int) -> tuple:
    lay = layout(cutoff)
    return (
        lay.order,
        lay.first_tail,
        lay.targets,
        lay.target_of,
        tuple(map(int, lay.opens)),
        tuple(map(int, lay.closes)),
        lay.gap,
        lay.free_empties,
        lay.q_exec,
        lay.total_of,
        tuple(a for a, _ in lay.mirror),
        tuple(b for _, b in lay.mirror),
        lay.partner,
        tuple(x for pair in lay.quarter_pairs for x in pair),
        lay.mate,
        lay.group_starts,
    )
