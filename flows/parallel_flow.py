"""`poi-etl run --workers N`: reports prepared in parallel on a Dask cluster, loaded by one writer.

The parent flow plans the run as a serial one does, then submits one `prepare` task per report to
Prefect's `DaskTaskRunner` (a local cluster of N worker processes, or the scheduler at an address):
extract, transform and the gate's check, the frames staged as Parquet (flows/prepare.py). The parent
takes the results in load order ((entity, year, quarter), as planned) and runs for each a
`load-poi-report` flow run in its own process: check-snapshot, validate (record the checked gate in
the Data Docs, then its verdict), load (one transaction, the same loader as a serial run). So the
warehouse has one writer, and every report is refused, skipped or loaded as a serial run would. The
Data Docs' suites and index are rendered once, at the end.

Only paths and small results cross process boundaries. A file whose (entity, sha256) is loaded
already is only extracted by its worker (a serial run skips it after its extract too); should an
earlier file of the run have replaced that snapshot meanwhile, the writer prepares it itself.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from contextlib import suppress
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import Failed

from expectations.gate import GateResult
from flows import stages, stopping
from flows.artifacts import publish_findings, publish_summary
from flows.dashboard.after_run import refresh_after_run
from flows.inputs import Planned
from flows.journal import JOURNAL
from flows.paths import display_path, local_path, portable_path
from flows.prepare import Prepared, prepare
from flows.report_flow import (
    ReportOutcome,
    _finish,
    _report_run_name,
    _run_stage,
    _skipped,
    _stage_task,
    _StageFailed,
    finish_report,
    load_reports_flow,
    load_task,
    plan_run,
    refused_run,
    run_state,
    subflow_context,
    unowned_outcome,
)
from transforms.entities import DEFAULT_CODE, Entity, describe
from transforms.errors import PoiError
from warehouse.audit import audit_frame
from warehouse.db import connection, migrate
from warehouse.errors import WarehouseError
from warehouse.loader import loaded_files
from warehouse.staging import remove_leftovers, remove_run_folder, run_folder

prepare_task = task(name="prepare", cache_policy=NO_CACHE)(prepare)


def record_and_judge(gate: GateResult, source_file: str, gx_dir: Path) -> GateResult:
    """Record a gate checked elsewhere (its results; suites and index come at the end), then judge it."""
    return stages.gate_verdict(source_file, stages.record_checked(gate, gx_dir, suites=False, index=False))


period_task = _stage_task("check-snapshot", stages.period_decision)
judge_task = _stage_task("validate", record_and_judge)

_HANDOFF: dict[str, Prepared] = {}  # parent -> its report's flow run, in-process (parameters go to the API as JSON)


def quarterly_flow(workers: int = 1, address: str | None = None):
    """The `poi-quarterly-load` flow to call: the serial one for one worker and no address."""
    if workers <= 1 and not address:
        return load_reports_flow
    return load_reports_parallel_flow.with_options(task_runner=task_runner(workers, address))


def task_runner(workers: int, address: str | None = None):
    """Prefect's Dask task runner: the scheduler at `address`, else a local cluster of `workers`
    single-threaded processes (they exit with this process: distributed's own parent watch) that leave
    a terminal's Ctrl-C to this process (flows/dask_worker_setup.py). Dask's own loggers speak from
    WARNING up: its INFO lines (workers registering, comms closing, the tracebacks it attaches to a comm
    closed during shutdown) are not the operator's business."""
    from prefect_dask import DaskTaskRunner

    logging.getLogger("distributed").setLevel(logging.WARNING)

    if address:
        return DaskTaskRunner(address=address)
    cluster = {"n_workers": workers, "threads_per_worker": 1, "processes": True, "dashboard_address": None,
               "preload": ["flows.dask_worker_setup"]}  # fmt: skip
    return DaskTaskRunner(cluster_kwargs=cluster)


def _replay_failure(outcome: ReportOutcome, prepared: Prepared) -> None:
    outcome.timings.update(prepared.timings)
    outcome.exit_code = prepared.exit_code
    raise _StageFailed(prepared.message)


@flow(name="load-poi-report", flow_run_name=_report_run_name)
def load_prepared_flow(
    report_path: str,
    warehouse: str,
    gx_dir: str,
    staging: str,
    handoff: str,
    lock_wait: float = 0.0,
    replace: bool = False,
    reload: bool = False,
) -> ReportOutcome:
    """Check the snapshot of, record the gate of and load one report a worker prepared (handed over
    in-process under the key `handoff`), replaying its stages in the serial order."""
    logger = get_run_logger()
    prepared = _HANDOFF.pop(handoff)
    outcome = ReportOutcome(
        path=prepared.path, outcome="failed", entity_code=prepared.entity.code, flow_run_id=str(flow_run.id)
    )
    warehouse_path = Path(warehouse)
    JOURNAL.reached("extract", flow_run_id=outcome.flow_run_id)
    try:
        if prepared.failed_stage == "extract":
            _replay_failure(outcome, prepared)
        outcome.report_year, outcome.report_quarter = prepared.report_year, prepared.report_quarter
        JOURNAL.reached("extract", period=(prepared.report_year, prepared.report_quarter))
        outcome.source_sha256, outcome.rows_in = prepared.sha256, prepared.rows_in
        decision = _run_stage(
            outcome, "check-snapshot", period_task, prepared.report_id, prepared.source_file, prepared.sha256,
            warehouse_path, replace, lock_wait, logger.warning, reload,
        )  # fmt: skip
        if decision == "same":
            return _skipped(outcome, warehouse_path, lock_wait)
        if not prepared.complete:  # expected to be loaded, but an earlier file of the run replaced it
            prepared = prepare(local_path(report_path), prepared.path, prepared.entity, Path(staging))
        if prepared.failed_stage:
            _replay_failure(outcome, prepared)
        outcome.timings.update(prepared.timings)
        outcome.status_counts = prepared.status_counts
        logger.info("%s: %d rows, status %s", prepared.source_file, outcome.rows_in, outcome.status_counts)
        gate = _run_stage(outcome, "validate", judge_task, prepared.gate, prepared.source_file, Path(gx_dir))
        outcome.timings["validate"] = round(outcome.timings["validate"] + prepared.timings.get("validate", 0.0), 3)
        outcome.gate = gate.summary()
        outcome.warnings = [w.describe() for w in gate.warnings]
        for warning in outcome.warnings:
            logger.warning("gate warning: %s", warning)
        outcome.outcome = "loaded"
        audit = audit_frame(outcome.audit_record())
        result = _run_stage(
            outcome,
            "load",
            load_task,
            prepared.staged,
            warehouse_path,
            lock_wait,
            logger.warning,
            replace,
            audit,
            reload,
        )
        if result.outcome == "skipped":
            return _skipped(outcome, warehouse_path, lock_wait)
        if result.note:
            logger.warning("%s", result.note)
            outcome.warnings.append(result.note)
    except _StageFailed as failed:
        if outcome.outcome == "loaded":
            outcome.outcome = "failed"
        outcome.message = str(failed)
    if outcome.message:
        logger.error("%s", outcome.message)
        _finish(outcome, warehouse_path, lock_wait)
        return Failed(message=outcome.message, data=outcome)
    publish_summary(outcome)
    publish_findings(prepared.findings, prepared.n_findings, prepared.execution_rate, gate.docs_path)
    return outcome


@flow(name="poi-quarterly-load")
def load_reports_parallel_flow(
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
    """`load_reports_flow` with each report prepared by the flow's task runner (a Dask cluster)."""
    listed = {code: Entity(code, **fields) for code, fields in (entities or {}).items()}
    try:
        planned = plan_run(report_paths, warehouse, lock_wait, replace, last_wins, entity, entity_from_folder)
    except PoiError as err:
        return refused_run(report_paths, err)
    warehouse_path = Path(warehouse)
    remove_leftovers(warehouse_path)
    staging = run_folder(warehouse_path, str(flow_run.id))
    staging.mkdir(parents=True, exist_ok=True)  # workers write only inside it: once removed, nothing lands
    known = set() if reload else _loaded_files(warehouse_path, lock_wait)
    futures = {}
    outcomes: list[ReportOutcome] = []
    try:
        for index, item in enumerate(planned):
            if item.entity is not None:
                owner = describe(item.entity, listed)
                expected = (owner.code, _sha256(item.path)) in known
                args = (os.path.abspath(item.path), display_path(item.path), owner, staging / f"{index:06d}", expected)
                futures[index] = prepare_task.submit(*args)
        gate = None
        for index, item in enumerate(planned, start=1):
            stopping.check()
            JOURNAL.begin(index - 1)
            started = time.perf_counter()
            if item.entity is None:
                result = unowned_outcome(item)
            else:
                prepared = _take(futures.pop(index - 1), item, describe(item.entity, listed))
                gate = prepared.gate or gate
                _HANDOFF[str(index)] = prepared
                with subflow_context(item):
                    state = load_prepared_flow(
                        portable_path(item.path), warehouse, gx_dir, str(staging / f"{index - 1:06d}"), str(index),
                        lock_wait, replace, reload, return_state=True,
                    )  # fmt: skip
                _HANDOFF.pop(str(index), None)
                shutil.rmtree(staging / f"{index - 1:06d}", ignore_errors=True)  # loaded or refused: not needed
                result = state.result(raise_on_failure=False)
            outcomes.append(finish_report(index, len(planned), item.path, result, started, progress))
        if gate is not None:
            _render_suites_and_index(gate, Path(gx_dir))
    finally:
        for future in futures.values():  # a stopped run: reports not taken yet
            with suppress(Exception):
                future.cancel()
        remove_run_folder(staging)
    refresh_after_run(outcomes, warehouse_path, dashboard_bands, lock_wait)
    return run_state(outcomes)


def _take(future, item: Planned, owner: Entity) -> Prepared:
    """The worker's Prepared; a task that crashed (its worker died) becomes a failed report."""
    shown = display_path(item.path)
    try:
        prepared = future.result()
    except Exception as err:
        reason = f"{type(err).__name__}: {err}".splitlines()[0]
        return Prepared(shown, owner, failed_stage="extract", exit_code=1,
                        message=f"{shown}: internal error during prepare: {reason}")  # fmt: skip
    if isinstance(prepared, Prepared):
        return prepared
    return Prepared(
        shown, owner, failed_stage="extract", exit_code=1, message=f"{shown}: prepare returned {prepared!r}"
    )


def _render_suites_and_index(gate: GateResult, gx_dir: Path) -> None:
    try:
        stages.record_checked(GateResult(suites=gate.suites), gx_dir, suites=True, index=True)
    except WarehouseError as err:  # the reports are loaded; only their Data Docs pages are missing
        get_run_logger().warning("Data Docs index not rendered: %s", err)


def _loaded_files(warehouse: Path, lock_wait: float) -> set[tuple[str, str]]:
    if not warehouse.exists():
        return set()
    with connection(warehouse, wait_seconds=lock_wait) as con:
        migrate(con)
        return loaded_files(con)


def _sha256(path: str) -> str | None:
    """The file's sha256, None when it cannot be read (its worker then says why)."""
    try:
        data = stages.read_report_bytes(path)
    except PoiError:
        return None
    return hashlib.sha256(data).hexdigest()
