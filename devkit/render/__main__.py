"""Write a corpus of rendered reports and their truth to a folder.

    python -m devkit.render --out /tmp/corpus --seed 1 --count 12
    python -m devkit.render --out /tmp/big --pages 100          # one 100-page report, for a benchmark

Per report `rNNN` (or `big`, `sample`): `rNNN.xlsx`, `rNNN.reportlab.pdf`, `rNNN.libreoffice.pdf` (the
XLSX printed by LibreOffice) and `rNNN.truth.json` (devkit.render.truth). `--with-sample` adds the
bundled sample's fully known rows in the default style.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

from devkit.render.corpus import random_report, sample_spec
from devkit.render.libreoffice import ConversionError, convert_to_pdf
from devkit.render.pdf_reportlab import render_pdf
from devkit.render.spec import ReportSpec
from devkit.render.style import Style, random_style
from devkit.render.truth import report_truth
from devkit.render.xlsx import render_xlsx

MAX_PAGES = 8  # a drawn report has 1..8 pages


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    jobs = _jobs(args)
    timings = {"xlsx": 0.0, "reportlab": 0.0, "libreoffice": 0.0}
    for name, spec, style, slipped in jobs:
        files = {"xlsx": f"{name}.xlsx", "reportlab_pdf": f"{name}.reportlab.pdf"}
        started = time.perf_counter()
        render_xlsx(spec, out / files["xlsx"], style)
        timings["xlsx"] += time.perf_counter() - started
        started = time.perf_counter()
        render_pdf(spec, out / files["reportlab_pdf"], style)
        timings["reportlab"] += time.perf_counter() - started
        if not args.no_libreoffice:
            files["libreoffice_pdf"] = f"{name}.libreoffice.pdf"
        truth = report_truth(spec, style, slipped_rows=slipped, files=files)
        (out / f"{name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.no_libreoffice:
        started = time.perf_counter()
        try:
            _print_with_libreoffice([out / f"{name}.xlsx" for name, *_ in jobs], out, args.timeout)
        except ConversionError as e:
            print(f"error: {e}", file=sys.stderr)
            return 2
        timings["libreoffice"] = time.perf_counter() - started
    spent = ", ".join(f"{k} {v:.1f} s" for k, v in timings.items() if v)
    print(f"wrote {len(jobs)} report(s) to {out} ({spent})")
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m devkit.render", description=__doc__.split("\n\n")[0])
    p.add_argument("--out", type=Path, required=True, help="folder to write into (created)")
    p.add_argument("--seed", type=int, default=1, help="seed of the corpus (default 1)")
    p.add_argument("--count", type=int, default=12, help="reports to draw (default 12)")
    p.add_argument("--pages", type=int, help="instead: one report `big` of this many pages (20 rows each)")
    p.add_argument("--with-sample", action="store_true", help="also the bundled sample's fully known rows")
    p.add_argument("--slip-rate", type=float, default=0.05, help="share of rows with an agency slip")
    p.add_argument("--footnote-rate", type=float, default=0.1, help="share of rows with footnote marks")
    p.add_argument("--no-libreoffice", action="store_true", help="skip the LibreOffice PDFs")
    p.add_argument("--timeout", type=float, default=600.0, help="seconds LibreOffice may take (default 600)")
    return p


def _jobs(args: argparse.Namespace) -> list[tuple[str, ReportSpec, Style, frozenset[int]]]:
    """(name, spec, style, slipped rows) of every report to write."""
    rates = {"slip_rate": args.slip_rate, "footnote_rate": args.footnote_rate}
    if args.pages:
        style = Style(rows_per_page=20, page_numbers=True)
        big = random_report(args.seed, n_rows=20 * args.pages, **rates)
        return [("big", big.spec, style, big.slipped_rows)]
    jobs = []
    if args.with_sample:
        jobs.append(("sample", sample_spec(), Style(), frozenset()))
    for i in range(1, args.count + 1):
        seed = args.seed * 10_000 + i
        style = random_style(seed)
        rng = random.Random(seed)
        n_rows = style.rows_per_page * (rng.randint(1, MAX_PAGES) - 1) + rng.randint(1, style.rows_per_page)
        drawn = random_report(seed, n_rows=n_rows, **rates)
        jobs.append((f"r{i:03d}", drawn.spec, style, drawn.slipped_rows))
    return jobs


def _print_with_libreoffice(xlsx: list[Path], out: Path, timeout: float) -> None:
    """One LibreOffice run for every XLSX; each PDF lands as `<name>.libreoffice.pdf` beside it."""
    with tempfile.TemporaryDirectory(prefix="devkit-lo-", dir=out) as tmp:
        for pdf in convert_to_pdf(xlsx, tmp, timeout=timeout):
            pdf.replace(out / f"{pdf.stem}.libreoffice.pdf")


if __name__ == "__main__":
    sys.exit(main())
