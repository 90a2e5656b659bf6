"""Search the readings of a row: alignments of its printed fields onto the 35 slots.

A reading walks the slots in printed order and says, for each one, where its value comes from:

- a number field (no edit), or an empty / footnote-only field (a blank cell, value 0, no edit);
- `vanish`: a blank cell whose empty field vanished (value 0);
- `copy`: a copy lost from a run of equal values (value of the number field next to the gap);
- `forced`: no field at all, value solved from an identity (at most one per row);

and, between slots, a field may be `skip`ped: a stray number token or an extra empty field.
Each edit has a cost (`COSTS`); executed months that differ from their programmed month add a
small `MIRROR` cost (executed usually mirrors programmed). Readings must satisfy every identity:
months sum to their quarter, quarters to the totals, META ANUAL equals total programmed.

The search runs right to left: the quarter and total cells come first, so the months are then
searched against known sums, which prunes almost every branch. Costs are capped and the cap is
raised step by step (iterative deepening); every node counts against a budget so no row can hang.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from transforms.cells import Token
from transforms.slots import EXEC, META, N_SLOTS, PROG, Q_EXEC, Q_PROG, TOTAL_EXEC, TOTAL_PROG, active_slots

NUM, EMPTY, MARK = 0, 1, 2  # field kinds

# Source codes of a slot in a reading.
FIELD, BLANK, VANISH, COPY, FORCED, MARKED = 0, 1, 2, 3, 4, 5

COSTS = {"vanish": 2, "extra_empty": 2, "copy": 2, "stray": 6, "forced": 6}
MIRROR = 2  # per executed month that differs from its programmed month
VIOLATION = 20  # per broken identity, only when no reading satisfies them all (relaxed search)
CAPS = (0, 4, 8, 12, 18, 26, 36)  # iterative deepening of the edit-cost cap
NODE_BUDGET = 20_000  # search nodes per row, over all passes

_V, _E, _C, _S, _F = (COSTS[k] for k in ("vanish", "extra_empty", "copy", "stray", "forced"))
_SOURCE_OF = {NUM: FIELD, EMPTY: BLANK, MARK: MARKED}
_MIN_FIELDLESS = min(_V, _C, _F)
_MIN_SKIP = min(_E, _S)


class OverBudget(Exception):
    """The row needed more search nodes than its budget."""


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a row: its 35 values (None where inactive or a footnote-only cell)."""

    cost: int  # edits plus mirror evidence plus broken identities (relaxed search only)
    values: tuple[int | None, ...]
    sources: tuple[int, ...]  # per slot: FIELD, BLANK, VANISH, COPY, FORCED or MARKED (-1 inactive)
    skipped: tuple[int, ...]  # field positions skipped (stray tokens and extra empty fields)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Per cut-off quarter: slot order and the identity checks to run after each slot (right to left)."""

    order: tuple[int, ...]
    checks: tuple[tuple, ...]  # per position: identities completed when this slot is filled
    group: tuple[tuple[int, tuple[int, ...]] | None, ...]  # per position: (target, members) of a month group
    mirror: tuple[int, ...]  # per position: executed slot mirrored by a programmed month, or -1
    gap: tuple[int, ...]  # per position: columns the cut-off leaves blank just before this slot


@lru_cache(maxsize=4)
def layout(cutoff: int) -> _Layout:
    active = active_slots(cutoff)
    order = tuple(s for s in range(N_SLOTS) if active[s])
    pos = {s: i for i, s in enumerate(order)}
    checks: list[list] = [[] for _ in order]
    group: list[tuple[int, tuple[int, ...]] | None] = [None] * len(order)
    mirror = [-1] * len(order)
    for q in range(4):
        for kind, months, q_slots in (("prog", PROG, Q_PROG), ("exec", EXEC, Q_EXEC)):
            members = tuple(months[3 * q + k] for k in range(3))
            if not all(active[s] for s in members):
                continue
            target = q_slots[q]
            name = f"q{q + 1}_{kind} = months"
            checks[pos[members[0]]].append((name, target, members))
            for s in members:
                group[pos[s]] = (target, members)
    q_exec = tuple(Q_EXEC[q] for q in range(cutoff))
    for total, parts in ((TOTAL_PROG, Q_PROG), (TOTAL_EXEC, q_exec)):
        for s in parts:
            group[pos[s]] = (total, parts)
    first_tail = pos[Q_PROG[0]]
    checks[first_tail].append(("total_prog = quarters", TOTAL_PROG, Q_PROG))
    checks[first_tail].append(("total_exec = quarters", TOTAL_EXEC, q_exec))
    checks[pos[META]].append(("meta_anual = total_prog", META, (TOTAL_PROG,)))
    for m in range(12):
        if active[EXEC[m]]:
            mirror[pos[PROG[m]]] = EXEC[m]
    gap = tuple(s - (order[i - 1] if i else -1) - 1 for i, s in enumerate(order))
    return _Layout(order, tuple(tuple(c) for c in checks), tuple(group), tuple(mirror), gap)


