"""HTML pages of the dashboard (Jinja2 templates, styles inline, charts as inline SVG): an entity's
years and the index of entities."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from flows.dashboard import charts, panels
from flows.dashboard.charts import BAND_COLOURS
from warehouse.dashboard_data import YearData

TEMPLATES = Path(__file__).parent / "templates"
TOP_BEHIND = 15
MAX_TABLE_ROWS = 200  # longer tables print their first rows and say how many more there are


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["j2"]), trim_blocks=True,
                      lstrip_blocks=True)  # fmt: skip
    env.filters["number"] = _number
    env.filters["rate"] = panels.rate_label
    return env


def _number(value) -> str:
    if value is None or pd.isna(value):
        return "—"
    return f"{value:,.0f}".replace(",", " ") if float(value).is_integer() else f"{value:,.2f}".replace(",", " ")


def _records(frame: pd.DataFrame, limit: int = MAX_TABLE_ROWS) -> dict:
    return {"rows": frame.head(limit).to_dict("records"), "more": max(0, len(frame) - limit), "total": len(frame)}


def source_link(path: str | None, page: int | None = None) -> str | None:
    """A file:// link to the report (a PDF at its page), or None when the loaded path is not known."""
    if not path or (isinstance(path, float) and pd.isna(path)):
        return None
    uri = Path(path).absolute().as_uri()
    return f"{uri}#page={int(page)}" if page is not None and str(path).lower().endswith(".pdf") else uri


def year_section(year: YearData, bands: panels.Bands, unit: str | None = None) -> dict:
    """Everything one year's section shows: SVG charts and table rows."""
    newest = year.snapshots.iloc[0]
    source_path = newest.source_path if "source_path" in year.snapshots else None
    cells = panels.heatmap(year.execution_rate, bands)
    entity_curve, entity_left_out = panels.cumulative(year.activity_months)
    chosen = (
        unit if unit in set(year.activity_months["unit_name"]) else panels.unit_furthest_behind(year.activity_months)
    )
    unit_curve, unit_left_out = panels.cumulative(year.activity_months, chosen) if chosen else (None, 0)
    behind, behind_left_out = panels.furthest_behind(year.activity_months, TOP_BEHIND)
    behind = behind.assign(band=[bands.band(r) for r in behind["execution_rate"]])
    with_links = behind.assign(
        source_file=newest.source_file, link=[source_link(source_path, p) for p in behind["page"]]
    )
    open_cells = year.open_cells.assign(link=[source_link(source_path, p) for p in year.open_cells["page"]])
    inconsistent = year.inconsistent.assign(link=[source_link(source_path, p) for p in year.inconsistent["page"]])
    snapshots = year.snapshots.assign(link=[source_link(p) for p in year.snapshots["source_path"]])
    return {
        "year": year.report_year,
        "quarter": panels.QUARTERS[year.report_quarter].replace(" TRIM", ""),
        "snapshots": _records(snapshots),
        "units": sorted(cells["unit_name"].unique()),
        "heatmap": Markup(charts.svg(charts.heatmap(cells, bands.legend()))) if len(cells) else None,
        "undetermined_cells": int((cells["undetermined_rows"] > 0).sum()),
        "undetermined_rows": int(cells["undetermined_rows"].sum()),
        "entity_curve": Markup(charts.svg(charts.cumulative(entity_curve, "Toda la entidad"))),
        "entity_left_out": entity_left_out,
        "chosen_unit": chosen,
        "unit_not_found": unit if unit is not None and unit != chosen else None,
        "unit_curve": Markup(charts.svg(charts.cumulative(unit_curve, chosen))) if chosen else None,
        "unit_left_out": unit_left_out,
        "behind_chart": Markup(charts.svg(charts.behind(behind))) if len(behind) else None,
        "behind": _records(with_links),
        "top": TOP_BEHIND,
        "behind_left_out": behind_left_out,
        "reprogramming_chart": Markup(charts.svg(charts.reprogramming(year.reprogramming)))
        if len(year.reprogramming)
        else None,
        "reprogramming": _records(year.reprogramming.assign(months=[", ".join(panels.MONTHS[m - 1] for m in ms)
                                                                    for ms in year.reprogramming["months"]])),
        "status_chart": Markup(charts.svg(charts.row_status(year.row_status))) if len(year.row_status) else None,
        "row_status": _records(year.row_status),
        "open_cells": _records(open_cells),
        "inconsistent": _records(inconsistent),
    }  # fmt: skip


def entity_page(years: list[YearData], bands: panels.Bands, index_href: str | None, unit: str | None = None) -> str:
    """One entity's page: a section per year, newest first."""
    first = years[0]
    return (
        _environment()
        .get_template("entity.html.j2")
        .render(
            entity_code=first.entity_code,
            entity_name=first.entity_name,
            sections=[year_section(y, bands, unit) for y in years],
            bands=bands.legend(),
            colours=BAND_COLOURS,
            index_href=index_href,
            generated_at=datetime.now().strftime("%Y-%m-%d %H:%M"),
        )
    )


def index_page(entities: pd.DataFrame, bands: panels.Bands, href: dict[str, str]) -> str:
    """The index: one row per entity, its newest year's rate and band, linking to its page."""
    rows = entities.assign(
        band=[bands.band(r) for r in entities["execution_rate"]],
        href=[href.get(code) for code in entities["entity_code"]],
    ).to_dict("records")
    return (
        _environment()
        .get_template("index.html.j2")
        .render(
            rows=rows,
            bands=bands.legend(),
            colours=BAND_COLOURS,
            generated_at=datetime.now().strftime("%Y-%m-%d %H:%M"),
        )
    )
