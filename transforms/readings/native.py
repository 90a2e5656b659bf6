"""The compiled search core (transforms/_search.cpp) as the engine calls it.

The core reads the `Layout` of a cut-off quarter and the search's costs by name, from dicts
(`layout_fields`, `param_fields`) it checks once, when they are prepared (`prepared_layout`,
`params`): a field either side lacks, or names differently, is refused there
(tests/transforms/test_native_search.py).
"""

from __future__ import annotations

import os
import warnings
from dataclasses import fields
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


def layout_fields(cutoff: int) -> dict:
    """The layout as the core reads it: every field of `Layout`, by name."""
    lay = layout(cutoff)
    return {f.name: getattr(lay, f.name) for f in fields(lay)}


def param_fields(limits: tuple[int, ...]) -> dict:
    """The costs as the core reads them, by name, with the forced-value limits of the passes."""
    return {**COSTS, "mirror": MIRROR, "violation": VIOLATION, "forced_limits": limits, "caps": CAPS}


@lru_cache(maxsize=4)
def prepared_layout(cutoff: int):
    """The core's copy of the layout, read by name and checked once."""
    return _core.prepare_layout(layout_fields(cutoff))


@lru_cache(maxsize=4)
def params(limits: tuple[int, ...]):
    """The core's copy of the costs, read by name and checked once."""
    return _core.prepare_params(param_fields(limits))
