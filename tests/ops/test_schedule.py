"""`poi-etl serve` wiring (deployment, schedule, settings) and the inbox flow, without waiting for a schedule."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from poi_warehouse.cli import main
from poi_warehouse.cli_ops import schedule_settings
from tests.conftest import FIXTURES


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _serve_args(**values):
    import argparse

    return argparse.Namespace(**({"inbox": None, "cron": None, "timezone": None} | values))


def test_default_deployment_runs_at_six_on_the_20th_after_each_quarter_in_lima(tmp_path):
    from flows.schedule import build_deployment

    deployment = build_deployment(tmp_path / "inbox", tmp_path / "w.duckdb", tmp_path / "w_gx", 30)
    assert deployment.name == "quarterly-inbox"
    assert deployment.flow_name == "poi-inbox-load"
    assert deployment.entrypoint == "flows.schedule.load_inbox_flow"
    assert deployment.paused is False
    [schedule] = deployment.schedules
    assert schedule.schedule.cron == "0 6 20 1,4,7,10 *"
    assert schedule.schedule.timezone == "America/Lima"
    assert schedule.active
    assert deployment.parameters == {
        "inbox": str(tmp_path / "inbox"),
        "warehouse": str(tmp_path / "w.duckdb"),
        "gx_dir": str(tmp_path / "w_gx"),
        "lock_wait": 30.0,
        "entity": "default",
        "entity_from_folder": False,
        "dashboard_bands": [0.9, 0.7],
    }


def test_default_cron_fires_on_the_20th_of_january_april_july_october():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from prefect._vendor.croniter import croniter

    from flows.settings import DEFAULT_SCHEDULE_CRON, DEFAULT_SCHEDULE_TZ

    lima = ZoneInfo(DEFAULT_SCHEDULE_TZ)
    it = croniter(DEFAULT_SCHEDULE_CRON, datetime(2025, 12, 31, 12, 0, tzinfo=lima))
    fires = [it.get_next(datetime) for _ in range(4)]
    assert [(f.year, f.month, f.day, f.hour, f.minute) for f in fires] == [
        (2026, 1, 20, 6, 0), (2026, 4, 20, 6, 0), (2026, 7, 20, 6, 0), (2026, 10, 20, 6, 0),
    ]  # fmt: skip
    assert all(f.utcoffset().total_seconds() == -5 * 3600 for f in fires)  # Lima: UTC-5, no DST


def test_schedule_settings_flags_beat_environment_beat_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name in ("POI_INBOX", "POI_SCHEDULE_CRON", "POI_SCHEDULE_TZ"):
        monkeypatch.delenv(name, raising=False)
    assert schedule_settings(_serve_args()) == (tmp_path / "inbox", "0 6 20 1,4,7,10 *", "America/Lima")
    monkeypatch.setenv("POI_INBOX", str(tmp_path / "env-inbox"))
    monkeypatch.setenv("POI_SCHEDULE_CRON", "30 7 21 1,4,7,10 *")
    monkeypatch.setenv("POI_SCHEDULE_TZ", "UTC")
    assert schedule_settings(_serve_args()) == (tmp_path / "env-inbox", "30 7 21 1,4,7,10 *", "UTC")
    flags = _serve_args(inbox="flag-inbox", cron="0 8 25 * *", timezone="America/Bogota")
    inbox, cron, tz = schedule_settings(flags)
    assert (inbox, cron, tz) == (tmp_path / "flag-inbox", "0 8 25 * *", "America/Bogota")

    from flows.schedule import build_deployment

    [schedule] = build_deployment(inbox, "w.duckdb", "w_gx", 1, cron, tz).schedules
    assert (schedule.schedule.cron, schedule.schedule.timezone) == ("0 8 25 * *", "America/Bogota")


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--cron", "0 6 20"], "expected 5 fields"),
        (["--timezone", "Lima/Peru"], "is not an IANA time zone"),
    ],
)
def test_bad_schedule_settings_are_one_line_errors(flags, message, tmp_path, capsys):
    assert main(["serve", "--inbox", str(tmp_path), *flags]) == 5
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


@pytest.mark.parametrize(
    ("api_url", "message"),
    [(None, "needs a running Prefect server"), ("http://127.0.0.1:{port}/api", "no Prefect server answers there")],
)
def test_serve_without_a_server_says_how_to_start_one(api_url, message, tmp_path):
    port = free_port()
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "POI_UI_PORT": str(port)}
    env.pop("PREFECT_API_URL", None)
    if api_url:
        env["PREFECT_API_URL"] = api_url.format(port=port)
    done = subprocess.run(
        [sys.executable, "-m", "poi_warehouse.cli", "serve", "--inbox", str(tmp_path / "inbox")],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 5, done.stderr
    assert message in done.stderr and "poi-etl ui" in done.stderr
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


@pytest.mark.e2e
@pytest.mark.usefixtures("prefect_server")
def test_inbox_flow_loads_new_reports_in_period_order_then_skips_them(tmp_path):
    from flows.schedule import load_inbox_flow

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("poi_2017_t2.txt", "poi_2017_t1.txt"):
        shutil.copy(FIXTURES / "quarterly" / name, inbox / name)
    (inbox / "notes.md").write_text("not a report\n", encoding="utf-8")
    warehouse = tmp_path / "wh" / "poi.duckdb"
    params = {"inbox": str(inbox), "warehouse": str(warehouse), "gx_dir": str(tmp_path / "wh" / "poi_gx")}

    first = load_inbox_flow(**params, return_state=True)
    assert first.is_completed(), first.message
    outcomes = first.result()
    assert [(Path(o.path).name, o.outcome) for o in outcomes] == [
        ("poi_2017_t1.txt", "loaded"), ("poi_2017_t2.txt", "loaded"),
    ]  # fmt: skip

    again = load_inbox_flow(**params, return_state=True).result()
    assert [o.outcome for o in again] == ["skipped", "skipped"]  # only what is new gets loaded

    (inbox / "poi_2017_t1.txt").unlink()
    (inbox / "poi_2017_t2.txt").unlink()
    empty = load_inbox_flow(**params, return_state=True)
    assert empty.is_completed() and empty.result() == []

    missing = load_inbox_flow(**(params | {"inbox": str(tmp_path / "nowhere")}), return_state=True)
    assert missing.is_failed() and "inbox folder not found" in missing.message


@pytest.mark.e2e
@pytest.mark.usefixtures("prefect_server")
def test_inbox_flow_with_entity_folders_loads_each_entity_named_by_entities_csv(tmp_path):
    import duckdb

    from flows.schedule import load_inbox_flow

    inbox = tmp_path / "inbox"
    for code in ("MML", "SAT"):
        (inbox / code).mkdir(parents=True)
        shutil.copy(FIXTURES / "quarterly" / "poi_2017_t1.txt", inbox / code / "poi_2017_t1.txt")
    warehouse = tmp_path / "wh" / "poi.duckdb"
    warehouse.parent.mkdir()
    (warehouse.parent / "entities.csv").write_text("code,name\nSAT,Servicio de Administración Tributaria\n")
    params = {"inbox": str(inbox), "warehouse": str(warehouse), "gx_dir": str(tmp_path / "wh" / "poi_gx")}

    state = load_inbox_flow(**params, entity_from_folder=True, return_state=True)
    assert state.is_completed(), state.message
    assert [(o.entity_code, o.outcome) for o in state.result()] == [("MML", "loaded"), ("SAT", "loaded")]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        names = con.sql("select entity_code, entity_name from dim_entity where entity_id <> 0 order by 1").fetchall()
    assert names == [("MML", "MML"), ("SAT", "Servicio de Administración Tributaria")]

    (warehouse.parent / "entities.csv").write_text("code\nSAT\n")
    bad = load_inbox_flow(**params, entity_from_folder=True, return_state=True)
    assert bad.is_failed() and "entities.csv" in bad.message and "code,name" in bad.message
