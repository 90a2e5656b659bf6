"""Print, as Markdown, how the recovery engine does on the sample report and on synthetic rows.

Usage: .venv/bin/python scripts/recovery_accuracy.py [--rows N] [--seed S] [--write]
(`--write` puts the page, at the default rows and seed, in docs/generated/recovery-accuracy.md, which
tests/transforms/test_recovery_accuracy.py keeps current.)
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.synthetic.ceiling import equally_supported  # noqa: E402
from tests.synthetic.rows import SAMPLE_PAIR_LOSS, SAMPLE_RATES, SAMPLE_SLIP, Corruption, synthetic_rows  # noqa: E402
from transforms.cells import parse_cells  # noqa: E402
from transforms.recovery import STATUSES, Recovery, recover_row  # noqa: E402
from transforms.slots import N_SLOTS, SLOT_NAMES  # noqa: E402

Engine = Callable[..., Recovery]

SAMPLE = ROOT / "poi_warehouse" / "samples" / "poi_2017_t4.txt"
DOC = ROOT / "docs" / "generated" / "recovery-accuracy.md"
ROWS, SEED = 1000, 20170  # the committed page's corpus: rows per level, seed
QUIET = ("inferred_blank", "inferred_copy")  # summarised as counts of slots, not listed
LISTED = 8  # rows with silent wrong values listed per level


def sample_rows(path: Path = SAMPLE) -> list[tuple[int, list[str]]]:
    """(1-based line, numeric fields) of every activity row of a report text."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        f = line.split("\t")
        if len(f) > 5 and f[4].strip() and not f[0].startswith("MEF") and f[3].strip():
            out.append((n, f[4:]))
    return out


def reason(r: Recovery) -> str:
    counts = Counter({f.rule: _n_slots(f) for f in r.findings if f.rule in QUIET})
    parts = [f"{counts[q]}× {q}" for q in QUIET if counts[q]]
    parts += [f"{f.rule}: {f.detail}" for f in r.findings if f.rule not in QUIET]
    return "; ".join(parts)


def _n_slots(f) -> int:
    """Slots named in an inferred_* finding ("... in prog_03, exec_11")."""
    return len(f.detail.rsplit(" in ", 1)[-1].split(", "))


def sample_report(recover_row: Engine) -> list[str]:
    rows = [(n, recover_row(parse_cells(f), 4)) for n, f in sample_rows()]
    status = Counter(r.status for _, r in rows)
    out = ["## Sample poi_2017_t4.txt", "", f"{len(rows)} activity rows.", "", "| status | rows |", "|---|---|"]
    out += [f"| {s} | {status[s]} |" for s in STATUSES]
    out += ["", "Rows that are not `exact`:", ""]
    out += [f"- line {n} **{r.status}**: {reason(r)}" for n, r in rows if r.status != "exact"]
    out += ["", *estimate_rates(rows)]
    return out


def estimate_rates(rows: list[tuple[int, Recovery]]) -> list[str]:
    """Corruption rates seen in the rows whose reading is settled (exact or repaired)."""
    copies = pairs = blanks = zeros = drops = settled = 0
    for _, r in rows:
        if r.status not in ("exact", "repaired"):
            continue
        settled += 1
        v = [x for x in r.values if x is not None]
        pairs += sum(1 for a, b in itertools.pairwise(v) if a == b and a)
        zeros += sum(1 for x in v if x == 0)
        counts = Counter({f.rule: _n_slots(f) for f in r.findings})
        copies += counts["inferred_copy"]
        blanks += counts["inferred_blank"]
        drops += counts["dropped_token"] + counts["inferred_value"]
    return [
        f"Corruption seen in the {settled} settled rows: lost copies {copies}/{pairs} equal adjacent "
        f"pairs ({copies / max(pairs, 1):.0%}), blank cells without a field {blanks}/{zeros} "
        f"({blanks / max(zeros, 1):.0%}), stray or missing tokens {drops} ({drops / max(settled, 1):.2f} per row).",
    ]


