"""`poi-etl check`: the verdict, one line per check, and what to do, without touching the file."""

from __future__ import annotations

import pytest

from devkit.reliability.environments import WAREHOUSE_MAKERS, file_state
from devkit.reliability.warehouse_facts import build_base_warehouse
from poi_warehouse.cli import main


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return build_base_warehouse(tmp_path_factory.mktemp("base") / "poi.duckdb")


def test_a_usable_warehouse(base, tmp_path, capsys):
    path = tmp_path / "poi.duckdb"
    WAREHOUSE_MAKERS["good"](path, base)
    assert main(["check", "--warehouse", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"warehouse: {path}" and out[-1] == "usable"
    assert any(line.startswith("ok: every table read in full, checksums verified: ") for line in out)


def test_a_damaged_warehouse_gets_the_recovery_steps_and_keeps_its_bytes(base, tmp_path, capsys):
    path = tmp_path / "poi.duckdb"
    WAREHOUSE_MAKERS["truncated"](path, base)
    before = file_state(path)
    assert main(["check", "--warehouse", str(path)]) == 4
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: {path}: damaged: table ") and captured.err.count("\n") == 1
    assert "problem: table dim_report cannot be read: the warehouse file is damaged" in captured.out
    for step in ("1. keep it aside", "2. restore the newest backup copy", "3. without a backup, rebuild"):
        assert step in captured.out
    assert f"--warehouse {path}" in captured.out
    assert file_state(path) == before


def test_no_warehouse_yet_is_not_an_error(tmp_path, capsys):
    assert main(["check", "--warehouse", str(tmp_path / "none.duckdb")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "no warehouse yet"
