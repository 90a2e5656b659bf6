"""Prefect artifacts a person wants after a load: summary, findings, execution rate, Data Docs link."""

from __future__ import annotations

from pathlib import Path

from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact

from transforms.star import StarFrames
from transforms.summaries import execution_rate_markdown

MAX_FINDING_ROWS = 500


def publish_summary(outcome) -> None:
    rows = [{"metric": "file", "value": outcome.path}, {"metric": "outcome", "value": outcome.outcome}]
    if outcome.report_year:
        rows.append({"metric": "period", "value": f"{outcome.report_year} Q{outcome.report_quarter}"})
    rows.append({"metric": "rows in", "value": outcome.rows_in})
    rows += [{"metric": f"rows {k}", "value": v} for k, v in sorted(outcome.status_counts.items())]
    rows.append({"metric": "gate", "value": outcome.gate})
    if outcome.message:
        rows.append({"metric": "message", "value": outcome.message})
    rows += [{"metric": f"seconds {k}", "value": v} for k, v in outcome.timings.items()]
    create_table_artifact(key="load-summary", table=rows, description=f"Load summary: {Path(outcome.path).name}")
    if outcome.warnings:
        body = "\n".join(f"- {w}" for w in outcome.warnings)
        create_markdown_artifact(key="gate-warnings", markdown=f"# Gate warnings (not blocking)\n\n{body}\n")


def findings_table(frames: StarFrames) -> list[dict]:
    """The report's first findings by line, as the `data-quality-findings` artifact lists them."""
    findings = frames.dq_finding.sort_values(["source_line", "rule"]).head(MAX_FINDING_ROWS)
    return [{"line": int(r.source_line), "rule": r.rule, "detail": r.detail} for r in findings.itertuples(index=False)]


def publish_report(frames: StarFrames, data_docs: Path | None) -> None:
    publish_findings(findings_table(frames), len(frames.dq_finding), execution_rate_markdown(frames), data_docs)


def publish_findings(table: list[dict], total: int, execution_rate: str, data_docs: Path | None) -> None:
    """The findings, the execution rate (markdown) and the Data Docs link of a loaded report."""
    if table:
        create_table_artifact(key="data-quality-findings", table=table, description=f"{total} findings")
    create_markdown_artifact(key="execution-rate", markdown=execution_rate)
    if data_docs is not None:
        create_link_artifact(
            key="gx-data-docs", link=data_docs.resolve().as_uri(), link_text="Great Expectations Data Docs"
        )
