"""Errors a user can act on: each renders as one line naming the file (and line) and the reason."""

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


class GateBlocked(PoiError):
    """A blocking expectation failed; nothing was written."""

    exit_code = 3


class WarehouseError(PoiError):
    """The warehouse file cannot be opened or written (locked, corrupt, not ours, wrong version), or a place a
    command writes (its folder, the Data Docs, PREFECT_HOME, an export folder) is read-only or full."""

    exit_code = 4


class SettingsError(PoiError):
    """A setting is missing or wrong."""

    exit_code = 5


class SnapshotExists(PoiError):
    """Another file is already loaded for the same (year, quarter) and --replace was not given."""

    exit_code = 7
