"""One entry point for every report format: PDF and XLSX read cell by cell, text through the parser."""

from __future__ import annotations

from transforms.formats import Format, detect
from transforms.parse import ParsedReport, parse_report
from transforms.report_text import decode_report


def parse_file(data: bytes, path: str) -> ParsedReport:
    """The parsed report in `data` (a whole file), whatever its format; ReportError when it is not one."""
    kind: Format = detect(data, path)
    if kind == "pdf":
        from transforms.pdf_report import parse_pdf  # pdfplumber is imported only for PDF input

        return parse_pdf(data, path)
    if kind == "xlsx":
        from transforms.xlsx_report import parse_xlsx

        return parse_xlsx(data, path)
    return parse_report(decode_report(data, path), path)
