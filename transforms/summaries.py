"""Small summaries of one report's frames for people (Prefect artifacts, run output)."""

from __future__ import annotations

import pandas as pd

from transforms.star import StarFrames


def execution_rate(frames: StarFrames) -> pd.DataFrame:
    """Executed / programmed per organic unit and quarter up to the cut-off, over determined rows only."""
    cutoff = int(frames.dim_report["report_quarter"].iloc[0])
    quarters = frames.fct_activity_quarter.merge(frames.dim_activity[["activity_id", "unit_id"]], on="activity_id")
    quarters = quarters.merge(frames.dim_unit, on="unit_id")
    quarters = quarters[quarters["quarter"] <= cutoff]
    determined = quarters["programmed"].notna() & quarters["executed"].notna()
    grouped = quarters.assign(
        programmed=quarters["programmed"].where(determined),
        executed=quarters["executed"].where(determined),
        undetermined=~determined,
    ).groupby(["unit_name", "quarter"], as_index=False)
    out = grouped.agg(
        programmed=("programmed", "sum"), executed=("executed", "sum"), undetermined=("undetermined", "sum")
    )
    out["rate"] = (out["executed"] / out["programmed"].where(out["programmed"] > 0)).astype("Float64").round(3)
    return out.sort_values(["unit_name", "quarter"], ignore_index=True)


def execution_rate_markdown(frames: StarFrames) -> str:
    """A unit x quarter table of execution rates, in Markdown."""
    rates = execution_rate(frames)
    quarters = sorted(rates["quarter"].unique())
    report = frames.dim_report.iloc[0]
    head = f"# Execution rate — {report['source_file']} ({report['report_year']} Q{report['report_quarter']})"
    lines = [
        head,
        "",
        "Executed / programmed per organic unit and quarter (rows with undetermined values left out).",
        "",
    ]
    lines.append("| Unidad Orgánica | " + " | ".join(f"Q{q}" for q in quarters) + " |")
    lines.append("|---|" + "---|" * len(quarters))
    for unit, group in rates.groupby("unit_name", sort=True):
        cells = []
        for q in quarters:
            row = group[group["quarter"] == q]
            if row.empty or pd.isna(row["rate"].iloc[0]):
                cells.append("—")
            else:
                r = row.iloc[0]
                note = f" ({int(r['undetermined'])} undetermined)" if r["undetermined"] else ""
                cells.append(f"{r['rate']:.0%} ({int(r['executed'])}/{int(r['programmed'])}){note}")
        lines.append(f"| {unit} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
