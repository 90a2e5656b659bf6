"""Check the published-format readers against rendered reports whose every value is known.

For each file of a corpus written by `python -m devkit.render` (its `*.truth.json`), the product reads
the file as `poi-etl run` would (`transforms.reader.parse_file`, then the row status) and the result is
compared with the truth, row by row: the four names, the 35 values, the status. A refused file counts
with its reason. *Wrong* values are values loaded that differ from the truth (the failure that must never
happen); *NULL* values are values the truth has that the reader left NULL (flagged, not wrong). A row's
names are *wrong, unnoted* when a name differs from the truth and no note of the row names its column:
a wrong name loaded silently (the failure that must never happen for names), where a noted one is a
reading a person is told to check.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from transforms.errors import ReportError
from transforms.reader import parse_file
from transforms.star import recover

PRODUCERS = ("xlsx", "reportlab_pdf", "libreoffice_pdf")
ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "generated" / "published-accuracy.md"
SEEDS, COUNT = [11, 12], 8  # the corpus the committed page and its test use
NAME_FIELDS = ("mef_category", "unit_name", "activity_name", "unit_of_measure")


@dataclass
class Tally:
    """Counts for one producer over a corpus."""

    files: int = 0
    refused: Counter = field(default_factory=Counter)  # reason (its first words) -> files
    pages: int = 0
    rows_truth: int = 0
    rows_read: int = 0
    rows_right: int = 0  # names, 35 values and status all as the truth says
    names_right: int = 0
    names_unnoted: int = 0  # rows with a wrong name in a column no note of the row names
    values_right: int = 0
    values_wrong: int = 0
    values_null: int = 0
    status_right: int = 0
    seconds: float = 0.0
    problems: list[str] = field(default_factory=list)  # a few examples, for a person

    def add(self, other: Tally) -> None:
        for name in ("files", "pages", "rows_truth", "rows_read", "rows_right", "names_right", "names_unnoted",
                     "values_right",
                     "values_wrong", "values_null", "status_right", "seconds"):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.refused.update(other.refused)
        self.problems += other.problems[: max(0, 12 - len(self.problems))]


def _norm(text: str) -> str:
    return " ".join(text.split())


def unnoted_wrong_names(names: tuple[str, ...], truth: tuple[str, ...], notes: tuple[str, ...]) -> list[str]:
    """The columns whose name differs from the truth while no note names the column (`column: ...`)."""
    noted = {note.split(":", 1)[0] for note in notes}
    return [c for c, a, b in zip(NAME_FIELDS, names, truth, strict=True) if a != b and c not in noted]


def check_file(path: Path, truth: dict, pages: int) -> Tally:
    """Read one rendered file and compare it with its truth."""
    tally = Tally(files=1, pages=pages)
    started = time.perf_counter()
    try:
        report = parse_file(path.read_bytes(), str(path))
    except ReportError as err:
        tally.seconds = time.perf_counter() - started
        reason = err.reason.split(":")[0] if err.reason.startswith("page") else err.reason
        tally.refused[_reason_class(err.reason)] += 1
        tally.problems.append(f"{path.name}: refused: {reason[:160]}")
        tally.rows_truth = len(truth["rows"])
        return tally
    recoveries = [recover(row, report.quarter) for row in report.rows]
    tally.seconds = time.perf_counter() - started
    rows = truth["rows"]
    tally.rows_truth, tally.rows_read = len(rows), len(report.rows)
    if (report.year, report.quarter) != (truth["year"], truth["quarter"]):
        tally.problems.append(f"{path.name}: period {report.year} Q{report.quarter}")
    for row, rec, expected in zip(report.rows, recoveries, rows, strict=False):
        names = (row.mef_category, row.unit_name, row.activity_name, row.unit_of_measure)
        truth_names = tuple(_norm(expected[k]) for k in NAME_FIELDS)
        names_ok = names == truth_names
        unnoted = unnoted_wrong_names(names, truth_names, row.notes)
        right = sum(1 for a, b in zip(rec.values, expected["values"], strict=True) if a == b)
        wrong = sum(1 for a, b in zip(rec.values, expected["values"], strict=True) if a is not None and a != b)
        null = sum(1 for a, b in zip(rec.values, expected["values"], strict=True) if a is None and b is not None)
        status_ok = rec.status == expected["status"]
        tally.names_right += names_ok
        tally.names_unnoted += bool(unnoted)
        tally.values_right += right
        tally.values_wrong += wrong
        tally.values_null += null
        tally.status_right += status_ok
        if names_ok and right == 35 and status_ok:
            tally.rows_right += 1
        elif len(tally.problems) < 12:
            what = [] if names_ok else [f"names {names} (truth {truth_names})"]
            what += [f"unnoted: {', '.join(unnoted)}"] if unnoted else []
            what += [f"{wrong} wrong, {null} NULL values"] if wrong or null else []
            what += [] if status_ok else [f"status {rec.status} (truth {expected['status']})"]
            tally.problems.append(f"{path.name} page {row.page} row {row.line}: " + "; ".join(what))
    return tally


def _reason_class(reason: str) -> str:
    """A refusal's kind, for the summary (`lines of text overlap`, `no column header`, …)."""
    text = reason.split(": ", 1)[1] if reason.startswith("page ") and ": " in reason else reason
    return text.split(" (")[0].split(":")[0][:60]


