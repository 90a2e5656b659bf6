"""The pipeline's stages as plain functions (no Prefect): the flows wrap these in tasks.

Keeping them plain lets benchmarks and tests run the same pipeline without an orchestrator.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from dataclasses import replace as replace_field
from datetime import datetime
from pathlib import Path

from expectations.gate import GateResult, check_suites, record_gate, render_index
from expectations.suites import build_suites
from flows.paths import PathRefused, display_path, open_regular
from transforms.entities import DEFAULT_CODE, Entity, report_id
from transforms.errors import PoiError, ReportError
from transforms.parse import ParsedReport
from transforms.reader import parse_file
from transforms.star import StarFrames, build_star
from warehouse import faults
from warehouse.audit import write_audit
from warehouse.db import connection, migrate
from warehouse.errors import WarehouseError
from warehouse.loader import LoadResult, check_snapshot, load_star, loaded_snapshot

MAX_REPORT_BYTES = 32 * 1024 * 1024  # a real report is a few dozen KB


class GateBlocked(PoiError):
    """A blocking expectation failed; nothing was written (raised by `validate`)."""

    exit_code = 3


@dataclass(frozen=True)
class Extracted:
    path: str
    sha256: str
    report: ParsedReport
    entity: Entity = field(default_factory=lambda: Entity(DEFAULT_CODE))

    @property
    def report_id(self) -> int:
        return report_id(self.entity.code, self.report.year, self.report.quarter)


def read_report_bytes(path: str, shown: str | None = None) -> bytes:
    """The file's bytes (at most MAX_REPORT_BYTES), or a ReportError that says what is wrong with the path
    (named `shown`, default `display_path(path)`)."""
    shown = shown or display_path(path)
    too_big = f"a POI report is far smaller (limit {MAX_REPORT_BYTES // 2**20} MiB)"
    try:
        fd = open_regular(path)
    except PathRefused as refused:
        raise ReportError(shown, str(refused)) from None
    try:
        size = os.fstat(fd).st_size
        if size > MAX_REPORT_BYTES:
            raise ReportError(shown, f"file is {size / 2**20:.0f} MiB; {too_big}")
        with os.fdopen(fd, "rb", closefd=False) as handle:  # bounded: the file may grow after fstat()
            data = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as err:
        raise ReportError(shown, f"cannot read the file: {err.strerror or err}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_REPORT_BYTES:
        raise ReportError(shown, f"file is over {MAX_REPORT_BYTES // 2**20} MiB; {too_big}")
    return data


def extract(path: str, entity: Entity | None = None, shown: str | None = None) -> Extracted:
    """Read, decode and parse one report of `entity` (default: the default entity); messages show
    `shown` (default `display_path(path)`), the loaded file name is its base name."""
    shown = shown or display_path(path)
    data = read_report_bytes(path, shown)
    faults.point("after-read")
    faults.point("after-decode")
    report = parse_file(data, shown, source_file=display_path(os.path.basename(shown)))
    faults.point("after-parse")
    return Extracted(path, hashlib.sha256(data).hexdigest(), report, entity or Entity(DEFAULT_CODE))


def transform(extracted: Extracted, loaded_at: datetime | None = None) -> StarFrames:
    loaded_at = loaded_at or datetime.now().replace(microsecond=0)
    frames = build_star(extracted.report, extracted.sha256, loaded_at, entity=extracted.entity)
    faults.point("after-transform")
    return frames


def validate(frames: StarFrames, gx_dir: Path, run_name: str, index: bool = True) -> GateResult:
    """Run the gates and record them in the Data Docs (with their index page unless `index` is False:
    a run of many reports renders it once, `render_docs_index`); raise GateBlocked naming the first
    blocking failure (and how many more)."""
    gate = record_checked(check_gate(frames, run_name), gx_dir, index=index)
    return gate_verdict(frames.dim_report["source_file"].iloc[0], gate)


def check_gate(frames: StarFrames, run_name: str) -> GateResult:
    """Validate the frames against every suite; writes nothing (any process may run it)."""
    faults.point("before-gate")
    return check_suites(build_suites(frames), run_name)


def record_checked(gate: GateResult, gx_dir: Path, suites: bool = True, index: bool = True) -> GateResult:
    """Record a checked gate in the Data Docs at `gx_dir` (`expectations.gate.record_gate`)."""
    try:
        return record_gate(gx_dir, gate, suites=suites, index=index)
    except OSError as err:  # the Data Docs folder is read-only, not ours, or its disk is full
        raise _docs_unwritable(gx_dir, err, "; nothing was loaded") from None


def render_docs_index(gx_dir: Path) -> Path | None:
    """Render the Data Docs' suites and index page (it lists every stored result: rendering it after
    each report of a long run would make each report slower than the last); the index's path."""
    try:
        return render_index(gx_dir)
    except OSError as err:
        raise _docs_unwritable(gx_dir, err) from None


def _docs_unwritable(gx_dir: Path, err: OSError, consequence: str = "") -> WarehouseError:
    return WarehouseError(f"{display_path(gx_dir)}: cannot write the Data Docs: {err.strerror or err}{consequence}")


def gate_verdict(source_file: str, gate: GateResult) -> GateResult:
    """The gate when it lets the load go on; GateBlocked naming the first blocking failure otherwise."""
    faults.point("after-gate")
    failures = gate.blocking_failures
    if failures:
        more = f" (+{len(failures) - 1} more blocking failures)" if len(failures) > 1 else ""
        blocked = GateBlocked(f"{source_file}: blocked by gate, nothing written: {failures[0].describe()}{more}")
        blocked.gate = gate
        raise blocked
    return gate


def snapshot_decision(
    extracted: Extracted, warehouse: Path, replace: bool, lock_wait: float = 0.0, on_wait=None, reload: bool = False
) -> str:
    """Before any work: 'new', 'same' (already loaded: skip) or 'replace'; SnapshotExists without --replace."""
    source_file = extracted.report.source_file
    return period_decision(
        extracted.report_id, source_file, extracted.sha256, warehouse, replace, lock_wait, on_wait, reload
    )


def period_decision(
    report_id: int,
    source_file: str,
    sha256: str,
    warehouse: Path,
    replace: bool,
    lock_wait: float = 0.0,
    on_wait=None,
    reload: bool = False,
) -> str:
    """`snapshot_decision` for a report known by its id, file name and sha256."""
    if not warehouse.exists():
        return "new"
    with connection(warehouse, wait_seconds=lock_wait, on_wait=on_wait) as con:
        migrate(con)
        existing = loaded_snapshot(con, report_id)
    faults.point("after-snapshot-check")
    return check_snapshot(existing, source_file, sha256, replace, reload)


def load(
    frames: StarFrames,
    warehouse: Path,
    lock_wait: float = 0.0,
    on_wait=None,
    replace: bool = False,
    audit=None,
    reload: bool = False,
) -> LoadResult:
    """Write the frames in one transaction; a failure of the file or its disk before the commit loads nothing."""
    started = time.perf_counter()
    result, opened = None, False
    try:
        with connection(warehouse, wait_seconds=lock_wait, on_wait=on_wait) as con:
            opened = True
            faults.point("after-connect")
            migrate(con)
            faults.point("after-migrate")
            result = load_star(con, frames, replace=replace, audit=audit, started=started, reload=reload)
    except WarehouseError as err:
        if result is not None and result.outcome == "loaded":  # committed; only closing failed
            return replace_field(result, note=str(err))
        if not opened:
            raise
        raise WarehouseError(f"{err}; nothing was loaded: the warehouse holds what it held before") from None
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
