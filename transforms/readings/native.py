"""The compiled search core (transforms/_search.cpp) as the engine calls it.

The core takes the row's `Layout` and the search's costs as tuples, field by field.
"""

from __future__ import annotations

import os
import warnings
from functools import lru_cache

from transforms.readings.layout import layout
from transforms.readings.model import CAPS, COSTS, MIRROR, VIOLATION, OverBudget

try:
    from transforms import _search as _core
except ImportError:  # not built: the reference engine runs instead, about 30 times slower
    _core = None
    warnings.warn(
        "transforms._search is not built (pip install -e . compiles it; needs g++): "
        "recovery runs on the slower pure-Python engine",
        RuntimeWarning,
        stacklevel=2,
    )

# Rows the compiled core takes: it stores values (and totals solved from them) as 32-bit integers and
# skipped fields as a 128-bit set; other rows (values over 67 million, say) run on the Python engine.
MAX_VALUE, MAX_FIELDS = 2**26, 128

Scored = list[tuple[int, int, tuple[int | None, ...], tuple[int, ...], tuple[int, ...]]]


def native_core():
    """The compiled search module, or None when it is not built or POI_RECOVERY_ENGINE=python."""
    return None if os.environ.get("POI_RECOVERY_ENGINE", "native") == "python" else _core


def takes(vals: tuple[int, ...]) -> bool:
    """Whether the compiled core is in use and takes a row with these field values."""
    return native_core() is not None and len(vals) < MAX_FIELDS and max(vals, default=0) <= MAX_VALUE


def search(
    kinds: tuple[int, ...],
    vals: tuple[int, ...],
    cutoff: int,
    margin: int,
    relaxed: bool,
    budget: int,
    limits: tuple[int, ...],
) -> tuple[Scored, int]:
    """(score, edits, values, sources, skipped) of the readings within `margin` of the best score, in the
    order found, and the steps used; raises OverBudget with what was settled."""
    scored, used, cleared, best = _core.search(
        kinds, vals, prepared_layout(cutoff), params(limits), relaxed, margin, budget
    )
    if scored is None:
        raise OverBudget(None if cleared < 0 else cleared, None if best < 0 else best)
    return scored, used


@lru_cache(maxsize=4)
def prepared_layout(cutoff: int) -> tuple:
    lay = layout(cutoff)
    return (
        lay.order,
        lay.first_tail,
        lay.targets,
        lay.target_of,
        tuple(map(int, lay.opens)),
        tuple(map(int, lay.closes)),
        lay.gap,
        lay.free_empties,
        lay.q_exec,
        lay.total_of,
        tuple(a for a, _ in lay.mirror),
        tuple(b for _, b in lay.mirror),
        lay.partner,
        tuple(x for pair in lay.quarter_pairs for x in pair),
        lay.mate,
        lay.group_starts,
    )


@lru_cache(maxsize=4)
def params(limits: tuple[int, ...]) -> tuple:
    costs = (COSTS[k] for k in ("vanish", "vanish_dense", "extra_empty", "copy", "stray", "forced"))
    return (*costs, MIRROR, VIOLATION, limits, CAPS)
