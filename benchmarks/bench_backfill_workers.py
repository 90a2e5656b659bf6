"""Scale-out benchmark: a synthetic national backfill loaded serial and with `--workers N`.

    .venv/bin/python benchmarks/bench_backfill_workers.py [--entities 500] [--workers 2] [--seed 11]

Writes ENTITIES folders (E0001, E0002, …) of four 2017 quarterly text reports of 40–120 rows each
(devkit/synthetic), starts one Prefect server (`poi-etl ui`, its start-up not timed), then runs
`poi-etl run DIR --entity-from-folder` into a fresh warehouse serial and with `--workers N`, each as
its own process. Prints wall time, rows/s, the peak RSS of the run's process and of each of its
worker processes (sampled with psutil every 0.2 s), the speed-up, whether both warehouses hold the
same facts, and from the Prefect API the flow and task runs per report with their mean seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
YEAR = 2017


def write_backfill(folder: Path, entities: int, seed: int) -> int:
    """ENTITIES x 4 quarterly reports of 40-120 rows; returns the number of activity rows written."""
    from devkit.synthetic.reports import report_text

    rng, rows = random.Random(seed), 0
    for number in range(1, entities + 1):
        entity = folder / f"E{number:04d}"
        entity.mkdir(parents=True)
        for quarter in (1, 2, 3, 4):
            n_rows = rng.randint(40, 120)
            text = report_text(YEAR, quarter, n_rows, seed=seed * 1_000_000 + number * 10 + quarter)
            (entity / f"poi_{YEAR}_t{quarter}.txt").write_text(text, encoding="utf-8")
            rows += n_rows
    return rows


class PeakMemory:
    """Peak RSS of a process and of each of its descendants, sampled until stopped."""

    def __init__(self, pid: int, every: float = 0.2):
        self.root, self.every = pid, every
        self.peaks: dict[int, tuple[str, int]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.root)
                for process in [root, *root.children(recursive=True)]:
                    kind = "run" if process.pid == self.root else "worker"
                    if kind == "worker" and "resource_tracker" in " ".join(process.cmdline()):
                        continue  # multiprocessing's helper, not a worker
                    rss = process.memory_info().rss
                    if rss > self.peaks.get(process.pid, ("", 0))[1]:
                        self.peaks[process.pid] = (kind, rss)
            except psutil.Error:
                pass
            self._stop.wait(self.every)

    def stop(self) -> dict[int, tuple[str, int]]:
        self._stop.set()
        self._thread.join()
        return self.peaks


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(work: Path) -> tuple[subprocess.Popen, str, float]:
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "POI_UI_PORT": str(port)}
    env.pop("PREFECT_API_URL", None)
    started = time.perf_counter()
    server = subprocess.Popen([str(BIN / "poi-etl"), "ui"], cwd=work, env=env, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
    api = f"http://127.0.0.1:{port}/api"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{api}/health", timeout=5):
                return server, api, time.perf_counter() - started
        except OSError:
            time.sleep(1)
    server.kill()
    raise SystemExit("the Prefect server did not start within 300 s")


def run_variant(work: Path, api: str, name: str, extra: list[str]) -> dict:
    warehouse = work / name / "poi.duckdb"
    env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "PREFECT_API_URL": api}
    args = [str(BIN / "poi-etl"), "run", str(work / "reports"), "--entity-from-folder", "--warehouse", str(warehouse)]
    started_at = time.time()
    started = time.perf_counter()
    run = subprocess.Popen([*args, *extra], cwd=work, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    memory = PeakMemory(run.pid)
    out, err = run.communicate()
    seconds = time.perf_counter() - started
    peaks = memory.stop()
    if run.returncode != 0:
        print(out[-3000:], err[-3000:])
        raise SystemExit(f"{name} failed with exit {run.returncode}")
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        rows = con.execute("select count(*) from fct_activity_row").fetchone()[0]
        reports = con.execute("select count(*) from dim_report").fetchone()[0]
        facts = {t: con.execute(f"select * exclude (loaded_at) from {t} order by all").fetchall() if t == "dim_report"
                 else con.execute(f"select * from {t} order by all").fetchall()
                 for t in ("dim_report", "fct_activity_row", "fct_activity_month", "dq_finding")}  # fmt: skip
    finally:
        con.close()
    return {"seconds": seconds, "rows": rows, "reports": reports, "peaks": peaks, "facts": facts,
            "window": (started_at, time.time())}  # fmt: skip


def prefect_runs(api: str, window: tuple[float, float]) -> dict:
    """Flow and task runs that started within `window`, by name: count and mean seconds."""
    os.environ["PREFECT_API_URL"] = api
    from datetime import UTC, datetime

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        FlowRunFilter,
        FlowRunFilterStartTime,
        TaskRunFilter,
        TaskRunFilterStartTime,
    )
    from prefect.client.schemas.sorting import FlowRunSort, TaskRunSort

    after, before = (datetime.fromtimestamp(t, UTC) for t in window)
    stats: dict[str, list[float]] = defaultdict(list)
    report_runs: dict = {}  # load-poi-report flow run id -> seconds
    in_flows: dict = defaultdict(float)  # flow run id -> seconds of its task runs
    with get_client(sync_client=True) as client:
        flows: dict = {}
        offset = 0
        while True:
            runs = client.read_flow_runs(
                flow_run_filter=FlowRunFilter(start_time=FlowRunFilterStartTime(after_=after, before_=before)),
                sort=FlowRunSort.ID_DESC, limit=200, offset=offset,
            )  # fmt: skip
            for run in runs:
                if run.flow_id not in flows:
                    flows[run.flow_id] = client.read_flow(run.flow_id).name
                stats[f"flow {flows[run.flow_id]}"].append(run.total_run_time.total_seconds())
                if flows[run.flow_id] == "load-poi-report":
                    report_runs[run.id] = run.total_run_time.total_seconds()
            offset += len(runs)
            if len(runs) < 200:
                break
        offset = 0
        while True:
            runs = client.read_task_runs(
                task_run_filter=TaskRunFilter(start_time=TaskRunFilterStartTime(after_=after, before_=before)),
                sort=TaskRunSort.ID_DESC, limit=200, offset=offset,
            )  # fmt: skip
            for run in runs:
                name = run.name.rsplit("-", 1)[0]
                if f"flow {name}" in stats:
                    continue  # the placeholder task run of a subflow: counted as its flow run
                stats[f"task {name}"].append(run.total_run_time.total_seconds())
                in_flows[run.flow_run_id] += run.total_run_time.total_seconds()
            offset += len(runs)
            if len(runs) < 200:
                break
    out = {name: (len(values), sum(values) / len(values)) for name, values in sorted(stats.items())}
    outside = [seconds - in_flows[run_id] for run_id, seconds in report_runs.items()]
    if outside:
        out["load-poi-report outside its task runs"] = (len(outside), sum(outside) / len(outside))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entities", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="poi-bench-workers-"))
    started = time.perf_counter()
    written = write_backfill(work / "reports", args.entities, args.seed)
    n_reports = args.entities * 4
    print(f"backfill: {args.entities} entities x 4 quarters = {n_reports} reports, {written} rows in {work / 'reports'} "
          f"({time.perf_counter() - started:.1f}s to write)")  # fmt: skip
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at start")
    server, api, server_seconds = start_server(work)
    try:
        print(f"Prefect server (poi-etl ui) up in {server_seconds:.1f}s (not timed below)")
        results = {
            "serial": run_variant(work, api, "serial", []),
            f"--workers {args.workers}": run_variant(work, api, "workers", ["--workers", str(args.workers)]),
        }
        runs = {name: prefect_runs(api, r["window"]) for name, r in results.items()}
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
    print("| variant | reports | rows | wall s | rows/s | peak RSS MiB, run process | peak RSS MiB, each worker |")
    print("|---|---|---|---|---|---|---|")
    for name, r in results.items():
        run_peak = max((rss for kind, rss in r["peaks"].values() if kind == "run"), default=0) / 2**20
        workers = sorted((rss / 2**20 for kind, rss in r["peaks"].values() if kind == "worker"), reverse=True)
        shown = ", ".join(f"{w:.0f}" for w in workers) or "-"
        print(f"| {name} | {r['reports']} | {r['rows']} | {r['seconds']:.1f} | {r['rows'] / r['seconds']:.1f} | "
              f"{run_peak:.0f} | {shown} |")  # fmt: skip
    serial, parallel = results.values()
    print(f"speed-up: {serial['seconds'] / parallel['seconds']:.2f}x")
    print(f"same facts in both warehouses: {serial['facts'] == parallel['facts']}")
    print("| variant | run | runs | per report | mean s |")
    print("|---|---|---|---|---|")
    for name, stats in runs.items():
        for kind, (count, mean) in stats.items():
            print(f"| {name} | {kind} | {count} | {count / n_reports:.2f} | {mean:.2f} |")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
