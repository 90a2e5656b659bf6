"""Shared fixtures. Prefect points at a throwaway home before anything imports it."""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import datetime
from pathlib import Path

import pytest

_HOME = tempfile.mkdtemp(prefix="poi-test-prefect-")
os.environ["PREFECT_HOME"] = _HOME
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
os.environ.pop("PREFECT_API_URL", None)
os.environ["POI_UI_PORT"] = "1"  # never pick up a developer's running `poi-etl ui` from tests

from poi_warehouse.settings import bundled_sample  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def prefect_server():
    """One temporary Prefect server for the whole session (real flow runs, real API)."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return bundled_sample()


@pytest.fixture(scope="session")
def sample_extracted(sample_path):
    from flows.stages import extract

    return extract(str(sample_path))


@pytest.fixture()
def sample_frames(sample_extracted):
    from transforms.star import build_star

    return build_star(sample_extracted.report, sample_extracted.sha256, datetime(2018, 1, 15, 9, 0))


@pytest.fixture()
def warehouse_path(tmp_path) -> Path:
    return tmp_path / "wh" / "poi.duckdb"


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
