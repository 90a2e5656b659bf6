"""Shared pieces of the `poi-etl` argument parsers."""

from __future__ import annotations

import argparse


def add_command(sub: argparse._SubParsersAction, name: str, *, help: str, description: str, epilog: str):
    """A subcommand whose help keeps its example epilog as written."""
    return sub.add_parser(
        name, help=help, description=description, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def add_warehouse_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--warehouse", help="DuckDB file (default: warehouse/poi.duckdb or $POI_WAREHOUSE)")
