"""Turn a report file's bytes into text lines, refusing what is not a text report."""

from __future__ import annotations

from poi_warehouse.errors import ReportError

_BOMS = (b"\xef\xbb\xbf",)


def decode_report(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM) or cp1252 text; normalise line ends to LF."""
    if not data.strip():
        raise ReportError(path, "the file is empty")
    if data.lstrip().startswith(b"%PDF"):
        raise ReportError(path, "this is a PDF file: extract its text to tab-separated text first")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportError(path, "UTF-16 text: save the report as UTF-8 (or cp1252) text")
    if b"\x00" in data[:65536]:
        raise ReportError(path, "binary content (NUL bytes): not a text report")
    for bom in _BOMS:
        if data.startswith(bom):
            data = data[len(bom) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as err:
            raise ReportError(path, f"not UTF-8 nor cp1252 text (byte {err.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
