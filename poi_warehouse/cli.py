"""`poi-etl`: a thin command line over the flows and the warehouse.

Expected failures print one line (`error: <file>:<line>: <reason>`) and exit non-zero; no traceback.
SIGINT and SIGTERM stop any command within seconds with exit 130 or 143 and a line saying what
became of the work (flows/stopping.py); output into a pipe whose reader leaves ends quietly
(poi_warehouse/pipes.py).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from flows import stopping
from flows.inputs import listed_entities
from flows.paths import display_path, portable_path
from poi_warehouse import cli_check, cli_dashboard, cli_ops, preflight
from poi_warehouse.cli_parsers import add_command, add_warehouse_option
from poi_warehouse.pipes import tolerant_output
from poi_warehouse.prefect_server import select_server
from poi_warehouse.server_process import prefect_api
from poi_warehouse.settings import (
    Settings,
    apply_prefect_environment,
    bundled_sample,
    check_prefect_settings,
    check_scale_out,
    load_settings,
)
from transforms.entities import Entity, check_code
from transforms.errors import PoiError

EPILOG_INSPECT = """example:
  poi-etl inspect reports/poi_2018_t1.pdf                 # every row as read, with its status
  poi-etl inspect reports/poi_2018_t1.pdf --page 3 --png /tmp/pages   # page 3, and its image with columns
  poi-etl inspect reports/poi_2018_t1.xlsx
"""

EPILOG_RUN = """example:
  poi-etl run                                  # load the bundled 2017 IV-quarter sample
  poi-etl run reports/poi_2018_t1.pdf --warehouse /data/poi.duckdb
  poi-etl run reports/                         # backfill: every report in the folder, by period
  poi-etl run sat/poi_2018_t1.xlsx --entity SAT --entities entities.csv
  poi-etl run reports/ --entity-from-folder    # reports/MML/…, reports/SAT/…: one entity per folder
  poi-etl run reports/poi_2018_t1_fixed.txt --replace
  poi-etl run reports/ --reload                # after an upgrade: read every loaded file again
  poi-etl run reports/ --workers 4             # prepare reports on 4 local processes, one writer loads
  poi-etl run /shared/reports/ --dask-address tcp://10.0.0.5:8786   # on an existing Dask cluster
"""
EPILOG_EXPORT = """example:
  poi-etl export --parquet exports/            # one Parquet file per table and view
"""
EPILOG_SQL = """example:
  poi-etl sql "select unit_name, sum(total_executed) from v_activity_year group by 1 order by 2 desc"
  poi-etl sql "select * from v_data_quality" --format csv > findings.csv
  poi-etl sql "select * from v_open_cell" --format csv --null NULL | head -5
  poi-etl sql "summarize fct_activity_row"      # also EXPLAIN, PIVOT, DESCRIBE, SHOW
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="poi-etl",
        description="Load POI execution reports into a DuckDB star schema, gated by Great Expectations.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='example:\n  poi-etl run\n  poi-etl sql "select count(*) from v_activity_year"\n',
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    run = add_command(
        sub,
        "run",
        help="extract, validate and load report files (default: the bundled sample)",
        description="Run the Prefect flow on each REPORT: extract, transform, validate (gates), load.",
        epilog=EPILOG_RUN,
    )
    run.add_argument(
        "reports", nargs="*", metavar="REPORT", help="report files, or folders of them (loaded in year/quarter order)"
    )
    run.add_argument(
        "--replace",
        action="store_true",
        help="replace a period already loaded from a different file (default: refuse)",
    )
    run.add_argument(
        "--reload",
        action="store_true",
        help="read files already loaded again and replace their snapshots (after an engine upgrade)",
    )
    run.add_argument(
        "--last-wins",
        action="store_true",
        help="with --replace: load several files for one period in the order listed; the last one stays "
        "(default: refuse them, naming each)",
    )
    run.add_argument(
        "--entity",
        metavar="CODE",
        help="the public entity the reports belong to (default: $POI_ENTITY or 'default')",
    )
    run.add_argument(
        "--entity-from-folder",
        action="store_true",
        help="each report belongs to the entity its folder names (reports/MML/poi_2018_t1.pdf -> MML); "
        "folders given are searched below too",
    )
    run.add_argument(
        "--entities",
        metavar="FILE",
        help="CSV of entities (code,name[,sector][,ubigeo]) naming them (default: entities.csv beside the warehouse)",
    )
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="extract, transform and validate reports on N local processes (Dask); one process loads (default 1)",
    )
    run.add_argument(
        "--dask-address",
        metavar="ADDRESS",
        help="run those stages on the Dask scheduler at ADDRESS (tcp://host:port) instead of local processes",
    )
    add_warehouse_option(run)
    sql = add_command(
        sub,
        "sql",
        help="run a read-only SQL query against the warehouse",
        description=(
            "Run read-only SQL (queries, EXPLAIN, PIVOT, DESCRIBE, SHOW, SUMMARIZE); writes, ATTACH, COPY, INSTALL "
            "and LOAD are refused. Rows are written as they come (any result size); JSON keeps every column "
            "(a repeated name gets _1, _2…), NaN and infinity are null, decimals numbers, blobs base64."
        ),
        epilog=EPILOG_SQL,
    )
    sql.add_argument("query", help="SQL text")
    add_warehouse_option(sql)
    sql.add_argument("--format", choices=["table", "csv", "json"], default="table", help="output format")
    sql.add_argument(
        "--null",
        metavar="TEXT",
        help='write NULL as TEXT in csv and table output (csv default: an empty field; the empty string is "")',
    )
    export = add_command(
        sub,
        "export",
        help="export every table and view of the warehouse to Parquet files",
        description="Write one Parquet file per table and view (read-only on the warehouse).",
        epilog=EPILOG_EXPORT,
    )
    export.add_argument("--parquet", required=True, metavar="DIR", help="output folder (created if missing)")
    add_warehouse_option(export)
    inspect = add_command(
        sub,
        "inspect",
        help="print the rows of a report file as read (PDF, XLSX or text), without loading it",
        description=(
            "Read one report file and print each row as read: page, row, names, the 35 numbers and the status "
            "the load would give it. With --png, also write page images with the detected columns and row bands."
        ),
        epilog=EPILOG_INSPECT,
    )
    inspect.add_argument("report", metavar="REPORT", help="a report file")
    inspect.add_argument("--page", type=int, metavar="N", help="only the rows of page N")
    inspect.add_argument("--png", metavar="DIR", help="write PDF page images with columns and row bands to DIR")
    COMMANDS.update(cli_ops.register(sub))
    COMMANDS.update(cli_check.register(sub))
    COMMANDS.update(cli_dashboard.register(sub))
    return parser


