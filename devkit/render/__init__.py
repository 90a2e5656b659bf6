"""Realistic POI report files (XLSX, PDF) rendered from known values, for testing the readers.

Entry points; the mechanics live in the sibling modules (README.md beside this file).
"""

from devkit.render.corpus import GeneratedReport, random_report, sample_spec
from devkit.render.libreoffice import ConversionError, convert_to_pdf
from devkit.render.pdf_reportlab import render_pdf
from devkit.render.spec import ReportSpec, RowSpec, expected_status, expected_values, footnotes
from devkit.render.style import Style, random_style
from devkit.render.truth import report_truth
from devkit.render.xlsx import render_xlsx

__all__ = [
    "ConversionError",
    "GeneratedReport",
    "ReportSpec",
    "RowSpec",
    "Style",
    "convert_to_pdf",
    "expected_status",
    "expected_values",
    "footnotes",
    "random_report",
    "random_style",
    "render_pdf",
    "render_xlsx",
    "report_truth",
    "sample_spec",
]
