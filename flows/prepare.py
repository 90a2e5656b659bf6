"""The part of a report's load that any process may run: extract, transform, check the gate, stage.

`prepare` is what a Dask worker runs for `poi-etl run --workers N` (flows/parallel_flow.py). It
writes nothing but the report's frames, as Parquet in its staging folder, and returns a `Prepared`:
small and picklable (paths, counts, the checked gate), never frames or connections. A failure is
recorded in it with the stage it happened in, so the writer replays the report in the serial order
(extract, check-snapshot, transform, validate, load) and refuses it exactly as a serial run would.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from expectations.gate import GateResult
from flows import stages
from flows.artifacts import findings_table
from transforms.entities import Entity
from transforms.errors import PoiError
from transforms.summaries import execution_rate_markdown
from warehouse.staging import StagedFrames, write_staged


@dataclass
class Prepared:
    """One report as a worker left it for the writer."""

    path: str  # as the serial run shows it (display_path of the path given)
    entity: Entity
    report_id: int | None = None
    report_year: int | None = None
    report_quarter: int | None = None
    source_file: str = ""
    sha256: str | None = None
    rows_in: int = 0
    status_counts: dict[str, int] = field(default_factory=dict)
    gate: GateResult | None = None  # checked, not yet recorded in the Data Docs
    staged: StagedFrames | None = None
    findings: list[dict] = field(default_factory=list)  # the first findings, for the run's artifact
    n_findings: int = 0
    execution_rate: str = ""  # markdown, for the run's artifact
    timings: dict[str, float] = field(default_factory=dict)
    failed_stage: str = ""  # extract | transform | validate, when that stage raised
    message: str = ""
    exit_code: int = 0

    @property
    def complete(self) -> bool:
        """Transformed and gated (not only extracted)."""
        return self.gate is not None or self.failed_stage in ("transform", "validate")


def prepare(path: str, shown: str, entity: Entity, staging: Path, extract_only: bool = False) -> Prepared:
    """Extract, transform and check the report at `path` (shown as `shown`), staging its frames under
    `staging` when the gate lets it load. `extract_only`: stop after the extract (the writer expects
    the file to be loaded already). Never raises for the report's own problems."""
    prepared = Prepared(shown, entity)
    stage = "extract"
    try:
        started = time.perf_counter()
        extracted = stages.extract(path, entity, shown=shown)
        report = extracted.report
        prepared.report_id, prepared.sha256, prepared.rows_in = extracted.report_id, extracted.sha256, len(report.rows)
        prepared.report_year, prepared.report_quarter = report.year, report.quarter
        prepared.source_file = report.source_file
        prepared.timings["extract"] = round(time.perf_counter() - started, 3)
        if extract_only:
            return prepared
        stage, started = "transform", time.perf_counter()
        frames = stages.transform(extracted)
        prepared.status_counts = frames.status_counts()
        prepared.timings["transform"] = round(time.perf_counter() - started, 3)
        stage, started = "validate", time.perf_counter()
        prepared.gate = stages.check_gate(frames, f"{report.year}-Q{report.quarter}-{extracted.sha256[:12]}")
        prepared.timings["validate"] = round(time.perf_counter() - started, 3)
        if prepared.gate.passed:
            prepared.staged = write_staged(frames, staging)
            prepared.findings, prepared.n_findings = findings_table(frames), len(frames.dq_finding)
            prepared.execution_rate = execution_rate_markdown(frames)
    except PoiError as err:
        prepared.failed_stage, prepared.message, prepared.exit_code = stage, str(err), err.exit_code
    except Exception as err:  # a defect: reported for this report as a serial run reports it
        prepared.failed_stage, prepared.exit_code = stage, 1
        prepared.message = f"{shown}: internal error during {stage}: {type(err).__name__}: {err}"
    return prepared
