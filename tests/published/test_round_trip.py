"""Round trip: reports rendered by real producers from known values read back exactly.

The sample's rows whose values are all determined (devkit.render.sample_spec), and seeded corpora of
drawn reports in drawn styles, written as XLSX (openpyxl), PDF (reportlab) and PDF exported from the
XLSX by LibreOffice, read back with the product's readers and compared with the truth.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from devkit.published_accuracy import check_corpus, check_file
from devkit.render import convert_to_pdf, render_pdf, render_xlsx, report_truth, sample_spec
from devkit.render.style import Style
from tests.devkit.tools import need

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def sample_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sample")
    spec, style = sample_spec(), Style()
    xlsx = render_xlsx(spec, folder / "sample.xlsx", style)
    pdf = render_pdf(spec, folder / "sample.reportlab.pdf", style)
    truth = report_truth(spec, style)
    return folder, xlsx, pdf, truth


def _assert_all_right(tally):
    assert not tally.refused, tally.problems
    assert tally.values_wrong == 0 and tally.values_null == 0, tally.problems
    assert tally.rows_read == tally.rows_truth == tally.rows_right, tally.problems


def test_the_samples_known_rows_read_back_from_xlsx(sample_files):
    _, xlsx, _, truth = sample_files
    _assert_all_right(check_file(xlsx, truth, 0))


def test_the_samples_known_rows_read_back_from_a_reportlab_pdf(sample_files):
    _, _, pdf, truth = sample_files
    _assert_all_right(check_file(pdf, truth, truth["pages"]))


@pytest.mark.e2e
def test_the_samples_known_rows_read_back_from_the_pdf_libreoffice_prints(sample_files):
    need("soffice", "libreoffice-calc-nogui")
    folder, xlsx, _, truth = sample_files
    (pdf,) = convert_to_pdf([xlsx], folder / "lo")
    _assert_all_right(check_file(pdf, truth, truth["pages"]))


@pytest.mark.e2e
def test_drawn_reports_in_drawn_styles_never_load_a_wrong_value(tmp_path):
    """Two seeded corpora, 8 reports each, every producer: no value loaded differs from the truth,
    no value is left NULL, every XLSX row reads right; refused PDF pages are counted, not hidden."""
    need("soffice", "libreoffice-calc-nogui")
    totals = {}
    for seed in (11, 12):
        folder = tmp_path / f"seed{seed}"
        render = [sys.executable, "-m", "devkit.render", "--out", str(folder), "--seed", str(seed), "--count", "8"]
        subprocess.run(render, cwd=ROOT, check=True, capture_output=True, timeout=900)
        for producer, tally in check_corpus(folder).items():
            totals.setdefault(producer, tally) if producer not in totals else totals[producer].add(tally)
    for producer, tally in totals.items():
        assert tally.values_wrong == 0, (producer, tally.problems)
        assert tally.values_null == 0, (producer, tally.problems)
        assert tally.files == 16
    xlsx = totals["xlsx"]
    assert xlsx.rows_right == xlsx.rows_truth and not xlsx.refused, xlsx.problems
    for producer in ("reportlab_pdf", "libreoffice_pdf"):
        tally = totals[producer]
        # a file read is read whole: every row found, its values right
        assert tally.values_right == tally.rows_read * 35, (producer, tally.problems)
