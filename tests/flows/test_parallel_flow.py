"""`poi-etl run --workers 2` and `--dask-address`: real processes, a real Dask cluster, the session's
Prefect server, real DuckDB files; every table and view compared row by row with a serial run's."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import psutil
import pytest

from tests.conftest import FIXTURES

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_server")]

RUN_TIMEOUT = 600  # seconds for one `poi-etl run` of a few reports on a loaded 2-core machine
# Columns that differ between any two runs, serial or not: when it ran, how long it took, which flow run.
RUN_SPECIFIC = {
    "loaded_at", "applied_at", "flow_run_id", "started_at", "finished_at",
    "extract_seconds", "transform_seconds", "validate_seconds", "load_seconds",
}  # fmt: skip
BIN = Path(sys.executable).parent


def _api_url() -> str:
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def _poi_etl(args: list[str], cwd: Path, timeout: float = RUN_TIMEOUT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PREFECT_API_URL": _api_url(), "POI_LOCK_WAIT": "0"}
    return subprocess.run(
        [str(BIN / "poi-etl"), "run", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


def _folder(tmp_path: Path, bad: bool = False) -> Path:
    """Two entities x four quarters of 2017 (the sample and its quarterly fixtures); with `bad`, a
    truncated file in one entity's folder."""
    sources = [*sorted((FIXTURES / "quarterly").glob("*.txt")), Path(__file__).parents[2] / "poi_warehouse/samples/poi_2017_t4.txt"]
    for code in ("MML", "SAT"):
        (tmp_path / "reports" / code).mkdir(parents=True)
        for source in sources:
            shutil.copy(source, tmp_path / "reports" / code / source.name)
    if bad:
        shutil.copy(FIXTURES / "bad_inputs" / "truncated_mid_row.txt", tmp_path / "reports" / "SAT" / "poi_2018_t1.txt")
    return tmp_path / "reports"


