"""Render docs/reliability.md from what the cases produced (never typed by hand).

Generated sections sit between `<!-- BEGIN name -->` and `<!-- END name -->` markers; the tests
re-render the deterministic ones (corpus, kill points) and compare them with the committed file.
Measured figures (seconds, MiB) live in the `measured` section, which the tests do not compare.
"""

from __future__ import annotations

import re
from pathlib import Path

from devkit.reliability.corpus import Case, Result
from devkit.reliability.pipe_cases import PipeCase, PipeResult
from devkit.reliability.signal_cases import SignalCase, SignalResult

DOC = Path(__file__).resolve().parents[2] / "docs" / "reliability.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "\\n")


def corpus_section(cases: list[Case], results: dict[str, Result], problems: dict[str, list[str]]) -> str:
    rows = [
        "| # | case | input | made | expected | outcome | exit | message (one line, `error: ` aside) | traceback "
        "| warehouse changed | matches |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for number, case in enumerate(cases, start=1):
        r = results[case.name]
        expected = case.expect + (f" (exit {case.exit})" if case.expect == "refused" else "")
        if case.expect == "loaded" and case.flagged_lines:
            expected += f", flagged lines {', '.join(map(str, case.flagged_lines))}"
        if case.same_as:
            expected += f", same as {case.same_as}"
        if case.normalised_lines:
            expected += f", normalised lines {', '.join(map(str, case.normalised_lines))}"
        if case.same_values_as:
            expected += f", same values as {case.same_values_as}"
        outcome = r.outcome
        if r.outcome == "loaded" and case.normalised_lines:
            outcome += f", normalised lines {', '.join(map(str, r.normalised)) or 'none'}"
        if r.outcome == "loaded" and case.flagged_lines:
            flagged = [line for line in case.flagged_lines if line in r.flagged]
            missed = [line for line in case.flagged_lines if line not in r.flagged]
            outcome += f", flagged lines {', '.join(map(str, flagged)) or 'none'}"
            if missed:
                outcome += f", NOT flagged {', '.join(map(str, missed))}"
        message = r.message if r.outcome in ("refused", "hang", "skipped") else ""
        kind = case.kind + (f" ({case.command})" if case.command else "")
        rows.append(
            f"| {number} | {case.name} | {kind} | {_cell(case.made)} | {expected} | {outcome} | {r.exit_code} "
            f"| {_cell(message)} | {'yes' if r.traceback else 'no'} | {'yes' if r.warehouse_changed else 'no'} "
            f"| {'yes' if not problems[case.name] else 'NO: ' + _cell('; '.join(problems[case.name]))} |"
        )
    return "\n".join(rows)


def corpus_counts(cases: list[Case], results: dict[str, Result], problems: dict[str, list[str]]) -> dict[str, int]:
    values = [results[c.name] for c in cases]
    return {
        "cases": len(cases),
        "input files and paths": sum(c.kind in ("file", "generated") for c in cases),
        "SQL statements": sum(c.kind == "sql" for c in cases),
        "warehouses not ours or broken": sum(c.kind == "warehouse" for c in cases),
        "disks and permissions": sum(c.kind == "disk" for c in cases),
        "settings": sum(c.kind == "setting" for c in cases),
        "accepted (loaded or answered)": sum(r.outcome in ("loaded", "answered") for r in values),
        "refused": sum(r.outcome == "refused" for r in values),
        "hangs (no exit within the case's bound)": sum(r.outcome == "hang" for r in values),
        "skipped (no permission to mount)": sum(r.outcome == "skipped" for r in values),
        "tracebacks": sum(r.traceback for r in values),
        "warehouse changed": sum(r.warehouse_changed for r in values),
        "outcome as expected": sum(not problems[c.name] for c in cases),
    }


def counts_section(counts: dict[str, int]) -> str:
    return "\n".join(["| count | value |", "|---|---|", *(f"| {k} | {v} |" for k, v in counts.items())])


def kill_section(kills: list[dict]) -> str:
    rows = [
        "| # | kill point | stage | process killed (SIGKILL) | warehouse after | next run |",
        "|---|---|---|---|---|---|",
    ]
    for number, k in enumerate(kills, start=1):
        rows.append(
            f"| {number} | `{k['point']}` | {k['stage']} | {'yes' if k['killed'] else 'NO'} | {k['state']} "
            f"| {k['next_run']} |"
        )
    survived = sum(k["survived"] for k in kills)
    rows.append("")
    rows.append(f"Kill points: {len(kills)}; survived (old or new snapshot, complete, file usable): {survived}.")
    return "\n".join(rows)


def _exit(code: int | None) -> str:
    return "killed (SIGKILL)" if code == -9 else str(code)


def _matches(problems: list[str]) -> str:
    return "yes" if not problems else "NO: " + _cell("; ".join(problems))


def _table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return "\n".join(lines + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows])


