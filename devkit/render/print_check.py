"""Whether a rendered PDF prints its table the way an office's export does.

Two defects make a page unreadable for reasons no published report has: text that runs over its row
(a wrapped name taller than the row it is printed in), and a table cut by the page edge (columns
printed off the page or on an extra page). `check_pdf` lists them, one line each:

- pages: the PDF has one page per page block;
- cut: every page shows the whole header (all `PROG`/`EJEC` labels, `Total`) and no glyph lies
  outside the page;
- rows (styles with a grid): no glyph crosses a grid line, and each data row's name cells hold exactly
  the characters of the row's names (text that ran into another row is missing from its own).

Run it over a corpus folder: `python -m devkit.render.print_check DIR` (counts per producer).
"""

from __future__ import annotations

import argparse
import json
import sys
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from devkit.render.layout import N_TEXT, Block, blocks, header_2
from devkit.render.spec import ReportSpec, RowSpec
from devkit.render.style import Style
from devkit.render.truth import spec_from_truth

# A glyph's box (font size tall) may reach over a grid line by 0.05 pt plus 4 % of its size: LibreOffice
# sets the first line of a top-aligned cell that close under the row's top line, ink well inside.
CROSS_POINTS, CROSS_SHARE = 0.05, 0.04
MERGE = 0.5  # grid lines closer than this many points are one line
PRODUCERS = ("reportlab_pdf", "libreoffice_pdf")


@dataclass(frozen=True)
class _Line:
    at: float  # y of a horizontal line, x of a vertical one
    start: float
    end: float


def check_pdf(path: str | Path, spec: ReportSpec, style: Style) -> list[str]:
    """The defects of the PDF of `spec` printed with `style`; an empty list when it prints faithfully."""
    expected = blocks(spec, style)
    with pdfplumber.open(path) as pdf:
        problems = (
            [] if len(pdf.pages) == len(expected) else [f"{len(pdf.pages)} pages for {len(expected)} page blocks"]
        )
        for number, (page, block) in enumerate(zip(pdf.pages, expected, strict=False), start=1):
            words = page.extract_words(x_tolerance=1, y_tolerance=1)  # the header lines may be 0 pt apart
            found = _cut(page, words, style)
            if style.grid:
                found += _rows(page, words, block)
            problems += [f"page {number}: {p}" for p in found]
    return problems


def _cut(page, words: list[dict], style: Style) -> list[str]:
    counts = Counter(w["text"] for w in words)
    wanted = Counter(t for t in header_2(style) if t) + Counter(["Total"])
    missing = [f"{label} {counts[label]} of {n}" for label, n in wanted.items() if counts[label] < n]
    out = [f"table cut: header shows {', '.join(missing)}"] if missing else []
    outside = [c for c in page.chars if c["x0"] < -0.5 or c["x1"] > page.width + 0.5 or c["bottom"] > page.height + 0.5]
    if outside:
        out.append(f"table cut: {len(outside)} glyphs outside the page")
    return out


def _rows(page, words: list[dict], block: Block) -> list[str]:
    """Glyphs against the grid: none crosses a line; each row's name cells hold that row's names."""
    horizontal = _lines(page, "h")
    vertical = _lines(page, "v")
    chars = [c for c in page.chars if c["text"].strip()]
    crossing = [c for c in chars if _crosses(c, horizontal, vertical)]
    out = [f"{len(crossing)} glyphs cross a grid line, the first {crossing[0]['text']!r} at "
           f"({crossing[0]['x0']:.1f}, {crossing[0]['top']:.1f})"] if crossing else []  # fmt: skip
    mef = next((w for w in words if w["text"] == "MEF"), None)
    if mef is None:
        return [*out, "no MEF header label"]
    x_mef = (mef["x0"] + mef["x1"]) / 2
    columns = _distinct(v.at for v in vertical if v.start <= mef["bottom"] <= v.end)
    left = max((i for i, x in enumerate(columns) if x < x_mef), default=None)
    if left is None or left + N_TEXT >= len(columns):
        return [*out, "no grid lines around the name columns"]
    edges = columns[left : left + N_TEXT + 1]
    across = _distinct(h.at for h in horizontal if h.start <= x_mef <= h.end)
    middle = _mid_y(mef)  # the header's first line runs above it, the data rows' lines below
    rules = [y for y in across if y < middle][-1:] + [y for y in across if y > middle]
    if len(rules) < len(block.rows) + 2:
        return [*out, f"{len(rules) - 2} row lines under the header for {len(block.rows)} rows"]
    for i, row in enumerate(block.rows):
        top, bottom = rules[i + 1], rules[i + 2]
        for col, text in enumerate(_names(row)):
            inside = [c["text"] for c in chars if edges[col] < _mid_x(c) < edges[col + 1] and top < _mid_y(c) < bottom]
            if Counter(inside) != Counter(text.replace(" ", "")):
                out.append(f"row {i + 1} column {col + 1}: its cell shows {''.join(inside)!r}, not {text!r}")
    return out


