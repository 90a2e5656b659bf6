from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def prefect_api():
    """One real Prefect server (127.0.0.1, own home) for every subprocess of these tests; its API URL."""
    from devkit.reliability.processes import prefect_server

    with prefect_server() as url:
        yield url
