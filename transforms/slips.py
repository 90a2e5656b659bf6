"""The agency's own slip as a rival to a repair that discards a number no text loss explains.

A stray token repeats a neighbouring cell (the sample's four do, and so do the generator's), so a
reading that drops a number repeating neither neighbour may be throwing away a cell the agency
printed wrong. `slip_readings` builds the readings that keep such a number where it can sit,
priced like a one-to-one row read as printed: SLIP per identity the printed values break, the drop
and the inference the number replaces no longer paid for (docs/recovery.md: *Source slips in rows
that lost tokens*).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from transforms.readings import (
    COPY,
    COSTS,
    FIELD,
    FORCED,
    NUM,
    VANISH,
    Fields,
    Reading,
    layout,
    mirror_cost,
    repeats_neighbour,
)
from transforms.slots import identity_violations

SLIP = 6  # per identity a printed number breaks, read as the agency's own slip

Move = tuple[dict[int, int], int]  # slots and the fields they then read; the inference no longer paid


def unexplained_drops(r: Reading, fields: Fields) -> list[int]:
    """Number fields a reading skips that repeat neither neighbouring field: no text loss explains them."""
    kinds, values = fields
    return [f for f in r.skipped if kinds[f] == NUM and not repeats_neighbour(f, kinds, values)]


def slip_readings(r: Reading, fields: Fields, cutoff: int) -> list[Reading]:
    """The readings that keep, as printed, a number `r` discards though no loss explains it."""
    odd = unexplained_drops(r, fields)
    if not odd:
        return []
    aligned = _Aligned.of(r, fields, cutoff)
    out = []
    for f in odd:
        gap = aligned.gap(f)
        if gap is None:
            continue
        for reads, saved in (*aligned.shifts(f, *gap), *aligned.run_places(f, *gap)):
            values, sources = list(r.values), list(r.sources)
            for slot, field in reads.items():
                values[slot], sources[slot] = fields[1][field], FIELD
            edits = r.edits - COSTS["stray"] - saved + SLIP * len(identity_violations(values, cutoff))
            kept = tuple(x for x in r.skipped if x != f)
            out.append(Reading(edits + mirror_cost(values, cutoff), tuple(values), tuple(sources), kept, edits))
    return out


@dataclass(frozen=True)
class _Aligned:
    """A reading's alignment, as far as it is known: the FIELD slots read the kept number fields in order."""

    r: Reading
    kinds: tuple[int, ...]
    values: tuple[int, ...]
    order: tuple[int, ...]  # active slots in printed order
    skipped: frozenset[int]  # fields the reading skips
    taken: list[int]  # number fields the reading keeps, one per FIELD slot
    at: list[int]  # positions (in `order`) of the FIELD slots
    inference: dict[int, int]  # cost of each inferred source

    @classmethod
    def of(cls, r: Reading, fields: Fields, cutoff: int) -> _Aligned:
        kinds, values = fields
        skipped = set(r.skipped)
        order = layout(cutoff).order
        vanish = COSTS["vanish"] if any(k != NUM for k in kinds) else COSTS["vanish_dense"]
        return cls(
            r,
            kinds,
            values,
            order,
            frozenset(skipped),
            [f for f, k in enumerate(kinds) if k == NUM and f not in skipped],
            [i for i, s in enumerate(order) if r.sources[s] == FIELD],
            {COPY: COSTS["copy"], FORCED: COSTS["forced"], VANISH: vanish},
        )

    def gap(self, f: int) -> tuple[int, int, int] | None:
        """(printed numbers before f, positions of the FIELD slots around it); None when a blank cell
        reads a field there (where f would sit among the empty fields is not known)."""
        k = bisect.bisect(self.taken, f)
        lo, hi = self.at[k - 1] if k else -1, self.at[k] if k < len(self.at) else len(self.order)
        if any(self.r.sources[s] not in self.inference for s in self.order[lo + 1 : hi]):
            return None
        return k, lo, hi

    def shifts(self, f: int, k: int, lo: int, hi: int) -> Iterator[Move]:
        """f read next to its place, the FIELD slots beyond shifting by one number field up to the nearest
        slot whose value is inferred, which then reads the last of them. Fields between those numbers
        must be skipped ones (they stay skipped): a free empty field of the cut-off's columns would move."""
        src = self.r.sources
        for step, near in ((-1, k - 1), (1, k)):
            slots, numbers = [], [f]
            i = hi - 1 if step < 0 else lo + 1
            while 0 <= i < len(self.order) and src[self.order[i]] == FIELD:
                slots.append(self.order[i])
                numbers.append(self.taken[near + step * (len(slots) - 1)])
                i += step
            if not 0 <= i < len(self.order) or src[self.order[i]] not in self.inference:
                continue
            between = (g for a, b in itertools.pairwise(numbers) for g in range(min(a, b) + 1, max(a, b)))
            if any(g not in self.skipped for g in between):
                continue  # an empty field the cut-off's columns take for free lies between: it would move
            end = src[self.order[i]]
            after = range(numbers[-1] + 1, len(self.kinds))  # a blank after every field read is free (padding)
            padding = end == VANISH and step > 0 and all(g in self.skipped for g in after)
            yield dict(zip([*slots, self.order[i]], numbers, strict=True)), 0 if padding else self.inference[end]

    def run_places(self, f: int, k: int, lo: int, hi: int) -> Iterator[Move]:
        """f read in any slot of the run of equal values around it, one lost copy fewer.

        In a run of equal values a lost copy can sit anywhere, so the reading the search keeps for these
        values is one of several alignments: the a equal fields before f need a slots before it, the b
        after it b slots after it, and the run's other slots are copies (of a neighbour in the run).
        """
        del k  # the run is found from the values, not from the FIELD slots' count
        src, order, vals = self.r.sources, self.order, self.values
        for w in {vals[g] for g in (f - 1, f + 1) if 0 <= g < len(self.kinds) and self.kinds[g] == NUM}:
            a = next(n for n in itertools.count() if not self._is(f - n - 1, w))
            b = next(n for n in itertools.count() if not self._is(f + n + 1, w))
            first, last = lo + 1, hi  # the run's slot positions: first .. last - 1
            while first > 0 and self._run_slot(order[first - 1], w):
                first -= 1
            while last < len(order) and self._run_slot(order[last], w):
                last += 1
            run = order[first:last]
            reads = {self.taken[self.at.index(i)] for i in range(first, last) if src[order[i]] == FIELD}
            if not all(self._run_slot(s, w) for s in run) or COPY not in {src[s] for s in run}:
                continue
            if reads != {*range(f - a, f), *range(f + 1, f + b + 1)}:
                continue  # the run's slots read other fields too
            for j, slot in enumerate(run):
                left, right = j, len(run) - 1 - j
                if left >= a and right >= b and (left == a or a) and (right == b or b):
                    yield {slot: f}, self.inference[COPY]

    def _is(self, field: int, w: int) -> bool:
        return 0 <= field < len(self.kinds) and self.kinds[field] == NUM and self.values[field] == w

    def _run_slot(self, slot: int, w: int) -> bool:
        return self.r.values[slot] == w and self.r.sources[slot] in (FIELD, COPY)
