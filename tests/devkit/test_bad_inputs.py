"""The bad-input writers make the files they claim, each a real file from a real producer."""

from __future__ import annotations

import io

import msoffcrypto
import olefile
import openpyxl
import pdfplumber
import pytest
from pdfplumber.utils.exceptions import PdfminerException

from devkit.render import bad_inputs
from devkit.render.corpus import random_report
from devkit.render.layout import title_text
from devkit.render.pdf_reportlab import render_pdf
from devkit.render.style import Style
from tests.devkit.tools import need, pdf_pages

STYLE = Style(rows_per_page=10)


@pytest.fixture(scope="module")
def spec():
    return random_report(31, n_rows=18).spec


@pytest.fixture()
def good(tmp_path, spec):
    return render_pdf(spec, tmp_path / "good.pdf", STYLE)


def read_all(path, password=""):
    """Every page's text, as a reader would take it."""
    with pdfplumber.open(path, password=password) as pdf:
        return [page.extract_text() for page in pdf.pages]


def test_scanned_pdf_has_images_and_no_text(tmp_path, good):
    need("pdftoppm", "poppler-utils")
    scan = bad_inputs.scanned_pdf(good, tmp_path / "scan.pdf")
    assert pdf_pages(scan) == pdf_pages(good) == 2
    with pdfplumber.open(scan) as pdf:
        assert all(len(p.images) == 1 and not p.chars for p in pdf.pages)


def test_user_password_pdf_needs_it(tmp_path, spec):
    path = bad_inputs.encrypted_pdf(spec, tmp_path / "locked.pdf", STYLE)
    with pytest.raises(PdfminerException, match="PDFPasswordIncorrect"):
        read_all(path)
    assert title_text(spec) in read_all(path, password=bad_inputs.USER_PASSWORD)[0]


def test_owner_password_only_pdf_opens_without_one(tmp_path, spec):
    path = bad_inputs.owner_locked_pdf(spec, tmp_path / "owner.pdf", STYLE)
    with pdfplumber.open(path) as pdf:
        assert pdf.doc.encryption is not None  # encrypted …
        assert title_text(spec) in pdf.pages[0].extract_text()  # … yet readable with the empty user password


def test_truncated_and_corrupt_pdfs_do_not_read(tmp_path, good):
    truncated = bad_inputs.truncated_pdf(good, tmp_path / "cut.pdf")
    corrupt = bad_inputs.corrupt_pdf(good, tmp_path / "corrupt.pdf")
    assert truncated.stat().st_size == int(good.stat().st_size * 0.6)
    assert corrupt.stat().st_size == good.stat().st_size and corrupt.read_bytes()[:5] == b"%PDF-"
    for path in (truncated, corrupt):
        try:
            pages = read_all(path)
        except Exception:  # pdfminer fails in its own ways (here: an unexpected end of file)
            pages = []
        assert not any(pages)  # no page text: an error, or no page at all (the corrupt one here)


def test_letter_and_staff_table_are_not_reports(tmp_path):
    text = " ".join(read_all(bad_inputs.letter_pdf(tmp_path / "letter.pdf")))
    assert "OFICIO" in text and "PLAN OPERATIVO" not in text
    ws = openpyxl.load_workbook(bad_inputs.letter_xlsx(tmp_path / "staff.xlsx")).active
    values = [str(c.value) for row in ws.iter_rows() for c in row if c.value]
    assert "APELLIDOS Y NOMBRES" in values and not any("PLAN OPERATIVO" in v for v in values)


def test_workbook_with_a_visible_sheet_of_another_layout(tmp_path, spec):
    wb = openpyxl.load_workbook(bad_inputs.xlsx_with_other_sheet(spec, tmp_path / "two.xlsx", STYLE))
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible", "visible"]
    assert wb.worksheets[0]["A2"].value == "N°" and wb.worksheets[1]["A1"].value == title_text(spec)


def test_password_protected_xlsx_is_an_encrypted_ole2_file(tmp_path, spec):
    path = bad_inputs.encrypted_xlsx(spec, tmp_path / "locked.xlsx", STYLE)
    assert olefile.isOleFile(str(path))
    with olefile.OleFileIO(str(path)) as ole:
        assert ole.exists("EncryptedPackage") and ole.exists("EncryptionInfo")
    with pytest.raises(Exception):  # noqa: B017 - not a zip: openpyxl cannot open it
        openpyxl.load_workbook(path)
    plain = io.BytesIO()
    with path.open("rb") as f:
        office = msoffcrypto.OfficeFile(f)
        office.load_key(password=bad_inputs.USER_PASSWORD)
        office.decrypt(plain)
    assert openpyxl.load_workbook(plain).active["A1"].value == title_text(spec)


@pytest.mark.parametrize("header", [False, True])
def test_junk_named_pdf_is_written_at_test_time(tmp_path, header):
    path = bad_inputs.junk_pdf(tmp_path / "junk.pdf", pdf_header=header, seed=1)
    assert path.stat().st_size == bad_inputs.JUNK_SIZE == 100_000_000
    assert path.open("rb").read(8).startswith(b"%PDF-1.7") == header
