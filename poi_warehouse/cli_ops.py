"""Operations commands of `poi-etl` (UI, scheduled serving): registered into the main parser."""

from __future__ import annotations

import argparse
from collections.abc import Callable


def register(sub: argparse._SubParsersAction) -> dict[str, Callable]:
    """Add the operations subcommands to `sub`; return {command name: handler(args, settings) -> exit code}."""
    return {}
