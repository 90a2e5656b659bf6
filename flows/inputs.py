"""Which report files a run loads, and in what order: folders expand to their reports by period.

A folder's reports are its text (`.txt`, `.tsv`), PDF and XLSX files, and any other file whose first
bytes say PDF or XLSX (formats are recognised by content: `transforms/formats.py`). Hidden files and
office lock files (`~$report.xlsx`, `.~lock.report.xlsx#`) are not reports.
"""

from __future__ import annotations

import io
import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from flows.paths import display_path, read_head
from transforms.entities import CODE, DEFAULT_CODE, Entity, parse_entities
from transforms.errors import PoiError, ReportError, SettingsError
from transforms.formats import SNIFF_BYTES, sniff
from transforms.parse import parse_title
from transforms.published import find_title
from warehouse.errors import SnapshotExists

REPORT_SUFFIXES = (".txt", ".tsv", ".pdf", ".xlsx")
_PEEK_BYTES = 8192
_PEEK_XLSX_ROWS = 30


def peek_period(path: Path) -> tuple[int, int] | None:
    """(year, quarter) from the first title in the file; None when it cannot be read cheaply.

    Only a regular file is opened (never a FIFO or device, which could block).
    """
    head = read_head(str(path), _PEEK_BYTES)
    if head is None:
        return None
    kind = sniff(head[:SNIFF_BYTES])
    try:
        if kind == "pdf":
            return _peek_pdf(path)
        if kind is None:
            return _peek_xlsx(path)
        return _peek_text(path, head)
    except (PoiError, Exception):  # a file we cannot peek fails later with its reason
        return None


def _peek_text(path: Path, head: bytes) -> tuple[int, int] | None:
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


def _peek_pdf(path: Path) -> tuple[int, int] | None:
    from transforms.pdf_report import first_page_lines

    for line in first_page_lines(str(path)):
        period = find_title(line, str(path))
        if period:
            return period
    return None


def _peek_xlsx(path: Path) -> tuple[int, int] | None:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state != "visible":
                continue
            for row in sheet.iter_rows(max_row=_PEEK_XLSX_ROWS, values_only=True):
                for value in row:
                    if isinstance(value, str) and (period := find_title(value, str(path))):
                        return period
    finally:
        workbook.close()
    return None


def is_report_file(path: Path) -> bool:
    """Whether a folder entry is a report to load: by suffix (even one that is not a regular file, so
    the run refuses it with its reason instead of skipping it unsaid), else by a PDF/XLSX signature."""
    if path.name.startswith((".", "~$")) or path.is_dir():
        return False
    if path.suffix.lower() in REPORT_SUFFIXES:
        return True
    head = read_head(str(path), SNIFF_BYTES)
    if not head:
        return False
    kind = sniff(head)
    if kind == "pdf":
        return True
    if kind is None and head.startswith(b"PK"):
        return b"xl/" in (read_head(str(path), 1 << 16) or b"")  # the part list names xl/workbook.xml
    return False


def report_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if is_report_file(p)]


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
            files = report_files(path)
        except OSError as err:
            raise ReportError(display_path(raw), f"cannot list the folder: {err.strerror or err}") from None
        if not files:
            raise ReportError(
                display_path(raw),
                f"folder has no report files ({', '.join('*' + s for s in REPORT_SUFFIXES)}, or PDF/XLSX content)",
            )
        out += [str(p) for p in sorted(files, key=_order_key)]
    return out


def _order_key(path: Path) -> tuple:
    period = peek_period(path)
    return (period is None, period or (0, 0), path.name)


def check_one_file_per_period(paths: list[str], entities: dict[str, str] | None = None) -> None:
    """Refuse several files for one (entity, period): which revision should replace the snapshot is not
    ours to guess. `entities` gives each path's entity code (default: all the same entity).

    Raises SnapshotExists naming every such file, in the order they would load, and the entity unless
    it is the default.
    """
    by_period: dict[tuple[str, int, int], list[str]] = defaultdict(list)
    for path in paths:
        period = peek_period(Path(path))
        if period is not None:
            by_period[((entities or {}).get(path, ""), *period)].append(path)
    clashes = {key: files for key, files in by_period.items() if len(files) > 1}
    if not clashes:
        return
    (code, year, quarter), files = min(clashes.items())
    more = f" (and {len(clashes) - 1} more periods)" if len(clashes) > 1 else ""
    whose = f"{code} " if code and code != DEFAULT_CODE else ""  # the default entity goes unnamed, as in progress lines
    raise SnapshotExists(
        f"{whose}{year} Q{quarter} is named by {len(files)} files: {', '.join(display_path(f) for f in files)}"
        f"{more}: a period keeps one snapshot and which file should win is not guessed; pass one file per "
        "period, or add --last-wins to load them in this order (the last one stays)"
    )


@dataclass(frozen=True)
class Planned:
    """A report file to load and the entity it belongs to (None: its folder's name is not a code)."""

    path: str
    entity: str | None
    problem: str = ""


def plan_reports(paths: list[str], entity: str, from_folder: bool) -> list[Planned]:
    """Every report file to load with its entity code, in load order.

    Files keep the order given. A folder becomes its report files in (entity, year, quarter, name)
    order; with `from_folder` its sub-folders too, each file belonging to the entity its parent folder
    names (`reports/MML/poi_2018_t1.pdf` -> MML); otherwise every file belongs to `entity`.
    """
    planned: list[Planned] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            planned.append(_planned(raw, entity, from_folder))
            continue
        files = expand_inputs([raw]) if not from_folder else _files_below(path)
        items = [_planned(f, entity, from_folder) for f in files]
        planned += sorted(items, key=lambda p: (p.entity is None, p.entity or "", *_order_key(Path(p.path))))
    return planned


def _files_below(folder: Path) -> list[str]:
    found: list[str] = []
    for current, folders, names in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found += [str(Path(current) / n) for n in sorted(names) if is_report_file(Path(current) / n)]
    if not found:
        raise ReportError(display_path(str(folder)), "folder has no report files, in it or below it")
    return found


def _planned(path: str, entity: str, from_folder: bool) -> Planned:
    if not from_folder:
        return Planned(path, entity)
    code = os.path.basename(os.path.dirname(os.path.abspath(path)))
    if CODE.match(code):
        return Planned(path, code)
    return Planned(path, None, f"its folder's name {display_path(code)!r} is not an entity code "
                   "(1-64 letters, digits, '.', '_' or '-'): rename the folder, or name the entity with --entity")


def listed_entities(path: Path, required: bool) -> dict[str, Entity]:
    """The entities an `entities.csv` lists by code; {} when it does not exist and is not `required`."""
    if not required and not path.is_file():
        return {}
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        raise SettingsError(f"{display_path(path)}: cannot read the entities file: {reason}") from None
    return parse_entities(text, display_path(path))
