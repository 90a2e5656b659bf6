"""Real `poi-etl` processes given hostile paths: a file name that is not UTF-8, several revisions of a period."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from devkit.reliability.bad_files import BUILDERS
from devkit.reliability.environments import process_env

ROOT = Path(__file__).resolve().parents[2]
GOOD = BUILDERS["good_two_pages.txt"]()
pytestmark = pytest.mark.e2e


@pytest.fixture()
def api_url(prefect_server) -> str:
    """The session's Prefect test server, for the processes."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def _poi_etl(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "poi_warehouse.cli", *args],
        capture_output=True, env=env, cwd=ROOT, timeout=300, check=False,
    )  # fmt: skip


def test_a_file_name_that_is_not_utf8_loads_prints_and_is_audited(tmp_path, api_url):
    name = os.fsdecode(b"poi_2017_t4_edici\xf3n_\xff.txt")
    (tmp_path / name).write_bytes(GOOD)
    warehouse = tmp_path / "poi.duckdb"
    env = process_env(api_url, PYTHONIOENCODING="utf-8:strict")  # a terminal that refuses undecodable bytes
    done = _poi_etl(["run", str(tmp_path / name), "--warehouse", str(warehouse)], env)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == 0, err[-3000:]
    assert "Traceback" not in out + err
    shown = "poi_2017_t4_edici\\xf3n_\\xff.txt"
    assert f"{shown} [2017 Q4]: loaded" in out
    query = "select a.source_file, r.source_file from load_audit a join dim_report r using (source_sha256)"
    answer = _poi_etl(["sql", query, "--warehouse", str(warehouse), "--format", "csv"], env)
    assert answer.returncode == 0, answer.stderr
    assert answer.stdout.decode("utf-8").splitlines()[1] == f"{shown},{shown}"


def test_replace_with_two_revisions_of_a_period_refuses_in_a_second_or_loads_the_last_with_last_wins(tmp_path, api_url):
    folder = tmp_path / "revisions"
    folder.mkdir()
    (folder / "poi_2017_t4_a.txt").write_bytes(GOOD.replace(b"al 11/01/2018", b"al 10/01/2018"))
    (folder / "poi_2017_t4_b.txt").write_bytes(GOOD)
    warehouse = tmp_path / "poi.duckdb"
    env = process_env(api_url)
    refused = _poi_etl(["run", str(folder), "--replace", "--warehouse", str(warehouse)], env)
    err = refused.stderr.decode("utf-8")
    assert refused.returncode == 7, err
    assert err.count("\n") == 1 and err.startswith("error: 2017 Q4 is named by 2 files: ")
    assert "poi_2017_t4_a.txt, " in err and "poi_2017_t4_b.txt" in err
    assert not warehouse.exists()
    loaded = _poi_etl(["run", str(folder), "--replace", "--last-wins", "--warehouse", str(warehouse)], env)
    assert loaded.returncode == 0, loaded.stderr.decode("utf-8")[-3000:]
    answer = _poi_etl(["sql", "select source_file, source_date from dim_report", "--warehouse", str(warehouse),
                       "--format", "csv"], env)  # fmt: skip
    assert answer.stdout.decode("utf-8").splitlines()[1] == "poi_2017_t4_b.txt,2018-01-11"
