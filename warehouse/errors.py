"""Errors of the warehouse: a file that cannot be opened or written, a period already loaded from another file."""

from __future__ import annotations

from transforms.errors import PoiError


class WarehouseError(PoiError):
    """The warehouse file cannot be opened or written (locked, corrupt, not ours, wrong version), or a place a
    command writes (its folder, the Data Docs, PREFECT_HOME, an export folder) is read-only or full."""

    exit_code = 4


class SnapshotExists(PoiError):
    """Another file is already loaded for the same (year, quarter) and --replace was not given."""

    exit_code = 7
