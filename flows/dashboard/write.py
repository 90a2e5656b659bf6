"""Build the dashboard's pages from the warehouse (read-only) and write them."""

from __future__ import annotations

import os
from pathlib import Path

from flows.dashboard.files import entity_file, index_file, write_text
from flows.dashboard.page import entity_page, index_page
from flows.dashboard.panels import Bands
from warehouse.dashboard_data import entity_codes, read_index, read_years
from warehouse.db import connection


def _relative(target: Path, start: Path) -> str:
    return Path(os.path.relpath(target, start.parent)).as_posix()


def write_entity(
    warehouse: Path,
    entity_code: str,
    bands: Bands,
    out: Path | None = None,
    year: int | None = None,
    unit: str | None = None,
    lock_wait: float = 0.0,
) -> Path | None:
    """Write one entity's page (to `out`, default `entity_file`); None when it has no snapshot (of `year`)."""
    with connection(warehouse, read_only=True, wait_seconds=lock_wait) as con:
        years = read_years(con, entity_code, year)
    if not years:
        return None
    target = out or entity_file(warehouse, entity_code)
    index = index_file(warehouse)
    index_href = _relative(index, target) if out is None else None
    return write_text(target, entity_page(years, bands, index_href, unit))


def write_index(warehouse: Path, bands: Bands, out: Path | None = None, lock_wait: float = 0.0) -> Path:
    """Write the index of entities (to `out`, default `index_file`), linking the entity pages that exist."""
    with connection(warehouse, read_only=True, wait_seconds=lock_wait) as con:
        entities = read_index(con)
    target = out or index_file(warehouse)
    pages = {code: entity_file(warehouse, code) for code in entities["entity_code"]}
    href = {code: _relative(page, target) for code, page in pages.items() if page.exists()}
    return write_text(target, index_page(entities, bands, href))


def write_all(warehouse: Path, bands: Bands, lock_wait: float = 0.0) -> Path:
    """Every entity's page, then the index; returns the index's path."""
    with connection(warehouse, read_only=True, wait_seconds=lock_wait) as con:
        codes = entity_codes(con)
    for code in codes:
        write_entity(warehouse, code, bands, lock_wait=lock_wait)
    return write_index(warehouse, bands, lock_wait=lock_wait)


def refresh(warehouse: Path, codes: list[str], bands: Bands, lock_wait: float = 0.0) -> list[Path]:
    """After a run: the pages of the entities `codes` (those it loaded or found loaded), then the index.

    Only these pages are rebuilt, so a run that loads one entity's report into a warehouse of many
    entities costs one page and the index. Returns the pages written, the index last."""
    written = [p for code in codes if (p := write_entity(warehouse, code, bands, lock_wait=lock_wait)) is not None]
    return [*written, write_index(warehouse, bands, lock_wait=lock_wait)]
