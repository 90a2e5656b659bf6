"""Against a real `poi-etl ui` server: `run` finds it, the API shows the runs, Chromium renders them,
and `serve` registers the schedule and runs the inbox flow when asked (no waiting for the cron)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.browser import SCREENSHOTS, chromium
from tests.conftest import FIXTURES
from tests.ops.test_schedule import free_port

pytestmark = pytest.mark.e2e


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_healthy(api: str, process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`poi-etl ui` exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{api}/health", timeout=1, trust_env=False).json() is True:
                return
        except (httpx.HTTPError, ValueError):
            pass
        time.sleep(0.5)
    pytest.fail(f"`poi-etl ui` not healthy after {timeout}s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def ui_server(tmp_path_factory):
    """`poi-etl ui` on a free port with its own PREFECT_HOME; yields (port, env for client processes)."""
    home = tmp_path_factory.mktemp("ui-prefect-home")
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(home), "POI_UI_PORT": str(port)}
    env.pop("PREFECT_API_URL", None)
    log = home / "ui.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "poi_warehouse.cli", "ui", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT, env=env, cwd=home,
        )  # fmt: skip
    try:
        _wait_healthy(f"http://127.0.0.1:{port}/api", process, log)
        yield port, env
    finally:
        _stop(process)


@pytest.fixture(scope="module")
def api(ui_server):
    port, _ = ui_server
    with httpx.Client(base_url=f"http://127.0.0.1:{port}/api", timeout=10, trust_env=False) as client:
        yield client


@pytest.fixture(scope="module")
def loaded_run(ui_server, api, tmp_path_factory):
    """`poi-etl run` in a fresh process with no PREFECT_API_URL: it must find the UI server by itself."""
    port, env = ui_server
    warehouse = tmp_path_factory.mktemp("ui-wh") / "poi.duckdb"
    done = subprocess.run(
        [sys.executable, "-m", "poi_warehouse.cli", "run", "--warehouse", str(warehouse)],
        capture_output=True, text=True, env=env, timeout=240, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    runs = api.post(
        "/flow_runs/filter", json={"flows": {"name": {"any_": ["load-poi-report"]}}, "sort": "START_TIME_DESC"}
    ).json()
    assert len(runs) == 1, runs
    return {"stdout": done.stdout, "run": runs[0], "port": port}


def test_run_detects_the_ui_server_instead_of_a_temporary_one(loaded_run):
    port = loaded_run["port"]
    assert f"prefect server: http://127.0.0.1:{port}/api (running `poi-etl ui`" in loaded_run["stdout"]
    assert "poi_2017_t4.txt [2017 Q4]: loaded" in loaded_run["stdout"]


def test_api_shows_the_flow_run_its_tasks_and_the_load_summary(loaded_run, api):
    run = loaded_run["run"]
    assert run["name"] == "load poi_2017_t4.txt" and run["state_type"] == "COMPLETED"
    if any(t.startswith(("year:", "quarter:")) for t in run["tags"]):
        assert {"year:2017", "quarter:4"} <= set(run["tags"])
    parent = api.post("/flow_runs/filter", json={"flows": {"name": {"any_": ["poi-quarterly-load"]}}}).json()
    assert [p["state_type"] for p in parent] == ["COMPLETED"]

    tasks = api.post("/task_runs/filter", json={"task_runs": {"flow_run_id": {"any_": [run["id"]]}}}).json()
    stages = {t["name"].rsplit("-", 1)[0] for t in tasks if t["state_type"] == "COMPLETED"}
    assert {"extract", "transform", "validate", "load"} <= stages, stages

    artifacts = api.post(
        "/artifacts/filter",
        json={"artifacts": {"key": {"any_": ["load-summary"]}, "flow_run_id": {"any_": [run["id"]]}}},
    ).json()
    assert len(artifacts) == 1 and artifacts[0]["type"] == "table"
    assert "poi_2017_t4.txt" in str(artifacts[0]["data"]) and "loaded" in str(artifacts[0]["data"])


def test_browser_shows_the_run_and_its_load_summary_artifact(loaded_run, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    run, port = loaded_run["run"], loaded_run["port"]
    driver = chromium()
    try:

        def body(_=None) -> str:
            return driver.find_element(By.TAG_NAME, "body").text

        driver.get(f"http://127.0.0.1:{port}/runs/flow-run/{run['id']}")
        WebDriverWait(driver, 60).until(lambda _: "load poi_2017_t4.txt" in body() and "Artifacts" in body())
        assert "Can't connect to Server API" not in body()
        assert "load-poi-report" in body()  # the flow, linked from the run page
        tab = driver.find_element(
            By.XPATH, "//*[normalize-space(.)='Artifacts' and not(.//*[normalize-space(.)='Artifacts'])]"
        )
        tab.click()
        WebDriverWait(driver, 60).until(lambda _: "load-summary" in body())
        time.sleep(1)  # let the cards finish painting before the screenshot
        text = body()
        assert "Load summary: poi_2017_t4.txt" in text
        shot = tmp_path / "ui_flow_run_artifacts.png"
        assert driver.save_screenshot(str(shot))
    finally:
        driver.quit()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, SCREENSHOTS / shot.name)
    assert shot.stat().st_size > 10_000


def test_serve_registers_the_cron_schedule_and_runs_the_inbox_on_demand(ui_server, api, tmp_path):
    _, env = ui_server
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(FIXTURES / "quarterly" / "poi_2017_t1.txt", inbox / "poi_2017_t1.txt")
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "poi_warehouse.cli", "serve", "--inbox", str(inbox),
               "--warehouse", str(tmp_path / "poi.duckdb"), "--timezone", "America/Lima"]  # fmt: skip
    with log.open("w") as out:
        fast_poll = env | {"PREFECT_RUNNER_POLL_FREQUENCY": "2"}  # default 10 s between looks for due runs
        serve = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=fast_poll, cwd=tmp_path)
    try:
        deployment = None
        deadline = time.monotonic() + 60
        while deployment is None and time.monotonic() < deadline:
            assert serve.poll() is None, log.read_text()[-3000:]
            found = api.post("/deployments/filter", json={"deployments": {"name": {"any_": ["quarterly-inbox"]}}})
            deployment = (found.json() or [None])[0]
            time.sleep(0.5)
        assert deployment, log.read_text()[-3000:]
        [schedule] = deployment["schedules"]
        assert schedule["schedule"]["cron"] == "0 6 20 1,4,7,10 *"
        assert schedule["schedule"]["timezone"] == "America/Lima" and schedule["active"]
        assert deployment["parameters"]["inbox"] == str(inbox)
        assert deployment["entrypoint"] == "flows.schedule.load_inbox_flow"

        flow_run = api.post(f"/deployments/{deployment['id']}/create_flow_run", json={}).json()
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            state = api.get(f"/flow_runs/{flow_run['id']}").json()["state_type"]
            if state in ("COMPLETED", "FAILED", "CRASHED", "CANCELLED"):
                break
            time.sleep(1)
        assert state == "COMPLETED", log.read_text()[-4000:]
        loads = api.post("/flow_runs/filter", json={"flow_runs": {"name": {"any_": ["load poi_2017_t1.txt"]}}}).json()
        assert [r["state_type"] for r in loads] == ["COMPLETED"]
        assert "inbox: " in log.read_text() and "schedule: 0 6 20 1,4,7,10 * (America/Lima)" in log.read_text()
    finally:
        _stop(serve)
