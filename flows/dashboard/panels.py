"""Pure shaping of the dashboard's panels: traffic-light bands, cumulative months, the activities behind.

A row (one printed activity row, keyed by page and line) with a value the report leaves undetermined
is never added as zero: the cumulative and behind panels leave the whole row out and count it apart,
as `v_execution_rate` leaves out a row's quarter and counts it in `undetermined_rows`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

QUARTERS = {1: "I TRIM", 2: "II TRIM", 3: "III TRIM", 4: "IV TRIM"}
MONTHS = ("ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC")
GREEN, AMBER, RED, NO_PROGRAMME = "verde", "ámbar", "rojo", "sin programación"
ROW_KEY = ["page", "source_line"]


@dataclass(frozen=True)
class Bands:
    """Traffic-light bands of an execution rate: green at `green` or more, amber at `amber` or more, else red."""

    green: float = 0.90
    amber: float = 0.70

    def band(self, rate: float | None) -> str:
        if rate is None or pd.isna(rate):
            return NO_PROGRAMME
        if rate >= self.green:
            return GREEN
        return AMBER if rate >= self.amber else RED

    def legend(self) -> dict[str, str]:
        """Each band and the rates it holds, e.g. {'verde': '≥ 90 %', …}."""
        green, amber = _percent(self.green), _percent(self.amber)
        return {GREEN: f"≥ {green}", AMBER: f"{amber} – < {green}", RED: f"< {amber}", NO_PROGRAMME: "nada programado"}


def _percent(rate: float) -> str:
    return f"{rate * 100:.0f} %" if float(rate * 100).is_integer() else f"{rate * 100:.1f} %"


def rate_label(rate: float | None) -> str:
    return "—" if rate is None or pd.isna(rate) else f"{rate * 100:.0f} %"


def heatmap(execution_rate: pd.DataFrame, bands: Bands) -> pd.DataFrame:
    """The rate cells with their band, quarter label and printed value (`*`: rows left out as undetermined)."""
    out = execution_rate.copy()
    out["band"] = [bands.band(r) for r in out["execution_rate"]]
    out["quarter_label"] = out["quarter"].map(QUARTERS)
    marks = ["*" if n else "" for n in out["undetermined_rows"]]
    out["label"] = [rate_label(r) + m for r, m in zip(out["execution_rate"], marks, strict=True)]
    return out


def _determined_rows(months: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The months of rows whose every cell is determined, and how many rows were left out."""
    whole = months.groupby(ROW_KEY)["is_determined"].transform("all")
    left_out = months.loc[~whole, ROW_KEY].drop_duplicates()
    return months[whole], len(left_out)


def cumulative(months: pd.DataFrame, unit: str | None = None) -> tuple[pd.DataFrame, int]:
    """Cumulative programmed and executed by month (executed up to the cut-off) of the entity or one unit.

    Returns (frame with month, month_name, series, value; rows left out as undetermined)."""
    if unit is not None:
        months = months[months["unit_name"] == unit]
    kept, left_out = _determined_rows(months)
    by_month = kept.groupby("month").agg(programmed=("programmed", "sum"), executed=("executed", "sum"))
    by_month = by_month.reindex(range(1, 13), fill_value=0)
    reported = months.groupby("month")["is_reported"].any().reindex(range(1, 13), fill_value=False)
    frame = pd.DataFrame({"month": range(1, 13), "month_name": MONTHS})
    frame["programado"] = by_month["programmed"].cumsum().to_numpy()
    frame["ejecutado"] = by_month["executed"].cumsum().where(reported).to_numpy()
    long = frame.melt(["month", "month_name"], ["programado", "ejecutado"], var_name="series", value_name="value")
    return long.dropna(subset=["value"]).reset_index(drop=True), left_out


def activities_to_cutoff(months: pd.DataFrame) -> pd.DataFrame:
    """One row per activity row: programmed and executed up to the cut-off, and whether all are determined."""
    reported = months[months["is_reported"]]
    keys = ["unit_name", "activity_name", "unit_of_measure", *ROW_KEY, "row_status"]
    rows = reported.groupby(keys, dropna=False).agg(
        programmed=("programmed", "sum"), executed=("executed", "sum"), is_determined=("is_determined", "all")
    )
    return rows.reset_index()


def furthest_behind(months: pd.DataFrame, n: int = 15) -> tuple[pd.DataFrame, int]:
    """The `n` activities furthest behind their programme to the cut-off, and how many rows were left out.

    Behind means executed < programmed; activities are ranked by the share of the programme not executed
    (units of measure differ, so absolute gaps are not comparable across activities), then by the gap.
    """
    rows = activities_to_cutoff(months)
    left_out = int((~rows["is_determined"]).sum())
    rows = rows[rows["is_determined"] & (rows["executed"] < rows["programmed"])].copy()
    rows["gap"] = rows["programmed"] - rows["executed"]
    rows["execution_rate"] = rows["executed"] / rows["programmed"]
    rows = rows.sort_values(
        ["execution_rate", "gap", "unit_name", "activity_name"], ascending=[True, False, True, True]
    )
    return rows.head(n).reset_index(drop=True), left_out


def unit_furthest_behind(months: pd.DataFrame) -> str | None:
    """The unit with the lowest rate to the cut-off over its determined rows (the default chosen unit)."""
    rows = activities_to_cutoff(months)
    rows = rows[rows["is_determined"]]
    sums = rows.groupby("unit_name")[["programmed", "executed"]].sum()
    sums = sums[sums["programmed"] > 0]
    if sums.empty:
        return None
    rates = (sums["executed"] / sums["programmed"]).sort_index()
    return str(rates.idxmin())
