"""Many entities in one warehouse, through the real flows: side by side, by folder, named by a list."""

from __future__ import annotations

import shutil

import pytest

from devkit.warehouse_state import query
from tests.flows.runs import run_reports

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("prefect_server")]

LISTED = {"SAT": {"name": "Servicio de Administración Tributaria de Lima", "sector": "Municipal", "ubigeo": "150101"}}


def test_two_entities_reports_of_one_period_load_side_by_side(sample_path, tmp_path, warehouse_path):
    copy = tmp_path / "poi_mml_2017_t4.txt"
    shutil.copy(sample_path, copy)
    state, _ = run_reports([sample_path], warehouse_path, entity="SAT", entities=LISTED)
    assert state.is_completed(), state.message
    state, _ = run_reports([copy], warehouse_path, entity="MML")
    assert state.is_completed(), state.message  # another entity's 2017 IV: not "a period loaded from another file"
    assert query(warehouse_path, "select entity_code, entity_name, sector from dim_entity where entity_id <> 0 order by 1") == [
        ("MML", "MML", None), ("SAT", "Servicio de Administración Tributaria de Lima", "Municipal")
    ]  # fmt: skip
    assert query(
        warehouse_path, "select entity_code, count(*), count(distinct unit_name) from v_activity_year group by 1 order by 1"
    ) == [("MML", 87, 24), ("SAT", 87, 24)]
    # the units of two entities never meet, even with the same names
    assert query(warehouse_path, "select count(*), count(distinct entity_id) from dim_unit") == [(48, 2)]
    by_entity = query(
        warehouse_path,
        "select entity_code, quarter, programmed, executed, activity_rows from v_entity_execution order by 1, 2",
    )
    assert [row[0] for row in by_entity] == ["MML"] * 4 + ["SAT"] * 4
    assert [r[1:] for r in by_entity[:4]] == [r[1:] for r in by_entity[4:]]  # the same report, twice
    # a load that does not list SAT keeps the name the list gave it
    state, _ = run_reports([sample_path], warehouse_path, entity="SAT", reload=True)
    assert state.is_completed()
    assert query(warehouse_path, "select entity_name from dim_entity where entity_code = 'SAT'") == [
        ("Servicio de Administración Tributaria de Lima",)
    ]


def test_each_folder_names_its_entity(sample_path, tmp_path, warehouse_path):
    for folder in ("SAT", "MML", "not a code"):
        (tmp_path / "reports" / folder).mkdir(parents=True)
        shutil.copy(sample_path, tmp_path / "reports" / folder / "poi_2017_t4.txt")
    state, outcomes = run_reports([tmp_path / "reports"], warehouse_path, entity_from_folder=True)
    assert state.is_failed()
    assert [(o.entity_code, o.outcome) for o in outcomes] == [("MML", "loaded"), ("SAT", "loaded"), (None, "failed")]
    assert outcomes[2].exit_code == 2 and "its folder's name 'not a code' is not an entity code" in outcomes[2].message
    assert query(warehouse_path, "select entity_code, report_id > 100000 from dim_report join dim_entity using (entity_id) order by 1") == [
        ("MML", True), ("SAT", True)
    ]  # fmt: skip


def test_without_an_entity_reports_go_to_the_default_one(sample_path, warehouse_path):
    state, outcomes = run_reports([sample_path], warehouse_path)
    assert state.is_completed() and outcomes[0].entity_code == "default"
    assert query(warehouse_path, "select report_id, entity_id from dim_report") == [(20174, 0)]
    assert query(warehouse_path, "select distinct entity_code from load_audit") == [("default",)]
