"""A fingerprint of what the recovery engine decides, to keep its results frozen while its code changes.

Per row: the recovery (status, values, readings count, inferred slots, dropped fields, violated
identities, findings, open cells) and every search it ran on the way (the readings with their scores,
edits, sources and skipped fields, and the search steps used; or what was settled when it gave up).
One sha256 per corpus: the bundled sample report, and synthetic rows at the corruption levels of
`scripts/recovery_accuracy.py`.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from tests.synthetic.rows import SAMPLE_PAIR_LOSS, SAMPLE_RATES, SAMPLE_SLIP, Corruption, synthetic_rows
from transforms import recovery
from transforms.cells import Token, parse_cells
from transforms.parse import parse_report
from transforms.readings import OverBudget

SAMPLE = Path(__file__).resolve().parents[2] / "poi_warehouse" / "samples" / "poi_2017_t4.txt"
SEED = 20170
ENGINES = ("native", "python")


def _scaled(rates: Corruption, k: float) -> Corruption:
    return replace(rates, **{f: min(1.0, getattr(rates, f) * k) for f in rates.__dataclass_fields__})


LEVELS: dict[str, Corruption] = {
    "clean": Corruption(),
    "half sample": _scaled(SAMPLE_RATES, 0.5),
    "sample": SAMPLE_RATES,
    "double sample": _scaled(SAMPLE_RATES, 2.0),
    "sample + slips": replace(SAMPLE_RATES, slip=SAMPLE_SLIP),
    "sample, a slip in every row": replace(SAMPLE_RATES, slip=1.0),
    "sample + lost adjacent pairs": replace(SAMPLE_RATES, pair_loss=SAMPLE_PAIR_LOSS),
}

Row = tuple[tuple[Token, ...], int]


def sample_rows() -> list[Row]:
    """The bundled sample's activity rows, as the text flow parses them, with its cut-off quarter."""
    report = parse_report(SAMPLE.read_text(encoding="utf-8"), str(SAMPLE))
    return [(tuple(r.tokens), report.quarter) for r in report.rows]


def level_rows(rates: Corruption, n: int, seed: int = SEED) -> list[Row]:
    return [(tuple(parse_cells(fields)), cutoff) for _, fields, cutoff in synthetic_rows(seed, n, rates)]


@contextmanager
def engine_forced(name: str) -> Iterator[None]:
    """Run recovery on the engine `name` ("native" or "python": POI_RECOVERY_ENGINE) in this block."""
    old = os.environ.get("POI_RECOVERY_ENGINE")
    os.environ["POI_RECOVERY_ENGINE"] = name
    try:
        yield
    finally:
        if old is None:
            del os.environ["POI_RECOVERY_ENGINE"]
        else:
            os.environ["POI_RECOVERY_ENGINE"] = old


@contextmanager
def _searches_recorded(into: list) -> Iterator[None]:
    """Record every search the recovery runs: its result, or what it had settled when it gave up."""
    search = recovery.search_fields

    def recorded(*args, **kwargs):
        try:
            found, used = search(*args, **kwargs)
        except OverBudget as e:
            into.append(("over budget", e.cleared, e.best))
            raise
        into.append((used, [(r.cost, r.edits, r.values, tuple(map(int, r.sources)), r.skipped) for r in found]))
        return found, used

    recovery.search_fields = recorded
    try:
        yield
    finally:
        recovery.search_fields = search


def row_lines(rows: list[Row], engine: str) -> Iterator[str]:
    """One line per row: what the engine decided and every search it ran, in plain values."""
    decide: Callable[[tuple[Token, ...], int], recovery.Recovery] = recovery._recover.__wrapped__  # no result cache
    with engine_forced(engine):
        for tokens, cutoff in rows:
            searches: list = []
            with _searches_recorded(searches):
                r = decide(tokens, cutoff)
            findings = tuple((f.rule, f.detail) for f in r.findings)
            decided = (r.status, r.values, r.n_readings, r.inferred_slots, r.dropped_tokens, r.violated, findings)
            yield repr((*decided, r.open_cells, searches))


def fingerprint(rows: list[Row], engine: str, dump: Callable[[str], None] | None = None) -> str:
    """sha256 of the rows' lines (each also passed to `dump`, to compare two engines line by line)."""
    h = hashlib.sha256()
    for line in row_lines(rows, engine):
        h.update(line.encode() + b"\n")
        if dump is not None:
            dump(line)
    return h.hexdigest()
