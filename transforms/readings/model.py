"""What a reading of a row is made of, and what its edits cost.

A row prints fields (`FieldKind`); a reading aligns them onto the active slots and says where each
slot's value comes from (`Source`). Edits cost points (`COSTS`); executed months that differ from
their programmed month add `MIRROR` evidence. A reading's score is the two together; the search
keeps the readings within a margin of the best score, raising its cap in `CAPS` steps, within a
budget of search steps per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import IntEnum

from transforms.cells import Token


class FieldKind(IntEnum):
    """What a printed field holds."""

    NUM = 0  # a number
    EMPTY = 1  # nothing: a blank cell, or an extra empty field
    MARK = 2  # a footnote mark only: a blank cell carrying a mark


class Source(IntEnum):
    """Where a slot's value comes from in a reading (-1 in `Reading.sources`: an inactive slot)."""

    FIELD = 0  # a number field (no edit)
    BLANK = 1  # an empty field: a blank cell, value 0 (no edit)
    VANISH = 2  # a blank cell whose empty field vanished: value 0
    COPY = 3  # a copy lost from a run of equal values: the value of the number field next to the gap
    FORCED = 4  # no field at all: the value solved from an identity
    MARKED = 5  # a footnote-only field: a blank cell carrying a mark (value None)


NUM, EMPTY, MARK = FieldKind
FIELD, BLANK, VANISH, COPY, FORCED, MARKED = Source
READ = frozenset((FIELD, BLANK, MARKED))  # sources that take a field; the others are edits
SOURCE_OF = {NUM: FIELD, EMPTY: BLANK, MARK: MARKED}  # the source of a slot that takes a field of this kind

# Edit points. Between slots a field may be skipped: a stray number token, or an extra empty field.
COSTS = {"vanish": 2, "vanish_dense": 4, "extra_empty": 2, "copy": 2, "stray": 6, "forced": 6}
MIRROR = 2  # per executed month that differs from its programmed month
VIOLATION = 20  # per broken identity, only when no reading satisfies them all (relaxed search)
CAPS = tuple(range(0, 61, 6))  # iterative deepening of the score cap (edits + mirror evidence)
NODE_BUDGET = 150_000  # search steps per row, over all passes (docs/recovery.md: budget)
# Forced values a reading may have, at most one per identity so that each is solved. At every cap the
# search first allows the first limit; only when that pass finds nothing does a pass allow the next
# (from the cap that can pay for its forced values): a row that lost a quarter's two cells needs one
# per total. A tie whose readings reach their pass's limit admits one more (docs/recovery.md: two
# solved values).
FORCED_LIMITS = (1, 2)

VANISH_COST, EXTRA_EMPTY, COPY_COST, STRAY, FORCED_COST = (
    COSTS[k] for k in ("vanish", "extra_empty", "copy", "stray", "forced")
)
MIN_EDIT = min(VANISH_COST, EXTRA_EMPTY, COPY_COST, STRAY, FORCED_COST)


class OverBudget(Exception):
    """The row needed more search steps than its budget.

    What the search had settled by then: `cleared`, the largest score cap searched in full without a
    reading (None when the first pass ran out); `best`, the best score found when the re-run that
    collects the readings tied with it ran out (None when no reading was found).
    """

    def __init__(self, cleared: int | None = None, best: int | None = None) -> None:
        super().__init__(cleared, best)
        self.cleared, self.best = cleared, best


class Pass:
    """One pass of the search over a row: its score cap, the forced values its readings may take (at
    most `max_forced`, and at least `min_forced`: a bound only), and the search steps it may use."""

    __slots__ = ("cap", "max_forced", "min_forced", "nodes", "nodes_left")

    def __init__(self, cap: int, nodes_left: int, max_forced: int, min_forced: int) -> None:
        self.cap, self.nodes_left, self.max_forced, self.min_forced = cap, nodes_left, max_forced, min_forced
        self.nodes = 0  # steps used so far

    def step(self) -> None:
        """Count one search step against the budget."""
        self.nodes += 1
        if self.nodes > self.nodes_left:
            raise OverBudget


@dataclass(frozen=True, slots=True)
class Reading:
    """One way to read a row: its 35 values (None where inactive or a footnote-only cell)."""

    cost: int  # edits plus mirror evidence plus broken identities (relaxed search only)
    values: tuple[int | None, ...]
    sources: tuple[int, ...]  # per slot: a Source (-1 inactive)
    skipped: tuple[int, ...]  # field positions skipped (stray tokens and extra empty fields)
    edits: int = 0


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
