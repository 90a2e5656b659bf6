"""`poi-etl inspect`: what a reader reads from a report file, row by row, without loading it.

Prints each row as read (page, row, names, the 35 numbers by group, status and findings) and, for a
PDF with `--png DIR`, writes one image per page with the detected columns (vertical lines) and row bands
(boxes around each row's names and numbers) drawn over it, so a person can check a doubtful page.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from transforms.errors import ReportError
from transforms.formats import detect
from transforms.parse import ActivityRow, ParsedReport
from transforms.period import NUMERALS
from transforms.reader import parse_file
from transforms.slots import EXEC, META, PROG, Q_EXEC, Q_PROG, TOTAL_EXEC, TOTAL_PROG
from transforms.star import recover


def _value(v: int | None) -> str:
    return "·" if v is None else str(v)


def row_lines(row: ActivityRow, cutoff: int) -> list[str]:
    """A row as a person checks it against the page: names, then the numbers in printed groups."""
    rec = recover(row, cutoff)
    v = rec.values
    quarters = "  ".join(f"{_value(v[p])}/{_value(v[e])}" for p, e in zip(Q_PROG, Q_EXEC, strict=True))
    lines = [
        f"page {row.page} row {row.line} [{rec.status}]",
        f"  {row.mef_category} | {row.unit_name} | {row.activity_name} | {row.unit_of_measure}",
        f"  META {_value(v[META])}  PROG {' '.join(_value(v[s]) for s in PROG)}",
        f"  EJEC {' '.join(_value(v[s]) for s in EXEC)}",
        f"  TRIM prog/ejec {quarters}  TOTAL {_value(v[TOTAL_PROG])}/{_value(v[TOTAL_EXEC])}",
    ]
    lines += [f"  {f.rule}: {f.detail}" for f in rec.findings]
    return lines


def describe(report: ParsedReport, page: int | None = None) -> Iterator[str]:
    yield (
        f"{report.source_file}: {report.source_format}, {report.year} – AL {NUMERALS[report.quarter]} "
        f"TRIMESTRE, source date {report.source_date:%d/%m/%Y}, {report.n_pages} page(s), {len(report.rows)} rows"
    )
    rows = [r for r in report.rows if page is None or r.page == page]
    if page is not None and not rows:
        raise ReportError(report.source_file, f"page {page} has no activity rows (the report has {report.n_pages})")
    for row in rows:
        yield from row_lines(row, report.quarter)


def inspect_file(path: Path, page: int | None = None, png: Path | None = None) -> Iterator[str]:
    """Lines describing the report as read; with `png`, page images written there (PDF only)."""
    from flows.stages import read_report_bytes

    data = read_report_bytes(str(path))
    kind = detect(data, str(path))
    if png is not None and kind != "pdf":
        raise ReportError(str(path), f"--png draws PDF pages; this file is {kind}")
    report = parse_file(data, str(path))
    yield from describe(report, page)
    if png is not None:
        for written in draw_pages(data, str(path), png, page):
            yield f"image: {written}"


def draw_pages(data: bytes, path: str, folder: Path, only: int | None = None) -> list[Path]:
    """One PNG per page with the columns and row bands the reader found drawn over the page."""
    from transforms.pdf_report import read_pdf
    from transforms.pdfminer_page import open_pdf

    reads, _ = read_pdf(data, path, keep_pages=True)
    folder.mkdir(parents=True, exist_ok=True)
    pdf = open_pdf(data, path)
    written = []
    try:
        for read in reads:
            if read.header is None or read.body is None or (only is not None and read.number != only):
                continue
            image = pdf.pages[read.number - 1].to_image(resolution=150)
            columns = [*read.header.text_columns, *read.header.numeric_columns]
            top = read.header.month_baseline
            bottom = max(r.anchor.bottom for r in read.body.rows)
            for column in columns[1:]:
                image.draw_line([(column.left, top), (column.left, bottom)], stroke=(0, 90, 255), stroke_width=1)
            image.draw_line([(columns[-1].right, top), (columns[-1].right, bottom)], stroke=(0, 90, 255))
            for row in read.body.rows:
                tops = [row.anchor.top] + [line.top for lines in row.name_lines for line in lines]
                bottoms = [row.anchor.bottom] + [line.bottom for lines in row.name_lines for line in lines]
                left = max(0.0, columns[0].left)
                box = (left, min(tops), columns[-1].right, max(bottoms))
                image.draw_rect(box, fill=(255, 140, 0, 30), stroke=(255, 140, 0), stroke_width=1)
            target = folder / f"{Path(path).stem}_page{read.number:03d}.png"
            image.save(target)
            written.append(target)
    finally:
        pdf.close()
    return written
