"""Generate realistic activity rows and render them the way the PDF text extraction loses them.

`clean_row` draws the 35 true values of a row; `render_fields` turns values into the raw numeric tab
fields (the fields after the four text columns), optionally corrupted: lost copies in runs of equal
values, vanished blank fields, drifted empty fields, stray tokens, footnote marks and two adjacent
numbers lost together. `slipped` is the agency's own error, made before printing: one printed number
that disagrees with the others.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

from transforms.slots import EXEC, META, N_SLOTS, PROG, Q_EXEC, Q_PROG, TOTAL_EXEC, TOTAL_PROG, active_slots

SHAPES = ("flat", "varied", "sparse", "mid_year", "diverging")
SHAPE_WEIGHTS = (40, 35, 10, 8, 7)  # roughly the sample's mix
N_FIELDS = 35  # fields a report line carries after the text columns (trailing ones empty)


@dataclass(frozen=True)
class Corruption:
    """Per-opportunity rates of each kind of text loss."""

    lost_copy: float = 0.0  # a cell equal to the previous printed cell loses its token
    blank_vanish: float = 0.0  # a blank cell loses its (empty) field
    drift: float = 0.0  # a kept empty field moves one place
    stray: float = 0.0  # per row: one extra token (a copy of a neighbour) appears
    footnote: float = 0.0  # per row: a footnote mark is attached to a cell
    drop: float = 0.0  # per row: one number token is lost outright
    slip: float = 0.0  # per row: the agency prints one cell off by 1 or 2 (`slipped`; the print is the truth)
    pair_loss: float = 0.0  # per row: two adjacent number tokens are lost together


CLEAN = Corruption()
# Counted on the 63 sample rows the search engine settled during development (tie margin 1, see
# docs/recovery.md): 159 lost copies in 1,334 equal adjacent pairs, 9 of 38 blank cells without a
# field, 5 stray tokens and 5 values missing outright.
SAMPLE_RATES = Corruption(lost_copy=0.12, blank_vanish=0.25, drift=0.05, stray=0.08, footnote=0.02, drop=0.08)
# Rows the settled ones above cannot show: the sample prints 1 row in 87 whose identities break under
# every reading (line 40, docs/recovery.md).
SAMPLE_SLIP = 1 / 87
# Nor rows that lost two adjacent numbers, which need two values solved: the sample prints 3 in 87
# (lines 87 and 114 lost both Q4 cells, line 75 executed September and October; docs/recovery.md:
# two solved values).
SAMPLE_PAIR_LOSS = 3 / 87


def clean_row(rng: random.Random, cutoff: int = 4, shape: str | None = None) -> tuple[int | None, ...]:
    """True slot values of one row; executed cells after the cut-off are None."""
    shape = shape or rng.choices(SHAPES, SHAPE_WEIGHTS)[0]
    prog = programmed_months(rng, shape)
    return row_values(prog, _executed(rng, prog, shape), cutoff)


def row_values(prog: list[int], execd: list[int], cutoff: int = 4) -> tuple[int | None, ...]:
    """The 35 slot values of a row from its programmed and executed months (quarters, totals, META)."""
    values: list[int | None] = [None] * N_SLOTS
    for m in range(12):
        values[PROG[m]] = prog[m]
        values[EXEC[m]] = execd[m]
    for q in range(4):
        values[Q_PROG[q]] = sum(prog[3 * q : 3 * q + 3])
        values[Q_EXEC[q]] = sum(execd[3 * q : 3 * q + 3])
    values[TOTAL_PROG] = values[META] = sum(prog)
    active = active_slots(cutoff)
    for s in range(N_SLOTS):
        if not active[s]:
            values[s] = None
    values[TOTAL_EXEC] = sum(values[Q_EXEC[q]] for q in range(cutoff))  # type: ignore[misc]
    return tuple(values)


def true_row(rng: random.Random, cutoff: int, rates: Corruption) -> tuple[int | None, ...]:
    """A clean row, `slipped` at the rates' slip rate: the values the report prints.

    Without slips nothing more is drawn, so corpora without them stay those of a generator that has none.
    """
    values = clean_row(rng, cutoff)
    if rates.slip and rng.random() < rates.slip:
        values = slipped(values, rng)
    return values


def slipped(values: tuple[int | None, ...], rng: random.Random) -> tuple[int | None, ...]:
    """The values with one printed cell (month, quarter cell, total or META ANUAL) off by 1 or 2.

    The report then prints a number its identities disagree with: that number is what the report
    says, so it is the truth a recovery is checked against (docs/recovery.md: source slips).
    """
    out = list(values)
    s = rng.choice([s for s, v in enumerate(out) if v is not None])
    delta = rng.choice((-2, -1, 1, 2))
    out[s] = out[s] + delta if out[s] + delta >= 0 else out[s] - delta  # type: ignore[operator]
    return tuple(out)


def programmed_months(rng: random.Random, shape: str) -> list[int]:
    """Twelve programmed months of a shape: flat, sparse, mid_year (zeros before a start), or varied."""
    if shape == "flat":
        return [rng.choice((1, 1, 2, 3, 4, 8))] * 12
    if shape == "sparse":
        months = [0] * 12
        for m in rng.sample(range(12), rng.randint(1, 4)):
            months[m] = rng.randint(1, 6)
        return months
    base = rng.choice((2, 5, 10, 25, 40))
    months = [max(0, base + rng.randint(-base // 3 - 1, base // 3 + 1)) for _ in range(12)]
    if shape == "mid_year":
        start = rng.randint(3, 9)
        months = [0] * start + months[start:]
    return months


def _executed(rng: random.Random, prog: list[int], shape: str) -> list[int]:
    if shape != "diverging" and rng.random() < 0.6:
        return list(prog)
    execd = list(prog)
    for m in rng.sample(range(12), rng.randint(1, 4)):
        execd[m] = max(0, execd[m] + rng.choice((-2, -1, 1, 2)))
    return execd


def render_fields(
    values: tuple[int | None, ...], rng: random.Random | None = None, rates: Corruption = CLEAN
) -> list[str]:
    """Raw numeric tab fields of a row (printed order, blanks as '', padded to 35 fields)."""
    rng = rng or random.Random(0)
    cells = [values[s] for s in range(N_SLOTS) if values[s] is not None]
    fields: list[str] = []
    prev: int | None = None
    for v in cells:
        if v == 0:
            if rng.random() >= rates.blank_vanish:
                fields.append("")
        elif v == prev and rng.random() < rates.lost_copy:
            pass
        else:
            fields.append(str(v))
        prev = v
    _drift(fields, rng, rates.drift)
    if rng.random() < rates.drop:
        _drop(fields, rng)
    if rates.pair_loss and rng.random() < rates.pair_loss:  # drawn only when set: other corpora unchanged
        _drop_pair(fields, rng)
    if rng.random() < rates.stray:
        _stray(fields, rng)
    if rng.random() < rates.footnote:
        _footnote(fields, rng)
    return fields + [""] * max(0, N_FIELDS - len(fields))


def _drop_pair(fields: list[str], rng: random.Random) -> None:
    pairs = [i for i in range(len(fields) - 1) if fields[i] and fields[i + 1]]
    if pairs:
        i = rng.choice(pairs)
        del fields[i : i + 2]


def _drift(fields: list[str], rng: random.Random, rate: float) -> None:
    for i, f in enumerate(fields):
        if f == "" and rng.random() < rate:
            j = i + rng.choice((-1, 1))
            if 0 <= j < len(fields):
                fields[i], fields[j] = fields[j], fields[i]


def _stray(fields: list[str], rng: random.Random) -> None:
    numbers = [i for i, f in enumerate(fields) if f]
    if numbers:
        i = rng.choice(numbers)
        fields.insert(i + rng.choice((0, 1)), fields[i])


def _drop(fields: list[str], rng: random.Random) -> None:
    numbers = [i for i, f in enumerate(fields) if f]
    if numbers:
        del fields[rng.choice(numbers)]


def _footnote(fields: list[str], rng: random.Random) -> None:
    i = rng.randrange(len(fields)) if fields else 0
    if fields and fields[i]:
        fields[i] += " 1/"
    else:
        fields.insert(i, "1/")


def synthetic_rows(
    seed: int, n: int, rates: Corruption = SAMPLE_RATES, cutoffs: tuple[int, ...] = (1, 2, 3, 4)
) -> Iterator[tuple[tuple[int | None, ...], list[str], int]]:
    """(true values, raw fields, cut-off quarter) for n rows drawn from one seed."""
    rng = random.Random(seed)
    for _ in range(n):
        cutoff = rng.choice(cutoffs)
        values = true_row(rng, cutoff, rates)
        yield values, render_fields(values, rng, rates), cutoff
