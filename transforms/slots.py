"""The 35 numeric slots of a POI activity row and the identities that bind them.

Slot order is the printed column order: META ANUAL, programmed Jan..Dec, executed Jan..Dec,
(programmed, executed) for quarters I..IV, total programmed, total executed.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

MONTHS = tuple(range(1, 13))
QUARTERS = (1, 2, 3, 4)

META = 0
PROG = tuple(range(1, 13))  # PROG[m - 1] is the slot of programmed month m
EXEC = tuple(range(13, 25))  # EXEC[m - 1] is the slot of executed month m
Q_PROG = (25, 27, 29, 31)  # Q_PROG[q - 1]
Q_EXEC = (26, 28, 30, 32)
TOTAL_PROG = 33
TOTAL_EXEC = 34
N_SLOTS = 35

SLOT_NAMES: tuple[str, ...] = (
    ("meta_anual",)
    + tuple(f"prog_{m:02d}" for m in MONTHS)
    + tuple(f"exec_{m:02d}" for m in MONTHS)
    + tuple(f"q{q}_{kind}" for q in QUARTERS for kind in ("prog", "exec"))
    + ("total_prog", "total_exec")
)
assert len(SLOT_NAMES) == N_SLOTS


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def cell_of(slot: int) -> tuple[str, int | None, int | None]:
    """(measure, month, quarter) of a slot: ('executed', 7, 3) for exec_07, ('programmed', None, 2)
    for q2_prog, ('executed', None, None) for total_exec, ('meta_anual', None, None) for META ANUAL."""
    if slot == META:
        return "meta_anual", None, None
    measure = "programmed" if slot in PROG or slot in Q_PROG or slot == TOTAL_PROG else "executed"
    if slot in PROG or slot in EXEC:
        month = (slot - 1) % 12 + 1
        return measure, month, quarter_of(month)
    if slot in Q_PROG or slot in Q_EXEC:
        return measure, None, (slot - Q_PROG[0]) // 2 + 1
    return measure, None, None


def active_slots(cutoff_quarter: int) -> tuple[bool, ...]:
    """Which slots the report can print: executed cells after the cut-off quarter do not exist."""
    active = [True] * N_SLOTS
    for m in MONTHS:
        if quarter_of(m) > cutoff_quarter:
            active[EXEC[m - 1]] = False
    for q in QUARTERS:
        if q > cutoff_quarter:
            active[Q_EXEC[q - 1]] = False
    return tuple(active)


@lru_cache(maxsize=8)
def identities(cutoff_quarter: int) -> tuple[tuple[str, int, tuple[int, ...]], ...]:
    """(name, total slot, part slots) for every identity a correct row satisfies."""
    out: list[tuple[str, int, tuple[int, ...]]] = []
    for q in QUARTERS:
        months = tuple(range(3 * q - 2, 3 * q + 1))
        out.append((f"q{q}_prog = months", Q_PROG[q - 1], tuple(PROG[m - 1] for m in months)))
        if q <= cutoff_quarter:
            out.append((f"q{q}_exec = months", Q_EXEC[q - 1], tuple(EXEC[m - 1] for m in months)))
    out.append(("total_prog = quarters", TOTAL_PROG, Q_PROG))
    out.append(("total_exec = quarters", TOTAL_EXEC, tuple(Q_EXEC[q - 1] for q in QUARTERS if q <= cutoff_quarter)))
    out.append(("meta_anual = total_prog", META, (TOTAL_PROG,)))
    return tuple(out)


def identity_violations(values: Sequence[int | None], cutoff_quarter: int) -> tuple[str, ...]:
    """Names of the identities that the values break; identities touching a NULL are not judged."""
    broken = []
    for name, total, parts in identities(cutoff_quarter):
        involved = (total, *parts)
        if any(values[i] is None for i in involved):
            continue
        if values[total] != sum(values[i] for i in parts):  # type: ignore[misc]
            broken.append(name)
    return tuple(broken)
