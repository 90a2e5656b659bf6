"""The load audit: one row per attempt to load a report file."""

from __future__ import annotations

import duckdb
import pandas as pd

from warehouse.db import read_sql

AUDIT_COLUMNS = {
    "flow_run_id": "string",
    "entity_code": "string",
    "source_file": "string",
    "source_path": "string",
    "source_sha256": "string",
    "report_year": "Int64",
    "report_quarter": "Int64",
    "rows_in": "Int64",
    "rows_exact": "Int64",
    "rows_repaired": "Int64",
    "rows_ambiguous": "Int64",
    "rows_inconsistent": "Int64",
    "rows_unresolved": "Int64",
    "gate_summary": "string",
    "gate_failures": "string",
    "extract_seconds": "Float64",
    "transform_seconds": "Float64",
    "validate_seconds": "Float64",
    "load_seconds": "Float64",
    "outcome": "string",
    "error_message": "string",
    "started_at": "datetime64[us]",
    "finished_at": "datetime64[us]",
}


def audit_frame(record: dict) -> pd.DataFrame:
    """A one-row frame for `load_audit` from a plain record (missing keys become NULL)."""
    frame = pd.DataFrame([{column: record.get(column) for column in AUDIT_COLUMNS}])
    return frame.astype(AUDIT_COLUMNS)


def write_audit(con: duckdb.DuckDBPyConnection, frame: pd.DataFrame) -> None:
    con.register("staged_load_audit", frame)
    try:
        con.execute(read_sql("load/insert_audit.sql"))
    finally:
        con.unregister("staged_load_audit")


def load_committed(con: duckdb.DuckDBPyConnection, flow_run_id: str) -> bool:
    """True when the flow run's load committed (its `loaded` audit row is in the same transaction)."""
    return bool(con.execute(read_sql("load/audit_loaded_by_run.sql"), {"flow_run_id": flow_run_id}).fetchone()[0])
