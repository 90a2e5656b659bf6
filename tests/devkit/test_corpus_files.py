"""The corpus script end to end: XLSX, reportlab PDF, LibreOffice PDF and truth.json per report agree."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

from devkit.render.__main__ import main
from devkit.render.corpus import random_report
from devkit.render.layout import blocks
from devkit.render.libreoffice import ConversionError, convert_to_pdf
from devkit.render.style import Style
from devkit.render.truth import spec_from_truth
from devkit.render.xlsx import render_xlsx
from tests.devkit.tools import block_numbers, need, pdf_pages, pdf_text, table_numbers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    need("soffice", "libreoffice-calc-nogui")
    out = tmp_path_factory.mktemp("corpus")
    args = [sys.executable, "-m", "devkit.render", "--out", str(out), "--seed", "3", "--count", "3", "--with-sample"]
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("wrote 4 report(s)")
    return out


@pytest.mark.e2e
def test_every_report_has_its_files_and_pages(corpus):
    truths = sorted(corpus.glob("*.truth.json"))
    assert [t.name.split(".")[0] for t in truths] == ["r001", "r002", "r003", "sample"]
    for path in truths:
        truth = json.loads(path.read_text(encoding="utf-8"))
        assert set(truth["files"]) == {"xlsx", "reportlab_pdf", "libreoffice_pdf"}
        for key in ("reportlab_pdf", "libreoffice_pdf"):
            assert pdf_pages(corpus / truth["files"][key]) == truth["pages"], (path.name, key)
        assert "PLAN OPERATIVO INSTITUCIONAL" in pdf_text(corpus / truth["files"]["libreoffice_pdf"])
        for row in truth["rows"]:
            assert len(row["values"]) == 35 and row["status"] in ("exact", "inconsistent")
            if row["slipped"]:  # a slip breaks an identity; so may a lone mark printed in place of a number
                assert row["status"] == "inconsistent"


@pytest.fixture(scope="module")
def printed(corpus) -> dict[tuple[str, str], tuple[list, list[float]]]:
    """(report, pdf kind) -> (number words per page, sizes of the digits): each PDF parsed once."""
    out = {}
    for path in sorted(corpus.glob("*.truth.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        for key in ("reportlab_pdf", "libreoffice_pdf"):
            with pdfplumber.open(corpus / truth["files"][key]) as pdf:
                words = [table_numbers(page) for page in pdf.pages]
                sizes = [c["size"] for page in pdf.pages for c in page.chars if c["text"].isdigit()]
            out[path.name.split(".")[0], key] = (words, sizes)
    return out


@pytest.mark.e2e
def test_both_pdfs_print_every_number_of_every_page(corpus, printed):
    for path in sorted(corpus.glob("*.truth.json")):
        truth = json.loads(path.read_text(encoding="utf-8"))
        spec, style = spec_from_truth(truth), Style(**truth["style"])
        expected = [block_numbers(spec, block, style) for block in blocks(spec, style)]
        for key in ("reportlab_pdf", "libreoffice_pdf"):
            assert printed[path.name.split(".")[0], key][0] == expected, (path.name, key)


@pytest.mark.e2e
def test_glyphs_are_those_of_a_scaled_export(printed):
    libreoffice = [s for (_, key), (_, sizes) in printed.items() if key == "libreoffice_pdf" for s in sizes]
    reportlab = [s for (_, key), (_, sizes) in printed.items() if key == "reportlab_pdf" for s in sizes]
    assert min(libreoffice) >= 2 and max(libreoffice) <= 10.5  # measured range: docs/test-fixtures.md
    assert min(reportlab) >= 2.5 and max(reportlab) <= 11.5  # titles are 3 pt above the body


@pytest.mark.e2e
def test_a_stuck_conversion_times_out(tmp_path):
    need("soffice", "libreoffice-calc-nogui")
    xlsx = render_xlsx(random_report(1, 5).spec, tmp_path / "r.xlsx")
    with pytest.raises(ConversionError, match=r"did not finish within 0\.2 s"):
        convert_to_pdf([xlsx], tmp_path, timeout=0.2)


def test_missing_libreoffice_is_one_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ConversionError, match=r"soffice \(LibreOffice\) not found on PATH: apt-get install"):
        convert_to_pdf([tmp_path / "r.xlsx"], tmp_path)


def test_big_report_for_benchmarks(tmp_path, capsys):
    assert main(["--out", str(tmp_path), "--pages", "3", "--no-libreoffice"]) == 0
    truth = json.loads((tmp_path / "big.truth.json").read_text(encoding="utf-8"))
    assert truth["pages"] == 3 and len(truth["rows"]) == 60 and "libreoffice_pdf" not in truth["files"]
    assert pdf_pages(tmp_path / "big.reportlab.pdf") == 3
    assert "wrote 1 report(s)" in capsys.readouterr().out
