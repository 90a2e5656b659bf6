"""Pipes against real `poi-etl` processes: `poi-etl … | head`, or a large result into /dev/null.

Each case records the exit code, stderr, what the reader got and the command's peak memory. Used by
tests/reliability/test_signals.py and scripts/reliability_report.py (docs/reliability.md, *Pipes*).
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from devkit.reliability.fixtures import BAD_INPUTS, ROOT
from devkit.reliability.processes import cli_env
from devkit.reliability.signal_cases import STARTS
from devkit.reliability.warehouse_facts import table_rows

# Runs the command as its child and writes the child's peak RSS (KiB): measured from the pytest
# process itself, the peak would include the memory of the fork before the command's exec.
MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
open(sys.argv[1], "w").write(str(usage.ru_maxrss))
sys.exit(os.waitstatus_to_exitcode(status))
"""


@dataclass(frozen=True)
class PipeCase:
    name: str
    args: tuple[str, ...]
    reader: tuple[str, ...]  # the command reading stdout; () for /dev/null
    expect_out: str  # what the reader prints
    expect_state: str = "unchanged"  # unchanged | 2017 Q4 added
    max_rss_mib: int = 0  # a bound on the command's peak memory (0: none)


PIPE_CASES = [
    PipeCase("sql_csv_into_head", ("sql", "select * from range(5000000)", "--format", "csv"), ("head", "-n", "2"),
             "range\r\n0\r\n"),
    PipeCase("sql_json_into_head", ("sql", "select * from range(5000000)", "--format", "json"), ("head", "-n", "2"),
             '[\n{"range": 0},\n'),
    PipeCase("sql_table_into_head", ("sql", "select * from range(5000000)"), ("head", "-n", "1"), "range\n"),
    PipeCase("run_into_head", ("run", "{good}"), ("head", "-n", "1"), "prefect server: {api} (from PREFECT_API_URL)\n",
             "2017 Q4 added"),
    PipeCase("sql_3m_rows_json_into_devnull", ("sql", "select * from range(3000000)", "--format", "json"), (), "",
             max_rss_mib=200),
]  # fmt: skip


@dataclass
class PipeResult:
    name: str
    exit_code: int | None
    stderr_lines: list[str]  # stderr without Prefect's log lines
    out: str
    state: str
    peak_mib: int
    traceback: bool
    seconds: float = 0.0


def run_pipe_case(case: PipeCase, base: Path, api_url: str, folder: Path) -> PipeResult:
    workdir = folder / case.name
    workdir.mkdir(parents=True)
    warehouse = workdir / "poi.duckdb"
    shutil.copy(base, warehouse)
    before = table_rows(warehouse)
    args = [a.format(good=BAD_INPUTS / "good_two_pages.txt") for a in case.args]
    env = cli_env(api_url, workdir, POI_UI_PORT="1")
    started = time.monotonic()
    peak = workdir / "peak-kib"
    with (workdir / "cli.err").open("wb") as err:
        command = subprocess.Popen(
            [sys.executable, "-c", MEASURE, str(peak), sys.executable, "-m", "poi_warehouse.cli", *args,
             "--warehouse", str(warehouse)],
            env=env, cwd=ROOT, stdout=subprocess.PIPE if case.reader else subprocess.DEVNULL, stderr=err,
        )  # fmt: skip
    reader = None
    if case.reader:
        reader = subprocess.Popen(case.reader, stdin=command.stdout, stdout=subprocess.PIPE)
        command.stdout.close()  # the reader alone holds the pipe: when it exits, writes fail
    try:
        command.wait(timeout=STARTS)
        out = reader.communicate(timeout=60)[0].decode() if reader else ""
    finally:
        for process in (command, reader):
            if process is not None and process.poll() is None:
                process.kill()
                process.wait()
    seconds = round(time.monotonic() - started, 2)
    stderr = (workdir / "cli.err").read_text(errors="replace")
    after = table_rows(warehouse)
    gained = {name for name, rows in after.items() if rows != before.get(name)}
    state = "unchanged" if not gained else "2017 Q4 added" if _has_q4(warehouse) else "CHANGED"
    return PipeResult(
        case.name,
        command.returncode,
        [line for line in stderr.splitlines() if not line[:2].isdigit() and line.strip()],
        out.replace(api_url, "{api}"),
        state,
        int(peak.read_text()) // 1024 if peak.exists() else -1,
        "Traceback" in stderr,
        seconds,
    )


def _has_q4(warehouse: Path) -> bool:
    with contextlib.closing(duckdb.connect(str(warehouse), read_only=True)) as con:
        return con.execute("select count(*) from dim_report where report_quarter = 4").fetchone()[0] == 1


def judge_pipe(case: PipeCase, result: PipeResult) -> list[str]:
    problems = []
    if result.exit_code != 0:
        problems.append(f"exit {result.exit_code}")
    if result.stderr_lines:
        problems.append(f"stderr: {result.stderr_lines[:3]}")
    if result.traceback:
        problems.append("traceback")
    if result.out != case.expect_out:
        problems.append(f"reader got {result.out!r}")
    if result.state != case.expect_state:
        problems.append(f"warehouse: {result.state}")
    if case.max_rss_mib and result.peak_mib > case.max_rss_mib:
        problems.append(f"peak memory {result.peak_mib} MiB over {case.max_rss_mib} MiB")
    return problems


def run_pipe_cases(api_url: str, base: Path, folder: Path) -> dict[str, PipeResult]:
    return {case.name: run_pipe_case(case, base, api_url, folder) for case in PIPE_CASES}