def _contents(path: Path) -> dict[str, list[tuple]]:
    """Every base table and view, sorted rows, without the run-specific columns."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = [r[0] for r in con.execute(
            "select table_name from duckdb_tables() where not internal union all "
            "select view_name from duckdb_views() where not internal order by 1"
        ).fetchall()]  # fmt: skip
        out = {}
        for name in names:
            columns = [r[0] for r in con.execute(f'describe "{name}"').fetchall() if r[0] not in RUN_SPECIFIC]
            listed = ", ".join(f'"{c}"' for c in columns)
            out[name] = con.execute(f'select {listed} from "{name}" order by all').fetchall()
        return out
    finally:
        con.close()


def _lines(done: subprocess.CompletedProcess) -> list[str]:
    """The progress lines without their seconds, and the error lines."""
    progress = [line.split(" in ")[0] for line in done.stdout.splitlines() if line.startswith("[")]
    return progress + [line for line in done.stderr.splitlines() if line.startswith("error: ")]


def test_a_folder_of_entities_loads_with_two_workers_to_the_tables_of_a_serial_run(tmp_path):
    reports = _folder(tmp_path, bad=True)
    serial = _poi_etl([str(reports), "--entity-from-folder", "--warehouse", "serial/poi.duckdb"], tmp_path)
    parallel = _poi_etl(
        [str(reports), "--entity-from-folder", "--workers", "2", "--warehouse", "parallel/poi.duckdb"], tmp_path
    )
    assert serial.returncode == 2, serial.stderr[-3000:]  # the truncated file: unreadable input
    assert parallel.returncode == serial.returncode, parallel.stderr[-3000:]
    assert _lines(parallel) == _lines(serial)
    assert sum("loaded" in line for line in _lines(parallel)) == 8
    assert "Traceback" not in parallel.stderr
    serial_tables, parallel_tables = _contents(tmp_path / "serial/poi.duckdb"), _contents(tmp_path / "parallel/poi.duckdb")
    assert len(parallel_tables["fct_activity_month"]) == 2 * (3 * 57 + 87) * 12
    assert len(parallel_tables["load_audit"]) == 9
    for name, rows in serial_tables.items():
        assert parallel_tables[name] == rows, name
    assert parallel_tables.keys() == serial_tables.keys()
    assert not (tmp_path / "parallel" / ".poi-staging").exists()
    assert (tmp_path / "parallel/poi_gx/gx/uncommitted/data_docs/local_site/index.html").exists()

    # again: the loaded files are only extracted by the workers, and skipped as in a serial run
    serial = _poi_etl([str(reports), "--entity-from-folder", "--warehouse", "serial/poi.duckdb"], tmp_path)
    parallel = _poi_etl(
        [str(reports), "--entity-from-folder", "--workers", "2", "--warehouse", "parallel/poi.duckdb"], tmp_path
    )
    assert parallel.returncode == serial.returncode == 2
    assert _lines(parallel) == _lines(serial)
    assert sum("skipped" in line for line in _lines(parallel)) == 8
    assert _contents(tmp_path / "parallel/poi.duckdb") == _contents(tmp_path / "serial/poi.duckdb")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_existing_dask_scheduler_prepares_the_reports(tmp_path):
    reports = _folder(tmp_path)
    port = _free_port()
    common = {"cwd": tmp_path, "stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "start_new_session": True}
    scheduler = subprocess.Popen(
        [str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"], **common
    )
    worker = subprocess.Popen(
        [str(BIN / "dask"), "worker", f"tcp://127.0.0.1:{port}", "--nworkers", "2", "--nthreads", "1",
         "--no-dashboard"], **common,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.5)
        done = _poi_etl(
            [str(reports / "SAT"), "--entity", "SAT", "--dask-address", f"tcp://127.0.0.1:{port}",
             "--warehouse", "wh/poi.duckdb"], tmp_path,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        assert sum("loaded" in line for line in _lines(done)) == 4
        tables = _contents(tmp_path / "wh/poi.duckdb")
        assert len(tables["fct_activity_row"]) == 3 * 57 + 87
    finally:
        for process in (worker, scheduler):
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def test_a_scheduler_that_does_not_answer_is_one_line_exit_5(tmp_path):
    done = _poi_etl(["--dask-address", f"tcp://127.0.0.1:{_free_port()}"], tmp_path, timeout=60)
    assert done.returncode == 5
    assert done.stderr.strip().startswith("error: --dask-address tcp://127.0.0.1:")
    assert "no Dask scheduler answers there" in done.stderr and "Traceback" not in done.stderr


def test_workers_die_with_a_killed_run_and_its_staging_is_removed_by_the_next(tmp_path):
    reports = _folder(tmp_path)
    env = {**os.environ, "PREFECT_API_URL": _api_url()}
    args = [str(BIN / "poi-etl"), "run", str(reports), "--entity-from-folder", "--workers", "2", "--warehouse", "wh/poi.duckdb"]
    run = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        assert run.stdout.readline().startswith("prefect server:")
        first = run.stdout.readline()  # the first report is loaded: the workers are busy with the others
        assert first.startswith("[1/8]"), first
        workers = psutil.Process(run.pid).children(recursive=True)
        assert len(workers) >= 2
        run.kill()
        run.wait(timeout=30)
        _, alive = psutil.wait_procs(workers, timeout=20)
        assert alive == [], [p.cmdline() for p in alive]
    finally:
        if run.poll() is None:
            run.kill()
    assert list((tmp_path / "wh" / ".poi-staging").iterdir())  # the killed run's folder stayed
    done = _poi_etl([str(reports), "--entity-from-folder", "--workers", "2", "--warehouse", "wh/poi.duckdb"], tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (tmp_path / "wh" / ".poi-staging").exists()


def test_ctrl_c_stops_a_run_with_workers_like_a_serial_one(tmp_path):
    reports = _folder(tmp_path)
    env = {**os.environ, "PREFECT_API_URL": _api_url()}
    args = [str(BIN / "poi-etl"), "run", str(reports), "--entity-from-folder", "--workers", "2", "--warehouse", "wh/poi.duckdb"]
    run = subprocess.Popen(args, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)  # fmt: skip
    try:
        assert run.stdout.readline().startswith("prefect server:")
        assert run.stdout.readline().startswith("[1/8]")
        workers = psutil.Process(run.pid).children(recursive=True)
        os.killpg(run.pid, signal.SIGINT)  # a terminal's Ctrl-C reaches the whole process group
        _, err = run.communicate(timeout=60)
    finally:
        if run.poll() is None:
            run.kill()
    assert run.returncode == 130, err[-3000:]
    stopped = [line for line in err.splitlines() if line.startswith("stopped by SIGINT: ")]
    assert len(stopped) == 8 and stopped[0].endswith("[2017 Q1]: loaded"), stopped
    assert "Traceback" not in err
    _, alive = psutil.wait_procs(workers, timeout=20)
    assert alive == [], [p.cmdline() for p in alive]
    assert not (tmp_path / "wh" / ".poi-staging").exists()
    loaded = [line for line in stopped if line.endswith(": loaded") or "(its load committed" in line]
    con = duckdb.connect(str(tmp_path / "wh/poi.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from dim_report").fetchone()[0] == len(loaded)
    finally:
        con.close()


def test_a_loaded_file_after_its_replacement_in_the_same_run_is_prepared_again_and_loads(tmp_path):
    """With --replace --last-wins, [revised, original] of a loaded period: the original is loaded when
    the run starts (its worker only extracts it), but the revision replaces it first, so the writer
    prepares it itself and it replaces the revision, as in a serial run."""
    sample = Path(__file__).parents[2] / "poi_warehouse/samples/poi_2017_t4.txt"
    original = tmp_path / "poi_2017_t4.txt"
    shutil.copy(sample, original)
    lines = sample.read_text(encoding="utf-8").splitlines()
    fields = lines[33].split("\t")  # line 34: an activity row
    fields[2] += " (revisada)"
    lines[33] = "\t".join(fields)
    revised = tmp_path / "poi_2017_t4_revisado.txt"
    revised.write_text("\n".join(lines) + "\n", encoding="utf-8")
    first = _poi_etl([str(original), "--warehouse", "wh/poi.duckdb"], tmp_path)
    assert first.returncode == 0, first.stderr[-3000:]
    done = _poi_etl(
        [str(revised), str(original), "--replace", "--last-wins", "--workers", "2", "--warehouse", "wh/poi.duckdb"],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert [line.split(" [")[0] for line in _lines(done)] == ["[1/2] poi_2017_t4_revisado.txt", "[2/2] poi_2017_t4.txt"]
    assert all(": loaded" in line for line in _lines(done)), _lines(done)
    con = duckdb.connect(str(tmp_path / "wh/poi.duckdb"), read_only=True)
    try:
        assert con.execute("select source_file from dim_report").fetchall() == [("poi_2017_t4.txt",)]
        assert con.execute("select count(*) from v_activity_year where activity_name like '%(revisada)'").fetchone() == (0,)
        assert con.execute("select outcome from load_audit order by audit_id").fetchall() == [("loaded",)] * 3
    finally:
        con.close()
