#!/usr/bin/env python
"""Write docs/reliability.md from real runs: bad-input corpus, kill points, signals, pipes, measured figures.

    .venv/bin/python scripts/reliability_report.py              # everything (several minutes)
    .venv/bin/python scripts/reliability_report.py --fixtures   # first rewrite tests/fixtures/bad_inputs/*

The tests (tests/reliability/) re-run the same cases and fail when the committed tables differ.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="poi-reliability-home-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.pop("PREFECT_API_URL", None)

from devkit.reliability import bad_files, corpus, report, warehouse_facts  # noqa: E402

INTRO = """# Reliability: bad input, crashes, signals and concurrent runs

The warehouse accumulates years of quarterly snapshots; a malformed file, a killed or interrupted
process, a wrong setting or two operators at once must not cost that history, nor end in a traceback.
This page is written by `scripts/reliability_report.py` from real runs; the tests in
`tests/reliability/` run the same cases and fail when a table below is not what they produce. Do not
edit the tables by hand.

## Decisions

- **Refuse rather than load part of a snapshot.** A file that ends without its last `Fuente:` footer is
  truncated; a page without a parsable title, year or quarter, or with a header of another shape, is not
  a report we know. The refusal is one line `error: <file>[:<line>] [(page N)]: <reason>`, exit code 2,
  and the warehouse is not opened for writing. Known limit: a file cut exactly after a page's footer
  looks complete (the reports print no page count); the audit's `rows_in` shows it.
- **Duplicates are refused by the parser** (`transforms/parse.py: check_duplicate_rows`), naming both
  lines — a repeated row, the same unit and activity twice with other numbers, a page printed twice —
  instead of the gate's `expect_compound_columns_to_be_unique` (exit 3), which stays as a backstop.
- **Odd cells load, flagged.** When the content is complete and only cells are odd (`N/A`, `1.5`, `-3`,
  `12a`, a number beyond 10^12), the report loads: the token is `invalid`, never read as a value; the
  row's `row_status` is not `exact` and `v_data_quality` has findings for it. A slot the identities
  determine may be `repaired` (its finding says `'-3' is not a count; … from the identities`). The
  statuses, and whether a finding quotes the odd token, depend on the recovery engine
  (`transforms/recovery.py`): they are listed under *Measured*, not in the compared table.
- **Encodings.** UTF-8 with or without BOM, cp1252 and Latin-1, LF or CRLF load identically (same
  content, except the file name and sha256). UTF-16 is refused with its name; PDF bytes with "extract
  its text first".
- **Control characters anywhere are binary; invisible characters in names are normalised.** A NUL
  anywhere in the file (not only in its first 64 KiB), or any other C0 control character or DEL
  after decoding (tab, CR and LF aside; a form feed included: the rule has no exceptions), refuses the
  file with its line (`transforms/report_text.py`). In the text cells, zero-width characters, soft
  hyphens, direction marks and stray C1 controls are removed, no-break and other special spaces
  become spaces, and accents are composed (NFC), so one unit never becomes two
  (`transforms/text_hygiene.py`); each changed cell is a `normalised_text` finding naming the column
  and what changed, and the row keeps its status.
- **Bounded input.** Only regular files are read: `stat` first, then `open` with `O_NONBLOCK` and a
  second check on the open descriptor (`flows/paths.py`), so a FIFO, socket or device is refused by
  name and nothing blocks, also when a folder's files are peeked for their period. The size cap
  (32 MiB) is checked with `fstat` and again by a bounded `read`, so a 100 MB file is refused without
  reading it.
- **Any file name.** Names that are not UTF-8 are shown with `\\xNN` escapes in messages, logs,
  `dim_report.source_file` and the audit, and carried through Prefect's parameters (JSON) in a
  reversible form (`fsbytes:` + percent-encoded bytes). A symbolic link loop and a broken link are
  named as such.
