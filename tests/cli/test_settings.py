"""Every setting is checked before any work: one line naming it, its value and what is allowed."""

from __future__ import annotations

import re
import socket

import pytest

from poi_warehouse.prefect_server import check_api_url
from poi_warehouse.settings import DEFAULT_LOCK_WAIT, check_prefect_settings, check_scale_out, load_settings
from transforms.errors import SettingsError

SETTINGS = ("POI_WAREHOUSE", "POI_LOCK_WAIT", "POI_UI_PORT", "POI_RECOVERY_ENGINE", "POI_KILL_AT", "POI_PAUSE_AT",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS")  # fmt: skip


@pytest.fixture()
def env(monkeypatch, tmp_path):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def test_defaults(env, tmp_path):
    settings = load_settings()
    assert settings.warehouse == tmp_path / "warehouse" / "poi.duckdb"
    assert settings.lock_wait == DEFAULT_LOCK_WAIT
    assert settings.server_startup_timeout == 180


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("POI_LOCK_WAIT", "nan", "POI_LOCK_WAIT='nan' is out of range: expected seconds from 0 to 86400"),
        ("POI_LOCK_WAIT", "inf", "POI_LOCK_WAIT='inf' is out of range"),
        ("POI_LOCK_WAIT", "-1", "POI_LOCK_WAIT='-1' is out of range"),
        ("POI_LOCK_WAIT", "1e9", "POI_LOCK_WAIT='1e9' is out of range"),
        ("POI_LOCK_WAIT", "two minutes", "POI_LOCK_WAIT='two minutes' is not a number: expected seconds"),
        ("POI_UI_PORT", "nan", "POI_UI_PORT='nan' is not a port number"),
        ("POI_UI_PORT", "0", "POI_UI_PORT='0' is not a port number (1-65535)"),
        ("POI_UI_PORT", "70000", "POI_UI_PORT='70000' is not a port number (1-65535)"),
        ("POI_UI_PORT", "4200.5", "POI_UI_PORT='4200.5' is not a port number"),
        ("POI_RECOVERY_ENGINE", "fast", "POI_RECOVERY_ENGINE='fast' is not one of: native, python"),
        ("POI_KILL_AT", "after-lunch", "POI_KILL_AT='after-lunch' is not a point"),
        ("POI_PAUSE_AT", "in-transaction:soon", "POI_PAUSE_AT='in-transaction:soon': expected <point>:<seconds>"),
        ("POI_PAUSE_AT", "in-transaction:inf", "POI_PAUSE_AT='in-transaction:inf': expected"),
        ("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "0", "is out of range: expected whole seconds from 1"),
        ("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "2.5", "is out of range"),
    ],
)
def test_a_value_out_of_range_is_one_line_naming_it(env, name, value, says):
    env.setenv(name, value)
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert says in str(refused.value)
    assert "\n" not in str(refused.value) and refused.value.exit_code == 5


def test_blank_values_mean_the_default(env):
    env.setenv("POI_LOCK_WAIT", " ")
    env.setenv("POI_WAREHOUSE", "")
    assert load_settings().lock_wait == DEFAULT_LOCK_WAIT


def test_paths_of_the_wrong_kind(env, tmp_path):
    folder = tmp_path / "a_folder"
    folder.mkdir()
    a_file = tmp_path / "a_file"
    a_file.write_text("x")
    cases = [
        ("POI_WAREHOUSE", str(folder), f"POI_WAREHOUSE={folder}: is a folder; give the DuckDB file"),
        ("POI_WAREHOUSE", str(a_file / "poi.duckdb"), f"{a_file} is a file, not a folder"),
        ("POI_WAREHOUSE", "/dev/null", "POI_WAREHOUSE=/dev/null: not a regular file"),
        ("PREFECT_HOME", str(a_file), f"PREFECT_HOME={a_file}: is a file, not a folder"),
        ("PREFECT_HOME", str(a_file / "deeper" / "home"), f"{a_file} is a file, not a folder"),
    ]
    for name, value, says in cases:
        with env.context() as scoped:
            scoped.setenv(name, value)
            with pytest.raises(SettingsError) as refused:
                load_settings()
            assert says in str(refused.value), (name, value)
    with pytest.raises(SettingsError, match=r"--warehouse=.*is a folder"):
        load_settings().with_overrides(str(folder))


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("localhost:4200", "is not an http(s) URL"),
        ("http://127.0.0.1:abc/api", "is not an http(s) URL"),
        ("ftp://127.0.0.1/api", "is not an http(s) URL"),
        (f"http://127.0.0.1:{_closed_port()}/api", "no Prefect server answers there (Connection refused)"),
        ("http://no-such-host.invalid:4200/api", "no Prefect server answers there"),
    ],
)
def test_prefect_api_url_pointing_nowhere_is_one_line(url, says):
    with pytest.raises(SettingsError) as refused:
        check_api_url(url, seconds=5)
    assert says in str(refused.value)
    assert "`poi-etl ui`" in str(refused.value) or "http(s)" in str(refused.value)


def test_a_server_that_never_answers_is_refused_when_the_probe_ends():
    with socket.socket() as silent:  # accepts connections (the kernel's backlog), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/api"
        with pytest.raises(SettingsError, match=r"no Prefect server answers there \(no answer within 1 s\)"):
            check_api_url(url, seconds=1)


def test_a_prefect_setting_prefect_refuses_is_named(monkeypatch):
    monkeypatch.setenv("PREFECT_LOGGING_LEVEL", "LOUD")
    with pytest.raises(SettingsError) as refused:
        check_prefect_settings()
    assert str(refused.value).startswith("PREFECT_LOGGING_LEVEL='LOUD': Input should be 'DEBUG'")
    monkeypatch.delenv("PREFECT_LOGGING_LEVEL")
    check_prefect_settings()


@pytest.mark.parametrize(
    ("workers", "address", "message"),
    [
        (0, None, "--workers 0 is out of range: expected 1 to 256 worker processes"),
        (257, None, "--workers 257 is out of range"),
        (2, "10.0.0.5:8786", "is not a scheduler address (e.g. tcp://10.0.0.5:8786)"),
        (2, "tcp://10.0.0.5", "is not a scheduler address"),
        (2, "tcp://10.0.0.5:99999", "is not a scheduler address"),
    ],
)
def test_scale_out_options_out_of_range_are_refused(workers, address, message):
    with pytest.raises(SettingsError, match=re.escape(message)) as refused:
        check_scale_out(workers, address)
    assert refused.value.exit_code == 5


def test_a_scheduler_address_where_nothing_listens_is_refused():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SettingsError, match="no Dask scheduler answers there"):
        check_scale_out(2, f"tcp://127.0.0.1:{port}", timeout=2)
    check_scale_out(1, None)
    check_scale_out(256, None)