def _names(row: RowSpec) -> tuple[str, str, str, str]:
    return row.mef_category, row.unit_name, row.activity_name, row.unit_of_measure


def _distinct(positions: Iterable[float]) -> list[float]:
    """Sorted positions, those within MERGE of the previous one dropped (a border drawn twice is one line)."""
    out: list[float] = []
    for at in sorted(positions):
        if not out or at - out[-1] > MERGE:
            out.append(at)
    return out


def _lines(page, orientation: str) -> list[_Line]:
    """The page's grid line segments of one orientation, sorted by position."""
    out: list[_Line] = []
    for e in page.edges:
        if e["orientation"] != orientation:
            continue
        if orientation == "h":
            out.append(_Line((e["top"] + e["bottom"]) / 2, e["x0"], e["x1"]))
        else:
            out.append(_Line((e["x0"] + e["x1"]) / 2, e["top"], e["bottom"]))
    return sorted(out, key=lambda line: line.at)


def _crosses(char: dict, horizontal: list[_Line], vertical: list[_Line]) -> bool:
    """Whether a grid line runs through the glyph's box (lines sorted by position)."""
    x, y, tol = _mid_x(char), _mid_y(char), CROSS_POINTS + CROSS_SHARE * char["size"]
    if any(h.start < x < h.end for h in _between(horizontal, char["top"] + tol, char["bottom"] - tol)):
        return True
    return any(v.start < y < v.end for v in _between(vertical, char["x0"] + tol, char["x1"] - tol))


def _between(lines: list[_Line], low: float, high: float) -> list[_Line]:
    return lines[
        bisect_right(lines, low, key=lambda line: line.at) : bisect_left(lines, high, key=lambda line: line.at)
    ]


def _mid_x(char: dict) -> float:
    return (char["x0"] + char["x1"]) / 2


def _mid_y(char: dict) -> float:
    return (char["top"] + char["bottom"]) / 2


def check_corpus(folder: Path) -> dict[str, dict[str, int]]:
    """Per producer: files checked, files free of defects, files with overflow, files cut, rows not checked."""
    tally: dict[str, dict[str, int]] = {p: Counter() for p in PRODUCERS}
    for path in sorted(folder.glob("*.truth.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        spec, style = spec_from_truth(truth), Style(**truth["style"])
        for producer in PRODUCERS:
            if producer not in truth["files"]:
                continue
            problems = check_pdf(folder / truth["files"][producer], spec, style)
            counts = tally[producer]
            counts["files"] += 1
            counts["faithful"] += not problems
            counts["overflow"] += any("row" in p or "cross a grid line" in p for p in problems)
            counts["cut"] += any("cut" in p or "pages for" in p for p in problems)
            counts["rows not checked (no grid)"] += not style.grid
            for p in problems:
                print(f"{path.name.split('.')[0]} {producer}: {p}", file=sys.stderr)
    return {k: dict(v) for k, v in tally.items()}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m devkit.render.print_check", description=__doc__.split("\n\n")[0])
    p.add_argument("folder", type=Path, help="a corpus written by python -m devkit.render")
    args = p.parse_args(argv)
    for producer, counts in check_corpus(args.folder).items():
        print(producer, ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
