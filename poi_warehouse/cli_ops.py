"""Operations commands of `poi-etl` (UI, scheduled serving): registered into the main parser.

| setting          | flag          | environment        | default                  |
|------------------|---------------|--------------------|--------------------------|
| UI server port   | `--port`      | POI_UI_PORT        | 4200 (on 127.0.0.1)      |
| inbox folder     | `--inbox`     | POI_INBOX          | inbox/ (under cwd)       |
| schedule (cron)  | `--cron`      | POI_SCHEDULE_CRON  | `0 6 20 1,4,7,10 *`      |
| schedule tz      | `--timezone`  | POI_SCHEDULE_TZ    | America/Lima             |
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flows import stopping
from flows.settings import DEFAULT_INBOX, DEFAULT_SCHEDULE_CRON, DEFAULT_SCHEDULE_TZ
from poi_warehouse import prefect_server, server_process
from poi_warehouse.cli_parsers import add_command, add_warehouse_option
from poi_warehouse.settings import Settings, apply_prefect_environment
from transforms.entities import check_code
from transforms.errors import SettingsError

STOPPED = {
    "ui": "the Prefect server has stopped",
    "serve": (
        "no longer serving; a scheduled run in progress, if any, was stopped (its load rolled back); schedule paused"
    ),
}
EPILOG_UI = """example:
  poi-etl ui                                   # http://127.0.0.1:4200, history in .prefect/
  poi-etl ui --port 4300                       # then: POI_UI_PORT=4300 poi-etl run
"""
EPILOG_SERVE = """example:
  poi-etl serve                                # inbox/, 06:00 America/Lima on 20 Jan/Apr/Jul/Oct
  poi-etl serve --inbox /srv/poi/inbox --cron "0 7 21 1,4,7,10 *" --timezone America/Lima