def _print_summary(outcomes, settings: Settings) -> None:
    """Per-report detail for a few reports; totals always (progress lines came during the run)."""
    if len(outcomes) <= 3:
        for o in outcomes:
            period = f"{o.report_year} Q{o.report_quarter}" if o.report_year else "?"
            print(f"{Path(o.path).name} [{period}]: {o.outcome}")
            if o.rows_in:
                counts = ", ".join(f"{k} {v}" for k, v in sorted(o.status_counts.items()))
                print(f"  rows: {o.rows_in}" + (f" ({counts})" if counts else ""))
            if o.gate:
                print(f"  gate: {o.gate}")
            if o.timings:
                print("  seconds: " + ", ".join(f"{k} {v:.2f}" for k, v in o.timings.items()))
    by_outcome = Counter(o.outcome for o in outcomes)
    statuses: Counter = Counter()
    for o in outcomes:
        if o.outcome == "loaded":
            statuses.update(o.status_counts)
    print(f"reports: {len(outcomes)} (" + ", ".join(f"{k} {v}" for k, v in sorted(by_outcome.items())) + ")")
    if statuses:
        print("rows loaded by status: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))
    print(f"warehouse: {display_path(settings.warehouse)}")
    print(f"data docs: {display_path(settings.data_docs)}")
    pages = sorted({o.dashboard for o in outcomes if o.dashboard})
    if pages:
        print(f"dashboard: {display_path(pages[0] if len(pages) == 1 else settings.dashboard_index)}")


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from flows.journal import JOURNAL, stopped_lines

    paths = [str(Path(p)) for p in args.reports] or [str(bundled_sample())]
    JOURNAL.plan(paths)  # the flow plans again once folders are expanded
    try:
        return _run_reports(paths, args, settings)
    except stopping.Stopped as stop:
        stopping.release(stop)
        for line in stopped_lines(JOURNAL, settings.warehouse, stop.signal_name):
            print(line, file=sys.stderr)
        return stop.exit_code


def _run_reports(paths: list[str], args: argparse.Namespace, settings: Settings) -> int:
    apply_prefect_environment(settings)
    entity = check_code(args.entity, "--entity") if args.entity else settings.entity
    listed = _listed_entities(args.entities, settings)
    check_scale_out(args.workers, args.dask_address)
    choice = select_server()  # $PREFECT_API_URL, a running `poi-etl ui`, or a temporary server
    preflight.check_run(
        settings, paths, args.replace, args.last_wins, choice.source == "temporary", entity, args.entity_from_folder
    )
    with prefect_api(settings, choice=choice) as server:
        print(server.describe(), flush=True)
        check_prefect_settings()
        from flows.parallel_flow import quarterly_flow  # imports Prefect: after the environment is set

        server.wait_ready(settings.server_startup_timeout)
        state = quarterly_flow(args.workers, args.dask_address)(
            [portable_path(p) for p in paths],
            str(settings.warehouse),
            str(settings.gx_dir),
            settings.lock_wait,
            args.replace,
            reload=args.reload,
            last_wins=args.last_wins,
            entity=entity,
            entity_from_folder=args.entity_from_folder,
            entities={code: {"name": e.name, "sector": e.sector, "ubigeo": e.ubigeo} for code, e in listed.items()},
            dashboard_bands=(settings.band_green / 100, settings.band_amber / 100),
            return_state=True,
        )
    stopping.check()
    outcomes = state.result(raise_on_failure=False)
    if not isinstance(outcomes, list):
        raise PoiError(f"the flow run crashed: {outcomes}")
    _print_summary(outcomes, settings)
    failed = [o for o in outcomes if o.outcome not in ("loaded", "skipped")]
    for o in failed:
        print(f"error: {o.message}", file=sys.stderr)
    return max((o.exit_code or 1 for o in failed), default=0)


def cmd_sql(args: argparse.Namespace, settings: Settings) -> int:
    from poi_warehouse.sql_output import writer_for
    from warehouse.query import stream_query

    out = sys.stdout
    with stream_query(settings.warehouse, args.query) as result:
        writer = writer_for(args.format, out, result.columns, args.null)
        for batch in result.batches:
            writer.rows(batch)
            if getattr(out, "reader_gone", False):
                return 0  # the reader took what it wanted (`| head`): stop quietly
        writer.close()
    return 0


def cmd_export(args: argparse.Namespace, settings: Settings) -> int:
    from warehouse.export import export_parquet

    preflight.check_export(Path(args.parquet))
    written = export_parquet(settings.warehouse, Path(args.parquet))
    for relation, path, rows in written:
        print(f"{relation}: {rows} rows -> {display_path(path)}")
    return 0


def _listed_entities(given: str | None, settings: Settings) -> dict[str, Entity]:
    """The entities file given with --entities (which must exist), else entities.csv beside the warehouse."""
    return listed_entities(Path(given) if given else settings.entities_file, required=bool(given))


def cmd_inspect(args: argparse.Namespace, settings: Settings) -> int:
    from poi_warehouse import inspect_report  # the readers and pandas: only for this command

    png = Path(args.png) if args.png else None
    for line in inspect_report.inspect_file(Path(args.report), args.page, png):
        print(line)
    return 0


COMMANDS: dict = {"run": cmd_run, "sql": cmd_sql, "export": cmd_export, "inspect": cmd_inspect}
STOPPED = {
    "run": "stopped before any report started; nothing written",
    "sql": "the query was stopped (the warehouse is only read)",
    "export": "the export was stopped (the warehouse is only read)",
    "inspect": "stopped (nothing is written)",
}


def _stopped(command: str, signum: int) -> int:
    stop = stopping.Stopped(signum)
    what = STOPPED.get(command) or cli_ops.STOPPED.get(command) or cli_dashboard.STOPPED.get(command, "stopped")
    print(f"stopped by {stop.signal_name}: poi-etl {command}: {what}", file=sys.stderr)
    return stop.exit_code


def _interrupt_queries() -> None:
    db = sys.modules.get("warehouse.db")  # not imported yet: no query to interrupt (and no import in a handler)
    if db is not None:
        db.interrupt_queries()


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    with tolerant_output(), stopping.handle_signals(_interrupt_queries):
        try:
            settings = load_settings().with_overrides(getattr(args, "warehouse", None))
            code = COMMANDS[args.command](args, settings)
        except stopping.Stopped as stop:
            stopping.release(stop)
            return _stopped(args.command, stop.signum)
        except PoiError as err:
            if stopping.requested():  # e.g. DuckDB's "Query interrupted" turned into a QueryError
                return _stopped(args.command, stopping.requested())
            print(f"error: {err}", file=sys.stderr)
            return err.exit_code
        except Exception as err:
            if not stopping.requested():
                raise  # a defect: its traceback is the report
            stopping.release(err)  # the signal's effect where Python code did not expect it
            return _stopped(args.command, stopping.requested())
        signum = stopping.requested()  # `serve` ends by itself on a signal: Prefect's runner takes it
        return _stopped(args.command, signum) if signum and code == 0 else code


if __name__ == "__main__":
    sys.exit(main())
