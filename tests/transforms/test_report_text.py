import pytest

from tests.transforms.report_builder import page, row
from transforms.errors import ReportError
from transforms.parse import parse_report
from transforms.report_text import decode_report

GOOD = page([row(unit="GERENCIA DE ADMINISTRACIÓN")])


@pytest.mark.parametrize(
    "data",
    [
        GOOD.encode("utf-8"),
        b"\xef\xbb\xbf" + GOOD.encode("utf-8"),
        GOOD.encode("cp1252"),
        GOOD.replace("\n", "\r\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "cp1252", "crlf"],
)
def test_encodings_and_line_ends_decode_to_the_same_text(data):
    assert decode_report(data, "r.txt") == GOOD
    assert parse_report(decode_report(data, "r.txt"), "r.txt").rows[0].unit_name == "GERENCIA DE ADMINISTRACIÓN"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"%PDF-1.4\n%\xe2\xe3", "PDF"),
        (b"\x00\x01\x02junk", "binary"),
    ],
)
def test_unreadable_content_is_refused(data, message):
    with pytest.raises(ReportError, match=message):
        decode_report(data, "r.txt")
