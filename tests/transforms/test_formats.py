import io
import zipfile

import pytest

from transforms.errors import ReportError
from transforms.formats import detect


def _zip(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in names.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_formats_are_known_by_their_content_not_their_name():
    assert detect(b"%PDF-1.7\n...", "report.txt") == "pdf"
    assert detect(b"\r\n\r\n%PDF-1.4 junk before the header is allowed", "x") == "pdf"
    assert detect(_zip({"[Content_Types].xml": b"", "xl/workbook.xml": b""}), "report.pdf") == "xlsx"
    assert detect(b"PLAN OPERATIVO INSTITUCIONAL", "report.xlsx") == "text"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "password-protected"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Excel 97-2003"),
        (_zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}), "OpenDocument spreadsheet"),
        (_zip({"word/document.xml": b""}), "word-processor document"),
        (_zip({"a.txt": b"x"}), "not an XLSX"),
        (b"PK\x03\x04 broken", "damaged ZIP"),
    ],
)
def test_containers_that_hold_no_report_format_are_refused_with_what_to_do(data, reason):
    with pytest.raises(ReportError, match=reason):
        detect(data, "r.xlsx")