- **Several revisions of a period with `--replace` are refused** (exit 7, one line naming every file)
  before anything loads: which one should win is not guessed. `--last-wins` loads them in the order
  listed (a folder's by file name), so the last one is the snapshot kept.
- **A warehouse that is not ours is never written.** A DuckDB file is ours when it is empty, or when
  its `schema_migration` history lists only this version's migrations, in order, and every table they
  create has their columns and types (compared with the same migrations run in memory:
  `warehouse/ownership.py`). Another tool's file, our table names with another shape, a newer
  history, a SQLite or empty file: `run` refuses with exit 4 and the file keeps every byte and its
  mtime. Opening and closing a warehouse writes nothing: the views are refreshed only when their SQL
  or comments differ from this version's.
- **A damaged warehouse is found before a load, and `poi-etl check` says what to do.** `run` (and the
  flow, for `serve`) reads every column of every table first, read-only (DuckDB has no integrity-check
  pragma, but verifies each block's checksum as it reads it); a truncated or corrupted file is refused with exit 4 and nothing is written, not even an
  audit row. `sql` and `export` stop with exit 4 when a read fails on a damaged block. `poi-etl check`
  gives the verdict and the recovery path (docs/operations.md): restore a backup, or rebuild from the
  source files into a new file. Index blocks are read only when a load uses them.
- **Disks and permissions.** Before Prefect starts, `run` writes and removes a small file in the
  warehouse's folder and the Data Docs folder, checks that the warehouse file is writable, and, when a
  temporary Prefect server would start, that `PREFECT_HOME` is writable with at least 64 MiB free (a
  limit we chose; a fresh temporary server's home held 5.5 MiB after one run of the sample here);
  each failure is one line, exit 4. A disk that fills during a run is a `WarehouseError` too: GX failing to write the Data Docs,
  or DuckDB failing to commit (the transaction is rolled back: "nothing was loaded"). When the commit
  succeeded and only the checkpoint at close fails, the report is loaded (its WAL holds it) and the
  run says so. `export` writes into a hidden staging folder and moves the files in only when all are
  written, so a failure leaves no partial export.
- **Crash safety** comes from DuckDB's atomic commit (WAL) and the one-transaction load
  (`warehouse/loader.py`). `warehouse/faults.py` is a test hook (`POI_KILL_AT`, `POI_PAUSE_AT`) with
  named points in `flows/stages.py` and `warehouse/loader.py`; it costs one constant check otherwise.
- **Concurrency.** DuckDB allows one process per file. `poi-etl run` waits for the lock with a bounded
  back-off (`POI_LOCK_WAIT`, default 120 s) and logs `warehouse busy … waiting up to Ns`; past the wait
  it stops with `the warehouse is in use by another process (a load is running)` (exit 4).
  `poi-etl sql` does not wait: the same one line, exit 4.
- **Read-only SQL.** `poi-etl sql` opens the file read-only with external access disabled, and accepts
  only statements DuckDB's own parser classifies as `SELECT` (also `FROM …`, `VALUES`, `DESCRIBE`,
  `SHOW`, `SUMMARIZE`, `UNPIVOT`), so comments, `WITH … INSERT` or a `;` inside a string cannot hide a
  write; `EXPLAIN [ANALYZE]` of such a statement (`EXPLAIN ANALYZE` runs it); and `PIVOT`, which DuckDB
  parses as several statements, when it starts as a query and names no write (`INSERT`, `CREATE`…).
- **Signals stop a command, never a transaction half-way.** Within every command SIGINT and SIGTERM
  raise `Stopped` in the main thread (`flows/stopping.py`) and interrupt the queries DuckDB is
  running; a load that has not committed rolls back on its way out, one that has stays. `poi-etl run`
  then prints one line per report, `stopped by SIGINT: <file> [<period>]: <what happened>` (loaded;
  rolled back, not loaded; not loaded: stopped during a stage; not started); the report that was in
  its load stage is settled by its `load_audit` row, which the load writes in the same transaction as
  the snapshot. Exit 130 (SIGINT) or 143 (SIGTERM). A second signal does not interrupt the clean-up;
  a clean-up still running 7 s after the first signal is cut short with the same exit code (DuckDB
  discards an uncommitted transaction as after a kill: *Kill points*).
- **No server or flow run outlives its command.** Prefect's own temporary server is a uvicorn child
  in the command's process group: a terminal's Ctrl-C stops it while the command still reports to it,
  and Prefect then retries for minutes. So `poi-etl run` starts the same server itself
  (`poi_warehouse/server_process.py`) in its own session, stops it after its clean-up (Prefect's
  queued logs sent first), and arms it with a parent-death signal (`PR_SET_PDEATHSIG`, Linux): killed
  even with SIGKILL, the command takes the server with it. `poi-etl ui` runs `prefect server start`
  the same way; `poi-etl serve` stops its runner as on Ctrl-C, and the flow runs it starts die with it
  (`flows/lifeline.py`), rolling back their load.
- **Settings are checked before any work** (`poi_warehouse/settings.py`): each has an allowed range
  (`POI_LOCK_WAIT` 0–86400 s; NaN, infinity, negative or text refused), paths must be of the right
  kind, Prefect's own settings go through Prefect's validation, named by their variable; exit 5, one
  line. An explicit `PREFECT_API_URL` is probed (`GET /health`, at most 5 s, name resolution included)
  and refused when no Prefect server answers, suggesting `poi-etl ui` or unsetting it.
- **Output that pipes.** `poi-etl sql` fetches and writes 10,000 rows at a time, so memory does not
  grow with the result (*Measured*, and docs/benchmarks.md). When the reader closes the pipe
  (`| head`) the command stops quietly with exit 0: the rows the reader took are right and it chose
  to stop. `poi-etl run | head` goes on loading: its result is the warehouse, not its output. JSON
  keeps every column (a repeated name gets `_1`, `_2`…), writes NaN and infinity as `null`, decimals as
  exact numbers, blobs as base64, dates ISO 8601; CSV writes NULL as an empty field and the empty
  string as `""` (`--null TEXT` writes NULL as TEXT and quotes a string equal to it).
"""


def run_corpus(workdir: Path):
    from prefect.testing.utilities import prefect_test_harness

    cases = corpus.load_cases()
    results, fingerprints = {}, {}
    with prefect_test_harness(server_startup_timeout=180):
        base = warehouse_facts.build_base_warehouse(workdir / "base" / "poi.duckdb")
        for case in sorted(cases, key=lambda c: c.name != "good_two_pages"):
            result = corpus.run_case(case, base, workdir / case.name)
            results[case.name] = result
            corpus.remember(fingerprints, result)
            print(f"  {case.name}: {result.outcome} ({result.seconds}s)", flush=True)
    problems = {c.name: corpus.judge(c, results[c.name], fingerprints) for c in cases}
    return cases, results, problems


def inspect_seconds(warehouse: Path) -> tuple[float, float]:
    """Seconds of the whole-file check on `warehouse` (best of 3), and its size in MiB."""
    from warehouse.integrity import inspect_warehouse

    times = []
    for _ in range(3):
        started = time.perf_counter()
        assert inspect_warehouse(warehouse).verdict == "ok"
        times.append(time.perf_counter() - started)
    return round(min(times), 2), round(warehouse.stat().st_size / 2**20, 1)


def measured_section(workdir: Path, cases, results, corpus_seconds: float, kill_seconds: float) -> str:
    lines = ["| input | refused because | extract seconds | Python peak MiB (tracemalloc) |", "|---|---|---|---|"]
    for kind in ("junk_100mb", "junk_text_30mib"):
        path = bad_files.make_generated(kind, workdir)
        m = corpus.measure_extract(path)
        lines.append(f"| {kind} ({path.stat().st_size:,} bytes) | {m['reason']} | {m['seconds']} | {m['peak_mib']} |")
        path.unlink()
    for r in results.values():  # depends on the recovery engine: reported, not compared by the tests
        for line, status in sorted(r.statuses.items()):
            quoted = "a finding quotes the token" if r.token_named.get(line) else "no finding quotes the token"
            r.notes.append(f"line {line} {status}, {quoted}")
    slow = sorted(results.values(), key=lambda r: -r.seconds)[:5]
    refused = [
        results[c.name] for c in cases if c.kind in ("warehouse", "disk") and results[c.name].outcome == "refused"
    ]
    slowest = max(refused, key=lambda r: r.seconds)
    median = sorted(r.seconds for r in refused)[len(refused) // 2]
    check_seconds, base_mib = inspect_seconds(workdir / "base" / "poi.duckdb")
    lines += [
        "",
        f"Warehouse and disk cases refused: {len(refused)}; median {median} s, the slowest {slowest.seconds} s "
        f"({slowest.name}). The whole-file check (`poi-etl check`, and before each run) took {check_seconds} s "
        f"on the base warehouse ({base_mib} MiB, 2 snapshots).",
    ]
    lines += [
        "",
        f"Corpus through the CLI (in-process, one Prefect test server): {corpus_seconds:.0f} s; "
        f"kill points (real processes, 3 at a time, one Prefect server): {kill_seconds:.0f} s.",
        "Slowest cases: " + ", ".join(f"{r.name} {r.seconds} s" for r in slow) + ".",
        "",
        "Notes per case: " + "; ".join(f"{r.name}: {', '.join(r.notes)}" for r in results.values() if r.notes) + ".",
        f"Measured {time.strftime('%Y-%m-%d')} on {os.cpu_count()} CPUs; these figures are not compared by the tests.",
    ]
    return "\n".join(lines)


def signal_measures(signals, pipes) -> str:
    """Seconds from the signal to the exit, and the pipe cases' peak memory (not compared by the tests)."""
    longest = max(signals.values(), key=lambda r: r.seconds)
    return "\n".join(
        [
            "Seconds from the signal to the exit: "
            + ", ".join(f"{r.name} {r.seconds}" for r in signals.values())
            + f"; longest {longest.seconds} s ({longest.name}).",
            "Pipe cases, seconds and the command's peak RSS: "
            + ", ".join(f"{r.name} {r.seconds} s, {r.peak_mib} MiB" for r in pipes.values())
            + ".",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", action="store_true", help="rewrite the committed fixtures first")
    args = parser.parse_args()
    if args.fixtures:
        for path in bad_files.write_fixtures():
            print(f"wrote {path.relative_to(ROOT)}")
    workdir = Path(tempfile.mkdtemp(prefix="poi-reliability-"))
    print("corpus …", flush=True)
    started = time.perf_counter()
    cases, results, problems = run_corpus(workdir / "corpus")
    corpus_seconds = time.perf_counter() - started
    print("kill points …", flush=True)
    from devkit.reliability import pipe_cases as pc
    from devkit.reliability import signal_cases as sc
    from devkit.reliability.processes import prefect_server, run_kill_points

    started = time.perf_counter()
    with prefect_server() as url:
        kills = run_kill_points(url, workdir / "kills")
        kill_seconds = time.perf_counter() - started
        print("signals and pipes …", flush=True)
        signals = sc.run_signal_cases(url, workdir / "signals")
        pipes = pc.run_pipe_cases(
            url, warehouse_facts.build_base_warehouse(workdir / "pipes-base" / "poi.duckdb"), workdir / "pipes"
        )
    signal_problems = {c.name: sc.judge_signal(c, signals[c.name]) for c in sc.SIGNAL_CASES}
    pipe_problems = {c.name: pc.judge_pipe(c, pipes[c.name]) for c in pc.PIPE_CASES}
    signal_counts = report.signal_counts(signal_problems, signals, pipe_problems, pipes)
    counts = report.corpus_counts(cases, results, problems)
    counts["kill points"] = len(kills)
    counts["kill points survived"] = sum(k["survived"] for k in kills)
    counts |= signal_counts

    def block(name: str, body: str) -> str:
        return f"<!-- BEGIN {name} -->\n{body}\n<!-- END {name} -->\n"

    text = "\n".join(
        [
            INTRO,
            "## Counts\n",
            block("all-counts", report.counts_section(counts)),
            "## Bad-input corpus\n",
            "Each case runs `poi-etl run <file>` (or `poi-etl sql …`) in-process against a copy of a warehouse "
            "that already holds the 2017 Q2 and Q3 snapshots. Expected outcomes and how each fixture is made: "
            "`tests/fixtures/bad_inputs/cases.toml`; builders: `devkit/reliability/bad_files.py`. *Warehouse "
            "changed*: for a refusal, any table differs (audit rows aside); for a load, a row of an older "
            "snapshot is gone or altered. *warehouse* cases point `run`, `sql`, `export` or `check` at a file "
            "that is not ours or is broken (`devkit/reliability/environments.py` makes each), and any changed "
            "byte or mtime counts; *disk* cases put the warehouse, the Data Docs, `PREFECT_HOME` or an export "
            "folder on a full or read-only tmpfs mounted for the case (`process`: a real `poi-etl` process). "
            "Every case is bounded in time (a case that does not end counts as a hang).\n",
            block("corpus-counts", report.counts_section(report.corpus_counts(cases, results, problems))),
            block("corpus", report.corpus_section(cases, results, problems)),
            "## Kill points\n",
            "A warehouse holding 2017 Q2 and Q3 gets a revised Q3 file (`--replace`: one activity renamed, "
            "another source date) from a real `poi-etl run` process that sends itself SIGKILL at the named "
            "point (`POI_KILL_AT`). Then the file is opened read-write (WAL replayed, checkpoint) and every "
            "table compared with the old and the new state (`dim_report.loaded_at` and the audit aside); then "
            "a normal load of the revised file runs. Concurrency (`tests/reliability/test_concurrency.py`): "
            "run A pauses inside its load transaction; run B waits (`warehouse busy … waiting`) and loads "
            "after it; run C with `POI_LOCK_WAIT=0` stops with one line (exit 4); `poi-etl sql` says the "
            "warehouse is in use (exit 4); the final warehouse equals both loads applied cleanly.\n",
            block("kill-points", report.kill_section(kills)),
            "## Signals\n",
            "Each case runs a real `poi-etl` process (`devkit/reliability/signal_cases.py`, run by "
            "`tests/reliability/test_signals.py`) against a warehouse holding 2017 Q2 and Q3: a `--replace` of Q3 "
            "paused at a named point (`POI_PAUSE_AT`), a query running in DuckDB, an export, `poi-etl serve` with a "
            "scheduled run of 2017 Q1 inside its load transaction, the UI server. The signal is sent once the command "
            "is there: SIGINT to its process group (a terminal's Ctrl-C), SIGTERM and SIGKILL to the process (`kill`). "
            "*Warehouse after*: every table compared with the old state, the new one (the revised Q3) or the old "
            "one plus 2017 Q1, after a read-write open that replays what a kill left in the WAL. *Processes left "
            "running*: the command's servers and flow runs (found by a token in their environment) still running "
            "15 s after it exited. The seconds from the signal to the exit are under *Measured*.\n",
            block("signal-counts", report.counts_section(signal_counts)),
            block("signals", report.signal_section(sc.SIGNAL_CASES, signals, signal_problems)),
            "## Output into pipes\n",
            "`poi-etl … | head` with real processes: the command must exit 0 without a word on stderr (Prefect's "
            "log lines of `run` aside) once its reader has gone, and `run` must still load. The last case writes "
            "3,000,000 rows as JSON into /dev/null under a bound on the command's peak memory; the peak itself is "
            "under *Measured*.\n",
            block("pipes", report.pipe_section(pc.PIPE_CASES, pipes, pipe_problems)),
            "## Measured\n",
            block(
                "measured",
                measured_section(workdir / "corpus", cases, results, corpus_seconds, kill_seconds)
                + "\n"
                + signal_measures(signals, pipes),
            ),
        ]
    )
    report.DOC.write_text(text, encoding="utf-8")
    print(f"wrote {report.DOC.relative_to(ROOT)}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    clean = (problems, signal_problems, pipe_problems)
    return 0 if all(not p for group in clean for p in group.values()) and all(k["survived"] for k in kills) else 1


if __name__ == "__main__":
    sys.exit(main())
