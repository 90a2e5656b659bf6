"""The bundled sample's page (entity SAT): its heat map prints what `v_execution_rate` holds, every
panel is there, and undetermined rows are counted, not added as zero."""

from __future__ import annotations

import html

import pytest

from flows.dashboard import Bands, write_entity
from tests.dashboard.pages import charts, heatmap_cells
from warehouse.query import run_query

QUARTERS = {1: "I TRIM", 2: "II TRIM", 3: "III TRIM", 4: "IV TRIM"}


@pytest.fixture(scope="module")
def sample_page(sample_warehouse):
    return write_entity(sample_warehouse, "SAT", Bands())


def test_the_heat_map_prints_v_execution_rate_for_each_of_the_24_units(sample_page, sample_warehouse):
    view = run_query(
        sample_warehouse,
        "select unit_name, quarter, execution_rate, undetermined_rows from v_execution_rate where entity_code = 'SAT'",
    )
    expected = {
        (unit, QUARTERS[quarter]): ("—" if rate is None else f"{float(rate) * 100:.0f} %") + ("*" if left else "")
        for unit, quarter, rate, left in view.rows
    }
    assert len({unit for unit, _ in expected}) == 24
    assert heatmap_cells(sample_page) == expected


def test_the_page_has_every_panel_and_the_sample_units(sample_page, sample_warehouse):
    text = sample_page.read_text(encoding="utf-8")
    found = charts(text)
    assert {"heatmap", "cumulative-entity", "cumulative-unit", "behind", "row-status"} <= set(found)
    assert all(svgs[0].lstrip().startswith("<svg") for svgs in found.values())
    units = run_query(sample_warehouse, "select distinct unit_name from v_activity_year").rows
    assert all(html.escape(unit) in text for (unit,) in units)
    assert "Un solo corte cargado para el año" in text  # one snapshot: no re-programming to show


def test_rows_with_undetermined_values_are_counted_apart(sample_page, sample_warehouse):
    (undetermined,) = run_query(
        sample_warehouse,
        "select count(distinct (page, source_line)) from v_activity_month where programmed is null "
        "or (executed is null and (month - 1) // 3 + 1 <= report_quarter)",
    ).rows[0]
    assert undetermined > 0
    text = sample_page.read_text(encoding="utf-8")
    assert f"fuera de las sumas: entidad {undetermined}," in text
    assert f"{undetermined} filas con valores sin determinar al corte quedan fuera" in text


def test_no_external_reference_in_the_page(sample_page):
    text = sample_page.read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text and "@import" not in text
    assert "http://" not in text.replace("http://www.w3.org/", "") and "https://" not in text
