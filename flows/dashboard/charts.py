"""Vega-Lite specs of the dashboard's charts (Altair), rendered to SVG offline with vl-convert.

The SVG keeps its labels as text (unit names, values), so the page can be searched and read aloud.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import vl_convert

from flows.dashboard.panels import AMBER, GREEN, MONTHS, NO_PROGRAMME, QUARTERS, RED

BAND_COLOURS = {GREEN: "#2e7d32", AMBER: "#f2a900", RED: "#c62828", NO_PROGRAMME: "#bdbdbd"}
SERIES_COLOURS = {"programado": "#5c6bc0", "ejecutado": "#ef6c00"}
FONT = "DejaVu Sans, Arial, sans-serif"


def svg(chart: alt.TopLevelMixin) -> str:
    """The chart as an inline SVG element (no scripts, fonts or images fetched)."""
    return vl_convert.vegalite_to_svg(chart.to_dict())


def _configured(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return chart.configure(font=FONT).configure_view(stroke=None)


def heatmap(cells: pd.DataFrame, bands_legend: dict[str, str]) -> alt.TopLevelMixin:
    """Units × quarters, each cell coloured by its band and printing its rate."""
    units = sorted(cells["unit_name"].unique())
    legend = [f"{band} ({rates})" for band, rates in bands_legend.items()]
    data = cells.assign(band_legend=[f"{b} ({bands_legend[b]})" for b in cells["band"]])
    base = alt.Chart(data).encode(
        x=alt.X("quarter_label:N", title=None, sort=list(QUARTERS.values()), axis=alt.Axis(orient="top", labelAngle=0)),
        y=alt.Y("unit_name:N", title=None, sort=units, axis=alt.Axis(labelLimit=420)),
    )
    rects = base.mark_rect(stroke="white", strokeWidth=2).encode(
        color=alt.Color(
            "band_legend:N",
            title="Banda",
            scale=alt.Scale(domain=legend, range=list(BAND_COLOURS.values())),
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=400),
        )
    )
    text = base.mark_text(fontSize=12, fontWeight="bold").encode(
        text="label:N",
        color=alt.condition(alt.datum.band == AMBER, alt.value("black"), alt.value("white")),
    )
    return _configured((rects + text).properties(width=90 * max(1, cells["quarter"].nunique()), height=22 * len(units)))


def cumulative(frame: pd.DataFrame, title: str) -> alt.TopLevelMixin:
    """Cumulative programmed and executed by month."""
    chart = (
        alt.Chart(frame, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("month_name:N", title=None, sort=list(MONTHS)),
            y=alt.Y("value:Q", title="acumulado"),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=list(SERIES_COLOURS), range=list(SERIES_COLOURS.values())),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(width=440, height=220)
    )
    return _configured(chart)


def behind(rows: pd.DataFrame) -> alt.TopLevelMixin:
    """The activities furthest behind: executed share of the programme to the cut-off in its band's colour,
    gap printed (`rows` has a `band` column)."""
    data = rows.assign(
        label=[f"{i}. {a[:55]}…" if len(a) > 56 else f"{i}. {a}" for i, a in enumerate(rows["activity_name"], 1)],
        gap_label=[f"falta {g:g} ({r * 100:.0f} %)" for g, r in zip(rows["gap"], rows["execution_rate"], strict=True)],
    )
    order = list(data["label"])
    base = alt.Chart(data).encode(y=alt.Y("label:N", title=None, sort=order, axis=alt.Axis(labelLimit=0)))
    bars = base.mark_bar().encode(
        color=alt.Color("band:N", scale=alt.Scale(domain=list(BAND_COLOURS), range=list(BAND_COLOURS.values())),
                        legend=None),
        x=alt.X("execution_rate:Q", title="ejecutado / programado al corte", axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1])),
    )  # fmt: skip
    text = base.mark_text(align="left", dx=4).encode(x="execution_rate:Q", text="gap_label:N")
    return _configured((bars + text).properties(width=360, height=22 * max(1, len(data))))


def reprogramming(changes: pd.DataFrame) -> alt.TopLevelMixin:
    """Net change of the programmed values per unit and pair of snapshots."""
    data = changes.assign(
        pair=[
            f"{QUARTERS[a]} → {QUARTERS[b]}"
            for a, b in zip(changes["from_quarter"], changes["to_quarter"], strict=True)
        ]
    )
    data = data.groupby(["unit_name", "pair"], as_index=False)["change"].sum()
    chart = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("unit_name:N", title=None, axis=alt.Axis(labelLimit=420)),
            x=alt.X("change:Q", title="cambio neto de lo programado"),
            color=alt.Color("pair:N", title="entre cortes", legend=alt.Legend(orient="bottom")),
            yOffset="pair:N",
        )
        .properties(width=360, height=alt.Step(14))
    )
    return _configured(chart)


def row_status(counts: pd.DataFrame) -> alt.TopLevelMixin:
    """Rows of the snapshot by row_status."""
    base = alt.Chart(counts).encode(
        y=alt.Y("row_status:N", title=None, sort="-x"), x=alt.X("activity_rows:Q", title="filas")
    )
    chart = base.mark_bar(color="#607d8b") + base.mark_text(align="left", dx=4).encode(text="activity_rows:Q")
    return _configured(chart.properties(width=360, height=alt.Step(24)))