"""


def register(sub: argparse._SubParsersAction) -> dict[str, Callable]:
    """Add the operations subcommands to `sub`; return {command name: handler(args, settings) -> exit code}."""
    ui = add_command(
        sub,
        "ui",
        help="start the Prefect server and UI on 127.0.0.1 with the project's PREFECT_HOME (foreground)",
        description=(
            "Run `prefect server start --host 127.0.0.1 --port PORT` with the project's PREFECT_HOME. "
            "While it runs, `poi-etl run` and `poi-etl serve` use it (same POI_UI_PORT)."
        ),
        epilog=EPILOG_UI,
    )
    ui.add_argument("--port", help=f"port on 127.0.0.1 (default: $POI_UI_PORT or {prefect_server.DEFAULT_UI_PORT})")
    serve = add_command(
        sub,
        "serve",
        help="serve the scheduled quarterly load of an inbox folder (needs a Prefect server: `poi-etl ui`)",
        description=(
            "Register the `poi-inbox-load/quarterly-inbox` deployment with a Cron schedule and run its "
            "scheduled flow runs until interrupted. Each run loads the inbox's report files not loaded yet, "
            "in (year, quarter) order. Needs a Prefect server: $PREFECT_API_URL, or a running `poi-etl ui`."
        ),
        epilog=EPILOG_SERVE,
    )
    serve.add_argument("--inbox", help=f"folder of report files (default: $POI_INBOX or {DEFAULT_INBOX}/)")
    serve.add_argument("--cron", help=f"cron schedule (default: $POI_SCHEDULE_CRON or '{DEFAULT_SCHEDULE_CRON}')")
    serve.add_argument(
        "--timezone", help=f"IANA time zone of the schedule (default: $POI_SCHEDULE_TZ or {DEFAULT_SCHEDULE_TZ})"
    )
    serve.add_argument(
        "--entity", metavar="CODE", help="the public entity the inbox's reports belong to (default: $POI_ENTITY or 'default')"
    )
    serve.add_argument(
        "--entity-from-folder",
        action="store_true",
        help="each report belongs to the entity its sub-folder of the inbox names (inbox/MML/poi_2018_t1.pdf -> MML)",
    )
    add_warehouse_option(serve)
    serve.add_argument("--port", help="port of the `poi-etl ui` server to use (default: $POI_UI_PORT or 4200)")
    return {"ui": cmd_ui, "serve": cmd_serve}


def _prefect_executable() -> str:
    beside = Path(sys.executable).with_name("prefect")
    found = str(beside) if beside.exists() else shutil.which("prefect")
    if not found:
        raise SettingsError("the `prefect` command is not installed next to this Python (run scripts/bootstrap)")
    return found


def cmd_ui(args: argparse.Namespace, settings: Settings) -> int:
    port = prefect_server.ui_port(args.port)
    api = prefect_server.api_url(port)
    if prefect_server.is_healthy(api):
        raise SettingsError(f"a Prefect server already answers at {prefect_server.ui_url(port)}; nothing started")
    settings.prefect_home.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "PREFECT_HOME": str(settings.prefect_home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_SERVER_API_HOST": prefect_server.UI_HOST,
        "PREFECT_SERVER_API_PORT": str(port),
        # the UI's browser code calls this URL; Prefect derives it from PREFECT_API_URL or the settings
        # above, never from `--port`, so without it a UI on another port would call :4200
        "PREFECT_UI_API_URL": api,
    }
    env.pop("PREFECT_API_URL", None)
    print(f"Prefect UI: {prefect_server.ui_url(port)}  (PREFECT_HOME={settings.prefect_home})")
    print(f"runs use it while it is up: `poi-etl run` (POI_UI_PORT={port}) or PREFECT_API_URL={api}")
    print("stop with Ctrl-C", flush=True)
    command = [_prefect_executable(), "server", "start", "--host", prefect_server.UI_HOST, "--port", str(port)]
    # a child that dies with this process (even by SIGKILL); Ctrl-C or SIGTERM here stops it gracefully
    server = server_process.spawn(command, env, signal.SIGTERM)
    try:
        code = server.wait()
    except stopping.Stopped as stop:
        server_process.stop(server, stop.signum, grace=stopping.GRACE_SECONDS - 1)
        raise
    return code if code >= 0 else 128 - code


def schedule_settings(args: argparse.Namespace) -> tuple[Path, str, str]:
    """(inbox, cron, timezone) from flags, then environment, then defaults; validated."""
    inbox = Path(args.inbox or os.environ.get("POI_INBOX") or DEFAULT_INBOX).expanduser().absolute()
    cron = args.cron or os.environ.get("POI_SCHEDULE_CRON") or DEFAULT_SCHEDULE_CRON
    timezone = args.timezone or os.environ.get("POI_SCHEDULE_TZ") or DEFAULT_SCHEDULE_TZ
    fields = cron.split()
    if len(fields) != 5:
        raise SettingsError(f"cron {cron!r}: expected 5 fields (minute hour day month weekday)")
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise SettingsError(f"time zone {timezone!r} is not an IANA time zone (e.g. America/Lima)") from None
    if inbox.exists() and not inbox.is_dir():
        raise SettingsError(f"{inbox}: the inbox must be a folder")
    return inbox, cron, timezone


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    inbox, cron, timezone = schedule_settings(args)
    entity = check_code(args.entity, "--entity") if args.entity else settings.entity
    apply_prefect_environment(settings)
    server = prefect_server.select_server(prefect_server.ui_port(args.port) if args.port else None)
    if server.api_url is None:
        raise SettingsError(
            "poi-etl serve needs a running Prefect server (schedules do not run on a temporary one): "
            "start `poi-etl ui` first, or set PREFECT_API_URL"
        )
    print(server.describe())
    from flows.schedule import build_deployment, serve_deployment  # imports Prefect: after the environment

    try:
        deployment = build_deployment(
            inbox, settings.warehouse, settings.gx_dir, settings.lock_wait, cron, timezone, entity, args.entity_from_folder,
            dashboard_bands=(settings.band_green / 100, settings.band_amber / 100),
        )
    except ValueError as err:  # Prefect's cron validation
        raise SettingsError(f"cron {cron!r}: {err}") from None
    inbox.mkdir(parents=True, exist_ok=True)
    print(f"inbox: {inbox}")
    print(f"schedule: {cron} ({timezone})")
    print(f"warehouse: {settings.warehouse}")
    print(f"entity: {'one per sub-folder of the inbox' if args.entity_from_folder else entity}")
    serve_deployment(deployment)
    return 0
