"""Parquet staging: a staged report loads exactly what its frames load; leftovers of ended runs go."""

from __future__ import annotations

import os
import subprocess
import sys

import duckdb

from devkit.warehouse_state import table_checksums
from warehouse import staging
from warehouse.db import connection, migrate
from warehouse.loader import load_star, loaded_files


def test_a_staged_report_keeps_every_column_type(sample_frames, tmp_path):
    staged = staging.write_staged(sample_frames, tmp_path / "report")
    assert staged.report_id == sample_frames.report_id
    assert staged.source_file == "poi_2017_t4.txt" and len(staged.source_sha256) == 64
    con = duckdb.connect(":memory:")
    try:
        for name, frame in sample_frames.tables().items():
            table = staged.files[name]
            assert table.rows == len(frame)
            direct, read = con.from_df(frame), con.read_parquet(table.path)
            assert read.columns == direct.columns and read.types == direct.types, name
            assert sorted(read.fetchall(), key=repr) == sorted(direct.fetchall(), key=repr), name
    finally:
        con.close()


def test_a_staged_load_writes_the_tables_a_frames_load_writes(sample_frames, tmp_path):
    staged = staging.write_staged(sample_frames, tmp_path / "report")
    for name, frames in (("frames", sample_frames), ("staged", staged)):
        with connection(tmp_path / name / "poi.duckdb") as con:
            migrate(con)
            result = load_star(con, frames)
            assert result.outcome == "loaded"
            assert result.rows_written == {n: len(f) for n, f in sample_frames.tables().items()}
            assert loaded_files(con) == {("default", sample_frames.dim_report["source_sha256"].iloc[0])}
    assert table_checksums(tmp_path / "staged/poi.duckdb", exclude={"load_audit", "schema_migration"}) == (
        table_checksums(tmp_path / "frames/poi.duckdb", exclude={"load_audit", "schema_migration"})
    )


def test_leftovers_of_ended_runs_are_removed_and_running_ones_kept(tmp_path):
    warehouse = tmp_path / "poi.duckdb"
    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = staging.run_folder(warehouse, "run-a").with_name(
        staging.run_folder(warehouse, "run-a").name.replace(f"-{os.getpid()}-", f"-{ended.stdout.strip()}-")
    )
    mine = staging.run_folder(warehouse, "run-b")
    other_host = staging.staging_root(warehouse) / "another-host-1-run-c"
    for folder in (dead, mine, other_host):
        (folder / "000000").mkdir(parents=True)
    assert staging.remove_leftovers(warehouse) == [dead]
    assert mine.exists() and other_host.exists() and not dead.exists()
    staging.remove_run_folder(mine)
    assert not mine.exists() and other_host.exists()
