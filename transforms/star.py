"""Shape a parsed, recovered report into the star schema's frames (pure: no I/O).

Keys are stable hashes of natural keys (the entity's code among them: `transforms/entities.py`), so
re-loading a report or loading another quarter of the same year gives the same unit and activity ids
without reading the warehouse.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

import pandas as pd

from transforms.entities import DEFAULT_CODE, Entity, member_key, report_id
from transforms.parse import ActivityRow, ParsedReport
from transforms.positioned import recover_positioned
from transforms.recovery import Finding, Recovery, recover_row
from transforms.schema import typed_frame
from transforms.slots import (
    EXEC,
    META,
    MONTHS,
    PROG,
    Q_EXEC,
    Q_PROG,
    QUARTERS,
    SLOT_NAMES,
    TOTAL_EXEC,
    TOTAL_PROG,
    cell_of,
    quarter_of,
)

NORMALISED_TEXT = "normalised_text"  # a text cell had invisible characters removed or replaced (text_hygiene)
MONTH_NAMES = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
)  # fmt: skip


@dataclass(frozen=True)
class StarFrames:
    """One report's rows for every warehouse table, ready to validate and load."""

    dim_entity: pd.DataFrame
    dim_report: pd.DataFrame
    dim_unit: pd.DataFrame
    dim_activity: pd.DataFrame
    dim_month: pd.DataFrame
    fct_activity_row: pd.DataFrame
    fct_activity_month: pd.DataFrame
    fct_activity_quarter: pd.DataFrame
    dq_finding: pd.DataFrame
    dq_cell_candidate: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Frames by table name, in load order (dimensions before facts)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @property
    def report_id(self) -> int:
        return int(self.dim_report["report_id"].iloc[0])

    def status_counts(self) -> dict[str, int]:
        counts = self.fct_activity_row["row_status"].value_counts()
        return {str(k): int(v) for k, v in counts.items()}


def recover(row: ActivityRow, cutoff: int) -> Recovery:
    """A row's values and status: read cell by cell when its format has cells, else recovered from text."""
    if row.cells is None:
        return recover_row(row.tokens, cutoff)
    recovery = recover_positioned(row.cells, cutoff, row.cell_problems)
    if not row.notes:
        return recovery
    notes = tuple(Finding("layout", note) for note in row.notes)
    return Recovery(recovery.status, recovery.values, (*recovery.findings, *notes), recovery.n_readings,
                    violated=recovery.violated)  # fmt: skip


def build_star(
    report: ParsedReport,
    sha256: str,
    loaded_at: datetime,
    recoveries: list[Recovery] | None = None,
    entity: Entity | None = None,
) -> StarFrames:
    """All frames of one report of `entity` (default: the default entity); `recoveries` default to
    running the recovery on every row."""
    entity = entity or Entity(DEFAULT_CODE)
    if recoveries is None:
        recoveries = [recover(r, report.quarter) for r in report.rows]
    rid = report_id(entity.code, report.year, report.quarter)
    dim_entity = typed_frame(
        "dim_entity",
        [
            {
                "entity_id": entity.id,
                "entity_code": entity.code,
                "entity_name": entity.name,
                "sector": entity.sector,
                "ubigeo": entity.ubigeo,
            }
        ],
    )
    dim_report = typed_frame(
        "dim_report",
        [
            {
                "report_id": rid,
                "entity_id": entity.id,
                "report_year": report.year,
                "report_quarter": report.quarter,
                "source_file": report.source_file,
                "source_sha256": sha256,
                "source_date": report.source_date,
                "n_pages": report.n_pages,
                "n_rows": len(report.rows),
                "loaded_at": loaded_at,
            }
        ],
    )
    units: dict[str, int] = {}
    activities, rows, months, quarters, findings, candidates = [], [], [], [], [], []
    for row, rec in zip(report.rows, recoveries, strict=True):
        unit_id = units.setdefault(row.unit_name, member_key(entity.code, "unit", row.unit_name))
        activity_id = member_key(
            entity.code, "activity", row.unit_name, row.activity_name, row.mef_category, row.unit_of_measure
        )
        activities.append(
            {
                "activity_id": activity_id,
                "unit_id": unit_id,
                "activity_name": row.activity_name,
                "mef_category": row.mef_category,
                "unit_of_measure": row.unit_of_measure,
            }
        )
        v = rec.values
        rows.append(
            {
                "report_id": rid,
                "activity_id": activity_id,
                "source_line": row.line,
                "page": row.page,
                "row_status": rec.status,
                "meta_anual": v[META],
                "total_programmed": v[TOTAL_PROG],
                "total_executed": v[TOTAL_EXEC],
                "n_readings": rec.n_readings,
                "raw_fields": "\t".join(row.fields).rstrip("\t"),
            }
        )
        for m in MONTHS:
            months.append(
                {
                    "report_id": rid,
                    "activity_id": activity_id,
                    "month_id": report.year * 100 + m,
                    "programmed": v[PROG[m - 1]],
                    "executed": v[EXEC[m - 1]],
                }
            )
        for q in QUARTERS:
            quarters.append(
                {
                    "report_id": rid,
                    "activity_id": activity_id,
                    "quarter": q,
                    "programmed": v[Q_PROG[q - 1]],
                    "executed": v[Q_EXEC[q - 1]],
                }
            )
        for finding in rec.findings:
            findings.append(
                {"report_id": rid, "page": row.page, "source_line": row.line, "rule": finding.rule, "detail": finding.detail}
            )
        for column, what in row.normalised:
            detail = f"{column}: {what}"
            findings.append(
                {"report_id": rid, "page": row.page, "source_line": row.line, "rule": NORMALISED_TEXT, "detail": detail}
            )
        for slot, values in rec.open_cells:
            measure, month, quarter = cell_of(slot)
            cell = {"report_id": rid, "page": row.page, "source_line": row.line, "slot": SLOT_NAMES[slot], "measure": measure}
            candidates += [{**cell, "month": month, "quarter": quarter, "candidate": v} for v in values]
    dim_month = typed_frame(
        "dim_month",
        pd.DataFrame(
            {
                "month_id": [report.year * 100 + m for m in MONTHS],
                "year": report.year,
                "month": list(MONTHS),
                "quarter": [quarter_of(m) for m in MONTHS],
                "month_name": list(MONTH_NAMES),
            }
        ),
    )
    return StarFrames(
        dim_entity=dim_entity,
        dim_report=dim_report,
        dim_unit=typed_frame(
            "dim_unit", [{"unit_id": i, "entity_id": entity.id, "unit_name": n} for n, i in units.items()]
        ),
        dim_activity=typed_frame("dim_activity", activities).drop_duplicates(ignore_index=True),
        dim_month=dim_month,
        fct_activity_row=typed_frame("fct_activity_row", rows),
        fct_activity_month=typed_frame("fct_activity_month", months),
        fct_activity_quarter=typed_frame("fct_activity_quarter", quarters),
        dq_finding=typed_frame("dq_finding", findings),
        dq_cell_candidate=typed_frame("dq_cell_candidate", candidates),
    )
