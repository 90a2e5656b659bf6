"""Real `poi-etl` processes against one real Prefect server: kill points and concurrent runs.

A warehouse holding 2017 Q2 and Q3 (the *old* state) gets a revised Q3 (`poi_2017_t3_revisado.txt`:
one activity renamed, another source date) with `--replace`; the *new* state is what a clean load of it
gives. A run killed with SIGKILL at a named point (warehouse/faults.py) must leave exactly the old
or exactly the new state, in a file that opens, and the next normal load must succeed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from devkit.reliability.fixtures import HISTORY, QUARTERLY, ROOT
from devkit.reliability.warehouse_facts import build_base_warehouse
from devkit.warehouse_state import base_tables

# (point, stage): spread over extract, transform, validate and load; order of a run
KILL_POINTS = [
    ("after-read", "extract"),
    ("after-parse", "extract"),
    ("after-snapshot-check", "extract (snapshot check)"),
    ("after-transform", "transform"),
    ("before-gate", "validate"),
    ("after-gate", "validate"),
    ("after-connect", "load"),
    ("after-migrate", "load"),
    ("in-transaction", "load"),
    ("after-replace", "load (deletes and inserts done, not committed)"),
    ("before-commit", "load (audit row written, not committed)"),
    ("after-commit", "load (committed, WAL not checkpointed)"),
    ("after-close", "load (connection closed)"),
]
RENAMED = (
    "ATENDER MEDIOS IMPUGNATORIOS DE SEGUNDA INSTANCIA",
    "ATENDER MEDIOS IMPUGNATORIOS DE SEGUNDA INSTANCIA (REV)",
)


def revised_q3(folder: Path) -> Path:
    """Another file for the 2017 Q3 snapshot: one activity renamed, a later source date."""
    text = (QUARTERLY / "poi_2017_t3.txt").read_text(encoding="utf-8")
    assert RENAMED[0] in text
    path = folder / "poi_2017_t3_revisado.txt"
    path.write_text(text.replace(RENAMED[0], RENAMED[1]).replace("al 15/10/2017", "al 20/10/2017"), encoding="utf-8")
    return path


def state(path: Path) -> dict[str, list[tuple]]:
    """Every table's rows (audit aside; dim_report without its load time), sorted."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = base_tables(con)
        out = {}
        for name in names:
            select = "* exclude (loaded_at)" if name == "dim_report" else "*"
            out[name] = sorted(con.execute(f'select {select} from "{name}"').fetchall(), key=repr)
        return out
    finally:
        con.close()


def load_in_process(report: Path, warehouse: Path) -> str:
    """A normal load (plain stages, --replace): 'loaded' or 'skipped'."""
    from flows import stages

    frames = stages.transform(stages.extract(str(report)))
    return stages.load(frames, warehouse, replace=True).outcome


# ---------------------------------------------------------------------------------------------
# One Prefect server for all the processes


def _free_port() -> int:
    with contextlib.closing(socket.socket()) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def prefect_server():
    """A real Prefect server on 127.0.0.1 with its own home; yields its API URL."""
    home = Path(tempfile.mkdtemp(prefix="poi-reliability-prefect-"))
    port = _free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    log = (home / "server.log").open("wb")
    server = subprocess.Popen(
        [str(Path(sys.executable).with_name("prefect")), "server", "start", "--host", "127.0.0.1", "--port",
         str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(url + "/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"Prefect server did not start: {(home / 'server.log').read_text()[-2000:]}")
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def cli_env(api_url: str, workdir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POI_", "PREFECT_"))}
    env.update(
        PREFECT_API_URL=api_url,
        PREFECT_HOME=str(workdir / "prefect-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        GX_ANALYTICS_ENABLED="false",
        PYTHONUNBUFFERED="1",
        POI_LOCK_WAIT="60",
    )
    env.update(extra)
    return env


def cli(args: list[str], env: dict[str, str], workdir: Path, name: str) -> subprocess.Popen:
    out = (workdir / f"{name}.out").open("wb")
    err = (workdir / f"{name}.err").open("wb")
    return subprocess.Popen(
        [sys.executable, "-m", "poi_warehouse.cli", *args], env=env, stdout=out, stderr=err, cwd=ROOT
    )


# ---------------------------------------------------------------------------------------------
# Kill points


def prepare_states(folder: Path) -> tuple[Path, Path, dict, dict]:
    """(base warehouse, revised file, old state, new state)."""
    base = build_base_warehouse(folder / "base" / "poi.duckdb")
    revised = revised_q3(folder)
    newer = folder / "new" / "poi.duckdb"
    newer.parent.mkdir(parents=True)
    shutil.copy(base, newer)
    assert load_in_process(revised, newer) == "loaded"
    old, new = state(base), state(newer)
    assert old != new
    return base, revised, old, new


def kill_at(point: str, stage: str, api_url: str, folder: Path, base: Path, revised: Path, old, new) -> dict:
    workdir = folder / point
    workdir.mkdir()
    warehouse = workdir / "poi.duckdb"
    shutil.copy(base, warehouse)
    env = cli_env(api_url, workdir, POI_KILL_AT=point)
    proc = cli(["run", str(revised), "--replace", "--warehouse", str(warehouse)], env, workdir, "run")
    code = proc.wait(timeout=600)
    killed = code == -9
    try:
        with contextlib.closing(duckdb.connect(str(warehouse))) as con:  # opens read-write, replays the WAL
            con.execute("checkpoint")
        after = state(warehouse)
        found = "old snapshot" if after == old else "new snapshot" if after == new else "MIXED"
    except duckdb.Error as err:
        found = f"UNUSABLE: {str(err).splitlines()[0]}"
    try:
        outcome = load_in_process(revised, warehouse)
        next_run = f"{outcome}, then new snapshot" if state(warehouse) == new else f"{outcome}, NOT the new snapshot"
    except Exception as err:  # a failed next run is the finding; report it, do not hide it
        next_run = f"FAILED: {type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
    survived = killed and found in ("old snapshot", "new snapshot") and next_run.endswith("then new snapshot")
    return {
        "point": point,
        "stage": stage,
        "killed": killed,
        "exit": code,
        "state": found,
        "next_run": next_run,
        "survived": survived,
    }


def run_kill_points(api_url: str, folder: Path, parallel: int = 3) -> list[dict]:
    base, revised, old, new = prepare_states(folder)
    with ThreadPoolExecutor(parallel) as pool:
        futures = [
            pool.submit(kill_at, point, stage, api_url, folder, base, revised, old, new) for point, stage in KILL_POINTS
        ]
        return [f.result() for f in futures]


__all__ = ["HISTORY", "KILL_POINTS", "prefect_server", "run_kill_points"]
