"""Which report files a run loads, and in what order: folders expand to their reports by period."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from flows.paths import display_path, read_head
from poi_warehouse.errors import ReportError, SnapshotExists
from transforms.parse import parse_title

REPORT_SUFFIXES = (".txt", ".tsv")
_PEEK_BYTES = 8192


def peek_period(path: Path) -> tuple[int, int] | None:
    """(year, quarter) from the first title in the file's head; None when it cannot be read cheaply.

    Only a regular file is opened (never a FIFO or device, which could block).
    """
    head = read_head(str(path), _PEEK_BYTES)
    if head is None:
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

    A folder's entries named like reports that are not regular files (a FIFO, a socket, a broken
    link) are kept, so the run refuses each with its reason instead of skipping it unsaid. Files whose
    period cannot be peeked sort after the others (they will fail with a clear reason).
    """
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            out.append(raw)
            continue
        try:
            files = [p for p in path.iterdir() if p.suffix.lower() in REPORT_SUFFIXES and not p.is_dir()]
        except OSError as err:
            raise ReportError(display_path(raw), f"cannot list the folder: {err.strerror or err}") from None
        if not files:
            raise ReportError(
                display_path(raw), f"folder has no report files ({', '.join('*' + s for s in REPORT_SUFFIXES)})"
            )
        out += [str(p) for p in sorted(files, key=_order_key)]
    return out


def _order_key(path: Path) -> tuple:
    period = peek_period(path)
    return (period is None, period or (0, 0), path.name)


def check_one_file_per_period(paths: list[str]) -> None:
    """Refuse several files for one period: which revision should replace the snapshot is not ours to guess.

    Raises SnapshotExists naming every such file, in the order they would load.
    """
    by_period: dict[tuple[int, int], list[str]] = defaultdict(list)
    for path in paths:
        period = peek_period(Path(path))
        if period is not None:
            by_period[period].append(path)
    clashes = {period: files for period, files in by_period.items() if len(files) > 1}
    if not clashes:
        return
    (year, quarter), files = min(clashes.items())
    more = f" (and {len(clashes) - 1} more periods)" if len(clashes) > 1 else ""
    raise SnapshotExists(
        f"{year} Q{quarter} is named by {len(files)} files: {', '.join(display_path(f) for f in files)}{more}: "
        "a period keeps one snapshot and which file should win is not guessed; pass one file per period, "
        "or add --last-wins to load them in this order (the last one stays)"
    )
