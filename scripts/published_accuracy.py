"""Print how the PDF and XLSX readers do on rendered reports whose every value is known.

Renders `--count` reports per seed with `python -m devkit.render` (XLSX by openpyxl, PDF by reportlab,
the XLSX printed to PDF by LibreOffice), reads every file as `poi-etl run` would, and prints one row
per producer: files refused, rows fully right (names, 35 values, status), wrong and NULL values, pages/s.

Usage: .venv/bin/python scripts/published_accuracy.py [--seeds 11 12] [--count 8] [--keep DIR] [--write]
(`--write` puts the table in docs/generated/published-accuracy.md, which a test keeps current.)
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from devkit.published_accuracy import COUNT, DOC, SEEDS, document, measure, refusals, table  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=SEEDS)
    parser.add_argument("--count", type=int, default=COUNT, help=f"reports per seed (default {COUNT})")
    parser.add_argument("--keep", type=Path, help="write the corpora here instead of a temporary folder")
    parser.add_argument("--write", action="store_true", help=f"write {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        totals = measure(args.seeds, args.count, args.keep or Path(scratch))
    print(table(totals))
    for line in refusals(totals):
        print(line)
    for producer, tally in totals.items():
        for line in tally.problems[:8]:
            print(f"{producer}: {line}")
    if args.write:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(document(totals, args.seeds, args.count), encoding="utf-8")
        print(f"wrote {DOC}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
