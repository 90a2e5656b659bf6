"""Throughput of the recovery engine on synthetic rows (one core).

Usage: .venv/bin/python benchmarks/bench_recovery.py [--rows 100000] [--seed S]
Prints rows/s over all rows and the slowest row in ms.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.synthetic.rows import SAMPLE_RATES, synthetic_rows
from transforms.cells import parse_cells
from transforms.recovery import recover_row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rows = [(parse_cells(f), c) for _, f, c in synthetic_rows(args.seed, args.rows, SAMPLE_RATES)]
    slowest = 0.0
    over_50 = 0
    start = time.perf_counter()
    for tokens, cutoff in rows:
        t0 = time.perf_counter()
        recover_row(tokens, cutoff)
        dt = time.perf_counter() - t0
        slowest = max(slowest, dt)
        over_50 += dt > 0.05
    elapsed = time.perf_counter() - start
    print(
        f"rows: {len(rows)}  elapsed: {elapsed:.1f} s  rows/s: {len(rows) / elapsed:,.0f}  "
        f"slowest row: {slowest * 1000:.1f} ms  rows over 50 ms: {over_50}"
    )


if __name__ == "__main__":
    main()