def check_corpus(folder: Path) -> dict[str, Tally]:
    """Every file of the corpus in `folder`, by producer."""
    out = {p: Tally() for p in PRODUCERS}
    for truth_file in sorted(folder.glob("*.truth.json")):
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        for producer, name in truth["files"].items():
            pages = truth["pages"] if producer != "xlsx" else 0
            out[producer].add(check_file(folder / name, truth, pages))
    return out


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def table(tallies: dict[str, Tally]) -> str:
    """The figures as a Markdown table, one row per producer (no timings: they vary run to run)."""
    lines = [
        "| producer | files | refused | rows | rows read | rows fully right | names right | names wrong, unnoted "
        "| values right | wrong values | NULL values |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for producer, t in tallies.items():
        if not t.files:
            continue
        values = t.rows_read * 35
        lines.append(
            f"| {producer} | {t.files} | {sum(t.refused.values())} | {t.rows_truth} | {t.rows_read} "
            f"| {t.rows_right} ({percent(t.rows_right, t.rows_truth)}) | {percent(t.names_right, t.rows_read)} "
            f"| {t.names_unnoted} "
            f"| {percent(t.values_right, values)} | {t.values_wrong} | {t.values_null} |"
        )
    return "\n".join(lines)


def refusals(tallies: dict[str, Tally]) -> list[str]:
    """One line per producer that refused files: how many, and why."""
    return [
        f"- {producer}: " + "; ".join(f"{n} × {reason}" for reason, n in t.refused.most_common())
        for producer, t in tallies.items()
        if t.refused
    ]


def document(tallies: dict[str, Tally], seeds: list[int], count: int) -> str:
    """docs/generated/published-accuracy.md: the table, the refusals, and how to make it again."""
    shown = " ".join(map(str, seeds))
    lines = [
        "# Published formats: accuracy on rendered reports",
        "",
        f"Written by `scripts/published_accuracy.py --seeds {shown} --count {count} --write`; "
        "`tests/published/test_round_trip.py` renders the same corpus and fails when this page is not "
        "what it measures. Reports drawn by `devkit.render` (values, names, styles: paper, fonts, widths, "
        "grid, alignment, header variants, pages, footnotes, slips), each written by three producers. "
        "*Names wrong, unnoted*: rows with a name that differs from the truth and no note naming its column "
        "(a wrong name loaded silently; a noted one is flagged for a person to check).",
        "",
        table(tallies),
    ]
    refused = refusals(tallies)
    if refused:
        lines += ["", "Files refused (one line, the warehouse unchanged):", "", *refused]
    return "\n".join(lines) + "\n"


def measure(seeds: list[int], count: int, base: Path) -> dict[str, Tally]:
    """Render `count` reports per seed into `base` (python -m devkit.render) and check every file."""
    totals = {p: Tally() for p in PRODUCERS}
    for seed in seeds:
        folder = base / f"seed{seed}"
        render = [sys.executable, "-m", "devkit.render", "--out", str(folder), "--seed", str(seed)]
        subprocess.run([*render, "--count", str(count)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, timeout=1800)
        for producer, tally in check_corpus(folder).items():
            totals[producer].add(tally)
    return totals
