"""Run the suites with a Great Expectations file context and decide whether the load may go on."""

from __future__ import annotations

import copy
import logging
import os
from dataclasses import dataclass, field
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


def run_gate(specs: list[SuiteSpec], project_dir: Path, run_name: str) -> GateResult:
    """Validate every suite on its frame, persist results and rebuild Data Docs."""
    context = gx_context(project_dir)
    source = context.data_sources.add_or_update_pandas("poi_frames")
    outcomes: list[ExpectationOutcome] = []
    built: list = []
    for spec in specs:
        asset = (
            source.add_dataframe_asset(spec.name)
            if spec.name not in source.get_asset_names()
            else source.get_asset(spec.name)
        )
        batch = (
            asset.add_batch_definition_whole_dataframe("whole")
            if "whole" not in [b.name for b in asset.batch_definitions]
            else asset.get_batch_definition("whole")
        )
        suite = context.suites.add_or_update(
            gx.ExpectationSuite(name=spec.name, expectations=[copy.copy(e) for e in spec.expectations])
        )
        definition = context.validation_definitions.add_or_update(
            gx.ValidationDefinition(name=spec.name, data=batch, suite=suite)
        )
        checkpoint = context.checkpoints.add_or_update(
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
        run = checkpoint.run(batch_parameters={"dataframe": spec.frame}, run_id=gx.RunIdentifier(run_name=run_name))
        for identifier, validation in run.run_results.items():
            built.append(identifier)
            outcomes += [_outcome(spec, r) for r in validation.results]
    # Incremental: render this run's results (and the suites) only, not every result ever stored.
    suites = [context.suites.get(spec.name) for spec in specs]
    context.build_data_docs(resource_identifiers=built)
    context.build_data_docs(resource_identifiers=[ExpectationSuiteIdentifier(s.name) for s in suites])
    docs = project_dir / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"
    return GateResult(outcomes, docs if docs.exists() else None)
