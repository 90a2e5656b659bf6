"""Warehouses for the dashboard tests: the known reports, and the bundled sample as entity SAT."""

from __future__ import annotations

import pytest

from flows.stages import extract, load, transform
from tests.dashboard.known_reports import load_known_reports
from transforms.entities import Entity


@pytest.fixture(scope="module")
def known_warehouse(tmp_path_factory):
    folder = tmp_path_factory.mktemp("known")
    warehouse = folder / "wh" / "poi.duckdb"
    load_known_reports(folder / "reports", warehouse)
    return warehouse


@pytest.fixture(scope="module")
def sample_warehouse(tmp_path_factory, sample_path):
    warehouse = tmp_path_factory.mktemp("sample") / "poi.duckdb"
    load(
        transform(extract(str(sample_path), Entity("SAT", "Servicio de Administración Tributaria de Lima"))), warehouse
    )
    return warehouse
