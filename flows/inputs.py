"""Which report files a run loads, and in what order: folders expand to their reports by period."""

from __future__ import annotations

from pathlib import Path

from poi_warehouse.errors import ReportError
from transforms.parse import parse_title

REPORT_SUFFIXES = (".txt", ".tsv")
_PEEK_BYTES = 8192


def peek_period(path: Path) -> tuple[int, int] | None:
    """(year, quarter) from the first title in the file's head; None when it cannot be read cheaply."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_PEEK_BYTES)
    except OSError:
        return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = head.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return None
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            period = parse_title(line, str(path), number)
        except ReportError:
            return None
        if period:
            return period
    return None


def expand_inputs(paths: list[str]) -> list[str]:
    """Files as given; each folder becomes its report files, in (year, quarter, name) order.

    Files whose period cannot be peeked sort after the others (they will fail with a clear reason).
    """
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            out.append(raw)
            continue
        files = [p for p in path.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES]
        if not files:
            raise ReportError(raw, f"folder has no report files ({', '.join('*' + s for s in REPORT_SUFFIXES)})")
        out += [str(p) for p in sorted(files, key=_order_key)]
    return out


def _order_key(path: Path) -> tuple:
    period = peek_period(path)
    return (period is None, period or (0, 0), path.name)
