"""`export_parquet` writes every file or none: a failure leaves an earlier export as it was, and no staging folder."""

from __future__ import annotations

import duckdb
import pytest

from devkit.reliability.environments import WAREHOUSE_MAKERS
from devkit.reliability.warehouse_facts import build_base_warehouse
from warehouse.errors import WarehouseError
from warehouse.export import export_parquet


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return build_base_warehouse(tmp_path_factory.mktemp("base") / "poi.duckdb")


def test_an_export_into_an_existing_folder_replaces_its_files_and_keeps_others(base, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "notes.txt").write_text("kept")
    (out / "dim_report.parquet").write_bytes(b"an older export")
    written = export_parquet(base, out)
    names = {path.name for _, path, _ in written}
    assert {p.name for p in out.iterdir()} == names | {"notes.txt"}
    rows = duckdb.connect().execute(f"select count(*) from read_parquet('{out}/dim_report.parquet')").fetchone()
    assert rows == (2,)
    assert [p.name for p in tmp_path.iterdir()] == ["exports"]  # no staging folder left


def test_a_failed_export_leaves_the_earlier_one_untouched(base, tmp_path):
    damaged = tmp_path / "poi.duckdb"
    WAREHOUSE_MAKERS["corrupt_block"](damaged, base)
    out = tmp_path / "exports"
    out.mkdir()
    (out / "dim_report.parquet").write_bytes(b"an older export")
    with pytest.raises(WarehouseError, match="the warehouse file is damaged"):
        export_parquet(damaged, out)
    assert [p.name for p in out.iterdir()] == ["dim_report.parquet"]
    assert (out / "dim_report.parquet").read_bytes() == b"an older export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["exports", "poi.duckdb"]
