"""Map a row's printed fields onto the 35 slots, and say how sure that is.

Status per row (docs/recovery.md):

- `exact`: one number per slot, in order, and every identity holds;
- `repaired`: every reading within `MARGIN` of the best (transforms.readings) gives the same values;
- `ambiguous`: those readings disagree; the slots they disagree on are NULL, the others filled;
- `inconsistent`: no repair is cheaper than reading the row as printed with the agency's own slip
  (or none satisfies every identity); the printed values are kept and the broken identities named;
- `unresolved`: an invalid cell, nothing within the score cap and step budget, or a repair that is not
  trusted (`_guard_moves`); values NULL.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from transforms import findings
from transforms.cells import Token
from transforms.findings import INFERRED, Finding, OpenCells
from transforms.findings import broken_identities as broken_identities  # where the cell-by-cell readers take it
from transforms.readings import (
    EMPTY,
    FORCED,
    NODE_BUDGET,
    NUM,
    Fields,
    OverBudget,
    Reading,
    fields_of,
    layout,
    mirror_cost,
    search_fields,
)
from transforms.slips import SLIP, slip_readings, unexplained_drops
from transforms.slots import EXEC, N_SLOTS, PROG, SLOT_NAMES, active_slots, identity_violations

STATUSES = ("exact", "repaired", "ambiguous", "inconsistent", "unresolved")

@dataclass(frozen=True, slots=True)
class Recovery:
    """What the recovery decided for one row.

    `values` has 35 entries in slot order; None means undetermined, or a slot that the report
    cannot print (executed cells after the cut-off quarter). `open_cells` lists the undetermined
    slots the text narrows down, with the values it allows (`ambiguous`, `inconsistent` rows).
    """

    status: str
    values: tuple[int | None, ...]
    findings: tuple[Finding, ...] = ()
    n_readings: int = 0
    inferred_slots: tuple[str, ...] = ()
    dropped_tokens: tuple[int, ...] = ()
    violated: tuple[str, ...] = field(default=())
    open_cells: OpenCells = ()


NULLS: tuple[None, ...] = (None,) * N_SLOTS


MARGIN = 4  # readings this close to the cheapest count as tied


def recover_row(tokens: Sequence[Token], cutoff_quarter: int) -> Recovery:
    """Values, status and findings of one row (its tokens carry their field positions, empty ones implied)."""
    return _recover(tuple(tokens), cutoff_quarter)


@lru_cache(maxsize=8192)  # reports repeat rows verbatim (flat 12/1/3 activities); reuse their result
def _recover(tokens: tuple[Token, ...], cutoff: int) -> Recovery:
    bad = [t for t in tokens if t.kind == "invalid"]
    if bad:
        return Recovery("unresolved", NULLS, (findings.invalid_tokens(bad),))
    notes = findings.footnotes(tokens)
    fields = fields_of(tokens)
    printed = _one_to_one(fields, cutoff)
    if printed is not None and not identity_violations(printed, cutoff):
        return _guard_swaps(Recovery("exact", printed, notes, n_readings=1), cutoff)
    relaxed = False
    try:
        readings, used = search_fields(fields, cutoff, MARGIN, budget=NODE_BUDGET)
        if printed is not None:  # read "as printed" (SLIP per broken identity: the agency's slip), it competes
            slip_cost = SLIP * len(identity_violations(printed, cutoff)) + mirror_cost(printed, cutoff)
            slip = Reading(slip_cost, printed, (), ())
            if not readings or slip.cost + MARGIN < readings[0].cost:
                return _inconsistent(printed, cutoff, 1, "a cheaper reading than any repair", notes)
            if slip.cost <= readings[0].cost + MARGIN:
                readings = sorted([*readings, slip], key=lambda r: r.cost)
        if readings:
            return _settle(readings, fields, cutoff, notes)
        relaxed = True
        readings, _ = search_fields(fields, cutoff, 0, relaxed=True, budget=NODE_BUDGET - used)
    except OverBudget as e:  # never a guess: not even "as printed", a repair may exist past the budget
        budget = findings.over_budget(fields, cutoff, e, relaxed, NODE_BUDGET, MARGIN)
        return Recovery("unresolved", NULLS, (*notes, budget))
    if not readings:
        return Recovery("unresolved", NULLS, (*notes, findings.no_reading(fields, cutoff)))
    return _least_broken(readings, fields, cutoff, notes)


def _least_broken(readings: list[Reading], fields: Fields, cutoff: int, notes: tuple[Finding, ...]) -> Recovery:
    """`inconsistent` from the relaxed search's tied readings: the values they agree on (a tie that
    disagrees leaves those cells NULL: which one the text means is not known), the identities the
    best one breaks."""
    best = readings[0]
    agreed = _agreement(readings)
    why = "no reading satisfies every identity"
    cells = _open_cells(readings, _open_slots(agreed, best)) if agreed != best.values else ()
    if cells:
        why += f"; {len(readings)} readings break as few and disagree on {findings.candidate_text(cells)}"
    found = (*notes, *findings.edit_findings(best, fields))
    return _inconsistent(agreed, cutoff, len(readings), why, found, best.values, cells)


def _settle(readings: list[Reading], fields: Fields, cutoff: int, notes: tuple[Finding, ...]) -> Recovery:
    """Status and values from the tied readings, once the agency's slip has had its say.

    A reading that discards a number no loss explains competes with the same reading keeping that
    number as the agency printed it (`transforms.slips`). Such a rival can only add doubt: within the
    margin of the best reading it opens the cells it disagrees on; it never replaces the readings
    the search found (its alignment is one guess at where the number belongs).
    """
    r = _guard_moves(_decide(readings, fields, notes), readings[0], fields, notes)
    limit = readings[0].cost + MARGIN
    dropping = [x for x in readings if x.skipped]  # most readings skip no field
    rivals = {s.values: s for x in dropping for s in slip_readings(x, fields, cutoff) if s.cost <= limit}
    if rivals and r.status != "unresolved":
        seen = {x.values for x in readings}
        tied = [*readings, *(s for v, s in rivals.items() if v not in seen)]
        if len(tied) > len(readings):
            r = _decide(tied, fields, notes, sum(1 for x in tied if identity_violations(x.values, cutoff)))
    return _guard_swaps(r, cutoff)


def _guard_moves(r: Recovery, best: Reading, fields: Fields, notes: tuple[Finding, ...]) -> Recovery:
    """Distrust a repair that drops a number repeating neither neighbour and also solves a value.

    A stray token repeats a neighbouring cell (the sample's do); dropping a number the text gives
    no reason to drop while inventing another moves a value rather than mending a loss. This is how
    a row whose true reading the model cannot express (two values lost) gets a unique wrong one.
    """
    if r.status != "repaired" or FORCED not in best.sources:
        return r
    odd = unexplained_drops(best, fields)
    if not odd:
        return r
    return Recovery("unresolved", NULLS, (*notes, findings.untrusted_repair(best, odd, fields)))


def _guard_swaps(r: Recovery, cutoff: int) -> Recovery:
    """Open the months of a quarter whose executed months are its programmed months reordered.

    A dropped token and a stray copy in the same quarter print one number per slot with two months
    swapped, and every identity still holds: such a quarter cannot be trusted either way.
    """
    if r.status not in ("exact", "repaired"):
        return r
    values = list(r.values)
    opened, cells = [], []
    for q in range(cutoff):
        prog = [PROG[3 * q + k] for k in range(3)]
        execd = [EXEC[3 * q + k] for k in range(3)]
        p, e = [values[s] for s in prog], [values[s] for s in execd]
        if p != e and None not in p + e and sorted(p) == sorted(e):  # type: ignore[type-var]
            for s in prog + execd:
                values[s] = None
                cells.append((s, tuple(sorted(set(p)))))  # the quarter's values, in an order not known
            opened.append((q + 1, p, e))
    if not opened:
        return r
    finding = findings.swapped_quarters(opened)
    return Recovery("ambiguous", tuple(values), (*r.findings, finding), max(r.n_readings, 2), open_cells=tuple(cells))


def _one_to_one(fields: Fields, cutoff: int) -> tuple[int | None, ...] | None:
    """Values when the row prints one number per slot, in order (identities not checked).

    Rows with empty fields inside never qualify: where an empty field sits is weak evidence.
    """
    kinds, vals = fields
    order = layout(cutoff).order
    if len(kinds) == len(order):  # columns after the cut-off left out
        positions: Sequence[int] = range(len(order))
    elif len(kinds) <= N_SLOTS and all(kinds[s] == EMPTY for s in _inactive(cutoff) if s < len(kinds)):
        positions = order  # every column printed, those after the cut-off empty
    else:
        return None
    values: list[int | None] = [None] * N_SLOTS
    for s, f in zip(order, positions, strict=True):
        if f >= len(kinds) or kinds[f] != NUM:
            return None
        values[s] = vals[f]
    return tuple(values)


@lru_cache(maxsize=4)
def _inactive(cutoff: int) -> tuple[int, ...]:
    """Slots the cut-off leaves out (executed cells after it)."""
    return tuple(s for s, on in enumerate(active_slots(cutoff)) if not on)


def _decide(readings: list[Reading], fields: Fields, notes: tuple[Finding, ...], slips: int = 0) -> Recovery:
    best = readings[0]
    agreed = _agreement(readings)
    open_slots = _open_slots(agreed, best)
    if not open_slots:
        inferred = tuple(SLOT_NAMES[s] for s, src in enumerate(best.sources) if src in INFERRED)
        found = (*notes, *findings.edit_findings(best, fields))
        return Recovery("repaired", best.values, found, len(readings), inferred, best.skipped)
    cells = _open_cells(readings, open_slots)
    found = (*notes, findings.ambiguous(len(readings), cells, slips))
    return Recovery("ambiguous", agreed, found, len(readings), open_cells=cells)


def _open_slots(agreed: tuple[int | None, ...], best: Reading) -> list[int]:
    """Slots the tied readings disagree on (a footnote-only cell in the best reading is NULL anyway)."""
    return [s for s, v in enumerate(agreed) if v is None and best.values[s] is not None]


def _open_cells(readings: list[Reading], slots: list[int]) -> OpenCells:
    """Each open slot with the values the tied readings give it: what a person can check against the
    printed line or the PDF (the true value may lie outside the tie)."""
    out = []
    for s in slots:
        seen = {r.values[s] for r in readings}
        out.append((s, (*sorted(v for v in seen if v is not None), *((None,) if None in seen else ()))))
    return tuple(out)


def _agreement(readings: list[Reading]) -> tuple[int | None, ...]:
    n = len(readings)
    if n == 1:
        return readings[0].values
    return tuple(c[0] if c.count(c[0]) == n else None for c in zip(*(r.values for r in readings), strict=True))


def _inconsistent(
    values: tuple[int | None, ...],
    cutoff: int,
    n: int,
    why: str,
    notes: tuple[Finding, ...],
    judged: tuple[int | None, ...] | None = None,
    open_cells: OpenCells = (),
) -> Recovery:
    """Values loaded as they are, the identities `judged` (by default the values themselves) break
    named with their numbers, e.g. `q1_prog = months: 4 against 1 + 1 + 1 = 3`."""
    judged = values if judged is None else judged
    violated = identity_violations(judged, cutoff)
    found = (*notes, findings.identity(why, judged, cutoff))
    return Recovery("inconsistent", values, found, n, violated=violated, open_cells=open_cells)
