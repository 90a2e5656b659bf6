"""Prefect flows: one per report (extract -> check snapshot -> transform -> validate -> load) and one over many.

Expected failures (unreadable input, a blocking gate, a period loaded from another file) end the run
in a Failed state whose message is the one-line reason; they are not raised, so no traceback is
printed for a user's mistake. Every attempt leaves a row in `load_audit` (when a warehouse exists).
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from prefect import flow, get_run_logger, tags, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
from prefect.states import Completed, Failed, State
from prefect.utilities.annotations import quote

from flows import stages, stopping
from flows.artifacts import publish_report, publish_summary
from flows.dashboard.after_run import refresh_after_run
from flows.inputs import Planned, check_one_file_per_period, peek_period, plan_reports
from flows.journal import JOURNAL
from flows.paths import display_path, local_path, portable_path
from flows.stages import GateBlocked
from transforms.entities import DEFAULT_CODE, Entity, describe
from transforms.errors import PoiError
from transforms.readings import native_core
from transforms.recovery import STATUSES
from warehouse.audit import audit_frame
from warehouse.errors import WarehouseError
from warehouse.integrity import require_usable


@dataclass
class ReportOutcome:
    """What happened to one report file; the CLI prints it and `load_audit` keeps it."""

    path: str
    outcome: str  # loaded | skipped | blocked | failed
    message: str = ""
    entity_code: str | None = DEFAULT_CODE  # None: the file's entity could not be told
    report_year: int | None = None
    report_quarter: int | None = None
    source_sha256: str | None = None
    rows_in: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    gate: str = ""
    gate_failures: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    exit_code: int = 0
    flow_run_id: str | None = None
    started_at: datetime = field(default_factory=datetime.now)
    dashboard: str = ""  # the entity's dashboard page, when the run refreshed it

    def audit_record(self) -> dict:
        record = {
            "flow_run_id": self.flow_run_id,
            "entity_code": self.entity_code,
            "source_file": Path(self.path).name,
            "source_path": self.path,
            "source_sha256": self.source_sha256,
            "report_year": self.report_year,
            "report_quarter": self.report_quarter,
            "rows_in": self.rows_in,
            "gate_summary": self.gate or None,
            "gate_failures": "\n".join(self.gate_failures) or None,
            "outcome": self.outcome,
            "error_message": self.message or None,
            "started_at": self.started_at,
            "finished_at": datetime.now(),
        }
        record |= {f"rows_{s}": self.status_counts.get(s, 0) for s in STATUSES}
        record |= {
            f"{stage}_seconds": self.timings.get(stage) for stage in ("extract", "transform", "validate", "load")
        }
        return record


class _StageFailed(Exception):
    pass


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
snapshot_task = _stage_task("check-snapshot", stages.snapshot_decision)
transform_task = _stage_task("transform", stages.transform)
validate_task = _stage_task("validate", stages.validate)
load_task = _stage_task("load", stages.load)
audit_task = _stage_task("audit", stages.record_audit)


_PLAIN = (str, int, float, bool, Path, type(None))


def _run_stage(outcome: ReportOutcome, name: str, stage, *args, **kwargs):
    """Run a stage task; big inputs are quoted so Prefect neither walks nor hashes them."""
    started = time.perf_counter()
    JOURNAL.reached(name, flow_run_id=outcome.flow_run_id)
    args = tuple(a if isinstance(a, _PLAIN) else quote(a) for a in args)
    state: State = stage(*args, return_state=True, **kwargs)
    outcome.timings[name] = round(time.perf_counter() - started, 3)
    stopping.check()  # a signal inside DuckDB comes out as its "Query interrupted" error: stop, not fail
    if not state.is_failed():
        return state.result()
    error = state.result(raise_on_failure=False)
    if isinstance(error, GateBlocked):
        outcome.outcome = "blocked"
        outcome.gate = error.gate.summary()
        outcome.gate_failures = [f.describe() for f in error.gate.blocking_failures]
    outcome.exit_code = getattr(error, "exit_code", 1)
    if isinstance(error, PoiError):
        raise _StageFailed(str(error))
    raise _StageFailed(f"{outcome.path}: internal error during {name}: {type(error).__name__}: {error}")


def _finish(outcome: ReportOutcome, warehouse: Path, lock_wait: float) -> None:
    """Audit an attempt that wrote nothing; an audit failure is logged, never fatal."""
    JOURNAL.reached("audit", message=outcome.message if outcome.outcome != "skipped" else "")
    state = audit_task(warehouse, quote(audit_frame(outcome.audit_record())), lock_wait, return_state=True)
    if state.is_failed():
        get_run_logger().warning("audit row not written: %s", state.message)
    publish_summary(outcome)


def _report_run_name() -> str:
    return f"load {Path(display_path(local_path(flow_run.parameters['report_path']))).name}"


@flow(name="load-poi-report", flow_run_name=_report_run_name)
def load_report_flow(
    report_path: str,
    warehouse: str,
    gx_dir: str,
    lock_wait: float = 0.0,
    replace: bool = False,
    reload: bool = False,
    entity: dict | None = None,
    docs_index: bool = True,
) -> ReportOutcome:
    """Extract, check the snapshot, transform, validate and load one report of `entity` (code, name,
    sector, ubigeo; default: the default entity) into the warehouse. Without `docs_index`, the Data
    Docs' index page is left to the caller (a run of many reports renders it once, at its end).

    `report_path` is a `portable_path` (any file name the OS allows survives Prefect's parameters).
    """
    logger = get_run_logger()
    path = local_path(report_path)
    owner = Entity(**entity) if entity else Entity(DEFAULT_CODE)
    outcome = ReportOutcome(
        path=display_path(path), outcome="failed", entity_code=owner.code, flow_run_id=str(flow_run.id)
    )
    warehouse_path = Path(warehouse)
    try:
        extracted = _run_stage(outcome, "extract", extract_task, path, owner)
        report = extracted.report
        outcome.report_year, outcome.report_quarter = report.year, report.quarter
        JOURNAL.reached("extract", period=(report.year, report.quarter))
        outcome.source_sha256, outcome.rows_in = extracted.sha256, len(report.rows)
        decision = _run_stage(
            outcome,
            "check-snapshot",
            snapshot_task,
            extracted,
            warehouse_path,
            replace,
            lock_wait,
            logger.warning,
            reload,
        )
        if decision == "same":
            return _skipped(outcome, warehouse_path, lock_wait)
        frames = _run_stage(outcome, "transform", transform_task, extracted)
        outcome.status_counts = frames.status_counts()
        logger.info("%s: %d rows, status %s", report.source_file, outcome.rows_in, outcome.status_counts)
        if native_core() is None:
            logger.warning(
                "recovery ran on the pure-Python engine (transforms._search not built): same results, slower"
            )
        run_name = f"{report.year}-Q{report.quarter}-{extracted.sha256[:12]}"
        gate = _run_stage(outcome, "validate", validate_task, frames, Path(gx_dir), run_name, docs_index)
        outcome.gate = gate.summary()
        outcome.warnings = [w.describe() for w in gate.warnings]
        for warning in outcome.warnings:
            logger.warning("gate warning: %s", warning)
        outcome.outcome = "loaded"
        audit = audit_frame(outcome.audit_record())
        result = _run_stage(
            outcome, "load", load_task, frames, warehouse_path, lock_wait, logger.warning, replace, audit, reload
        )
        if result.outcome == "skipped":  # another process loaded this very file meanwhile
            return _skipped(outcome, warehouse_path, lock_wait)
        if result.note:
            logger.warning("%s", result.note)
            outcome.warnings.append(result.note)
    except _StageFailed as failed:
        if outcome.outcome == "loaded":
            outcome.outcome = "failed"
        outcome.message = str(failed)
    if outcome.message:  # outside the except block: task logs there would carry its traceback
        logger.error("%s", outcome.message)
        _finish(outcome, warehouse_path, lock_wait)
        return Failed(message=outcome.message, data=outcome)
    publish_summary(outcome)
    publish_report(frames, gate.docs_path)
    return outcome


def _skipped(outcome: ReportOutcome, warehouse: Path, lock_wait: float) -> ReportOutcome:
    outcome.outcome = "skipped"
    name = Path(outcome.path).name
    outcome.message = f"{name}: already loaded (same sha256): nothing to do (--reload reads it again)"
    get_run_logger().info("%s", outcome.message)
    _finish(outcome, warehouse, lock_wait)
    return outcome


def _progress_line(index: int, total: int, outcome: ReportOutcome, seconds: float) -> str:
    period = f"{outcome.report_year} Q{outcome.report_quarter}" if outcome.report_year else "?"
    if outcome.entity_code not in (DEFAULT_CODE, None):
        period = f"{outcome.entity_code} {period}"
    counts = ", ".join(f"{k} {v}" for k, v in sorted(outcome.status_counts.items()))
    detail = f"{outcome.rows_in} rows: {counts}" if counts else outcome.message
    return f"[{index}/{total}] {Path(outcome.path).name} [{period}]: {outcome.outcome} in {seconds:.1f}s — {detail}"


@flow(name="poi-quarterly-load")
def load_reports_flow(
    report_paths: list[str],
    warehouse: str,
    gx_dir: str,
    lock_wait: float = 0.0,
    replace: bool = False,
    progress: bool = True,
    reload: bool = False,
    last_wins: bool = False,
    entity: str = DEFAULT_CODE,
    entity_from_folder: bool = False,
    entities: dict[str, dict] | None = None,
    dashboard_bands: tuple[float, float] = (0.90, 0.70),
) -> list:
    """Load report files (folders expand to their reports in (entity, year, quarter) order); one bad
    file does not stop the others.

    `report_paths` are `portable_path`s. Each file belongs to `entity`, or with `entity_from_folder`
    to the entity its parent folder names; `entities` (code -> name, sector, ubigeo) names them. With
    `replace`, several files for one (entity, period) are refused before anything loads, unless
    `last_wins` says to load them in order (the last one stays). A warehouse that is not ours or is
    damaged is refused before any report writes into it. At the end, the dashboard pages of the entities
    loaded (or found loaded) and the index are rebuilt with `dashboard_bands` (green, amber rates).
    """
    listed = {code: Entity(code, **fields) for code, fields in (entities or {}).items()}
    try:
        planned = plan_run(report_paths, warehouse, lock_wait, replace, last_wins, entity, entity_from_folder)
    except PoiError as err:
        return refused_run(report_paths, err)
    outcomes: list[ReportOutcome] = []
    for index, item in enumerate(planned, start=1):
        path = item.path
        stopping.check()
        JOURNAL.begin(index - 1)
        started = time.perf_counter()
        if item.entity is None:
            result = unowned_outcome(item)
        else:
            owner = describe(item.entity, listed)
            with subflow_context(item):
                state = load_report_flow(
                    portable_path(path), warehouse, gx_dir, lock_wait, replace, reload, asdict(owner),
                    docs_index=False, return_state=True,
                )  # fmt: skip
            result = state.result(raise_on_failure=False)
        outcomes.append(finish_report(index, len(planned), path, result, started, progress))
    if any(o.gate for o in outcomes):
        _render_docs_index(Path(gx_dir))
    refresh_after_run(outcomes, Path(warehouse), dashboard_bands, lock_wait)
    return run_state(outcomes)


def _render_docs_index(gx_dir: Path) -> None:
    try:
        stages.render_docs_index(gx_dir)
    except WarehouseError as err:  # the reports are loaded; only the Data Docs' index page is stale
        get_run_logger().warning("Data Docs index not rendered: %s", err)


def plan_run(report_paths, warehouse: str, lock_wait: float, replace: bool, last_wins: bool, entity: str,
             entity_from_folder: bool) -> list[Planned]:  # fmt: skip
    """The run's reports in load order (journal planned); PoiError when the run cannot start."""
    planned = plan_reports([local_path(p) for p in report_paths], entity, entity_from_folder)
    paths = [p.path for p in planned]
    if replace and not last_wins:
        check_one_file_per_period(paths, {p.path: p.entity or "" for p in planned})
    require_usable(Path(warehouse), lock_wait, get_run_logger().warning)  # before any report writes
    JOURNAL.plan(paths)
    return planned


def refused_run(report_paths, err: PoiError) -> State:
    outcome = ReportOutcome(path=str(report_paths), outcome="failed", message=str(err), exit_code=err.exit_code)
    return Failed(message=str(err), data=[outcome])


def unowned_outcome(item: Planned) -> ReportOutcome:
    """A file whose folder does not name an entity: refused with the reason."""
    shown = display_path(item.path)
    return ReportOutcome(path=shown, outcome="failed", message=f"{shown}: {item.problem}", entity_code=None, exit_code=2)


@contextmanager
def subflow_context(item: Planned):
    """Tags of a report's flow run (entity, year, quarter); the parent's heartbeat covers its subflows
    (a subflow's own heartbeat thread costs ~1 s at exit)."""
    period = peek_period(Path(item.path))
    run_tags = [f"entity:{item.entity}"] + ([f"year:{period[0]}", f"quarter:{period[1]}"] if period else [])
    with tags(*run_tags), temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}):
        yield


def finish_report(index: int, total: int, path: str, result, started: float, progress: bool) -> ReportOutcome:
    """The report's outcome (a crashed run becomes a failed one), journaled and printed as progress."""
    if not isinstance(result, ReportOutcome):
        shown = display_path(path)
        result = ReportOutcome(path=shown, outcome="failed", message=f"{shown}: {result}", exit_code=1)
    JOURNAL.finish(result.outcome, result.message)
    if progress:
        print(_progress_line(index, total, result, time.perf_counter() - started), flush=True)
    return result


def run_state(outcomes: list[ReportOutcome]) -> State:
    failed = [o for o in outcomes if o.outcome not in ("loaded", "skipped")]
    if failed:
        return Failed(message=f"{len(failed)} of {len(outcomes)} reports not loaded", data=outcomes)
    return Completed(message=f"{len(outcomes)} reports loaded or already loaded", data=outcomes)
