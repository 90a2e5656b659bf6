"""Round trip: reports rendered by real producers from known values read back exactly.

The sample's rows whose values are all determined (devkit.render.sample_spec), and seeded corpora of
drawn reports in drawn styles, written as XLSX (openpyxl), PDF (reportlab) and PDF exported from the
XLSX by LibreOffice, read back with the product's readers and compared with the truth.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from devkit import published_accuracy as accuracy
from devkit.published_accuracy import check_file, document
from devkit.render import convert_to_pdf, render_pdf, render_xlsx, report_truth, sample_spec
from devkit.render.style import Style
from tests.devkit.tools import need


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


@pytest.mark.parametrize(
    ("seed", "report"),
    [
        # no grid, narrow names: an activity line ends 0.18 of the glyph size before the unit of measure's
        # text begins, and that narrow gutter is where the two columns part
        (1, 5),
        # a grid, `Total` without PROG/EJEC: the grid line between its two columns starts below the header
        (4, 4),
    ],
)
def test_drawn_reports_whose_layout_was_misread_read_back(tmp_path, seed, report):
    render = [sys.executable, "-m", "devkit.render", "--out", str(tmp_path), "--seed", str(seed), "--count", str(report)]
    subprocess.run([*render, "--no-libreoffice"], cwd=accuracy.ROOT, check=True, stdout=subprocess.DEVNULL, timeout=600)
    truth = json.loads((tmp_path / f"r{report:03d}.truth.json").read_text(encoding="utf-8"))
    _assert_all_right(check_file(tmp_path / f"r{report:03d}.reportlab.pdf", truth, truth["pages"]))


@pytest.mark.e2e
def test_drawn_reports_never_load_a_wrong_value_and_the_accuracy_page_is_current(tmp_path):
    """The corpus of docs/generated/published-accuracy.md (seeds 11 and 12, 8 reports each, three
    producers): no value loaded differs from the truth, none is left NULL, no wrong name is loaded without
    a note on its column, every XLSX row reads right, a PDF that is read is read whole; and the committed
    page is what this run measures."""
    need("soffice", "libreoffice-calc-nogui")
    totals = accuracy.measure(accuracy.SEEDS, accuracy.COUNT, tmp_path)
    for producer, tally in totals.items():
        assert tally.files == len(accuracy.SEEDS) * accuracy.COUNT, producer
        assert tally.values_wrong == 0, (producer, tally.problems)
        assert tally.values_null == 0, (producer, tally.problems)
        assert tally.values_right == tally.rows_read * 35, (producer, tally.problems)
        assert tally.names_unnoted == 0, (producer, tally.problems)
    xlsx = totals["xlsx"]
    assert xlsx.rows_right == xlsx.rows_truth and not xlsx.refused, xlsx.problems
    fresh = document(totals, accuracy.SEEDS, accuracy.COUNT)
    assert accuracy.DOC.read_text(encoding="utf-8") == fresh, "run scripts/published_accuracy.py --write"
