"""Print how the PDF and XLSX readers do on rendered reports whose every value is known.

Renders `--count` reports per seed with `python -m devkit.render` (XLSX by openpyxl, PDF by reportlab,
the XLSX printed to PDF by LibreOffice), reads every file as `poi-etl run` would, and prints one row
per producer: files refused, rows fully right (names, 35 values, status), wrong and NULL values, pages/s.

Usage: .venv/bin/python scripts/published_accuracy.py [--seeds 1 2 3] [--count 16] [--keep DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devkit.published_accuracy import PRODUCERS, Tally, check_corpus, table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--count", type=int, default=16, help="reports per seed (default 16)")
    parser.add_argument("--keep", type=Path, help="write the corpora here instead of a temporary folder")
    args = parser.parse_args(argv)
    totals = {p: Tally() for p in PRODUCERS}
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        for seed in args.seeds:
            folder = base / f"seed{seed}"
            render = [sys.executable, "-m", "devkit.render", "--out", str(folder), "--seed", str(seed)]
            render += ["--count", str(args.count)] + (["--with-sample"] if seed == args.seeds[0] else [])
            subprocess.run(render, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
            for producer, tally in check_corpus(folder).items():
                totals[producer].add(tally)
    seeds = ", ".join(map(str, args.seeds))
    print(f"Rendered reports, seeds {seeds}, {args.count} per seed (+ the sample's known rows):\n")
    print(table(totals))
    for producer, tally in totals.items():
        if tally.refused:
            reasons = "; ".join(f"{n} × {reason}" for reason, n in tally.refused.most_common())
            print(f"\n{producer} refused: {reasons}")
    for producer, tally in totals.items():
        if tally.problems:
            print(f"\n{producer}, examples:")
            for line in tally.problems[:8]:
                print(f"- {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
