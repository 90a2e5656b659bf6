"""`poi-etl dashboard`: write the offline execution dashboard (self-contained HTML) from the warehouse."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from poi_warehouse.cli_parsers import add_command, add_warehouse_option
from poi_warehouse.settings import Settings
from transforms.entities import check_code
from transforms.errors import SettingsError

EPILOG_DASHBOARD = """example:
  poi-etl dashboard                            # warehouse/poi_dashboard/index.html + entities/<code>.html
  poi-etl dashboard --entity SAT               # warehouse/poi_dashboard/entities/SAT.html (and the index)
  poi-etl dashboard --entity SAT --year 2017 --out sat-2017.html   # one file to mail
  POI_BAND_GREEN=95 POI_BAND_AMBER=80 poi-etl dashboard --entity SAT --unit "ESCUELA SAT"
"""
STOPPED = {"dashboard": "stopped (the warehouse is only read; a page is written whole or not at all)"}


def register(sub: argparse._SubParsersAction) -> dict[str, Callable]:
    """Add `dashboard` to the main parser; return {command name: handler(args, settings) -> exit code}."""
    dashboard = add_command(
        sub,
        "dashboard",
        help="write the execution dashboard: one self-contained HTML page per entity, and an index",
        description=(
            "Write the quarterly follow-up as offline HTML (charts inlined as SVG, no network): per entity and "
            "year, the execution rate per organic unit and quarter in traffic-light bands (POI_BAND_GREEN, "
            "POI_BAND_AMBER), cumulative programmed vs executed, the 15 activities furthest behind, "
            "re-programming between snapshots and data quality. Prints the path written."
        ),
        epilog=EPILOG_DASHBOARD,
    )
    add_warehouse_option(dashboard)
    dashboard.add_argument("--entity", metavar="CODE", help="only this entity's page (default: every entity + index)")
    dashboard.add_argument("--year", type=int, metavar="Y", help="with --entity: only this year (default: every year)")
    dashboard.add_argument(
        "--unit", metavar="NAME", help="the organic unit of the cumulative chart (default: the one furthest behind)"
    )
    dashboard.add_argument("--out", metavar="FILE", help="write the page here (default: beside the warehouse)")
    return {"dashboard": cmd_dashboard}


def cmd_dashboard(args: argparse.Namespace, settings: Settings) -> int:
    from flows.dashboard import Bands, write_all, write_entity, write_index
    from flows.paths import display_path

    bands = Bands(green=settings.band_green / 100, amber=settings.band_amber / 100)
    out = Path(args.out).expanduser().absolute() if args.out else None
    if out is not None and out.is_dir():
        raise SettingsError(f"--out {args.out}: is a folder; give the HTML file, e.g. {out / 'dashboard.html'}")
    if args.entity is None:
        if args.year is not None or args.unit is not None:
            raise SettingsError("--year and --unit choose within one entity's page: give --entity too")
        written = write_index(settings.warehouse, bands, out) if out else write_all(settings.warehouse, bands)
    else:
        check_code(args.entity, "--entity")
        written = write_entity(settings.warehouse, args.entity, bands, out, args.year, args.unit, settings.lock_wait)
        if written is None:
            of_year = f" for {args.year}" if args.year is not None else ""
            raise SettingsError(f"--entity {args.entity}: no snapshot of this entity{of_year} in {settings.warehouse}")
        if out is None:
            write_index(settings.warehouse, bands)
    print(f"dashboard: {display_path(written)}")
    return 0
