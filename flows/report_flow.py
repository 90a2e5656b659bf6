"""Prefect flows: one per report (extract -> transform -> validate -> load) and one over many reports.

Expected failures (unreadable input, a blocking gate) end the run in a Failed state whose message is
the one-line reason; they are not raised, so no traceback is printed for a user's mistake.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.states import Completed, Failed, State

from flows import stages
from poi_warehouse.errors import GateBlocked, PoiError


@dataclass
class ReportOutcome:
    """What happened to one report file; the CLI prints it and the audit keeps it."""

    path: str
    outcome: str  # loaded | blocked | failed
    message: str = ""
    report_year: int | None = None
    report_quarter: int | None = None
    rows_in: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    gate: str = ""
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    exit_code: int = 0


def _stage_task(name: str, fn):
    """A task around a stage that turns expected errors into a Failed state carrying the error."""

    @task(name=name, cache_policy=NO_CACHE)
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except PoiError as err:
            return Failed(message=str(err), data=err)

    return run


extract_task = _stage_task("extract", stages.extract)
transform_task = _stage_task("transform", stages.transform)
validate_task = _stage_task("validate", stages.validate)
load_task = _stage_task("load", stages.load)


def _run_stage(outcome: ReportOutcome, name: str, stage, *args, **kwargs):
    started = time.perf_counter()
    state: State = stage(*args, return_state=True, **kwargs)
    outcome.timings[name] = round(time.perf_counter() - started, 3)
    if state.is_failed():
        error = state.result(raise_on_failure=False)
        if isinstance(error, GateBlocked):
            outcome.outcome = "blocked"
            outcome.gate = error.gate.summary()
        outcome.exit_code = getattr(error, "exit_code", 1)
        if isinstance(error, PoiError):
            raise _StageFailed(str(error))
        raise _StageFailed(f"{outcome.path}: internal error during {name}: {type(error).__name__}: {error}")
    return state.result()


class _StageFailed(Exception):
    pass


def _publish(outcome: ReportOutcome) -> None:
    rows = [{"metric": "file", "value": outcome.path}, {"metric": "outcome", "value": outcome.outcome}]
    rows += [{"metric": f"rows {k}", "value": v} for k, v in sorted(outcome.status_counts.items())]
    rows += [{"metric": "gate", "value": outcome.gate}]
    rows += [{"metric": f"seconds {k}", "value": v} for k, v in outcome.timings.items()]
    create_table_artifact(key="load-summary", table=rows, description=f"Load summary: {Path(outcome.path).name}")
    if outcome.warnings:
        body = "\n".join(f"- {w}" for w in outcome.warnings)
        create_markdown_artifact(key="gate-warnings", markdown=f"# Gate warnings\n\n{body}\n")


def _report_run_name() -> str:
    from prefect.runtime import flow_run

    return f"load {Path(flow_run.parameters['report_path']).name}"


@flow(name="load-poi-report", flow_run_name=_report_run_name)
def load_report_flow(report_path: str, warehouse: str, gx_dir: str, lock_wait: float = 0.0) -> ReportOutcome:
    """Extract, transform, validate and load one report into the warehouse."""
    logger = get_run_logger()
    outcome = ReportOutcome(path=report_path, outcome="failed")
    try:
        extracted = _run_stage(outcome, "extract", extract_task, report_path)
        report = extracted.report
        outcome.report_year, outcome.report_quarter = report.year, report.quarter
        outcome.rows_in = len(report.rows)
        frames = _run_stage(outcome, "transform", transform_task, extracted)
        outcome.status_counts = frames.status_counts()
        logger.info("%s: %d rows, status %s", report.source_file, outcome.rows_in, outcome.status_counts)
        run_name = f"{report.year}-Q{report.quarter}-{extracted.sha256[:12]}"
        gate = _run_stage(outcome, "validate", validate_task, frames, Path(gx_dir), run_name)
        outcome.gate = gate.summary()
        outcome.warnings = [w.describe() for w in gate.warnings]
        for warning in outcome.warnings:
            logger.warning("gate warning: %s", warning)
        _run_stage(outcome, "load", load_task, frames, Path(warehouse), lock_wait, logger.warning)
    except _StageFailed as failed:
        outcome.message = str(failed)
        logger.error("%s", outcome.message)
        _publish(outcome)
        return Failed(message=outcome.message, data=outcome)
    outcome.outcome = "loaded"
    _publish(outcome)
    return outcome


@flow(name="poi-quarterly-load")
def load_reports_flow(report_paths: list[str], warehouse: str, gx_dir: str, lock_wait: float = 0.0) -> list:
    """Load several reports one after another; one bad file does not stop the others."""
    outcomes: list[ReportOutcome] = []
    for path in report_paths:
        state = load_report_flow(path, warehouse, gx_dir, lock_wait, return_state=True)
        result = state.result(raise_on_failure=False)
        if not isinstance(result, ReportOutcome):
            result = ReportOutcome(path=path, outcome="failed", message=f"{path}: {result}", exit_code=1)
        outcomes.append(result)
    failed = [o for o in outcomes if o.outcome != "loaded"]
    if failed:
        return Failed(message=f"{len(failed)} of {len(outcomes)} reports not loaded", data=outcomes)
    return Completed(message=f"{len(outcomes)} reports loaded", data=outcomes)
