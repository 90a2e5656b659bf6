"""Assign a row's tokens to the 35 slots.

This is the exact-fit assignment: a row whose number tokens fill the active slots one to one and
satisfy every identity is `exact`; any other row is `unresolved`, its values NULL and its tokens kept.
Nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from transforms.cells import Token
from transforms.slots import N_SLOTS, SLOT_NAMES, active_slots, identity_violations

STATUSES = ("exact", "repaired", "ambiguous", "inconsistent", "unresolved")


@dataclass(frozen=True, slots=True)
class Finding:
    """A data-quality fact about one row: a rule name and a detail a person can check."""

    rule: str
    detail: str


@dataclass(frozen=True, slots=True)
class Recovery:
    """What the recovery decided for one row.

    `values` has 35 entries in slot order; None means undetermined, or a slot that the report
    cannot print (executed cells after the cut-off quarter).
    """

    status: str
    values: tuple[int | None, ...]
    findings: tuple[Finding, ...] = ()
    n_readings: int = 0
    inferred_slots: tuple[str, ...] = ()
    dropped_tokens: tuple[int, ...] = ()
    violated: tuple[str, ...] = field(default=())


NULLS: tuple[None, ...] = (None,) * N_SLOTS


def recover_row(tokens: Sequence[Token], cutoff_quarter: int, n_fields: int | None = None) -> Recovery:
    """Map tokens onto slots; `n_fields` (raw tab fields incl. empty ones) is a weak position hint."""
    active = active_slots(cutoff_quarter)
    bad = [t for t in tokens if t.kind == "invalid"]
    if bad:
        detail = "; ".join(f"field {t.field + 1}: {t.text!r}" for t in bad)
        return Recovery("unresolved", NULLS, (Finding("invalid_token", detail),))
    numbers = [t for t in tokens if t.kind == "number"]
    n_active = sum(active)
    if len(numbers) != n_active:
        detail = f"{len(numbers)} numbers for {n_active} slots"
        return Recovery("unresolved", NULLS, (Finding("token_count", detail),))
    it = iter(numbers)
    values = tuple(next(it).value if a else None for a in active)
    violated = identity_violations(values, cutoff_quarter)
    if violated:
        detail = "tokens fill every slot but break: " + ", ".join(violated)
        return Recovery("unresolved", NULLS, (Finding("identity", detail),), violated=violated)
    return Recovery("exact", values, n_readings=1)


def slot_name(index: int) -> str:
    return SLOT_NAMES[index]
