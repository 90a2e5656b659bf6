"""The dashboard refresh at the end of a run: the pages of the entities the run touched, then the index.

A refresh that fails (a read-only folder, a full disk…) is one warning line; it never changes the
run's outcome or exit code, since the loads it follows are committed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from prefect import get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from flows.dashboard.files import entity_file, index_file
from flows.dashboard.panels import Bands
from flows.dashboard.write import refresh
from flows.paths import display_path


@task(name="refresh-dashboard", cache_policy=NO_CACHE)
def refresh_task(warehouse: Path, codes: list[str], green: float, amber: float, lock_wait: float) -> dict:
    """{"pages": the pages written, the index last} or {"problem": why none could be} (not a failed task:
    the run's loads stand)."""
    try:
        return {"pages": refresh(warehouse, codes, Bands(green, amber), lock_wait)}
    except Exception as err:
        return {"problem": str(err) or type(err).__name__}


def refresh_after_run(outcomes: list, warehouse: Path, bands: tuple[float, float], lock_wait: float) -> None:
    """Refresh the pages of the entities whose reports loaded or were already loaded; set `outcome.dashboard`
    to the entity's page, and publish a link artifact to the index and a markdown one listing the pages."""
    codes = sorted({o.entity_code for o in outcomes if o.outcome in ("loaded", "skipped") and o.entity_code})
    if not codes or not warehouse.exists():
        return
    state = refresh_task(warehouse, codes, bands[0], bands[1], lock_wait, return_state=True)
    result = state.result(raise_on_failure=False) if state.is_completed() else {"problem": state.message}
    if "problem" in result:
        line = f"warning: dashboard not refreshed: {result['problem']}"
        get_run_logger().warning("%s", line)
        print(line, file=sys.stderr, flush=True)
        return
    written = set(result["pages"])
    for outcome in outcomes:
        page = entity_file(warehouse, outcome.entity_code) if outcome.entity_code in codes else None
        if page in written:
            outcome.dashboard = str(page)
    index = index_file(warehouse)
    create_link_artifact(key="dashboard", link=index.resolve().as_uri(), link_text="Execution dashboard (offline HTML)")
    pages = "\n".join(f"- [{code}]({entity_file(warehouse, code).resolve().as_uri()})" for code in codes)
    create_markdown_artifact(
        key="dashboard-pages",
        markdown=f"# Execution dashboard\n\nIndex: [{display_path(index)}]({index.resolve().as_uri()})\n\n"
        f"Pages refreshed by this run:\n\n{pages}\n",
    )
