"""Signals against real `poi-etl` processes: scripted cases, each with its expected outcome.

A case starts a real command (a load paused at a named point with `POI_PAUSE_AT`, a long
query, an export, `serve` with a scheduled run inside its load transaction, the UI server), sends a
real signal once the command is where the case says (SIGINT to the process group, as a terminal's
Ctrl-C does; SIGTERM and SIGKILL to the process, as `kill` does), and records the exit code, the
`stopped by …` lines, any traceback, what the warehouse holds afterwards, and which processes the
command started are still running once it has exited (found by a token in their environment).
Pipes are in `pipe_cases.py`.

Used by tests/reliability/test_signals.py and scripts/reliability_report.py; the seconds from the
signal to the exit are measured (docs/reliability.md), only bounds are compared.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from devkit.reliability.fixtures import QUARTERLY, ROOT, SAMPLE
from devkit.reliability.processes import _free_port, cli_env, prepare_states, state
from devkit.reliability.warehouse_facts import table_rows

TOKEN = "POI_TEST_TOKEN"
LONG_QUERY = "select count(*) from range(100000000000) t(x) where x % 7 = 3"
ROLLED_BACK = "rolled back, not loaded (its load had not committed; the warehouse keeps what it had)"
REVISED = "poi_2017_t3_revisado.txt [2017 Q3]"
STARTS = 240  # seconds a command may take to reach the point where the signal is sent


@dataclass(frozen=True)
class SignalCase:
    name: str
    command: str  # run | sql | export | serve | ui
    signal: str  # SIGINT | SIGTERM | SIGKILL
    when: str
    expect_exit: int  # -9: killed
    expect_lines: tuple[str, ...]
    expect_state: str  # old snapshot | new snapshot | old snapshot + 2017 Q1 | unchanged
    server: str = "shared"  # shared (PREFECT_API_URL) | temporary (started by the command) | own (`ui`)
    pause: str = ""  # POI_PAUSE_AT
    args: tuple[str, ...] = ()


SIGNAL_CASES = [
    SignalCase(
        "run_sigint_in_transaction", "run", "SIGINT", "`--replace` inside its load transaction (after-replace)",
        130, (f"stopped by SIGINT: {REVISED}: {ROLLED_BACK}",), "old snapshot", "temporary", "after-replace:240",
        ("{revised}", "--replace"),
    ),
    SignalCase(
        "run_sigterm_in_transaction", "run", "SIGTERM", "`--replace` inside its load transaction (after-replace)",
        143, (f"stopped by SIGTERM: {REVISED}: {ROLLED_BACK}",), "old snapshot", "temporary", "after-replace:240",
        ("{revised}", "--replace"),
    ),
    SignalCase(
        "run_sigint_after_commit", "run", "SIGINT", "`--replace` just after its commit (after-commit)",
        130, (f"stopped by SIGINT: {REVISED}: loaded (its load committed before the signal)",), "new snapshot",
        "shared", "after-commit:240", ("{revised}", "--replace"),
    ),
    SignalCase(
        "run_sigint_second_of_three", "run", "SIGINT", "3 reports: inside the 2nd one's load transaction",
        130,
        (
            "stopped by SIGINT: poi_2017_t1.txt [2017 Q1]: loaded",
            f"stopped by SIGINT: {REVISED}: {ROLLED_BACK}",
            "stopped by SIGINT: poi_2017_t4.txt: not started",
        ),
        "old snapshot + 2017 Q1", "shared", "in-transaction:240:2", ("{q1}", "{revised}", "{sample}", "--replace"),
    ),
    SignalCase(
        "run_sigint_waiting_for_lock", "run", "SIGINT", "waiting for a warehouse another process holds",
        130, ("stopped by SIGINT: poi_2017_t3_revisado.txt: not started",),
        "old snapshot", "shared", "", ("{revised}", "--replace"),
    ),
    SignalCase(
        "run_sigint_while_server_starts", "run", "SIGINT", "its temporary Prefect server starting",
        130, ("stopped by SIGINT: poi_2017_t3_revisado.txt: not started",), "old snapshot", "temporary", "",
        ("{revised}", "--replace"),
    ),
    SignalCase(
        "run_sigkill_in_transaction", "run", "SIGKILL", "`--replace` inside its load transaction, temporary server up",
        -9, (), "old snapshot", "temporary", "after-replace:240", ("{revised}", "--replace"),
    ),
    SignalCase(
        "sql_sigint_long_query", "sql", "SIGINT", "a query running in DuckDB",
        130, ("stopped by SIGINT: poi-etl sql: the query was stopped (the warehouse is only read)",), "unchanged",
        "shared", "", (LONG_QUERY,),
    ),
    SignalCase(
        "sql_sigterm_long_query", "sql", "SIGTERM", "a query running in DuckDB",
        143, ("stopped by SIGTERM: poi-etl sql: the query was stopped (the warehouse is only read)",), "unchanged",
        "shared", "", (LONG_QUERY,),
    ),
    SignalCase(
        "export_sigint", "export", "SIGINT", "after its first Parquet file (after-export-file)",
        130, ("stopped by SIGINT: poi-etl export: the export was stopped (the warehouse is only read)",),
        "unchanged", "shared", "after-export-file:240", ("--parquet", "{workdir}/parquet"),
    ),
    SignalCase(
        "serve_sigint_idle", "serve", "SIGINT", "serving, no run due",
        130,
        (
            "stopped by SIGINT: poi-etl serve: no longer serving; a scheduled run in progress, if any, was "
            "stopped (its load rolled back); schedule paused",
        ),
        "unchanged",
    ),
    SignalCase(
        "serve_sigterm_run_in_transaction", "serve", "SIGTERM",
        "a scheduled run of 2017 Q1 inside its load transaction",
        143,
        (
            "stopped by SIGTERM: poi-etl serve: no longer serving; a scheduled run in progress, if any, was "
            "stopped (its load rolled back); schedule paused",
        ),
        "old snapshot", "shared", "in-transaction:240",
    ),
    SignalCase(
        "serve_sigkill_run_in_transaction", "serve", "SIGKILL",
        "a scheduled run of 2017 Q1 inside its load transaction",
        -9, (), "old snapshot", "shared", "in-transaction:240",
    ),
    SignalCase(
        "ui_sigint", "ui", "SIGINT", "the UI server answering", 130,
        ("stopped by SIGINT: poi-etl ui: the Prefect server has stopped",), "unchanged", "own",
    ),
    SignalCase(
        "ui_sigterm", "ui", "SIGTERM", "the UI server answering", 143,
        ("stopped by SIGTERM: poi-etl ui: the Prefect server has stopped",), "unchanged", "own",
    ),
    SignalCase("ui_sigkill", "ui", "SIGKILL", "the UI server answering", -9, (), "unchanged", "own"),
]  # fmt: skip


@dataclass
class SignalResult:
    name: str
    exit_code: int | None
    lines: list[str]
    traceback: bool
    state: str
    left_running: int
    seconds: float = 0.0  # from the signal to the exit
    notes: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Processes


def processes_with(token: str) -> list[int]:
    """Running processes whose environment carries `POI_TEST_TOKEN=<token>` (zombies aside)."""
    marker = f"{TOKEN}={token}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as handle:
                if marker in handle.read().split(b"\0"):
                    found.append(int(entry))
        except OSError:
            continue
    return found


def left_running(token: str, seconds: float = 15.0) -> int:
    """How many of the token's processes still run `seconds` after the command exited (then killed)."""
    deadline = time.monotonic() + seconds
    while (found := processes_with(token)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in found:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return len(found)


def _wait_for(predicate, seconds: float, what: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if process.poll() is not None:
            raise AssertionError(f"the command exited ({process.returncode}) before {what}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def _healthy(url: str) -> bool:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url + "/health", timeout=1) as answer:
            return answer.status == 200
    except OSError:
        return False


def _api(api_url: str, path: str, body: dict) -> object:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(
        api_url + path, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with opener.open(request, timeout=30) as answer:
        return json.loads(answer.read())


def _start_inbox_run(api_url: str) -> None:
    """Ask the served deployment for a run now (what `prefect deployment run` does)."""
    deployments = _api(api_url, "/deployments/filter", {"deployments": {"name": {"any_": ["quarterly-inbox"]}}})
    _api(api_url, f"/deployments/{deployments[0]['id']}/create_flow_run", {})


@contextlib.contextmanager
def _warehouse_held(path: Path, workdir: Path):
    """Another process holding the warehouse open (DuckDB's lock) until the block ends."""
    held = workdir / "held"
    code = f"import duckdb, pathlib, time; c = duckdb.connect({str(path)!r}); pathlib.Path({str(held)!r}).touch(); "
    code += "time.sleep(600)"
    holder = subprocess.Popen([sys.executable, "-c", code])
    try:
        deadline = time.monotonic() + 60
        while not held.exists():
            assert holder.poll() is None and time.monotonic() < deadline, "the holder did not open the warehouse"
            time.sleep(0.05)
        yield
    finally:
        holder.kill()
        holder.wait()


# ---------------------------------------------------------------------------------------------
# One case


@dataclass
class Fixtures:
    """The states every case starts from or may end in (devkit/reliability/processes.py)."""

    base: Path
    revised: Path
    old: dict
    new: dict
    old_plus_q1: dict


def prepare(folder: Path) -> Fixtures:
    from devkit.reliability.processes import load_in_process

    base, revised, old, new = prepare_states(folder)
    with_q1 = folder / "with_q1" / "poi.duckdb"
    with_q1.parent.mkdir(parents=True)
    shutil.copy(base, with_q1)
    assert load_in_process(QUARTERLY / "poi_2017_t1.txt", with_q1) == "loaded"
    return Fixtures(base, revised, old, new, state(with_q1))


def _argv(case: SignalCase, fixtures: Fixtures, workdir: Path, warehouse: Path) -> list[str]:
    names = {"revised": str(fixtures.revised), "q1": str(QUARTERLY / "poi_2017_t1.txt"), "sample": str(SAMPLE),
             "workdir": str(workdir)}  # fmt: skip
    args = [a.format(**names) for a in case.args]
    if case.command == "serve":
        args = ["--inbox", str(workdir / "inbox"), "--cron", "0 6 20 1,4,7,10 *"]
    if case.command == "ui":
        return ["ui"]
    return [case.command, *args, "--warehouse", str(warehouse)]


def _env(case: SignalCase, api_url: str, workdir: Path, token: str) -> dict[str, str]:
    env = cli_env(api_url, workdir, **{TOKEN: token, "POI_PAUSE_MARK": str(workdir / "paused")})
    if case.pause:
        env["POI_PAUSE_AT"] = case.pause
    if case.server in ("temporary", "own"):
        env.pop("PREFECT_API_URL")
    env["POI_UI_PORT"] = str(_free_port()) if case.server == "own" else "1"
    if case.command == "serve":
        env["PREFECT_RUNNER_POLL_FREQUENCY"] = "2"  # default 10 s between looks for due runs
    if case.name == "run_sigint_waiting_for_lock":
        env["POI_LOCK_WAIT"] = "600"
    return env


def _reach(case: SignalCase, process: subprocess.Popen, workdir: Path, env: dict, api_url: str) -> None:
    """Wait until the command is where the case sends its signal."""
    err, out = workdir / "cli.err", workdir / "cli.out"
    if case.pause and case.command != "serve":
        _wait_for((workdir / "paused").exists, STARTS, f"the pause at {case.pause}", process)
    elif case.name == "run_sigint_waiting_for_lock":
        _wait_for(lambda: "warehouse busy" in err.read_text(errors="replace"), STARTS, "the lock wait", process)
    elif case.name == "run_sigint_while_server_starts":
        log = Path(env["PREFECT_HOME"]) / "temporary-server.log"
        _wait_for(log.exists, STARTS, "the temporary server's start", process)
    elif case.command == "sql":
        time.sleep(3)  # connected and inside the query (a signal earlier stops it as well)
    elif case.command == "serve":
        _wait_for(lambda: "serving poi-inbox-load" in out.read_text(errors="replace"), STARTS, "serving", process)
        if case.pause:
            _start_inbox_run(api_url)
            _wait_for((workdir / "paused").exists, STARTS, "the scheduled run's load transaction", process)
    elif case.command == "ui":
        url = f"http://127.0.0.1:{env['POI_UI_PORT']}/api"
        _wait_for(lambda: _healthy(url), STARTS, "the UI server", process)


def _state_after(case: SignalCase, warehouse: Path, before: dict, fixtures: Fixtures) -> str:
    if case.command in ("sql", "export", "ui") or case.name == "serve_sigint_idle":
        return "unchanged" if table_rows(warehouse) == before else "CHANGED"
    with contextlib.closing(duckdb.connect(str(warehouse))) as con:  # replays a WAL a kill left
        con.execute("checkpoint")
    after = state(warehouse)
    named = {"old snapshot": fixtures.old, "new snapshot": fixtures.new, "old snapshot + 2017 Q1": fixtures.old_plus_q1}
    return next((name for name, wanted in named.items() if after == wanted), "MIXED")


def _stopped_lines(stderr: str, folders: list[Path]) -> list[str]:
    lines = [line for line in stderr.splitlines() if line.startswith("stopped by ")]
    for folder in folders:
        lines = [line.replace(str(folder) + os.sep, "") for line in lines]
    return lines


def run_signal_case(case: SignalCase, fixtures: Fixtures, api_url: str, folder: Path) -> SignalResult:
    workdir = folder / case.name
    workdir.mkdir(parents=True)
    warehouse = workdir / "poi.duckdb"
    shutil.copy(fixtures.base, warehouse)
    if case.command == "serve":
        (workdir / "inbox").mkdir()
        shutil.copy(QUARTERLY / "poi_2017_t1.txt", workdir / "inbox")
    before = table_rows(warehouse)
    token = uuid.uuid4().hex
    env = _env(case, api_url, workdir, token)
    argv = _argv(case, fixtures, workdir, warehouse)
    hold = (
        _warehouse_held(warehouse, workdir) if case.name == "run_sigint_waiting_for_lock" else contextlib.nullcontext()
    )
    with hold, (workdir / "cli.out").open("wb") as out, (workdir / "cli.err").open("wb") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "poi_warehouse.cli", *argv], env=env, stdout=out, stderr=err, cwd=ROOT,
            start_new_session=True,
        )  # fmt: skip
        try:
            _reach(case, process, workdir, env, api_url)
            signum = signal.Signals[case.signal]
            sent = time.monotonic()
            if signum == signal.SIGINT:
                os.killpg(process.pid, signum)  # a terminal's Ctrl-C reaches the whole foreground group
            else:
                process.send_signal(signum)
            code = process.wait(timeout=60)
            seconds = round(time.monotonic() - sent, 2)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    left = left_running(token)  # first: a process still running may hold the warehouse
    stderr = (workdir / "cli.err").read_text(errors="replace")
    stdout = (workdir / "cli.out").read_text(errors="replace")
    return SignalResult(
        case.name,
        code,
        _stopped_lines(stderr, [workdir, fixtures.revised.parent, QUARTERLY, SAMPLE.parent]),
        "Traceback" in stderr + stdout,
        _state_after(case, warehouse, before, fixtures),
        left,
        seconds,
    )


def judge_signal(case: SignalCase, result: SignalResult) -> list[str]:
    problems = []
    if result.exit_code != case.expect_exit:
        problems.append(f"exit {result.exit_code}, expected {case.expect_exit}")
    if tuple(result.lines) != case.expect_lines:
        problems.append(f"lines {result.lines}")
    if result.traceback:
        problems.append("traceback")
    if result.state != case.expect_state:
        problems.append(f"warehouse: {result.state}")
    if result.left_running:
        problems.append(f"{result.left_running} processes left running")
    return problems


def run_signal_cases(api_url: str, folder: Path, parallel: int = 3) -> dict[str, SignalResult]:
    """Every case; `serve` cases one after another (they share the deployment's name on one server)."""
    from concurrent.futures import ThreadPoolExecutor

    fixtures = prepare(folder / "states")
    results: dict[str, SignalResult] = {}
    serial = [c for c in SIGNAL_CASES if c.command == "serve"]
    with ThreadPoolExecutor(parallel) as pool:
        futures = {c.name: pool.submit(run_signal_case, c, fixtures, api_url, folder) for c in SIGNAL_CASES
                   if c not in serial}  # fmt: skip
        for case in serial:
            results[case.name] = run_signal_case(case, fixtures, api_url, folder)
        results.update({name: future.result() for name, future in futures.items()})
    return {c.name: results[c.name] for c in SIGNAL_CASES}
