"""Experimental engine for issue 3 (not yet wired into the pipeline): status from searched readings.

Measured in docs/recovery.md: it still loads a few wrong values on synthetic rows, so the pipeline
keeps the exact-fit engine of `transforms.recovery` until it reaches 0. Same contract as
`transforms.recovery.recover_row`.

- `exact`: the fields sit one to one on the slots (blank cells as empty fields) and every identity holds;
- `repaired`: every reading within `MARGIN` of the cheapest gives the same values;
- `ambiguous`: those readings disagree; the slots they disagree on are NULL, the others filled;
- `inconsistent`: no reading satisfies every identity; the cheapest reading that breaks fewest
  identities is kept, with the values as printed (nothing forced);
- `unresolved`: an invalid cell, or nothing within the cost cap and node budget; values NULL.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from transforms.cells import Token
from transforms.readings import (
    CAPS,
    COPY,
    EMPTY,
    FORCED,
    MARKED,
    NODE_BUDGET,
    NUM,
    VANISH,
    OverBudget,
    Reading,
    fields_of,
    layout,
    search,
)
from transforms.recovery import NULLS, Finding, Recovery
from transforms.slots import N_SLOTS, SLOT_NAMES, identity_violations

MARGIN = 4  # readings this close to the cheapest count as tied
# Blank cells carry weak position evidence (empty fields drift): rows with any are judged with a
# wider margin, so a reading that wins only on where blanks sit is reported ambiguous.
SPARSE_MARGIN = 6


def recover_row(tokens: Sequence[Token], cutoff_quarter: int, n_fields: int | None = None) -> Recovery:
    """Values, status and findings of one row (`n_fields` is unused: empty fields come with the tokens)."""
    return _recover(tuple(tokens), cutoff_quarter)


@lru_cache(maxsize=8192)  # reports repeat rows verbatim (flat 12/1/3 activities); reuse their result
def _recover(tokens: tuple[Token, ...], cutoff: int) -> Recovery:
    bad = [t for t in tokens if t.kind == "invalid"]
    if bad:
        detail = "; ".join(f"field {t.field + 1}: {t.text!r}" for t in bad)
        return Recovery("unresolved", NULLS, (Finding("invalid_token", detail),))
    notes = _footnotes(tokens)
    exact = _exact_fit(tokens, cutoff)
    if exact is not None:
        return Recovery("exact", exact, notes, n_readings=1)
    left = NODE_BUDGET
    try:
        readings, used = search(tokens, cutoff, MARGIN, budget=left)
        left -= used
        if readings and _has_blanks(readings[0]):
            readings, used = search(tokens, cutoff, SPARSE_MARGIN, budget=left)
            left -= used
        if readings:
            return _decide(readings, notes)
        readings, _ = search(tokens, cutoff, 0, relaxed=True, budget=left)
    except OverBudget:
        printed = _one_to_one(tokens, cutoff)
        if printed is not None:  # every slot printed once, but identities break: a source slip
            why = "one number per slot as printed, no repair found within budget"
            return _inconsistent(printed, cutoff, 1, why, notes)
        detail = f"no reading settled within {NODE_BUDGET:,} search steps (too many edits to examine)"
        return Recovery("unresolved", NULLS, (*notes, Finding("budget", detail)))
    if not readings:
        detail = f"no reading within {CAPS[-1]} edit points, even breaking identities"
        return Recovery("unresolved", NULLS, (*notes, Finding("no_reading", detail)))
    best = readings[0]
    why = "no reading satisfies every identity"
    return _inconsistent(best.values, cutoff, len(readings), why, (*notes, *_edit_findings(best)))


def _has_blanks(r: Reading) -> bool:
    return any(v == 0 for v in r.values) or MARKED in r.sources


def _exact_fit(tokens: Sequence[Token], cutoff: int) -> tuple[int | None, ...] | None:
    """Values when the row prints one number per slot, in order, and every identity holds."""
    values = _one_to_one(tokens, cutoff)
    return None if values is None or identity_violations(values, cutoff) else values


def _one_to_one(tokens: Sequence[Token], cutoff: int) -> tuple[int | None, ...] | None:
    """Values when the row prints one number per slot, in order (identities not checked).

    Rows with empty fields inside never qualify: where an empty field sits is weak evidence.
    """
    kinds, vals, _ = fields_of(tokens)
    order = layout(cutoff).order
    if len(kinds) == len(order):  # columns after the cut-off left out
        cells = dict(zip(order, zip(kinds, vals, strict=True), strict=True))
    else:  # every column printed, those after the cut-off empty
        cells = dict(enumerate(zip(kinds, vals, strict=False)))
        if len(kinds) > N_SLOTS or any(cells.get(s, (EMPTY, 0))[0] != EMPTY for s in range(N_SLOTS) if s not in order):
            return None
    values: list[int | None] = [None] * N_SLOTS
    for s in order:
        kind, value = cells.get(s, (EMPTY, 0))
        if kind != NUM:
            return None
        values[s] = value
    return tuple(values)


def _decide(readings: list[Reading], notes: tuple[Finding, ...]) -> Recovery:
    best = readings[0]
    agreed = _agreement(readings)
    findings = [*notes, *_edit_findings(best)]
    inferred = tuple(SLOT_NAMES[s] for s, src in enumerate(best.sources) if src in (VANISH, COPY, FORCED))
    if all(v is not None or best.values[s] is None for s, v in enumerate(agreed)):
        return Recovery("repaired", best.values, tuple(findings), len(readings), inferred, best.skipped)
    open_slots = [SLOT_NAMES[s] for s, v in enumerate(agreed) if v is None and best.values[s] is not None]
    detail = f"{len(readings)} readings within the tie margin disagree on {', '.join(open_slots)}"
    findings = [*notes, Finding("ambiguous", detail)]
    return Recovery("ambiguous", agreed, tuple(findings), len(readings))


def _agreement(readings: list[Reading]) -> tuple[int | None, ...]:
    first = readings[0].values
    return tuple(v if all(r.values[s] == v for r in readings) else None for s, v in enumerate(first))


def _edit_findings(r: Reading) -> list[Finding]:
    out = []
    copies = [SLOT_NAMES[s] for s, src in enumerate(r.sources) if src == COPY]
    blanks = [SLOT_NAMES[s] for s, src in enumerate(r.sources) if src == VANISH]
    if copies:
        out.append(Finding("inferred_copy", "lost copy of a run restored in " + ", ".join(copies)))
    if blanks:
        out.append(Finding("inferred_blank", "blank cell without a field in " + ", ".join(blanks)))
    for s, src in enumerate(r.sources):
        if src == FORCED:
            out.append(
                Finding("inferred_value", f"{SLOT_NAMES[s]} = {r.values[s]} not printed; solved from its identity")
            )
    if r.skipped:
        out.append(Finding("dropped_token", "fields left out: " + ", ".join(str(f + 1) for f in r.skipped)))
    return out


def _inconsistent(
    values: tuple[int | None, ...], cutoff: int, n: int, why: str, findings: tuple[Finding, ...]
) -> Recovery:
    violated = identity_violations(values, cutoff)
    detail = f"{why}; printed values break: " + ", ".join(violated)
    return Recovery("inconsistent", values, (*findings, Finding("identity", detail)), n, violated=violated)


def _footnotes(tokens: Sequence[Token]) -> tuple[Finding, ...]:
    marked = [f"field {t.field + 1}: {t.text!r}" for t in tokens if t.footnote]
    return (Finding("footnote", "; ".join(marked)),) if marked else ()
