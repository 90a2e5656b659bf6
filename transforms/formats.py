"""Which format a report file is in, by its content (magic bytes), not its name.

`pdf`: `%PDF-` within the first KiB (the PDF standard allows a little junk before it). `xlsx`: a ZIP
whose part list names `xl/workbook.xml`. An OLE2 compound file is either a password-protected OOXML
workbook (its `EncryptedPackage` stream) or a legacy `.xls`; both are refused with what to do. Other
ZIPs (OpenDocument, Word) are refused by name. Anything else is read as text, which refuses binary.
"""

from __future__ import annotations

import io
import zipfile
from typing import Literal

from transforms.errors import ReportError

Format = Literal["pdf", "xlsx", "text"]

SNIFF_BYTES = 4096
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = (b"PK\x03\x04", b"PK\x05\x06")


def sniff(head: bytes) -> Format | None:
    """The format the first bytes announce; None for a ZIP or OLE2 file whose parts must be looked at."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(_ZIP) or head.startswith(_OLE2):
        return None
    return "text"


def detect(data: bytes, path: str) -> Format:
    """The report format of a whole file; ReportError for a container that holds no POI report format."""
    found = sniff(data[:SNIFF_BYTES])
    if found is not None:
        return found
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ReportError(
                path, "the workbook is password-protected: open it with its password and save a copy without one"
            )
        raise ReportError(path, "a legacy Excel 97-2003 (.xls) or other OLE2 file: save the report as .xlsx or PDF")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype").decode("ascii", "replace") if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise ReportError(path, f"a damaged ZIP/XLSX file: {err}") from None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "opendocument.spreadsheet" in mimetype:
        raise ReportError(path, "an OpenDocument spreadsheet (.ods): save the report as .xlsx or PDF")
    if "word/document.xml" in names or "opendocument.text" in mimetype:
        raise ReportError(path, "a word-processor document, not a POI report (PDF, XLSX or text)")
    raise ReportError(path, "a ZIP archive that is not an XLSX workbook: not a POI report")