def synthetic_report(recover_row: Engine, n_rows: int, seed: int) -> list[str]:
    levels = [
        ("clean", Corruption()),
        ("half sample", _scale(SAMPLE_RATES, 0.5)),
        ("sample", SAMPLE_RATES),
        ("double sample", _scale(SAMPLE_RATES, 2.0)),
        ("sample + slips", replace(SAMPLE_RATES, slip=SAMPLE_SLIP)),
        ("sample, a slip in every row", replace(SAMPLE_RATES, slip=1.0)),
        ("sample + lost adjacent pairs", replace(SAMPLE_RATES, pair_loss=SAMPLE_PAIR_LOSS)),
    ]
    out = [
        "## Synthetic rows",
        "",
        f"{n_rows} rows per level, seed {seed}, cut-off quarters I–IV.",
        "",
        "| level | rates | rows fully right | ceiling | values right | silent wrong (exact/repaired) | "
        "wrong in ambiguous | wrong in inconsistent | statuses |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    silent_rows: list[str] = []
    for name, rates in levels:
        line, rows = _level_line(recover_row, name, rates, n_rows, seed)
        out.append(line)
        silent_rows += [f"- {name}: {row}" for row in rows[:LISTED]]
        if len(rows) > LISTED:
            silent_rows.append(f"- {name}: and {len(rows) - LISTED} more rows")
    out += [
        "",
        "*Ceiling*: rows whose text fits another reading exactly as well as the true one (the same edits",
        "of each kind, as many skipped numbers repeating a neighbour, the same executed months off their",
        "programmed twins; `tests/synthetic/ceiling.py`) cannot be right without a guess, so at most this",
        "share of rows can be fully right by an engine that is never silently wrong. Rows over the search",
        "budget are not examined, so the true ceiling is at most this figure. With slips, the truth is",
        "the printed number its identities disagree with; the ceiling does not count slips.",
    ]
    if silent_rows:
        out += ["", "Rows with silent wrong values (status, cut-off, wrong slots, the printed fields):", ""]
        out += silent_rows
    return out


def _scale(rates: Corruption, k: float) -> Corruption:
    return replace(rates, **{f: min(1.0, getattr(rates, f) * k) for f in rates.__dataclass_fields__})


def _level_line(recover_row: Engine, name: str, rates: Corruption, n_rows: int, seed: int) -> tuple[str, list[str]]:
    full = right = total = silent = amb_wrong = inc_wrong = tied = 0
    silent_rows = []
    status: Counter[str] = Counter()
    for truth, fields, cutoff in synthetic_rows(seed, n_rows, rates):
        tokens = parse_cells(fields)
        r = recover_row(tokens, cutoff)
        status[r.status] += 1
        tied += r.status != "exact" and bool(equally_supported(tokens, cutoff, truth))
        active = [s for s in range(N_SLOTS) if truth[s] is not None]
        total += len(active)
        right += sum(1 for s in active if r.values[s] == truth[s])
        full += r.values == truth
        wrong = sum(1 for s in active if r.values[s] is not None and r.values[s] != truth[s])
        if r.status in ("exact", "repaired"):
            silent += wrong
            if wrong:
                slots = ", ".join(SLOT_NAMES[s] for s in active if r.values[s] != truth[s])
                printed = "|".join(fields).rstrip("|")
                silent_rows.append(f"{r.status}, Q{cutoff}, {slots}: `{printed}`")
        elif r.status == "ambiguous":
            amb_wrong += wrong
        elif r.status == "inconsistent":  # values as printed, or the reading that breaks the fewest identities
            inc_wrong += wrong
    shown = ", ".join(f"{k} {v:.3g}" for k, v in vars(rates).items() if v)
    st = ", ".join(f"{s} {status[s]}" for s in STATUSES if status[s])
    line = f"| {name} | {shown or '-'} | {full / n_rows:.1%} | {1 - tied / n_rows:.1%} | {right / total:.1%} | {silent} | {amb_wrong} | {inc_wrong} | {st} |"
    return line, silent_rows


def document(n_rows: int = ROWS, seed: int = SEED, engine: Engine = recover_row) -> str:
    """The page: the sample's statuses and findings, then the synthetic levels' table."""
    how = (
        f"Written by `scripts/recovery_accuracy.py --write` ({n_rows:,} synthetic rows per level, seed {seed}); "
        "`tests/transforms/test_recovery_accuracy.py` fails when this page is not what the engine gives. "
        "What the statuses, the levels and the ceiling mean: [recovery.md](../recovery.md)."
    )
    report = [*sample_report(engine), "", *synthetic_report(engine, n_rows, seed)]
    return "\n".join(["# Recovery accuracy", "", how, "", *report]) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=ROWS)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--write", action="store_true", help=f"write {DOC.relative_to(ROOT)}")
    args = ap.parse_args()
    if args.write and (args.rows, args.seed) != (ROWS, SEED):
        ap.error(f"--write keeps the page's corpus: --rows {ROWS} --seed {SEED} (the test measures those)")
    page = document(args.rows, args.seed)
    print(page, end="")
    if args.write:
        DOC.parent.mkdir(exist_ok=True)
        DOC.write_text(page, encoding="utf-8")
        print(f"wrote {DOC}", file=sys.stderr)


if __name__ == "__main__":
    main()
