"""Turn a report file's bytes into text lines, refusing what is not a text report."""

from __future__ import annotations

import re

from transforms.errors import ReportError

_BOMS = (b"\xef\xbb\xbf",)
# C0 controls and DEL, except tab, LF and CR: a text report has none, anywhere in the file
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_NAMES = {"\x0b": "vertical tab", "\x0c": "form feed", "\x1a": "end-of-file mark", "\x7f": "DEL"}


def _line_of(data: bytes, position: int) -> int:
    head = data[:position]
    return head.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1


def decode_report(data: bytes, path: str) -> str:
    """Decode UTF-8 (with or without BOM) or cp1252 text; normalise line ends to LF.

    NUL and the other control characters (tab, CR and LF aside) are refused wherever they are: a
    file holding them is binary, or text damaged on its way, and its names would not be what was printed.
    """
    if not data.strip():
        raise ReportError(path, "the file is empty")
    if data.lstrip().startswith(b"%PDF"):
        raise ReportError(path, "this is a PDF file: extract its text to tab-separated text first")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportError(path, "UTF-16 text: save the report as UTF-8 (or cp1252) text")
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ReportError(path, "binary content (NUL bytes): not a text report", _line_of(data, nul))
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
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    control = _CONTROL.search(text)
    if control:
        char = control.group()
        name = _CONTROL_NAMES.get(char, "control character")
        raise ReportError(
            path,
            f"binary content ({name} 0x{ord(char):02X}): not a text report (only tab, CR and LF may appear)",
            text.count("\n", 0, control.start()) + 1,
        )
    return text
