"""The truth record of a rendered report (`truth.json`): what a reader of its files must return."""

from __future__ import annotations

import datetime
from collections.abc import Collection, Mapping

from devkit.render.layout import blocks
from devkit.render.spec import ReportSpec, RowSpec, broken_identities, expected_status, expected_values, footnotes
from devkit.render.style import Style
from transforms.slots import SLOT_NAMES


def report_truth(
    spec: ReportSpec,
    style: Style,
    *,
    slipped_rows: Collection[int] = (),
    files: Mapping[str, str] | None = None,
) -> dict[str, object]:
    """A JSON-ready record: period, footer, pages, style, files and per row its texts, values and status."""
    rows = []
    for i, row in enumerate(spec.rows):
        rows.append({
            "index": i,
            "mef_category": row.mef_category,
            "unit_name": row.unit_name,
            "activity_name": row.activity_name,
            "unit_of_measure": row.unit_of_measure,
            "cells": list(row.cells),
            "values": list(expected_values(row, spec.quarter)),
            "status": expected_status(row, spec.quarter),
            "violated": list(broken_identities(row, spec.quarter)),
            "slipped": i in slipped_rows,
            "footnotes": {str(slot): mark for slot, mark in footnotes(row).items()},
        })  # fmt: skip
    return {
        "year": spec.year,
        "quarter": spec.quarter,
        "source_date": spec.source_date.isoformat(),
        "source_label": spec.source_label,
        "pages": len(blocks(spec, style)),
        "style": style.as_dict(),
        "files": dict(files or {}),
        "slots": list(SLOT_NAMES),
        "rows": rows,
    }


def spec_from_truth(truth: Mapping[str, object]) -> ReportSpec:
    """The spec a truth record was written from (its rows' printed texts, period and footer)."""
    rows = tuple(
        RowSpec(r["mef_category"], r["unit_name"], r["activity_name"], r["unit_of_measure"], tuple(r["cells"]))
        for r in truth["rows"]  # type: ignore[union-attr]
    )
    date = datetime.date.fromisoformat(str(truth["source_date"]))
    return ReportSpec(int(truth["year"]), int(truth["quarter"]), date, rows, str(truth["source_label"]))  # type: ignore[arg-type]
