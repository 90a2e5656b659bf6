"""The readings of a row within a margin of the best score: passes of the search, on either engine.

The score cap is raised step by step (`CAPS`, iterative deepening); at each cap a pass per
forced-value limit runs until one finds readings (`FORCED_LIMITS`). Every search step counts against
the row's budget so that no row can hang. The compiled core (transforms/_search.cpp) runs the same
passes and returns the same readings with the same step counts; the Python search
(transforms.readings.tail) stays the reference it is tested against
(tests/transforms/test_native_search.py), and runs where the core is not built or cannot take a row.
"""

from __future__ import annotations

from collections.abc import Sequence

from transforms.cells import Token
from transforms.readings import model, native
from transforms.readings.layout import mirror_cost
from transforms.readings.model import CAPS, FORCED, FORCED_COST, NODE_BUDGET, Fields, OverBudget, Reading, fields_of
from transforms.readings.tail import Search


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
    limits = model.FORCED_LIMITS  # read at the call: tests set other limits
    if native.takes(vals):
        scored, used = native.search(kinds, vals, cutoff, margin, relaxed, budget, limits)
    else:
        found, used = python_readings(kinds, vals, cutoff, margin, relaxed, budget, limits)
        scored = [(r.edits + mirror_cost(r.values, cutoff), r.edits, r.values, r.sources, r.skipped) for r in found]
    if not scored:
        return [], used
    top = min(r[0] for r in scored)
    tied = sorted((r for r in scored if r[0] <= top + margin), key=lambda r: r[:2])
    return [Reading(c, v, s, k, e) for c, e, v, s, k in tied], used


def pass_limits(cap: int, relaxed: bool, limits: tuple[int, ...]) -> tuple[int, ...]:
    """The forced-value limits of the passes at `cap`, in order: a further limit only once the cap can pay
    for its forced values (below that it finds what the pass before found); the relaxed search forces none."""
    if relaxed:
        return limits[:1]
    return tuple(n for k, n in enumerate(limits) if k == 0 or cap >= n * FORCED_COST)


def python_readings(
    kinds: tuple[int, ...],
    vals: tuple[int, ...],
    cutoff: int,
    margin: int,
    relaxed: bool,
    budget: int,
    limits: tuple[int, ...] = model.FORCED_LIMITS,
) -> tuple[list[Reading], int]:
    """Every reading found (edit cost only, in the order found) and the steps used: the reference engine."""
    s = Search(kinds, vals, cutoff, relaxed)
    used = 0
    cleared = top = None
    try:
        for cap in CAPS:
            least = 0  # forced values a reading found at this cap takes: more than the pass before allowed
            for limit in pass_limits(cap, relaxed, limits):
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
