"""The execution dashboard on a large warehouse: one entity's page, the index, and a run's refresh.

    .venv/bin/python benchmarks/bench_dashboard.py [--entities 500] [--keep DIR]

Builds the warehouse fast: the bundled sample is loaded once by the real stages (as entity BENCHSRC),
then `dashboard_warehouse.sql` copies its rows into N entities x 4 quarterly snapshots (2,000 snapshots
for 500 entities, 87 activity rows each) and removes the original. Then it times, in this process:
one entity's page (`write_entity`), the index (`write_index`) and a run's refresh of one entity
(its page and the index); and `poi-etl dashboard --entity CODE` as a new process (Python start and
the first chart's renderer start included). Prints one JSON line per measure: wall and CPU seconds and the
machine's load average (the wall time on a busy machine includes waiting for a core).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.dashboard import Bands, refresh, write_entity, write_index  # noqa: E402
from flows.stages import extract, load, transform  # noqa: E402
from poi_warehouse.settings import bundled_sample  # noqa: E402
from transforms.entities import Entity  # noqa: E402


def build(warehouse: Path, entities: int) -> float:
    started = time.perf_counter()
    load(transform(extract(str(bundled_sample()), Entity("BENCHSRC"))), warehouse)
    sql = (Path(__file__).parent / "dashboard_warehouse.sql").read_text(encoding="utf-8")
    con = duckdb.connect(str(warehouse))
    try:
        # one statement at a time: DuckDB checks a deleted parent's foreign keys against the last commit
        for statement in duckdb.extract_statements(sql.replace("$entities", str(entities))):
            con.execute(statement)
        counts = con.execute("select count(distinct entity_id), count(*) from dim_report").fetchone()
    finally:
        con.close()
    seconds = time.perf_counter() - started
    print(json.dumps({"measure": "build", "entities": counts[0], "snapshots": counts[1], "seconds": round(seconds, 2)}))
    return seconds


def _cpu() -> float:
    """CPU seconds of this process (all its threads, the chart renderer's included) and its waited-for children."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(measure: str, fn, **fields) -> None:
    """Wall and CPU seconds of `fn()`: on a shared machine the wall time also holds the waits for a core."""
    started, cpu = time.perf_counter(), _cpu()
    fn()
    seconds = {"seconds": round(time.perf_counter() - started, 3), "cpu_seconds": round(_cpu() - cpu, 3)}
    print(json.dumps({"measure": measure, **fields, **seconds, "load_average_1m": os.getloadavg()[0]}), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--entities", type=int, default=500)
    parser.add_argument("--keep", metavar="DIR", help="build the warehouse in DIR and keep it")
    args = parser.parse_args()
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="poi-bench-dashboard-"))
    warehouse = folder / "poi.duckdb"
    build(warehouse, args.entities)
    bands, code = Bands(), f"E{args.entities // 2:04d}"
    timed("entity page, first in process", lambda: write_entity(warehouse, code, bands), entity=code)
    timed("entity page", lambda: write_entity(warehouse, "E0001", bands), entity="E0001")
    timed("index", lambda: write_index(warehouse, bands), entities=args.entities)
    timed("run refresh: one entity page + index", lambda: refresh(warehouse, ["E0002"], bands), entity="E0002")
    command = [
        sys.executable,
        "-m",
        "poi_warehouse.cli",
        "dashboard",
        "--entity",
        "E0003",
        "--warehouse",
        str(warehouse),
    ]
    timed("poi-etl dashboard --entity (new process)", lambda: subprocess.run(command, check=True, cwd=ROOT,
                                                                              stdout=subprocess.DEVNULL), entity="E0003")  # fmt: skip


if __name__ == "__main__":
    main()
