"""The slots a row of a given cut-off quarter prints, in printed order, and what each belongs to.

A reading walks the active slots right to left: the two totals and the quarter cells (the tail),
then the month groups and META ANUAL. `Layout` names, per position in printed order and per slot,
the facts the search needs; the compiled core reads the same fields by name
(`transforms/readings/native.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from transforms.readings.model import MIRROR
from transforms.slots import EXEC, N_SLOTS, PROG, Q_EXEC, Q_PROG, TOTAL_EXEC, TOTAL_PROG, active_slots


class MirrorPair(NamedTuple):
    """An active month: its programmed slot and its executed slot."""

    programmed: int
    executed: int


class QuarterPair(NamedTuple):
    """An active executed quarter: where its two cells sit in `Layout.targets`, and its last executed month."""

    programmed: int  # index into targets of the programmed quarter cell
    executed: int  # index into targets of the executed quarter cell
    last_month: int  # position of its last executed month: its mirror evidence is complete once read


@dataclass(frozen=True, slots=True)
class Layout:
    """Per cut-off quarter: the active slots in printed order and what each position belongs to.

    A position is an index into `order`; a slot is one of the 35 cells (transforms.slots).
    """

    order: tuple[int, ...]  # the active slots in printed order
    first_tail: int  # position of the first quarter cell; quarters and totals follow
    targets: tuple[int, ...]  # slots whose values the month groups must sum to, then total programmed
    target_of: tuple[int, ...]  # per position: a month's index into `targets`, -1 elsewhere
    opens: tuple[bool, ...]  # per position: last month of its group (first met right to left)
    closes: tuple[bool, ...]  # per position: first month of its group (completes it)
    gap: tuple[int, ...]  # per position: columns the cut-off leaves blank just before this slot
    free_empties: tuple[int, ...]  # per position: such columns before it and up to it
    totals: tuple[int, int]  # the slots of total programmed and total executed
    q_prog: tuple[int, ...]  # programmed quarter slots (they sum to total programmed)
    q_exec: tuple[int, ...]  # active executed quarter slots (they sum to total executed)
    total_of: tuple[int, ...]  # per slot: the total a quarter cell sums into, -1 for other slots
    side: tuple[int, ...]  # per slot: 0 for total programmed and its quarters, 1 for the executed ones
    last_parts: tuple[int, int]  # per total, its quarter cell read last (right to left): Q1's
    mirror: tuple[MirrorPair, ...]  # the active months
    partner: tuple[int, ...]  # per position: an executed month's programmed month (position), -1 elsewhere
    quarter_pairs: tuple[QuarterPair, ...]  # the active executed quarters
    mate: tuple[int, ...]  # per slot: a programmed quarter cell's executed one (if active), -1 elsewhere
    group_starts: tuple[int, ...]  # per month group, in the order the months programme reads them: its
    # last month's position (the first it meets)
    group_slots: tuple[int, ...]  # per month group, in that order: its quarter cell


@lru_cache(maxsize=4)
def layout(cutoff: int) -> Layout:
    """The layout of rows whose report's cut-off quarter is `cutoff` (1-4)."""
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
    mirror = tuple(MirrorPair(PROG[m], EXEC[m]) for m in range(12) if active[EXEC[m]])
    partner = [-1] * len(order)
    for a, b in mirror:
        partner[pos[b]] = pos[a]
    mates = dict(zip(Q_PROG, q_exec, strict=False))  # programmed quarter cell -> its active executed one
    starts = tuple(i for i in range(len(order) - 1, 0, -1) if opens[i])
    return Layout(
        order=order,
        first_tail=pos[Q_PROG[0]],
        targets=targets,
        target_of=tuple(target_of),
        opens=tuple(opens),
        closes=tuple(closes),
        gap=gap,
        free_empties=tuple(sum(gap[: i + 1]) for i in range(len(order))),
        totals=(TOTAL_PROG, TOTAL_EXEC),
        q_prog=Q_PROG,
        q_exec=q_exec,
        total_of=tuple(TOTAL_PROG if s in Q_PROG else TOTAL_EXEC if s in q_exec else -1 for s in range(N_SLOTS)),
        side=tuple(1 if s in (TOTAL_EXEC, *Q_EXEC) else 0 for s in range(N_SLOTS)),
        last_parts=(Q_PROG[0], q_exec[0]),
        mirror=mirror,
        partner=tuple(partner),
        quarter_pairs=tuple(
            QuarterPair(targets.index(Q_PROG[q]), targets.index(Q_EXEC[q]), pos[EXEC[3 * q + 2]]) for q in range(cutoff)
        ),
        mate=tuple(mates.get(s, -1) for s in range(N_SLOTS)),
        group_starts=starts,
        group_slots=tuple(targets[target_of[i]] for i in starts),
    )


def mirror_cost(values: tuple[int | None, ...], cutoff: int) -> int:
    """MIRROR per active month whose executed value differs from its programmed value."""
    return MIRROR * sum(1 for a, b in layout(cutoff).mirror if values[a] != values[b])
