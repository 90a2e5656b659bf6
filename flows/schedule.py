"""The scheduled quarterly load: a flow over an inbox folder, and the served deployment that runs it.

`poi-etl serve` builds the deployment with `build_deployment()` and serves it: a Cron schedule
(default `0 6 20 1,4,7,10 *` in America/Lima: 06:00 on the 20th day after each quarter ends) starts
`poi-inbox-load`, which loads the inbox's report files through `poi-quarterly-load` in (year,
quarter) order. A file already loaded (same sha256) is skipped by the per-report flow, so each run
loads only what is new.
"""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.deployments.runner import RunnerDeployment
from prefect.exceptions import TerminationSignal
from prefect.runner import Runner
from prefect.schedules import Cron
from prefect.states import Completed, Failed
from prefect.types.entrypoint import EntrypointType

from flows import stopping
from flows.inputs import REPORT_SUFFIXES, listed_entities, plan_reports, report_files
from flows.lifeline import die_with_parent
from flows.report_flow import load_reports_flow
from flows.settings import DEFAULT_LOCK_WAIT, DEFAULT_SCHEDULE_CRON, DEFAULT_SCHEDULE_TZ
from transforms.entities import DEFAULT_CODE
from transforms.errors import PoiError, ReportError

DEPLOYMENT_NAME = "quarterly-inbox"
SERVE_PID = "POI_SERVE_PID"  # set by `poi-etl serve` for the flow runs its runner starts


@flow(name="poi-inbox-load", flow_run_name="inbox {inbox}")
def load_inbox_flow(
    inbox: str,
    warehouse: str,
    gx_dir: str,
    lock_wait: float = DEFAULT_LOCK_WAIT,
    entity: str = DEFAULT_CODE,
    entity_from_folder: bool = False,
    dashboard_bands: tuple[float, float] = (0.90, 0.70),
):
    """Load every report file of `inbox` that is not loaded yet (files already loaded are skipped).

    Reports belong to `entity`, or with `entity_from_folder` to the entity their sub-folder names
    (`inbox/MML/poi_2018_t1.pdf`); `entities.csv` beside the warehouse, read at each run, names them.
    The dashboard pages of the entities loaded are rebuilt with `dashboard_bands` (green, amber rates).
    """
    serving = os.environ.get(SERVE_PID, "")
    if serving.isdigit():  # a flow run of `poi-etl serve`: it ends (SIGTERM: rolled back) if serve is killed
        die_with_parent(int(serving), signal.SIGTERM)
    logger = get_run_logger()
    folder = Path(inbox)
    if not folder.is_dir():
        return Failed(message=f"{inbox}: inbox folder not found")
    try:
        listed = listed_entities(Path(warehouse).with_name("entities.csv"), required=False)
        reports = (
            [p.path for p in plan_reports([str(folder)], entity, True)] if entity_from_folder else report_files(folder)
        )
    except ReportError:  # no report files below the inbox
        reports = []
    except PoiError as err:
        return Failed(message=str(err))
    if not reports:
        logger.info("%s: no report files (%s); nothing to load", inbox, ", ".join("*" + s for s in REPORT_SUFFIXES))
        return Completed(message="inbox empty: nothing to load", data=[])
    logger.info("%s: %d report file(s)", inbox, len(reports))
    # the folder expands to its reports in (year, quarter) order inside the multi-report flow
    state = load_reports_flow(
        [str(folder)],
        warehouse,
        gx_dir,
        lock_wait,
        False,
        entity=entity,
        entity_from_folder=entity_from_folder,
        entities={code: {"name": e.name, "sector": e.sector, "ubigeo": e.ubigeo} for code, e in listed.items()},
        dashboard_bands=tuple(dashboard_bands),
        return_state=True,
    )
    outcomes = state.result(raise_on_failure=False)
    if not isinstance(outcomes, list):
        return Failed(message=f"{inbox}: the load crashed: {outcomes}")
    # a new state (not the subflow's own) so that the outcomes stay this run's result
    return (Failed if state.is_failed() else Completed)(message=state.message, data=outcomes)


def build_deployment(
    inbox: str | Path,
    warehouse: str | Path,
    gx_dir: str | Path,
    lock_wait: float = DEFAULT_LOCK_WAIT,
    cron: str = DEFAULT_SCHEDULE_CRON,
    timezone: str = DEFAULT_SCHEDULE_TZ,
    entity: str = DEFAULT_CODE,
    entity_from_folder: bool = False,
    name: str = DEPLOYMENT_NAME,
    dashboard_bands: tuple[float, float] = (0.90, 0.70),
) -> RunnerDeployment:
    """The served deployment of `poi-inbox-load`: Cron(`cron`, `timezone`), parameters bound to the paths."""
    return load_inbox_flow.to_deployment(
        name=name,
        schedules=[Cron(cron, timezone=timezone)],
        parameters={
            "inbox": str(Path(inbox).absolute()),
            "warehouse": str(Path(warehouse).absolute()),
            "gx_dir": str(Path(gx_dir).absolute()),
            "lock_wait": float(lock_wait),
            "entity": entity,
            "entity_from_folder": entity_from_folder,
            "dashboard_bands": list(dashboard_bands),
        },
        paused=False,  # a restarted `poi-etl serve` re-activates the schedule it paused on shutdown
        tags=["poi", "scheduled"],
        description=f"Load new POI reports from {Path(inbox).absolute()} on `{cron}` ({timezone}).",
        entrypoint_type=EntrypointType.MODULE_PATH,  # flows.schedule.load_inbox_flow: cwd-independent
    )


class _ServeRunner(Runner):
    """Prefect's runner, stopped by SIGTERM as by Ctrl-C (asyncio cancels its task); the signal is noted."""

    def handle_sigterm(self, *args, **kwargs) -> None:
        stopping.note(signal.SIGTERM)
        os.kill(os.getpid(), signal.SIGINT)


def serve_deployment(deployment: RunnerDeployment) -> None:
    """Register the deployment and run its scheduled flow runs until a signal stops it (blocks).

    On SIGINT or SIGTERM the runner stops its flow runs in progress (their load transactions roll
    back) and pauses the schedule; `flows.stopping.requested()` then says which signal it was.
    """
    os.environ[SERVE_PID] = str(os.getpid())
    runner = _ServeRunner(pause_on_shutdown=True)
    runner.add_deployment(deployment)
    print(f"serving {deployment.flow_name}/{deployment.name}; stop with Ctrl-C", flush=True)
    # asyncio's own Ctrl-C handling (Python's default SIGINT handler in place) cancels the runner's
    # task, so the runner stops its flow runs and its control channel in order
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        asyncio.run(runner.start())
    except (KeyboardInterrupt, TerminationSignal):
        stopping.note(signal.SIGINT)  # unless SIGTERM was noted first
    finally:
        signal.signal(signal.SIGINT, previous)
