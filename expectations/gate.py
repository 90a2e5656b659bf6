"""Run the suites with a Great Expectations file context and decide whether the load may go on."""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from expectations.suites import SuiteSpec

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig
from great_expectations.data_context.types.resource_identifiers import ExpectationSuiteIdentifier

logging.getLogger("great_expectations").setLevel(logging.WARNING)

SAMPLE_ROWS = 5


@dataclass(frozen=True)
class ExpectationOutcome:
    suite: str
    expectation: str
    column: str
    success: bool
    blocking: bool
    unexpected_count: int
    samples: list
    error: str | None = None

    def describe(self) -> str:
        where = f"{self.suite}.{self.expectation}" + (f"({self.column})" if self.column else "")
        if self.error:
            return f"{where} could not run: {self.error}"
        return f"{where}: {self.unexpected_count} unexpected, e.g. {self.samples[:SAMPLE_ROWS]}"


@dataclass(frozen=True)
class GateResult:
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    docs_path: Path | None = None
    suites: list = field(default_factory=list, repr=False)  # the GX suites checked
    records: list = field(default_factory=list, repr=False)  # (ValidationResultIdentifier, result) to persist

    @property
    def blocking_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if o.blocking and not o.success]

    @property
    def warnings(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.blocking and not o.success]

    @property
    def passed(self) -> bool:
        return not self.blocking_failures

    def summary(self) -> str:
        total = len(self.outcomes)
        return (
            f"{'passed' if self.passed else 'BLOCKED'}: {total} expectations, "
            f"{len(self.blocking_failures)} blocking failures, {len(self.warnings)} warnings"
        )


def gx_context(project_dir: Path):
    """A file-backed GX context (suites, results and Data Docs persist under `project_dir`)."""
    project_dir.mkdir(parents=True, exist_ok=True)
    context = gx.get_context(mode="file", project_root_dir=str(project_dir))
    bars = context.variables.progress_bars
    globally = bars.get("globally") if isinstance(bars, dict) else getattr(bars, "globally", None)
    if globally is not False:
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        context.variables.save()
    return context


def _plain(value):
    """Numpy scalars and nested samples as plain Python values, for readable messages."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def _outcome(spec: SuiteSpec, result) -> ExpectationOutcome:
    config = result.expectation_config
    info = result.exception_info or {}
    raised = bool(info.get("raised_exception")) if isinstance(info, dict) else False
    details = result.result or {}
    samples = details.get("unexpected_index_list") or details.get("partial_unexpected_list") or []
    if not samples and "observed_value" in details and not result.success:
        samples = [details["observed_value"]]
    kwargs = config.kwargs
    column = kwargs.get("column") or ",".join(kwargs.get("column_list") or []) or ""
    if kwargs.get("column_A"):
        column = f"{kwargs['column_A']}={kwargs['column_B']}"
    return ExpectationOutcome(
        suite=spec.name,
        expectation=config.type,
        column=column,
        success=bool(result.success) and not raised,
        blocking=spec.blocking,
        unexpected_count=int(details.get("unexpected_count") or (0 if result.success else 1)),
        samples=_plain(list(samples)[:SAMPLE_ROWS]),
        error=(info.get("exception_message") or "exception") if raised else None,
    )


def check_suites(specs: list[SuiteSpec], run_name: str) -> GateResult:
    """Validate every suite on its frame in a fresh in-memory GX context (nothing written).

    The result carries the suites and the validation results, small and picklable, for
    `record_gate` to persist where the Data Docs live: any process may check, one records.
    """
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas("poi_frames")
    outcomes: list[ExpectationOutcome] = []
    records: list[tuple] = []
    run_id = gx.RunIdentifier(run_name=run_name)
    for spec in specs:
        batch = source.add_dataframe_asset(spec.name).add_batch_definition_whole_dataframe("whole")
        suite = context.suites.add(
            gx.ExpectationSuite(name=spec.name, expectations=[copy.copy(e) for e in spec.expectations])
        )
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=spec.name, data=batch, suite=suite))
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(
                name=spec.name,
                validation_definitions=[definition],
                result_format={
                    "result_format": "COMPLETE",
                    "unexpected_index_column_names": spec.id_columns,
                    "partial_unexpected_count": SAMPLE_ROWS,
                },
            )
        )
        run = checkpoint.run(batch_parameters={"dataframe": spec.frame}, run_id=run_id)
        for identifier, validation in run.run_results.items():
            records.append((identifier, validation))
            outcomes += [_outcome(spec, r) for r in validation.results]
    suites = [gx.ExpectationSuite(name=s.name, expectations=[copy.copy(e) for e in s.expectations]) for s in specs]
    return GateResult(outcomes, suites=suites, records=records)


def record_gate(project_dir: Path, gate: GateResult, suites: bool = True, index: bool = True) -> GateResult:
    """Persist a checked gate's validation results (and its suites) in the file context at
    `project_dir` and render them into the Data Docs; the gate with the docs' path.

    Rendering is incremental: this gate's results, its suites when `suites`, and the index page (which
    lists every stored result, so a backfill renders it once at the end) when `index`.
    """
    context = gx_context(project_dir)
    for suite in gate.suites if suites else []:
        context.suites.add_or_update(suite)
    for identifier, validation in gate.records:
        context.validation_results_store.set(identifier, validation)
    built = [identifier for identifier, _ in gate.records]
    if suites:
        built += [ExpectationSuiteIdentifier(s.name) for s in gate.suites]
    if built:  # never an empty list: GX renders every stored result then
        context.build_data_docs(resource_identifiers=built, build_index=index)
    docs = _index_path(project_dir)
    return replace(gate, docs_path=docs if docs.exists() or not index else None)  # without `index`: where it will be


def render_index(project_dir: Path) -> Path | None:
    """Render the stored suites and the index page, which lists every stored result; its path."""
    context = gx_context(project_dir)
    suites = [ExpectationSuiteIdentifier(suite.name) for suite in context.suites.all()]
    if suites:  # never an empty list: GX renders every stored result then
        context.build_data_docs(resource_identifiers=suites, build_index=True)
    docs = _index_path(project_dir)
    return docs if docs.exists() else None


def _index_path(project_dir: Path) -> Path:
    return project_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def run_gate(specs: list[SuiteSpec], project_dir: Path, run_name: str) -> GateResult:
    """Validate every suite on its frame, persist the suites and results, and update the Data Docs."""
    return record_gate(project_dir, check_suites(specs, run_name))
