"""Two real `poi-etl run` at once on one warehouse, and `poi-etl sql` during a load.

Run A (`--replace` of 2017 Q3) pauses inside its load transaction, holding the DuckDB lock, until the
test releases it. Meanwhile run B (2017 Q1, POI_LOCK_WAIT=60) must wait and say so, then load; run C
(same file, POI_LOCK_WAIT=0) must stop with one clear line; `poi-etl sql` must say the warehouse is busy.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time

import pytest

from devkit.reliability.fixtures import QUARTERLY
from devkit.reliability.processes import ROOT, cli, cli_env, load_in_process, prepare_states, state

pytestmark = pytest.mark.e2e
STOPPED_RUN_STDERR: list[str] = []


def _wait_for(predicate, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def test_concurrent_runs_wait_or_stop_cleanly_and_sql_says_busy(prefect_api, tmp_path):
    base, revised, _, _ = prepare_states(tmp_path / "states")
    q1 = QUARTERLY / "poi_2017_t1.txt"
    expected_path = tmp_path / "expected.duckdb"
    shutil.copy(base, expected_path)
    load_in_process(revised, expected_path)
    load_in_process(q1, expected_path)
    expected = state(expected_path)

    warehouse = tmp_path / "wh" / "poi.duckdb"
    warehouse.parent.mkdir()
    shutil.copy(base, warehouse)
    mark, release = tmp_path / "a.paused", tmp_path / "a.release"
    run_a = cli(
        ["run", str(revised), "--replace", "--warehouse", str(warehouse)],
        cli_env(prefect_api, tmp_path, POI_PAUSE_AT="in-transaction:240", POI_PAUSE_MARK=str(mark),
                POI_PAUSE_RELEASE=str(release)),
        tmp_path, "a",
    )  # fmt: skip
    try:
        _wait_for(mark.exists, 240, "run A to hold the lock inside its transaction")
        run_b = cli(["run", str(q1), "--warehouse", str(warehouse)], cli_env(prefect_api, tmp_path), tmp_path, "b")
        run_c = cli(
            ["run", str(q1), "--warehouse", str(warehouse)], cli_env(prefect_api, tmp_path, POI_LOCK_WAIT="0"),
            tmp_path, "c",
        )  # fmt: skip
        sql = subprocess.run(
            [sys.executable, "-m", "poi_warehouse.cli", "sql", "select count(*) from dim_report",
             "--warehouse", str(warehouse)],
            capture_output=True, text=True, env=cli_env(prefect_api, tmp_path), cwd=ROOT, timeout=120, check=False,
        )  # fmt: skip
        assert sql.returncode == 4, sql.stderr
        assert sql.stderr.count("\n") == 1 and sql.stderr.startswith("error: "), sql.stderr
        assert "in use by another process (a load is running)" in sql.stderr
        assert "Traceback" not in sql.stderr + sql.stdout

        assert run_c.wait(timeout=240) == 4
        c_err = (tmp_path / "c.err").read_text()
        errors = [line for line in c_err.splitlines() if line.startswith("error: ")]
        assert len(errors) == 1 and "in use by another process" in errors[0], c_err[-2000:]
        assert "Traceback" not in errors[0] + (tmp_path / "c.out").read_text()
        STOPPED_RUN_STDERR.append(c_err)

        _wait_for(lambda: "warehouse busy" in (tmp_path / "b.err").read_text(), 240, "run B to say it waits")
        assert run_b.poll() is None, "run B must wait while A holds the lock"
    finally:
        release.touch()
    assert run_a.wait(timeout=240) == 0, (tmp_path / "a.err").read_text()[-2000:]
    assert run_b.wait(timeout=240) == 0, (tmp_path / "b.err").read_text()[-2000:]
    for name in ("a", "b"):
        assert "Traceback" not in (tmp_path / f"{name}.err").read_text() + (tmp_path / f"{name}.out").read_text()
    assert "poi_2017_t1.txt [2017 Q1]: loaded" in (tmp_path / "b.out").read_text()
    assert state(warehouse) == expected, "both loads landed, whole, and nothing else changed"


def test_a_stopped_run_logs_no_traceback():
    assert STOPPED_RUN_STDERR, "runs after test_concurrent_runs_wait_or_stop_cleanly_and_sql_says_busy"
    assert "Traceback" not in STOPPED_RUN_STDERR[0]
