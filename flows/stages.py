"""The pipeline's stages as plain functions (no Prefect): the flows wrap these in tasks.

Keeping them plain lets benchmarks and tests run the same pipeline without an orchestrator.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from expectations.gate import GateResult, run_gate
from expectations.suites import build_suites
from poi_warehouse import faults
from poi_warehouse.errors import GateBlocked, ReportError
from transforms.parse import ParsedReport
from transforms.reader import parse_file
from transforms.star import StarFrames, build_star
from warehouse.audit import write_audit
from warehouse.db import connection, migrate
from warehouse.loader import LoadResult, check_snapshot, load_star, loaded_snapshot

MAX_REPORT_BYTES = 32 * 1024 * 1024  # a real report is a few dozen KB


@dataclass(frozen=True)
class Extracted:
    path: str
    sha256: str
    report: ParsedReport


def read_report_bytes(path: str) -> bytes:
    """The file's bytes, or a ReportError that says what is wrong with the path."""
    p = Path(path)
    if not p.exists():
        raise ReportError(path, "no such file")
    if p.is_dir():
        raise ReportError(path, "is a directory, not a report file")
    if not p.is_file():  # a device, FIFO or socket: no size to check, may never end
        raise ReportError(path, "not a regular file (a device, pipe or socket): not a report file")
    too_big = f"a POI report is far smaller (limit {MAX_REPORT_BYTES // 2**20} MiB)"
    try:
        size = p.stat().st_size
        if size > MAX_REPORT_BYTES:
            raise ReportError(path, f"file is {size / 2**20:.0f} MiB; {too_big}")
        with p.open("rb") as handle:  # bounded read: the file may grow between stat() and read()
            data = handle.read(MAX_REPORT_BYTES + 1)
        if len(data) > MAX_REPORT_BYTES:
            raise ReportError(path, f"file is over {MAX_REPORT_BYTES // 2**20} MiB; {too_big}")
        return data
    except PermissionError:
        raise ReportError(path, "permission denied: the file cannot be read") from None
    except OSError as err:
        raise ReportError(path, f"cannot read the file: {err.strerror or err}") from None


def extract(path: str) -> Extracted:
    data = read_report_bytes(path)
    faults.point("after-read")
    faults.point("after-decode")
    report = parse_file(data, path)
    faults.point("after-parse")
    return Extracted(path, hashlib.sha256(data).hexdigest(), report)


def transform(extracted: Extracted, loaded_at: datetime | None = None) -> StarFrames:
    frames = build_star(extracted.report, extracted.sha256, loaded_at or datetime.now().replace(microsecond=0))
    faults.point("after-transform")
    return frames


def validate(frames: StarFrames, gx_dir: Path, run_name: str) -> GateResult:
    """Run the gates; raise GateBlocked naming the first blocking failure (and how many more)."""
    faults.point("before-gate")
    result = run_gate(build_suites(frames), gx_dir, run_name)
    faults.point("after-gate")
    failures = result.blocking_failures
    if failures:
        more = f" (+{len(failures) - 1} more blocking failures)" if len(failures) > 1 else ""
        source = frames.dim_report["source_file"].iloc[0]
        blocked = GateBlocked(f"{source}: blocked by gate, nothing written: {failures[0].describe()}{more}")
        blocked.gate = result
        raise blocked
    return result


def snapshot_decision(
    extracted: Extracted, warehouse: Path, replace: bool, lock_wait: float = 0.0, on_wait=None, reload: bool = False
) -> str:
    """Before any work: 'new', 'same' (already loaded: skip) or 'replace'; SnapshotExists without --replace."""
    if not warehouse.exists():
        return "new"
    report = extracted.report
    with connection(warehouse, wait_seconds=lock_wait, on_wait=on_wait) as con:
        migrate(con)
        existing = loaded_snapshot(con, report.year, report.quarter)
    faults.point("after-snapshot-check")
    return check_snapshot(existing, report.source_file, extracted.sha256, replace, reload)


def load(
    frames: StarFrames,
    warehouse: Path,
    lock_wait: float = 0.0,
    on_wait=None,
    replace: bool = False,
    audit=None,
    reload: bool = False,
) -> LoadResult:
    started = time.perf_counter()
    with connection(warehouse, wait_seconds=lock_wait, on_wait=on_wait) as con:
        faults.point("after-connect")
        migrate(con)
        faults.point("after-migrate")
        result = load_star(con, frames, replace=replace, audit=audit, started=started, reload=reload)
    faults.point("after-close")
    return result


def record_audit(warehouse: Path, audit, lock_wait: float = 0.0, on_wait=None) -> bool:
    """Append an audit row for an attempt that wrote nothing; skipped when there is no warehouse yet."""
    if not warehouse.exists():
        return False
    with connection(warehouse, wait_seconds=lock_wait, on_wait=on_wait) as con:
        migrate(con)
        write_audit(con, audit)
    return True
