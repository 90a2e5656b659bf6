"""The lines of a run stopped by a signal: one per report, from the journal and the warehouse's audit."""

from __future__ import annotations

from flows.journal import Journal, stopped_lines
from flows.report_flow import ReportOutcome
from warehouse.audit import audit_frame, write_audit
from warehouse.db import connection, migrate


def _warehouse_with_loaded_run(path, flow_run_id: str):
    with connection(path) as con:
        migrate(con)
        for run, outcome in ((flow_run_id, "loaded"), ("refused-run", "failed")):
            record = ReportOutcome(path=f"{run}.txt", outcome=outcome, flow_run_id=run).audit_record()
            write_audit(con, audit_frame(record))
    return path


def test_one_line_per_report_saying_what_happened(warehouse_path):
    warehouse = _warehouse_with_loaded_run(warehouse_path, "committed-run")
    journal = Journal()
    journal.plan(["q1.txt", "q2.txt", "q3.txt", "q4.txt", "bad.txt", "q5.txt"])
    journal.begin(0)
    journal.reached("extract", period=(2017, 1))
    journal.finish("loaded")
    journal.begin(1)
    journal.reached("load", flow_run_id="committed-run", period=(2017, 2))  # committed, then the signal
    journal.begin(2)
    journal.reached("load", flow_run_id="rolled-back-run", period=(2017, 3))
    journal.begin(3)
    journal.reached("validate", flow_run_id="refused-run", period=(2017, 4))
    journal.begin(4)
    journal.reached("audit", message="bad.txt:3: missing report title")
    assert stopped_lines(journal, warehouse, "SIGINT") == [
        "stopped by SIGINT: q1.txt [2017 Q1]: loaded",
        "stopped by SIGINT: q2.txt [2017 Q2]: loaded (its load committed before the signal)",
        "stopped by SIGINT: q3.txt [2017 Q3]: rolled back, not loaded (its load had not committed; "
        "the warehouse keeps what it had)",
        "stopped by SIGINT: q4.txt [2017 Q4]: not loaded: stopped during validate, nothing written",
        "stopped by SIGINT: bad.txt: not loaded: bad.txt:3: missing report title",
        "stopped by SIGINT: q5.txt: not started",
    ]


def test_a_failed_audit_row_is_not_a_load(warehouse_path):
    warehouse = _warehouse_with_loaded_run(warehouse_path, "committed-run")
    journal = Journal()
    journal.plan(["x.txt"])
    journal.begin(0)
    journal.reached("load", flow_run_id="refused-run")
    assert stopped_lines(journal, warehouse, "SIGTERM") == [
        "stopped by SIGTERM: x.txt: rolled back, not loaded "
        "(its load had not committed; the warehouse keeps what it had)"
    ]


def test_without_a_warehouse_nothing_was_loaded(tmp_path):
    journal = Journal()
    journal.plan(["x.txt"])
    journal.begin(0)
    journal.reached("load", flow_run_id="any")
    [line] = stopped_lines(journal, tmp_path / "none.duckdb", "SIGINT")
    assert line.endswith("rolled back, not loaded (its load had not committed; the warehouse keeps what it had)")
