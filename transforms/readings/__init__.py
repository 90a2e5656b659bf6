"""Search the readings of a row: alignments of its printed fields onto the 35 slots.

A reading walks the slots in printed order and says, for each one, where its value comes from:

- a number field (no edit), or an empty / footnote-only field (a blank cell, value 0, no edit);
- `vanish`: a blank cell whose empty field vanished (value 0);
- `copy`: a copy lost from a run of equal values (value of the number field next to the gap);
- `forced`: no field at all, value solved from an identity (one per row; one per identity where no
  reading with one scores within the cap the search stands at, `FORCED_LIMITS`; a tie may hold
  readings solving one more than its best);

and, between slots, a field may be `skip`ped: a stray number token or an extra empty field.
Each edit has a cost (`COSTS`). Readings must satisfy every identity: months sum to their quarter,
quarters to the totals, META ANUAL equals total programmed. Executed months that differ from their
programmed month are evidence, not edits (`MIRROR`): a reading's score is its edit cost plus that
evidence; readings within the margin of the best score tie.

The modules, each with one job:

- `model`: field kinds, sources, costs, `Reading`, `OverBudget`, a search pass;
- `layout`: the active slots of a cut-off quarter in printed order, and what each belongs to;
- `row`: a row's fields and the ways to fill one slot from them;
- `bounds`: the lower bounds that prune the search;
- `tail`: the quarter and total cells by depth-first search, and the readings found;
- `months`: the months and META ANUAL by a memoised programme;
- `engine`: the passes over score caps and forced-value limits, on either engine;
- `native`: the compiled core (transforms/_search.cpp), which returns the same readings.
"""

from transforms.readings.engine import search, search_fields
from transforms.readings.layout import Layout, layout, mirror_cost
from transforms.readings.model import (
    BLANK,
    CAPS,
    COPY,
    COSTS,
    EMPTY,
    FIELD,
    FORCED,
    MARK,
    MARKED,
    MIRROR,
    NODE_BUDGET,
    NUM,
    VANISH,
    VIOLATION,
    FieldKind,
    Fields,
    OverBudget,
    Reading,
    Source,
    fields_of,
    repeats_neighbour,
)
from transforms.readings.native import native_core

__all__ = [
    "BLANK",
    "CAPS",
    "COPY",
    "COSTS",
    "EMPTY",
    "FIELD",
    "FORCED",
    "MARK",
    "MARKED",
    "MIRROR",
    "NODE_BUDGET",
    "NUM",
    "VANISH",
    "VIOLATION",
    "FieldKind",
    "Fields",
    "Layout",
    "OverBudget",
    "Reading",
    "Source",
    "fields_of",
    "layout",
    "mirror_cost",
    "native_core",
    "repeats_neighbour",
    "search",
    "search_fields",
]
