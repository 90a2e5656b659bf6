"""Errors a user can act on, each one line naming the file (and line) and the reason, with its exit code.

The base `PoiError` lives here, at the bottom layer, so that every layer may raise its own errors; the errors of
reading input (a report, a setting) live here too. The warehouse's are in `warehouse/errors.py`, the gate's
(`GateBlocked`) in `flows/stages.py` (docs/architecture.md).
"""

from __future__ import annotations


class PoiError(Exception):
    """Base of every expected failure; the CLI prints `str(err)` and exits non-zero."""

    exit_code = 1


class ReportError(PoiError):
    """An input report cannot be read as a POI report."""

    exit_code = 2

    def __init__(self, path: str, reason: str, line: int | None = None, page: int | None = None):
        self.path, self.reason, self.line, self.page = path, reason, line, page
        where = path + (f":{line}" if line is not None else "")
        page_note = f" (page {page})" if page is not None else ""
        super().__init__(f"{where}{page_note}: {reason}")


class SettingsError(PoiError):
    """A setting is missing or wrong."""

    exit_code = 5
