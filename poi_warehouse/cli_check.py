"""`poi-etl check`: verify a warehouse read-only and say what to do when it is not usable."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from poi_warehouse.cli_parsers import add_command, add_warehouse_option
from poi_warehouse.settings import Settings
from warehouse.errors import WarehouseError

EPILOG_CHECK = """example:
  poi-etl check                                # warehouse/poi.duckdb (or $POI_WAREHOUSE)
  poi-etl check --warehouse /data/poi.duckdb   # exit 0: usable; 4: busy, damaged or not a warehouse
"""


def register(sub: argparse._SubParsersAction) -> dict[str, Callable]:
    """Add `check` to the main parser; return {command name: handler(args, settings) -> exit code}."""
    check = add_command(
        sub,
        "check",
        help="verify a warehouse (read-only) and say what to do if it is damaged or not a warehouse",
        description=(
            "Open the warehouse read-only and check it: a DuckDB file, this project's schema history and "
            "table shapes, every table read in full (DuckDB verifies each block's checksum), the views. "
            "Prints one line per check, then what to do when the file is not usable (docs/operations.md)."
        ),
        epilog=EPILOG_CHECK,
    )
    add_warehouse_option(check)
    return {"check": cmd_check}


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    from warehouse.integrity import advice, inspect_warehouse

    found = inspect_warehouse(settings.warehouse)
    print(f"warehouse: {settings.warehouse}")
    for finding in found.findings:
        print(f"{'ok' if finding.ok else 'problem'}: {finding.what}")
    if found.verdict in ("ok", "new"):
        print("usable" if found.verdict == "ok" else "no warehouse yet")
        return 0
    flag = f" --warehouse {settings.warehouse}" if args.warehouse else ""
    for line in advice(found, flag):
        print(line)
    raise WarehouseError(f"{settings.warehouse}: {found.verdict}: {found.problem}")
