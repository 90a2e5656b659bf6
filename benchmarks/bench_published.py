"""Speed and memory of the PDF and XLSX readers on reports of 6 to 100 pages (one core, one process).

Usage: .venv/bin/python benchmarks/bench_published.py [--pages 6 25 100] [--keep DIR]

Renders one report per size with `python -m devkit.render --pages N` (20 rows a page; XLSX by openpyxl,
PDF by reportlab, the XLSX printed to PDF by LibreOffice), then reads each file as `poi-etl run` does
(`transforms.reader.parse_file`) in a fresh process, and prints seconds, pages/s, rows/s and the
process's peak resident memory. The first read of a process pays for importing the PDF libraries
(pypdfium2, pdfplumber) or openpyxl; that import is timed apart (`import s`).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, resource, sys, time
t0 = time.perf_counter()
import transforms.pdf_report, transforms.pdfium_page, transforms.xlsx_report, pypdfium2, pdfplumber, openpyxl
t1 = time.perf_counter()
from transforms.reader import parse_file
data = open(sys.argv[1], "rb").read()
report = parse_file(data, sys.argv[1])
t2 = time.perf_counter()
print(json.dumps({"import": t1 - t0, "read": t2 - t1, "rows": len(report.rows), "pages": report.n_pages,
                  "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def measure(path: Path) -> dict:
    out = subprocess.run([sys.executable, "-c", PROBE, str(path)], cwd=ROOT, capture_output=True, text=True,
                         check=True, timeout=3600)  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, nargs="+", default=[6, 25, 100])
    ap.add_argument("--keep", type=Path, help="render into this folder (reused when the files are there)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        print("| pages | producer | rows | import s | read s | pages/s | rows/s | peak RSS MiB |")
        print("|---|---|---|---|---|---|---|---|")
        for pages in args.pages:
            folder = base / f"p{pages}"
            if not (folder / "big.truth.json").exists():
                render = [sys.executable, "-m", "devkit.render", "--out", str(folder), "--pages", str(pages)]
                subprocess.run(render, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, timeout=3600)
            files = json.loads((folder / "big.truth.json").read_text(encoding="utf-8"))["files"]
            for producer, name in files.items():
                m = measure(folder / name)
                print(
                    f"| {pages} | {producer} | {m['rows']} | {m['import']:.2f} | {m['read']:.2f} "
                    f"| {pages / m['read']:.1f} | {m['rows'] / m['read']:.0f} | {m['rss_mib']:.0f} |",
                    flush=True,
                )


if __name__ == "__main__":
    main()
