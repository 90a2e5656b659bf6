"""The expectation suites that gate a load, one per table, plus the arithmetic identity suites.

A suite is built from the frames it guards, because foreign-key checks take their accepted values
from the dimension frames of the same report.
"""

from __future__ import annotations

from dataclasses import dataclass

import great_expectations as gx
import pandas as pd
from great_expectations.expectations import Expectation

from transforms.recovery import STATUSES
from transforms.schema import TABLES
from transforms.slots import SLOT_NAMES, identities
from transforms.star import StarFrames

E = gx.expectations

# GX names pandas dtypes its own way: these are the names it reports for our declared kinds.
GX_TYPE_NAMES = {
    "int": ["Int64Dtype"],
    "str": ["StringDtype"],
    "date": ["datetime64[us]", "datetime64[ns]"],
    "timestamp": ["datetime64[us]", "datetime64[ns]"],
}

KEYS = {
    "dim_entity": ["entity_id"],
    "dim_report": ["report_id"],
    "dim_unit": ["unit_id"],
    "dim_activity": ["activity_id"],
    "dim_month": ["month_id"],
    "fct_activity_row": ["report_id", "activity_id"],
    "fct_activity_month": ["report_id", "activity_id", "month_id"],
    "fct_activity_quarter": ["report_id", "activity_id", "quarter"],
}

VALUE_COLUMNS = {
    "fct_activity_row": ["meta_anual", "total_programmed", "total_executed"],
    "fct_activity_month": ["programmed", "executed"],
    "fct_activity_quarter": ["programmed", "executed"],
    "dq_cell_candidate": ["candidate"],
}


@dataclass(frozen=True)
class SuiteSpec:
    """A suite to run on one frame; `blocking` suites stop the load when they fail."""

    name: str
    frame: pd.DataFrame
    expectations: list[Expectation]
    blocking: bool
    id_columns: list[str]


def _shape(table: str) -> list[Expectation]:
    columns = TABLES[table]
    out: list[Expectation] = [E.ExpectTableColumnsToMatchOrderedList(column_list=list(columns))]
    out += [E.ExpectColumnValuesToBeInTypeList(column=c, type_list=GX_TYPE_NAMES[k]) for c, k in columns.items()]
    key = KEYS.get(table, [])
    out += [E.ExpectColumnValuesToNotBeNull(column=c) for c in key]
    if len(key) == 1:
        out.append(E.ExpectColumnValuesToBeUnique(column=key[0]))
    elif key:
        out.append(E.ExpectCompoundColumnsToBeUnique(column_list=key))
    for column in VALUE_COLUMNS.get(table, []):
        out.append(E.ExpectColumnValuesToBeBetween(column=column, min_value=0, max_value=None))
    return out


# (child table, column, parent table, parent column): every key must exist in the same report's frames.
FOREIGN_KEYS = (
    ("dim_report", "entity_id", "dim_entity", "entity_id"),
    ("dim_unit", "entity_id", "dim_entity", "entity_id"),
    ("dim_activity", "unit_id", "dim_unit", "unit_id"),
    ("fct_activity_row", "report_id", "dim_report", "report_id"),
    ("fct_activity_row", "activity_id", "dim_activity", "activity_id"),
    ("fct_activity_month", "report_id", "dim_report", "report_id"),
    ("fct_activity_month", "activity_id", "dim_activity", "activity_id"),
    ("fct_activity_month", "month_id", "dim_month", "month_id"),
    ("fct_activity_quarter", "report_id", "dim_report", "report_id"),
    ("fct_activity_quarter", "activity_id", "dim_activity", "activity_id"),
    ("dq_finding", "row", "fct_activity_row", "row"),
    ("dq_cell_candidate", "report_id", "dim_report", "report_id"),
    ("dq_cell_candidate", "row", "fct_activity_row", "row"),
)


