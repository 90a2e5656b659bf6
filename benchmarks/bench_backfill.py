"""Scale benchmark: a batch of synthetic reports loaded by backfill, with and without Prefect.

    .venv/bin/python benchmarks/bench_backfill.py [--reports 40] [--rows 2500]

Each variant runs in its own process (peak RSS is per process) on a fresh warehouse:
- `plain`: the same stages (extract, check-snapshot, transform, validate, load) called directly;
- `prefect`: `poi-etl run DIR` (the parent flow, one subflow and five tasks per report), with
  a temporary Prefect server started by the process (its start-up is reported separately).
Prints wall time, rows/s, peak memory and the ratio.
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def run_plain(folder: Path, warehouse: Path) -> dict:
    from flows import stages
    from flows.inputs import expand_inputs

    started = time.perf_counter()
    rows = 0
    for path in expand_inputs([str(folder)]):
        extracted = stages.extract(path)
        stages.snapshot_decision(extracted, warehouse, replace=False)
        frames = stages.transform(extracted)
        stages.validate(frames, warehouse.with_name("gx"), f"bench-{extracted.report.year}-{extracted.report.quarter}")
        stages.load(frames, warehouse)
        rows += len(extracted.report.rows)
    return {"seconds": time.perf_counter() - started, "rows": rows}


def run_prefect(folder: Path, warehouse: Path) -> dict:
    from poi_warehouse.settings import apply_prefect_environment, load_settings

    settings = load_settings()
    apply_prefect_environment(settings)
    from prefect import flow

    from flows.report_flow import load_reports_flow

    @flow(name="bench-warm-up")
    def warm_up() -> None:
        return None

    started = time.perf_counter()
    warm_up()  # starts the temporary server: reported apart from the batch
    server_seconds = time.perf_counter() - started
    started = time.perf_counter()
    state = load_reports_flow([str(folder)], str(warehouse), str(warehouse.with_name("gx")), 0.0, False, False,
                              return_state=True)  # fmt: skip
    outcomes = state.result(raise_on_failure=False)
    seconds = time.perf_counter() - started
    assert all(o.outcome == "loaded" for o in outcomes), [o.message for o in outcomes if o.outcome != "loaded"]
    return {"seconds": seconds, "rows": sum(o.rows_in for o in outcomes), "server_seconds": server_seconds}


def child(variant: str, folder: str, warehouse: str) -> None:
    result = (run_plain if variant == "plain" else run_prefect)(Path(folder), Path(warehouse))
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=40)
    parser.add_argument("--rows", type=int, default=2500)
    parser.add_argument("--child", nargs=3, metavar=("VARIANT", "FOLDER", "WAREHOUSE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    from devkit.synthetic.reports import write_year_batch

    work = Path(tempfile.mkdtemp(prefix="poi-bench-"))
    years = range(2001, 2001 + max(1, args.reports // 4))
    started = time.perf_counter()
    paths = write_year_batch(work / "reports", years, args.rows)
    print(
        f"batch: {len(paths)} reports x {args.rows} rows in {work / 'reports'} ({time.perf_counter() - started:.1f}s to write)"
    )
    results = {}
    for variant in ("plain", "prefect"):
        env = {**os.environ, "PREFECT_HOME": str(work / "prefect"), "PYTHONPATH": str(ROOT)}
        env.pop("PREFECT_API_URL", None)
        done = subprocess.run(
            [sys.executable, __file__, "--child", variant, str(work / "reports"), str(work / variant / "poi.duckdb")],
            capture_output=True, text=True, env=env, check=False,
        )  # fmt: skip
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            print(done.stdout[-3000:], done.stderr[-3000:])
            raise SystemExit(f"{variant} failed")
        results[variant] = json.loads(lines[-1][len("RESULT ") :])
    print("| variant | wall s | rows | rows/s | peak RSS MiB |")
    print("|---|---|---|---|---|")
    for variant, r in results.items():
        print(
            f"| {variant} | {r['seconds']:.1f} | {r['rows']} | {r['rows'] / r['seconds']:.0f} | {r['peak_rss_mib']:.0f} |"
        )
    ratio = results["prefect"]["seconds"] / results["plain"]["seconds"]
    print(f"temporary Prefect server start-up (not in the ratio): {results['prefect']['server_seconds']:.1f}s")
    print(f"ratio prefect / plain: {ratio:.2f} (target <= 1.30)")


if __name__ == "__main__":
    main()
