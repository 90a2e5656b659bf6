"""How many synthetic rows any engine could get fully right without guessing.

A row's text can fit its true values and other values equally well: a blank cell that vanished
from a run of zeros next to a non-zero month, a dropped value that could sit in any month of its
quarter, an empty field that drifted inside its quarter. When another reading needs the same edits
of each kind as the true one and has the same executed months off their programmed twins, nothing in
the text prefers either (the generator places every loss uniformly), so an engine that is never
silently wrong must flag the row. The share of such rows bounds the share of rows fully right.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from transforms.cells import Token
from transforms.readings import COPY, FORCED, NUM, VANISH, OverBudget, Reading, fields_of, repeats_neighbour, search
from transforms.recovery import MARGIN


def profile(r: Reading, kinds: Sequence[int], values: Sequence[int]) -> tuple:
    """Edits of each kind and mirror evidence of a reading: all the text says for or against it.

    Skipped numbers count apart when they repeat a neighbouring field (the generator's strays do).
    """
    sources = Counter(s for s in r.sources if s in (VANISH, COPY, FORCED))
    numbers = [f for f in r.skipped if kinds[f] == NUM]
    repeats = sum(1 for f in numbers if repeats_neighbour(f, kinds, values))
    return (tuple(sorted(sources.items())), len(numbers), repeats, len(r.skipped) - len(numbers), r.cost - r.edits)


def equally_supported(tokens: Sequence[Token], cutoff: int, truth: tuple[int | None, ...]) -> bool | None:
    """True when a reading with other values is as well supported as the true one; None over budget."""
    try:
        readings, _ = search(tokens, cutoff, MARGIN)
    except OverBudget:
        return None
    kinds, values = fields_of(tokens)
    true = [r for r in readings if r.values == truth]
    if not true:
        return False
    wanted = profile(true[0], kinds, values)
    return any(r.values != truth and profile(r, kinds, values) == wanted for r in readings)
