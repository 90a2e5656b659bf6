from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from poi_warehouse.cli import COMMANDS, _parser, main

README = Path(__file__).resolve().parents[2] / "README.md"
_parser()  # registers every command, operations ones included


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_help_with_an_example_and_is_in_the_readme(command, capsys):
    with pytest.raises(SystemExit):
        _parser().parse_args([command, "--help"])
    assert "example:" in capsys.readouterr().out
    assert f"poi-etl {command}" in README.read_text(encoding="utf-8")


@pytest.mark.e2e
@pytest.mark.usefixtures("prefect_server")
def test_run_then_query_the_sample(warehouse_path, capsys):
    assert main(["run", "--warehouse", str(warehouse_path)]) == 0
    out = capsys.readouterr().out
    assert "poi_2017_t4.txt [2017 Q4]: loaded" in out
    assert f"warehouse: {warehouse_path}" in out
    assert "data docs: " in out and "index.html" in out
    assert f"dashboard: {warehouse_path.with_name('poi_dashboard') / 'entities' / 'default.html'}\n" in out
    assert main(["sql", "select count(distinct unit_name) as units from v_activity_year",
                 "--warehouse", str(warehouse_path), "--format", "json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out) == [{"units": 24}]
    assert (
        main(["sql", "select count(*) from v_activity_month", "--warehouse", str(warehouse_path), "--format", "csv"])
        == 0
    )
    assert capsys.readouterr().out.splitlines()[1] == "1044"
    for statement in [
        "insert into dim_unit values (1, 'x')",
        "DROP TABLE dim_unit",
        "attach '/tmp/other.duckdb' as other",
        "copy (select 1) to '/tmp/out.csv'",
        "install httpfs",
        "load httpfs",
        "select 1; delete from dim_unit",
    ]:
        assert main(["sql", statement, "--warehouse", str(warehouse_path)]) == 6, statement
        err = capsys.readouterr().err
        assert err.startswith("error: `") and "read-only" in err and err.count("\n") == 1
    assert main(["sql", "select * from read_csv('/etc/passwd')", "--warehouse", str(warehouse_path)]) == 6
    assert "error: query failed" in capsys.readouterr().err
    out_dir = warehouse_path.parent / "parquet"
    assert main(["export", "--parquet", str(out_dir), "--warehouse", str(warehouse_path)]) == 0
    assert "v_activity_month: 1044 rows" in capsys.readouterr().out
    exported = duckdb.connect().execute(f"select count(*) from read_parquet('{out_dir}/fct_activity_row.parquet')")
    assert exported.fetchone() == (87,)
    assert (out_dir / "load_audit.parquet").exists() and (out_dir / "v_data_quality.parquet").exists()
    assert main(["run", "--warehouse", str(warehouse_path)]) == 0
    assert "nothing to do (--reload reads it again)" in capsys.readouterr().out
    assert main(["run", "--reload", "--warehouse", str(warehouse_path)]) == 0
    assert "poi_2017_t4.txt [2017 Q4]: loaded" in capsys.readouterr().out
    assert main(["sql", "select outcome, count(*) n from load_audit group by 1 order by 1",
                 "--warehouse", str(warehouse_path), "--format", "json"]) == 0  # fmt: skip
    assert json.loads(capsys.readouterr().out) == [{"outcome": "loaded", "n": 2}, {"outcome": "skipped", "n": 1}]
    assert main(["sql", "select count(*) from fct_activity_row", "--warehouse", str(warehouse_path)]) == 0
    assert "87" in capsys.readouterr().out


def test_sql_without_a_warehouse_says_so(tmp_path, capsys):
    assert main(["sql", "select 1", "--warehouse", str(tmp_path / "none.duckdb")]) == 4
    assert "no warehouse here yet" in capsys.readouterr().err


@pytest.mark.e2e
def test_command_line_refuses_a_missing_file_in_one_line(tmp_path):
    env = {**os.environ, "PREFECT_HOME": str(tmp_path / "prefect"), "POI_WAREHOUSE": str(tmp_path / "w.duckdb")}
    env.pop("PREFECT_API_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "poi_warehouse.cli", "run", str(tmp_path / "missing.txt")],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert f"error: {tmp_path / 'missing.txt'}: no such file\n" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert not (tmp_path / "w.duckdb").exists()
