"""Column names and logical types of every table the transforms produce (one source of truth).

The frames are cast to these types, the gate checks them, and the warehouse DDL declares the same
columns; a test compares this with DuckDB's DESCRIBE.
"""

from __future__ import annotations

import pandas as pd

PANDAS_DTYPES = {"int": "Int64", "str": "string", "date": "datetime64[us]", "timestamp": "datetime64[us]"}

TABLES: dict[str, dict[str, str]] = {
    "dim_entity": {
        "entity_id": "int",
        "entity_code": "str",
        "entity_name": "str",
        "sector": "str",
        "ubigeo": "str",
    },
    "dim_report": {
        "report_id": "int",
        "entity_id": "int",
        "report_year": "int",
        "report_quarter": "int",
        "source_file": "str",
        "source_sha256": "str",
        "source_date": "date",
        "n_pages": "int",
        "n_rows": "int",
        "loaded_at": "timestamp",
    },
    "dim_unit": {"unit_id": "int", "entity_id": "int", "unit_name": "str"},
    "dim_activity": {
        "activity_id": "int",
        "unit_id": "int",
        "activity_name": "str",
        "mef_category": "str",
        "unit_of_measure": "str",
    },
    "dim_month": {"month_id": "int", "year": "int", "month": "int", "quarter": "int", "month_name": "str"},
    "fct_activity_row": {
        "report_id": "int",
        "activity_id": "int",
        "source_line": "int",
        "page": "int",
        "row_status": "str",
        "meta_anual": "int",
        "total_programmed": "int",
        "total_executed": "int",
        "n_readings": "int",
        "raw_fields": "str",
    },
    "fct_activity_month": {
        "report_id": "int",
        "activity_id": "int",
        "month_id": "int",
        "programmed": "int",
        "executed": "int",
    },
    "fct_activity_quarter": {
        "report_id": "int",
        "activity_id": "int",
        "quarter": "int",
        "programmed": "int",
        "executed": "int",
    },
    "dq_finding": {"report_id": "int", "page": "int", "source_line": "int", "rule": "str", "detail": "str"},
    "dq_cell_candidate": {
        "report_id": "int",
        "page": "int",
        "source_line": "int",
        "slot": "str",
        "measure": "str",
        "month": "int",
        "quarter": "int",
        "candidate": "int",
    },
}


def typed_frame(table: str, records: list[dict] | pd.DataFrame) -> pd.DataFrame:
    """A frame with exactly the table's columns, in order, cast to their declared dtypes."""
    columns = TABLES[table]
    frame = records if isinstance(records, pd.DataFrame) else pd.DataFrame.from_records(records, columns=list(columns))
    frame = frame.reindex(columns=list(columns))
    return frame.astype({c: PANDAS_DTYPES[kind] for c, kind in columns.items()})