def signal_section(cases: list[SignalCase], results: dict[str, SignalResult], problems: dict[str, list[str]]) -> str:
    header = ["#", "case", "command", "signal", "sent when", "expected exit", "exit", "lines (stderr)",
              "warehouse after", "processes left running", "traceback", "matches"]  # fmt: skip
    rows = []
    for number, case in enumerate(cases, start=1):
        r = results[case.name]
        lines = "<br>".join(f"`{_cell(line)}`" for line in r.lines) or "none"
        rows.append([number, case.name, case.command, case.signal, _cell(case.when), _exit(case.expect_exit),
                     _exit(r.exit_code), lines, r.state, r.left_running, "yes" if r.traceback else "no",
                     _matches(problems[case.name])])  # fmt: skip
    return _table(header, rows)


def pipe_section(cases: list[PipeCase], results: dict[str, PipeResult], problems: dict[str, list[str]]) -> str:
    header = ["#", "case", "command", "read by", "reader got", "exit", "stderr", "warehouse after", "memory bound",
              "matches"]  # fmt: skip
    rows = []
    for number, case in enumerate(cases, start=1):
        r = results[case.name]
        command = "poi-etl " + " ".join(f'"{a}"' if " " in a else a for a in case.args)
        got = "`" + _cell(r.out.replace("\r", "\\r")) + "`"  # CSV's CRLF shown, not read as a line end
        bound = f"under {case.max_rss_mib} MiB" if case.max_rss_mib else "-"
        rows.append([number, case.name, f"`{_cell(command)}`", " ".join(case.reader) or "/dev/null", got,
                     r.exit_code, _cell(" / ".join(r.stderr_lines)) or "empty", r.state, bound,
                     _matches(problems[case.name])])  # fmt: skip
    return _table(header, rows)


def signal_counts(signal_problems: dict[str, list[str]], signals: dict[str, SignalResult],
                  pipe_problems: dict[str, list[str]], pipes: dict[str, PipeResult]) -> dict[str, int]:  # fmt: skip
    return {
        "signal cases": len(signals),
        "signal cases as expected": sum(not p for p in signal_problems.values()),
        "signal cases with a traceback": sum(r.traceback for r in signals.values()),
        "processes left running": sum(r.left_running for r in signals.values()),
        "pipe cases": len(pipes),
        "pipe cases as expected": sum(not p for p in pipe_problems.values()),
    }


def read_section(text: str, name: str) -> str | None:
    match = re.search(rf"<!-- BEGIN {name} -->\n(.*?)\n<!-- END {name} -->", text, re.DOTALL)
    return match.group(1) if match else None


def replace_section(text: str, name: str, body: str) -> str:
    block = f"<!-- BEGIN {name} -->\n{body}\n<!-- END {name} -->"
    pattern = rf"<!-- BEGIN {name} -->\n.*?\n<!-- END {name} -->"
    if re.search(pattern, text, re.DOTALL):
        return re.sub(pattern, lambda _: block, text, flags=re.DOTALL)
    return text.rstrip("\n") + "\n\n" + block + "\n"
