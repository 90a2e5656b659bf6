"""One entry point for every report format: PDF and XLSX read cell by cell, text through the parser."""

from __future__ import annotations

from dataclasses import replace

from transforms.formats import Format, detect
from transforms.parse import ParsedReport, parse_report
from transforms.report_text import decode_report


def parse_file(data: bytes, path: str, source_file: str | None = None) -> ParsedReport:
    """The parsed report in `data` (a whole file), whatever its format; ReportError when it is not one.

    `path` names the file in messages; `source_file` is the name loaded (default: `path`'s last part).
    """
    kind: Format = detect(data, path)
    if kind == "pdf":
        from transforms.pdf_report import parse_pdf  # pdfplumber is imported only for PDF input

        report = parse_pdf(data, path)
    elif kind == "xlsx":
        from transforms.xlsx_report import parse_xlsx

        report = parse_xlsx(data, path)
    else:
        return parse_report(decode_report(data, path), path, source_file=source_file)
    return replace(report, source_file=source_file) if source_file else report
