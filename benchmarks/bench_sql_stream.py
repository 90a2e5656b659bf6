"""`poi-etl sql` on a large result: peak memory and time per output format, the rows streamed.

    .venv/bin/python benchmarks/bench_sql_stream.py [--rows 60000000] [--formats csv json table]

Each run is `poi-etl sql "select * from range(N)" --format F > /dev/null` in its own process,
started from a small wrapper process so that the peak RSS (`wait4`) is the command's own, not the
memory of a large parent copied by fork. A last run pipes CSV into `head -n 1` and reports how soon
the command ends once its reader has gone. Prints one JSON line per run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
MEASURE = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(child.pid, 0)
print(usage.ru_maxrss, file=sys.stderr)
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(rows: int, fmt: str, warehouse: Path, reader: list[str] | None = None) -> dict:
    command = [sys.executable, "-m", "poi_warehouse.cli", "sql", f"select * from range({rows})", "--format", fmt,
               "--warehouse", str(warehouse)]  # fmt: skip
    started = time.perf_counter()
    wrapper = subprocess.Popen(
        [sys.executable, "-c", MEASURE, *command], cwd=ROOT, stderr=subprocess.PIPE, text=True,
        stdout=subprocess.PIPE if reader else subprocess.DEVNULL,
    )  # fmt: skip
    if reader:
        head = subprocess.Popen(reader, stdin=wrapper.stdout, stdout=subprocess.DEVNULL)
        wrapper.stdout.close()
    _, err = wrapper.communicate()
    if reader:
        head.wait()
    seconds = time.perf_counter() - started
    peak_kib = int(err.strip().splitlines()[-1])
    return {
        "rows": rows,
        "format": fmt,
        "into": " ".join(reader) if reader else "/dev/null",
        "exit": wrapper.returncode,
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds) if not reader else None,
        "peak_rss_mib": peak_kib // 1024,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=60_000_000)
    parser.add_argument("--formats", nargs="+", default=["csv", "json", "table"])
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="poi-bench-sql-"))
    warehouse = folder / "poi.duckdb"
    duckdb.connect(str(warehouse)).close()  # `poi-etl sql` needs a warehouse file; the query needs no table
    os.environ.setdefault("PREFECT_HOME", str(folder / "prefect"))
    for fmt in args.formats:
        print(json.dumps(run(args.rows, fmt, warehouse)), flush=True)
    print(json.dumps(run(args.rows, "csv", warehouse, ["head", "-n", "1"])), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
