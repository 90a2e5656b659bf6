"""The scheduled quarterly load: a flow over an inbox folder, and the served deployment that runs it.

`poi-etl serve` builds the deployment with `build_deployment()` and serves it: a Cron schedule
(default `0 6 20 1,4,7,10 *` in America/Lima: 06:00 on the 20th day after each quarter ends) starts
`poi-inbox-load`, which loads the inbox's report files through `poi-quarterly-load` in (year,
quarter) order. A file already loaded (same sha256) is skipped by the per-report flow, so each run
loads only what is new.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.deployments.runner import RunnerDeployment
from prefect.schedules import Cron
from prefect.states import Completed, Failed
from prefect.types.entrypoint import EntrypointType

from flows.inputs import REPORT_SUFFIXES, report_files
from flows.report_flow import load_reports_flow
from poi_warehouse.cli_ops import DEFAULT_SCHEDULE_CRON, DEFAULT_SCHEDULE_TZ

DEPLOYMENT_NAME = "quarterly-inbox"


@flow(name="poi-inbox-load", flow_run_name="inbox {inbox}")
def load_inbox_flow(inbox: str, warehouse: str, gx_dir: str, lock_wait: float = 120.0):
    """Load every report file of `inbox` that is not loaded yet (files already loaded are skipped)."""
    logger = get_run_logger()
    folder = Path(inbox)
    if not folder.is_dir():
        return Failed(message=f"{inbox}: inbox folder not found")
    reports = report_files(folder)
    if not reports:
        logger.info("%s: no report files (%s); nothing to load", inbox, ", ".join("*" + s for s in REPORT_SUFFIXES))
        return Completed(message="inbox empty: nothing to load", data=[])
    logger.info("%s: %d report file(s)", inbox, len(reports))
    # the folder expands to its reports in (year, quarter) order inside the multi-report flow
    state = load_reports_flow([str(folder)], warehouse, gx_dir, lock_wait, False, return_state=True)
    outcomes = state.result(raise_on_failure=False)
    if not isinstance(outcomes, list):
        return Failed(message=f"{inbox}: the load crashed: {outcomes}")
    # a new state (not the subflow's own) so that the outcomes stay this run's result
    return (Failed if state.is_failed() else Completed)(message=state.message, data=outcomes)


def build_deployment(
    inbox: str | Path,
    warehouse: str | Path,
    gx_dir: str | Path,
    lock_wait: float = 120.0,
    cron: str = DEFAULT_SCHEDULE_CRON,
    timezone: str = DEFAULT_SCHEDULE_TZ,
    name: str = DEPLOYMENT_NAME,
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
        },
        paused=False,  # a restarted `poi-etl serve` re-activates the schedule it paused on shutdown
        tags=["poi", "scheduled"],
        description=f"Load new POI reports from {Path(inbox).absolute()} on `{cron}` ({timezone}).",
        entrypoint_type=EntrypointType.MODULE_PATH,  # flows.schedule.load_inbox_flow: cwd-independent
    )


def serve_deployment(deployment: RunnerDeployment) -> None:
    """Register the deployment and run its scheduled flow runs until interrupted (blocks)."""
    from prefect import serve

    serve(deployment, print_starting_message=True)
