"""Throughput of the recovery engine on synthetic rows at the sample's corruption rates (one core).

Usage: .venv/bin/python benchmarks/bench_recovery.py [--rows 100000] [--seed S] [--no-cache]
Prints rows/s over all rows, the slowest row in ms and how many rows took over 50 ms. The pipeline
caches results per (cells, cut-off) because reports repeat rows verbatim; the figure is printed
with that cache (starting empty) and, with --no-cache, for the engine alone.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from devkit.synthetic.rows import SAMPLE_RATES, synthetic_rows
from transforms import recovery
from transforms.cells import parse_cells


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--no-cache", action="store_true", help="bypass the per-row result cache")
    args = ap.parse_args()
    rows = [(tuple(parse_cells(f)), c) for _, f, c in synthetic_rows(args.seed, args.rows, SAMPLE_RATES)]
    recovery._recover.cache_clear()
    engine = recovery._recover.__wrapped__ if args.no_cache else recovery._recover
    slowest = 0.0
    over_50 = 0
    start = time.perf_counter()
    for tokens, cutoff in rows:
        t0 = time.perf_counter()
        engine(tokens, cutoff)
        dt = time.perf_counter() - t0
        slowest = max(slowest, dt)
        over_50 += dt > 0.05
    elapsed = time.perf_counter() - start
    hits = "off" if args.no_cache else f"{recovery._recover.cache_info().hits:,} hits"
    print(
        f"rows: {len(rows):,}  cache: {hits}  elapsed: {elapsed:.1f} s  rows/s: {len(rows) / elapsed:,.0f}  "
        f"slowest row: {slowest * 1000:.1f} ms  rows over 50 ms: {over_50:,}"
    )


if __name__ == "__main__":
    main()