def fields_of(tokens: Sequence[Token]) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """(kinds, values, positions) of the row's fields up to its last non-empty one."""
    if not tokens:
        return (), (), ()
    by_field = {t.field: t for t in tokens}
    kinds, values, positions = [], [], []
    for f in range(max(by_field) + 1):
        t = by_field.get(f)
        if t is None:
            kinds.append(EMPTY)
            values.append(0)
        elif t.kind == "number":
            kinds.append(NUM)
            values.append(t.value)
        else:  # footnote-only cell: a blank cell carrying a mark
            kinds.append(MARK)
            values.append(0)
        positions.append(f)
    return tuple(kinds), tuple(values), tuple(positions)


class _Search:
    """Branch-and-bound search of one row's readings under a cost cap."""

    def __init__(self, kinds: tuple[int, ...], vals: tuple[int, ...], cutoff: int, relaxed: bool) -> None:
        self.kinds, self.vals, self.relaxed = kinds, vals, relaxed
        self.lay = layout(cutoff)
        self.values = [0] * N_SLOTS
        self.sources = [-1] * N_SLOTS
        self.skipped: list[int] = []
        self.forced = -1  # slot holding the row's one forced value, -1 if none
        self.nodes = 0
        self.found: dict[tuple, Reading] = {}
        self.best = 1 << 30

    def run(self, cap: int, margin: int, nodes_left: int) -> None:
        self.cap, self.margin, self.nodes_left = cap, margin, nodes_left
        self.seen: dict[tuple, int] = {}
        self._slot(len(self.lay.order) - 1, len(self.kinds), 0, 0, 0, True)

    # -- the recursion ------------------------------------------------------------------------
    def _slot(self, i: int, p: int, edits: int, mirror: int, bad: int, may_skip: bool) -> None:
        self.nodes += 1
        if self.nodes > self.nodes_left:
            raise OverBudget
        cost = edits + mirror + bad
        if i < 0:
            self._finish(p, edits, mirror, bad)
            return
        # Readings that reach this point with the same values so far continue identically: only
        # the cheapest arrival needs exploring (this collapses the placements of lost copies in a run).
        key = (i, p, may_skip, self.forced, *[self.values[s] for s in self.lay.order[i + 1 :]])
        seen = self.seen.get(key)
        if seen is not None and seen <= cost:
            return
        self.seen[key] = cost
        fieldless = i + 1 - p
        # slots without a field left are edits (unless they are the line's padding); fields left over too
        padding = fieldless > 0 and p == len(self.kinds)
        lb = 0 if padding else fieldless * _MIN_FIELDLESS if fieldless > 0 else -fieldless * _MIN_SKIP
        if edits + bad + lb > self.cap or cost + lb > self.best + self.margin:
            return
        kinds, vals = self.kinds, self.vals
        slot = self.lay.order[i]
        if p > 0:
            k = kinds[p - 1]
            self._assign(i, p - 1, slot, vals[p - 1], _SOURCE_OF[k], edits, mirror, bad)
        left = vals[p - 1] if p > 0 and kinds[p - 1] == NUM else -1
        right = vals[p] if p < len(kinds) and kinds[p] == NUM else -1
        if left >= 0:
            self._assign(i, p, slot, left, COPY, edits + _C, mirror, bad)
        ran = i + 1 < len(self.lay.order) and self.sources[self.lay.order[i + 1]] == FIELD
        if right >= 0 and right != left and ran:
            self._assign(i, p, slot, right, COPY, edits + _C, mirror, bad)
        # blank cells after the last printed field are the line's padding: no edit
        self._assign(i, p, slot, 0, VANISH, edits + (_V if p < len(kinds) else 0), mirror, bad)
        if self.forced < 0 and not self.relaxed:
            self.forced = slot
            self._assign(i, p, slot, -1, FORCED, edits + _F, mirror, bad)
            self.forced = -1
        if may_skip and p > 0:
            self.skipped.append(p - 1)
            self._slot(i, p - 1, edits + (_S if kinds[p - 1] == NUM else _E), mirror, bad, True)
            self.skipped.pop()

    def _assign(self, i: int, p: int, slot: int, value: int, source: int, edits: int, mirror: int, bad: int) -> None:
        values, lay = self.values, self.lay
        values[slot] = value
        self.sources[slot] = source
        group = lay.group[i]
        if group is not None and not self.relaxed and value >= 0:
            target = values[group[0]]
            members = group[1]
            if (
                target >= 0
                and self.forced not in members
                and sum(values[s] for s in members if self.sources[s] >= 0 and s >= slot) > target
            ):
                self._clear(slot)
                return
        partner = lay.mirror[i]
        if partner >= 0 and value >= 0 and values[partner] >= 0 and value != values[partner]:
            mirror += MIRROR
        solved = -1
        for _name, total, parts in lay.checks[i]:
            ok, solved_slot = self._check(total, parts)
            if solved_slot >= 0:
                solved = solved_slot
            if not ok:
                if not self.relaxed:
                    self._unsolve(solved)
                    self._clear(slot)
                    return
                bad += VIOLATION
        for _ in range(lay.gap[i]):  # columns after the cut-off print empty, if at all
            if p > 0 and self.kinds[p - 1] == EMPTY:
                p -= 1
        self._slot(i - 1, p, edits, mirror, bad, source in (FIELD, BLANK, MARKED))
        self._unsolve(solved)
        self._clear(slot)

    def _check(self, total: int, parts: tuple[int, ...]) -> tuple[bool, int]:
        """Whether `total = sum(parts)` holds; solves the row's forced slot if it is one of them."""
        values, f = self.values, self.forced
        if f == total and values[f] < 0:
            values[f] = sum(values[s] for s in parts)
            return True, f
        if f in parts and values[f] < 0:
            rest = values[total] - sum(values[s] for s in parts if s != f)
            if rest < 0:
                return False, -1
            values[f] = rest
            return True, f
        return values[total] == sum(values[s] for s in parts), -1

    def _unsolve(self, slot: int) -> None:
        if slot >= 0:
            self.values[slot] = -1

    def _clear(self, slot: int) -> None:
        self.sources[slot] = -1
        self.values[slot] = 0

    def _finish(self, p: int, edits: int, mirror: int, bad: int) -> None:
        for f in range(p):
            edits += _S if self.kinds[f] == NUM else _E
        if edits + bad > self.cap:
            return
        cost = edits + mirror + bad
        if cost > self.best + self.margin:
            return
        if cost < self.best:
            self.best = cost
        values: list[int | None] = [None] * N_SLOTS
        sources = [-1] * N_SLOTS
        for s in self.lay.order:
            values[s] = None if self.sources[s] == MARKED else self.values[s]
            sources[s] = self.sources[s]
        key = tuple(values)
        old = self.found.get(key)
        if old is None or cost < old.cost:
            skipped = tuple(sorted(self.skipped)) + tuple(range(p))
            self.found[key] = Reading(cost, key, tuple(sources), skipped)


def search(
    tokens: Sequence[Token], cutoff: int, margin: int, relaxed: bool = False, budget: int = NODE_BUDGET
) -> tuple[list[Reading], int]:
    """Readings within `margin` of the cheapest (cheapest first) and the search nodes used.

    Raises OverBudget when the row needs more than `budget` nodes.
    """
    kinds, vals, positions = fields_of(tokens)
    s = _Search(kinds, vals, cutoff, relaxed)
    used = 0
    for cap in CAPS:
        s.nodes = 0
        s.run(cap, margin, budget - used)
        used += s.nodes
        if s.found and s.best + margin <= cap:
            break
        if s.found:  # the cheapest is known; make sure every reading within the margin is seen
            s.nodes = 0
            s.run(s.best + margin, margin, budget - used)
            used += s.nodes
            break
    readings = sorted((r for r in s.found.values() if r.cost <= s.best + margin), key=lambda r: r.cost)
    return [_map_skips(r, positions) for r in readings], used


def _map_skips(r: Reading, positions: tuple[int, ...]) -> Reading:
    return Reading(r.cost, r.values, r.sources, tuple(positions[f] for f in r.skipped))