def foreign_key_frame(frames: StarFrames) -> pd.DataFrame:
    """One row per distinct (table, column, key) with whether the parent frame has it.

    Checked as a flag rather than `value_set` membership: a value set of thousands of ids makes GX
    spend seconds comparing expectation configurations.
    """
    t = frames.tables()
    parts = []
    for child, column, parent, parent_column in FOREIGN_KEYS:
        keys = pd.Series(_column(t[child], column).dropna().unique(), dtype="string")
        parents = _column(t[parent], parent_column).dropna()
        parts.append(
            pd.DataFrame(
                {
                    "table": child,
                    "column": column,
                    "key": keys,
                    "present": keys.isin(parents).astype(bool),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def _column(frame: pd.DataFrame, column: str) -> pd.Series:
    """A frame's key column as text; `row` is the row locator, `page P line L`."""
    if column != "row":
        return frame[column].astype("Int64").astype("string")
    page, line = frame["page"].astype("Int64").astype("string"), frame["source_line"].astype("Int64").astype("string")
    return "page " + page + " line " + line


def row_check_frame(frames: StarFrames) -> pd.DataFrame:
    """Activity rows with their unit and activity names, for uniqueness within a report."""
    names = frames.dim_activity.merge(frames.dim_unit, on="unit_id", how="left")
    rows = frames.fct_activity_row.merge(
        names[["activity_id", "unit_name", "activity_name"]], on="activity_id", how="left"
    )
    return rows[["report_id", "page", "source_line", "unit_name", "activity_name", "row_status"]]


def identity_frame(frames: StarFrames, cutoff_quarter: int) -> pd.DataFrame:
    """One row per activity row: each identity's printed total and the sum of its parts."""
    wide = wide_values(frames)
    out = wide[["page", "source_line", "row_status"]].copy()
    for name, total, parts in identities(cutoff_quarter):
        key = identity_key(name)
        out[f"{key}__printed"] = wide[SLOT_NAMES[total]]
        out[f"{key}__sum"] = wide[[SLOT_NAMES[p] for p in parts]].sum(axis=1, min_count=len(parts))
    return out


def identity_key(name: str) -> str:
    return name.replace(" = ", "_eq_").replace(" ", "_")


def wide_values(frames: StarFrames) -> pd.DataFrame:
    """The 35 slot values per activity row, rebuilt from the fact frames."""
    rows = frames.fct_activity_row.drop_duplicates("activity_id").set_index("activity_id")
    out = rows[["page", "source_line", "row_status"]].copy()
    out["meta_anual"] = rows["meta_anual"]
    # Duplicated keys are the key suites' business; here they must not stop the identity checks.
    months = frames.fct_activity_month.assign(month=frames.fct_activity_month["month_id"] % 100)
    months = months.drop_duplicates(["activity_id", "month"])
    quarters = frames.fct_activity_quarter.drop_duplicates(["activity_id", "quarter"])
    for kind, column in (("prog", "programmed"), ("exec", "executed")):
        pivot = months.pivot(index="activity_id", columns="month", values=column)
        for m in range(1, 13):
            out[f"{kind}_{m:02d}"] = pivot[m]
        qpivot = quarters.pivot(index="activity_id", columns="quarter", values=column)
        for q in range(1, 5):
            out[f"q{q}_{kind}"] = qpivot[q]
    out["total_prog"] = rows["total_programmed"]
    out["total_exec"] = rows["total_executed"]
    return out.reset_index()


def open_cell_frame(frames: StarFrames) -> pd.DataFrame:
    """One row per cell with candidates: how many, the row's status and the value loaded in the cell."""
    candidates = frames.dq_cell_candidate
    cells = candidates.groupby(["page", "source_line", "slot"], as_index=False, dropna=False).agg(
        n_candidates=("candidate", lambda c: c.nunique() + int(c.isna().any()))
    )
    wide = wide_values(frames).drop_duplicates(["page", "source_line"])
    loaded = wide.melt(id_vars=["page", "source_line", "row_status"], value_vars=list(SLOT_NAMES), var_name="slot")
    out = cells.merge(loaded, on=["page", "source_line", "slot"], how="left")
    return out.rename(columns={"value": "loaded_value"}).astype({"n_candidates": "Int64", "loaded_value": "Int64"})


def _identity_expectations(frame: pd.DataFrame) -> list[Expectation]:
    keys = sorted({c.rsplit("__", 1)[0] for c in frame.columns if "__" in c})
    return [
        E.ExpectColumnPairValuesToBeEqual(
            column_A=f"{k}__printed", column_B=f"{k}__sum", ignore_row_if="either_value_is_missing"
        )
        for k in keys
    ]


def build_suites(frames: StarFrames) -> list[SuiteSpec]:
    """Every suite for one report's frames: blocking shape/key/domain suites, then the identity suites."""
    t = frames.tables()
    specs = {name: _shape(name) for name in TABLES}
    specs["dim_report"].append(E.ExpectColumnValuesToBeBetween(column="report_quarter", min_value=1, max_value=4))
    specs["dim_month"].append(E.ExpectColumnValuesToBeBetween(column="month", min_value=1, max_value=12))
    specs["dim_month"].append(E.ExpectColumnValuesToBeBetween(column="quarter", min_value=1, max_value=4))
    row = specs["fct_activity_row"]
    row.append(E.ExpectColumnValuesToBeInSet(column="row_status", value_set=list(STATUSES)))
    row.append(E.ExpectCompoundColumnsToBeUnique(column_list=["report_id", "page", "source_line"]))
    specs["fct_activity_quarter"].append(E.ExpectColumnValuesToBeBetween(column="quarter", min_value=1, max_value=4))
    specs["dq_cell_candidate"] += [
        # one row per value a cell may hold (the value is NULL for "a footnote-only cell", so not a key)
        E.ExpectCompoundColumnsToBeUnique(column_list=["report_id", "page", "source_line", "slot", "candidate"]),
        E.ExpectColumnValuesToNotBeNull(column="page"),
        E.ExpectColumnValuesToNotBeNull(column="source_line"),
        E.ExpectColumnValuesToBeInSet(column="measure", value_set=["meta_anual", "programmed", "executed"]),
        E.ExpectColumnValuesToBeBetween(column="month", min_value=1, max_value=12),
        E.ExpectColumnValuesToBeBetween(column="quarter", min_value=1, max_value=4),
    ]
    ids = {name: [c for c in ("page", "source_line") if c in t[name].columns] for name in t}
    suites = [SuiteSpec(f"{name}_gate", t[name], exps, True, ids[name]) for name, exps in specs.items()]

    suites.append(
        SuiteSpec(
            "foreign_keys_gate",
            foreign_key_frame(frames),
            [E.ExpectColumnValuesToBeInSet(column="present", value_set=[True])],
            True,
            ["table", "column", "key"],
        )
    )
    rows = row_check_frame(frames)
    suites.append(
        SuiteSpec(
            "activity_row_identity_gate",
            rows,
            [
                E.ExpectCompoundColumnsToBeUnique(column_list=["report_id", "unit_name", "activity_name"]),
                E.ExpectColumnValuesToNotBeNull(column="unit_name"),
            ],
            True,
            ["page", "source_line"],
        )
    )
    suites.append(
        SuiteSpec(
            "open_cells_gate",
            open_cell_frame(frames),
            [
                # a cell with candidates is a cell left open: NULL, in a flagged row, and really in doubt
                E.ExpectColumnValuesToBeNull(column="loaded_value"),
                E.ExpectColumnValuesToBeInSet(column="row_status", value_set=["ambiguous", "inconsistent"]),
                E.ExpectColumnValuesToBeBetween(column="n_candidates", min_value=2, max_value=None),
                E.ExpectColumnValuesToBeInSet(column="slot", value_set=list(SLOT_NAMES)),
            ],
            True,
            ["page", "source_line", "slot"],
        )
    )
    quarter = int(frames.dim_report["report_quarter"].iloc[0])
    checks = identity_frame(frames, quarter)
    trusted = checks[checks["row_status"].isin(["exact", "repaired"])].reset_index(drop=True)
    suites.append(
        SuiteSpec("trusted_rows_identities_gate", trusted, _identity_expectations(trusted), True, ["page", "source_line"])
    )
    suites.append(
        SuiteSpec("all_rows_identities_warning", checks, _identity_expectations(checks), False, ["page", "source_line"])
    )
    return suites
