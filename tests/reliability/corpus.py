"""The bad-input corpus: how each fixture is made, and how a case is run and judged.

Committed fixtures (tests/fixtures/bad_inputs/*) are small edits of the real sample's first two pages;
`BUILDERS` makes each one, and a test checks the committed bytes still equal what the builder makes.
Large, binary, unreadable, directory and missing-path cases are made at test time (`make_generated`).
The expected outcome of every case is in tests/fixtures/bad_inputs/cases.toml.

Used by tests/reliability/test_corpus.py and scripts/reliability_report.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import random
import re
import shutil
import socket
import stat
import time
import tomllib
import traceback
import tracemalloc
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import duckdb

from tests.reliability import environments
from tests.warehouse_state import base_tables

ROOT = Path(__file__).resolve().parents[2]
BAD_INPUTS = ROOT / "tests" / "fixtures" / "bad_inputs"
MANIFEST = BAD_INPUTS / "cases.toml"
SAMPLE = ROOT / "poi_warehouse" / "samples" / "poi_2017_t4.txt"
QUARTERLY = ROOT / "tests" / "fixtures" / "quarterly"
HISTORY = [QUARTERLY / "poi_2017_t2.txt", QUARTERLY / "poi_2017_t3.txt"]  # already in the warehouse
AUDIT_TABLES = {"load_audit"}

# ---------------------------------------------------------------------------------------------
# Fixture builders: the sample's first two pages (lines 1-53: 2 titles, 2 headers, 33 rows, 2 footers)


def _sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").split("\n")


def good_lines() -> list[str]:
    """Lines 1-53 of the sample: pages 1 and 2, each with title, header, rows and footer."""
    return _sample_lines()[:53]


def _text(lines: list[str]) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


def _edit(edits: dict[int, str | None]) -> bytes:
    """Good pages with 1-based lines replaced (None: blanked, keeping line numbers)."""
    lines = good_lines()
    for number, new in edits.items():
        lines[number - 1] = "" if new is None else new
    return _text(lines)


def _sub(old: str, new: str, count: int = -1) -> bytes:
    return _text("\n".join(good_lines()).replace(old, new, count).split("\n"))


def _cell(line: int, field_index: int, value: str) -> tuple[int, str]:
    cells = good_lines()[line - 1].split("\t")
    cells[field_index] = value
    return line, "\t".join(cells)


def _cells(*changes: tuple[int, int, str]) -> bytes:
    lines = good_lines()
    for line, index, value in changes:
        cells = lines[line - 1].split("\t")
        cells[index] = value
        lines[line - 1] = "\t".join(cells)
    return _text(lines)


def _truncated_mid_row() -> bytes:
    lines = good_lines()[:14]
    row = good_lines()[14].split("\t")
    return ("\n".join(lines) + "\n" + "\t".join(row[:20])).encode("utf-8")  # no newline: cut mid-row


def _duplicated_row() -> bytes:
    lines = good_lines()
    return _text(lines[:9] + [lines[8]] + lines[9:])  # line 10 repeats line 9


def _duplicated_activity() -> bytes:
    lines = good_lines()
    cells = lines[8].split("\t")
    cells[5] = str(int(cells[5]) + 1)
    return _text(lines[:20] + ["\t".join(cells)] + lines[20:])  # line 21: line 9's activity, other numbers


def _duplicated_page() -> bytes:
    lines = good_lines()
    return _text(lines[:26] + lines[:26] + lines[26:])  # page 1 printed twice


def _no_rows() -> bytes:
    lines = good_lines()
    return _text(lines[:6] + ["", *lines[21:26]])


def _tabs_as_spaces() -> bytes:
    return _text([line.replace("\t", "  ") for line in good_lines()])


def _row_spaces() -> bytes:
    return _edit({10: good_lines()[9].replace("\t", " ")})


def _header_extra_column() -> bytes:
    return _edit({5: good_lines()[4].replace("UNIDAD DE MEDIDA\t", "UNIDAD DE MEDIDA\tOBSERVACIONES\t")})


def _header_missing_column() -> bytes:
    return _edit({5: good_lines()[4].replace("META ANUAL\t", "")})


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _good_text() -> str:
    return _text(good_lines()).decode("utf-8")


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _cell_edit(line: int, field_index: int, edit: Callable[[str], str]) -> bytes:
    return _cells((line, field_index, edit(good_lines()[line - 1].split("\t")[field_index])))


BUILDERS: dict[str, Callable[[], bytes]] = {
    "good_two_pages.txt": lambda: _text(good_lines()),
    "empty.txt": lambda: b"",
    "blank_lines_only.txt": lambda: b"\n\n\t\t\n   \n\n",
    "pdf_bytes.pdf": _pdf,
    "title_wrong_quarter.txt": lambda: _sub("EJECUCIÓN AL IV TRIMESTRE", "EJECUCIÓN AL II TRIMESTRE"),
    "footer_before_period_end.txt": lambda: _sub("al 11/01/2018", "al 15/12/2017"),
    "footer_far_after_period.txt": lambda: _sub("al 11/01/2018", "al 11/01/2020"),
    "footers_disagree.txt": lambda: _edit({50: "Fuente: Módulo de Control de la Gestión al 12/01/2018."}),
    "utf16.txt": lambda: _good_text().encode("utf-16"),
    "truncated_mid_row.txt": _truncated_mid_row,
    "truncated_between_pages.txt": lambda: _text(good_lines()[:48]),
    "truncated_after_title.txt": lambda: _text(good_lines()[:27]),
    "missing_title.txt": lambda: _edit({3: None}),
    "missing_title_page_2.txt": lambda: _edit({27: None}),
    "unknown_quarter_numeral.txt": lambda: _sub("AL IV TRIMESTRE", "AL V TRIMESTRE"),
    "quarter_in_digits.txt": lambda: _sub("AL IV TRIMESTRE", "AL 4 TRIMESTRE"),
    "year_out_of_range.txt": lambda: _sub("INSTITUCIONAL 2017", "INSTITUCIONAL 1917"),
    "year_not_a_number.txt": lambda: _sub("INSTITUCIONAL 2017", "INSTITUCIONAL 2O17"),
    "title_without_quarter.txt": lambda: _edit({3: "PLAN OPERATIVO INSTITUCIONAL 2017 – EJECUCIÓN"}),
    "pages_disagree_on_period.txt": lambda: _edit({27: good_lines()[26].replace("AL IV", "AL III")}),
    "header_missing.txt": lambda: _edit({5: None, 6: None}),
    "header_line_2_missing.txt": lambda: _edit({6: None}),
    "header_extra_column.txt": _header_extra_column,
    "header_missing_column.txt": _header_missing_column,
    "tabs_as_spaces.txt": _tabs_as_spaces,
    "row_tabs_as_spaces.txt": _row_spaces,
    "row_without_unit.txt": lambda: _cells((8, 1, "")),
    "footer_without_date.txt": lambda: _edit({23: "Fuente: Módulo de Control de la Gestión"}),
    "footer_impossible_date.txt": lambda: _sub("al 11/01/2018", "al 31/02/2018", 1),
    "no_activity_rows.txt": _no_rows,
    "text_after_last_footer.txt": lambda: _edit({52: "Página 2 de 2"}),
    "duplicated_row.txt": _duplicated_row,
    "duplicated_activity.txt": _duplicated_activity,
    "duplicated_page.txt": _duplicated_page,
    "non_numeric_tokens.txt": lambda: _cells((8, 5, "N/A"), (9, 6, "1.5"), (11, 7, "-3"), (12, 8, "12a")),
    "huge_numbers.txt": lambda: _cells((8, 4, "99999999999999999999"), (13, 9, "1000000000000000")),
    "utf8_bom.txt": lambda: b"\xef\xbb\xbf" + _text(good_lines()),
    "cp1252.txt": lambda: _good_text().encode("cp1252"),
    "latin1.txt": lambda: _good_text().replace("–", "-").encode("latin-1"),
    "crlf.txt": lambda: _good_text().replace("\n", "\r\n").encode("utf-8"),
    "control_byte_in_row.txt": lambda: _cell_edit(12, 2, lambda a: a.replace(" ", "\x0b", 1)),
    "form_feed_between_pages.txt": lambda: _edit({26: "\x0c"}),
    "zero_width_space_in_unit.txt": lambda: _cell_edit(9, 1, lambda u: u + "\u200b"),
    "soft_hyphen_in_activity.txt": lambda: _cell_edit(10, 2, lambda a: a.replace("EJECUCIÓN", "EJECU\u00adCIÓN")),
    "no_break_spaces_in_names.txt": lambda: _cells(
        (11, 1, "GERENCIA\u00a0CENTRAL\u00a0DE ADMINISTRACION DE RECURSOS"),
        (12, 1, "GERENCIA CENTRAL DE\u202fADMINISTRACION DE RECURSOS"),
    ),
    "decomposed_accents.txt": lambda: _cells(
        (7, 0, _nfd(good_lines()[6].split("\t")[0])), (7, 2, _nfd(good_lines()[6].split("\t")[2]))
    ),
    "direction_mark_and_c1_control.txt": lambda: _cell_edit(13, 1, lambda u: "\u200e" + u.replace(" Y ", "\u0096 Y ")),
}


def write_fixtures(folder: Path = BAD_INPUTS) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in BUILDERS.items():
        (folder / name).write_bytes(build())
        written.append(folder / name)
    return written


# ---------------------------------------------------------------------------------------------
# Generated inputs (never committed)

JUNK_BIG_BYTES = 100 * 1000 * 1000


def make_generated(kind: str, folder: Path) -> Path:
    """Create a generated input in `folder` and return its path."""
    rnd = random.Random(20170404)
    if kind == "binary_junk":
        path = folder / "binary_junk.txt"
        path.write_bytes(rnd.randbytes(64 * 1024))
    elif kind == "binary_junk_without_nul":
        path = folder / "binary_junk_without_nul.txt"
        path.write_bytes(rnd.randbytes(64 * 1024).replace(b"\x00", b"\x81"))
    elif kind == "junk_100mb":
        path = folder / "junk_100mb.txt"
        chunk = rnd.randbytes(1000 * 1000)
        with path.open("wb") as handle:
            for _ in range(JUNK_BIG_BYTES // len(chunk)):
                handle.write(chunk)
    elif kind == "junk_text_30mib":
        path = folder / "junk_text_30mib.txt"
        line = ("lorem ipsum\t" * 20 + "\n").encode()
        with path.open("wb") as handle:
            handle.write(line * (30 * 2**20 // len(line)))
    elif kind == "empty_directory":
        path = folder / "empty_directory"
        path.mkdir()
    elif kind == "missing_path":
        path = folder / "no_such_report.txt"
    elif kind == "unreadable_permission":
        path = folder / "unreadable.txt"
        path.write_bytes(BUILDERS["good_two_pages.txt"]())
        path.chmod(0)
    elif kind.startswith("published_"):
        path = _published(kind.removeprefix("published_"), folder)
    elif kind == "device_file":
        path = Path("/dev/zero")
    elif kind == "nul_after_64kib":
        path = folder / "nul_after_64kib.txt"
        lines = good_lines()
        lines[3] = " " * 70_000  # a blank line of spaces: the NUL below sits past the first 64 KiB
        lines[45] = lines[45].replace("ADMINISTRAR", "ADMINIS\x00TRAR")
        path.write_bytes(_text(lines))
    elif kind == "non_utf8_file_name":
        path = folder / os.fsdecode(b"poi_2017_t4_edici\xf3n_\xff.txt")  # Latin-1 name bytes, not UTF-8
        path.write_bytes(BUILDERS["good_two_pages.txt"]())
    elif kind == "named_pipe":
        path = folder / "named_pipe.txt"
        os.mkfifo(path)
    elif kind == "named_pipe_in_folder":
        path = folder / "inbox"
        path.mkdir()
        os.mkfifo(path / "poi_2017_t4.txt")
    elif kind == "unix_socket":
        path = folder / "socket.txt"
        with contextlib.closing(socket.socket(socket.AF_UNIX)) as sock:
            sock.bind(str(path))  # the socket file stays after the socket closes
    elif kind == "symlink_loop":
        path = folder / "loop_a.txt"
        path.symlink_to("loop_b.txt")
        (folder / "loop_b.txt").symlink_to("loop_a.txt")
    elif kind == "broken_symlink":
        path = folder / "moved.txt"
        path.symlink_to("moved_away/poi_2017_t4.txt")
    elif kind in ("replace_two_files_one_period", "replace_two_files_last_wins"):
        path = folder / "revisions"
        path.mkdir()
        good = BUILDERS["good_two_pages.txt"]()
        (path / "poi_2017_t4_a.txt").write_bytes(good.replace(b"al 11/01/2018", b"al 10/01/2018"))
        (path / "poi_2017_t4_b.txt").write_bytes(good)
    elif kind == "unreadable_io_error":
        path = Path("/proc/self/mem")
    else:
        raise ValueError(kind)
    return path


def _published(kind: str, folder: Path) -> Path:
    """A bad published file (PDF, XLSX) made by devkit.render's writers from the sample's known rows."""
    from devkit.render import bad_inputs, render_pdf, sample_spec

    spec = sample_spec()
    good = lambda: render_pdf(spec, folder / "good.pdf")  # noqa: E731 - the base several writers damage
    makers = {
        "scanned_pdf": lambda p: bad_inputs.scanned_pdf(good(), p),
        "encrypted_pdf": lambda p: bad_inputs.encrypted_pdf(spec, p),
        "owner_locked_pdf": lambda p: bad_inputs.owner_locked_pdf(spec, p),
        "truncated_pdf": lambda p: bad_inputs.truncated_pdf(good(), p),
        "corrupt_pdf": lambda p: bad_inputs.corrupt_pdf(good(), p),
        "letter_pdf": bad_inputs.letter_pdf,
        "letter_xlsx": bad_inputs.letter_xlsx,
        "xlsx_other_sheet": lambda p: bad_inputs.xlsx_with_other_sheet(spec, p),
        "encrypted_xlsx": lambda p: bad_inputs.encrypted_xlsx(spec, p),
        "junk_pdf_100mb": bad_inputs.junk_pdf,
        "xlsx_title_wrong_quarter": lambda p: _retitled_xlsx(spec, p, "IV TRIMESTRE", "II TRIMESTRE"),
        "junk_pdf_header_100mb": lambda p: bad_inputs.junk_pdf(p, pdf_header=True),
    }
    suffix = ".xlsx" if "xlsx" in kind else ".pdf"
    path = folder / f"{kind}{suffix}"
    makers[kind](path)
    (folder / "good.pdf").unlink(missing_ok=True)
    return path


def _retitled_xlsx(spec, path: Path, old: str, new: str) -> Path:
    """The known rows as XLSX, every title edited (openpyxl): the title no longer says what the rows print."""
    import openpyxl

    from devkit.render import render_xlsx

    render_xlsx(spec, path)
    workbook = openpyxl.load_workbook(path)
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and old in cell.value:
                    cell.value = cell.value.replace(old, new)
    workbook.save(path)
    return path


@contextlib.contextmanager
def unreadable(path: Path):
    """Make `path` unreadable. Root reads through chmod 000: then the denial is simulated at open()."""
    if os.geteuid() != 0:
        yield "chmod 000"
        return
    real_open = os.open

    def fake_open(name, *args, **kwargs):
        if Path(os.fsdecode(name)) == path:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(name, *args, **kwargs)

    with mock.patch.object(os, "open", fake_open):
        yield "chmod 000; running as root, the denial is simulated at open()"


# ---------------------------------------------------------------------------------------------
# The manifest and the run of one case


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # file | generated | sql | setting | warehouse | disk
    made: str
    expect: str  # refused | loaded | answered
    why: str
    file: str = ""
    sql: str = ""
    exit: int = 0
    message: str = ""
    line: int | None = None
    flagged_lines: tuple[int, ...] = ()
    tokens: tuple[str, ...] = ()
    same_as: str = ""
    args: tuple[str, ...] = ()  # more `poi-etl run` flags
    normalised_lines: tuple[int, ...] = ()  # lines with a `normalised_text` finding, exactly these
    same_values_as: str = ""  # the case whose loaded values (findings aside) this one must equal
    command: str = ""  # warehouse and disk cases: run (default) | sql | export | check
    warehouse: str = ""  # warehouse cases: the maker in environments.WAREHOUSE_MAKERS
    place: str = ""  # disk cases: warehouse | data_docs | prefect_home | export
    disk: str = ""  # disk cases: full | read_only | full_during_load
    process: bool = False  # run as a real `poi-etl` process
    env: dict[str, str] = field(default_factory=dict)  # setting: the environment of the run
    format: str = ""  # sql: --format
    null: str | None = None  # sql: --null
    output: str = ""  # sql: the exact stdout expected

    @property
    def input_label(self) -> str:
        return f"`{self.sql}`" if self.kind == "sql" else self.file or self.name


def load_cases() -> list[Case]:
    data = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    cases = []
    for entry in data["case"]:
        entry = dict(entry)
        for key in ("flagged_lines", "tokens", "args", "normalised_lines"):
            entry[key] = tuple(entry.get(key, ()))
        cases.append(Case(**entry))
    return cases


@dataclass
class Result:
    name: str
    outcome: str  # refused | loaded | answered | hang | skipped
    exit_code: int
    message: str  # the error line, with the case's folder removed
    traceback: bool
    warehouse_changed: bool  # refused: any table differs (warehouse cases: any byte); loaded: an older row lost
    flagged: tuple[int, ...] = ()
    normalised: tuple[int, ...] = ()
    values_fingerprint: str = ""
    statuses: dict[int, str] = field(default_factory=dict)
    token_named: dict[int, bool] = field(default_factory=dict)
    fingerprint: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    output: str = ""  # stdout (sql cases)


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every base table (audit aside), sorted."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = base_tables(con)
        return {n: sorted(con.execute(f'select * from "{n}"').fetchall(), key=repr) for n in names}
    finally:
        con.close()


def history_lost(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> bool:
    """True when a row that was in the warehouse before is gone or altered (new rows are fine)."""
    return any(Counter(rows) - Counter(after.get(name, [])) for name, rows in before.items())


def snapshot_fingerprint(path: Path, year: int = 2017, quarter: int = 4, findings: bool = True) -> str:
    """The loaded snapshot's content, without the file name, sha256 and load time (and the findings)."""
    queries = [
        "select * exclude (source_file) from v_activity_month where report_year = ? and report_quarter = ?",
        "select * exclude (source_file) from v_activity_quarter where report_year = ? and report_quarter = ?",
        "select * exclude (source_file) from v_activity_year where report_year = ? and report_quarter = ?",
        "select report_id, source_date, n_pages, n_rows from dim_report where report_year = ? and report_quarter = ?",
    ]
    if findings:
        queries.append(
            "select * exclude (source_file) from v_data_quality where report_year = ? and report_quarter = ?"
        )
    con = duckdb.connect(str(path), read_only=True)
    try:
        parts = [repr(sorted(con.execute(sql, [year, quarter]).fetchall(), key=repr)) for sql in queries]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
    finally:
        con.close()


def flagged_lines(path: Path, year: int = 2017, quarter: int = 4) -> tuple[int, ...]:
    """Lines loaded as not `exact`, with at least one v_data_quality finding (the flag contract).

    A cell the identities determine may be `repaired` even when its printed token was odd; the finding
    says so. Values beyond any real count are never loaded (checked by `huge_values`)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "select y.source_line from v_activity_year y "
            "where y.report_year = ? and y.report_quarter = ? and y.row_status <> 'exact' "
            "and exists (select 1 from v_data_quality d where d.report_year = y.report_year "
            "and d.report_quarter = y.report_quarter and d.source_line = y.source_line) order by 1",
            [year, quarter],
        ).fetchall()
        return tuple(r[0] for r in rows)
    finally:
        con.close()


def loaded_source_file(path: Path, year: int = 2017, quarter: int = 4) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        query = "select source_file from dim_report where report_year = ? and report_quarter = ?"
        return con.execute(query, [year, quarter]).fetchone()[0]
    finally:
        con.close()


def normalised_lines(path: Path, year: int = 2017, quarter: int = 4) -> tuple[int, ...]:
    """Lines with a `normalised_text` finding (invisible characters removed or replaced in a name)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "select distinct source_line from v_data_quality where report_year = ? and report_quarter = ? "
            "and rule = 'normalised_text' order by 1",
            [year, quarter],
        ).fetchall()
        return tuple(r[0] for r in rows)
    finally:
        con.close()


def huge_values(path: Path, limit: int = 10**12) -> int:
    """How many loaded numbers exceed any real count."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select (select count(*) from fct_activity_row where greatest(meta_anual, total_programmed, "
            "total_executed) > $1) + (select count(*) from fct_activity_month where greatest(programmed, executed) > $1)"
            " + (select count(*) from fct_activity_quarter where greatest(programmed, executed) > $1)",
            [limit],
        ).fetchone()[0]
    finally:
        con.close()


def tokens_named(path: Path, tokens: dict[int, str], year: int = 2017, quarter: int = 4) -> dict[int, bool]:
    """For each line, whether one of its v_data_quality findings quotes the odd token."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            line: con.execute(
                "select count(*) > 0 from v_data_quality where report_year = ? and report_quarter = ? "
                "and source_line = ? and contains(detail, ?)",
                [year, quarter, line, f"'{token}'"],
            ).fetchone()[0]
            for line, token in tokens.items()
        }
    finally:
        con.close()


def line_status(path: Path, lines: tuple[int, ...], year: int = 2017, quarter: int = 4) -> dict[int, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(
            con.execute(
                "select source_line, row_status from v_activity_year where report_year = ? and report_quarter = ? "
                "and list_contains(?, source_line)",
                [year, quarter, list(lines)],
            ).fetchall()
        )
    finally:
        con.close()


def build_base_warehouse(path: Path) -> Path:
    """A warehouse that already holds history: the 2017 Q2 and Q3 snapshots (plain stages, gates passed)."""
    from flows import stages

    path.parent.mkdir(parents=True, exist_ok=True)
    for report in HISTORY:
        extracted = stages.extract(str(report))
        frames = stages.transform(extracted)
        stages.load(frames, path, replace=True)
    return path


def _run_cli(argv: list[str]) -> tuple[int, str, str, bool]:
    """`poi-etl <argv>` in-process, bounded in time (a hang raises CaseTimeout)."""
    from poi_warehouse.cli import main

    out, err = io.StringIO(), io.StringIO()
    crashed = False
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), environments.bounded():
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except environments.CaseTimeout:
            raise
        except BaseException:
            traceback.print_exc()
            crashed, code = True, 1
    return code, out.getvalue(), err.getvalue(), crashed


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def _run_setting_case(case: Case, workdir: Path, warehouse: Path) -> tuple[int, str, str, bool]:
    """`poi-etl run good_two_pages.txt` with the case's environment ({workdir}: the case's folder)."""
    report = workdir / "good_two_pages.txt"
    shutil.copy(BAD_INPUTS / "good_two_pages.txt", report)
    (workdir / "reports").mkdir()
    env = {name: value.format(workdir=workdir) for name, value in case.env.items()}
    argv = ["run", str(report)] + ([] if "POI_WAREHOUSE" in env else ["--warehouse", str(warehouse)])
    with _environment(env):
        return _run_cli(argv)


def _error_line(stderr: str, folder: Path) -> str:
    """The last `error: ` line, without the case's folder nor DuckDB's block checksums and offsets (they
    change with every build of the base warehouse; the table must not)."""
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    text = lines[-1][len("error: ") :] if lines else ""
    text = re.sub(r"\b(checksum|location) \d+", r"\1 …", text)
    return text.replace(str(folder) + os.sep, "").replace(str(folder), "")


def _judged_run(case: Case, code: int, out: str, err: str, crashed: bool, folder: Path, notes: list[str]) -> Result:
    message = _error_line(err, folder)
    has_traceback = crashed or "Traceback" in out + err or "internal error" in message
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    if code != 0 and len(errors) != 1:
        notes.append(f"{len(errors)} error lines")
    if code == 0:
        outcome = "loaded" if case.kind in ("file", "generated") or case.command in ("", "run") else "answered"
        outcome = "answered" if case.kind == "sql" else outcome
    else:
        outcome = "hang" if code == -1 else "refused"
    return Result(case.name, outcome, code, message, has_traceback, False, notes=notes)


def _harness_api_url() -> str | None:
    """The API of the Prefect server this process uses (the test harness's), for the cases run as processes."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def run_environment_case(case: Case, base: Path, workdir: Path) -> Result:
    """A warehouse or disk case (tests/reliability/environments.py): the file must keep every byte
    (warehouse cases) or every row (disk cases), and a refused export leaves nothing behind."""
    started = time.perf_counter()
    notes: list[str] = []
    try:
        with environments.environment(case, base, workdir) as setup:
            warehouse = setup["warehouse"]
            before = environments.file_state(warehouse) if case.kind == "warehouse" else table_rows(warehouse)
            if case.process:
                code, out, err = environments.run_process_case(case, setup, workdir, _harness_api_url())
                crashed = False
            else:
                code, out, err, crashed = _run_cli(setup["argv"])
            after = environments.file_state(warehouse) if case.kind == "warehouse" else table_rows(warehouse)
            export_dir = setup["export_dir"]
            left = sorted(
                p.name for p in export_dir.parent.iterdir() if p.name.startswith((".poi-export", export_dir.name))
            )
    except environments.MountUnavailable as unavailable:
        return Result(case.name, "skipped", 0, str(unavailable), False, False, notes=[str(unavailable)])
    except environments.CaseTimeout as timeout:
        return Result(case.name, "hang", -1, str(timeout), False, False, notes=[str(timeout)])
    result = _judged_run(case, code, out, err, crashed, workdir, notes)
    result.seconds = round(time.perf_counter() - started, 2)
    result.warehouse_changed = before != after if result.outcome != "loaded" else False
    if case.command == "export" and result.outcome == "refused" and left:
        result.notes.append(f"left behind: {', '.join(left)}")
    return result


def run_case(case: Case, base: Path, workdir: Path, prepared: dict[str, Path] | None = None) -> Result:
    """Run one case through the real CLI (in-process) against a copy of the base warehouse."""
    if case.kind in ("warehouse", "disk"):
        return run_environment_case(case, base, workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    warehouse = workdir / "poi.duckdb"
    shutil.copy(base, warehouse)
    before = table_rows(warehouse)
    started = time.perf_counter()
    notes: list[str] = []
    path = None
    try:
        if case.kind == "sql":
            flags = (["--format", case.format] if case.format else []) + (["--null", case.null] if case.null else [])
            code, out, err, crashed = _run_cli(["sql", case.sql, "--warehouse", str(warehouse), *flags])
            folder = workdir
        elif case.kind == "setting":
            code, out, err, crashed = _run_setting_case(case, workdir, warehouse)
            folder = workdir
        else:
            if case.kind == "file":
                source = BAD_INPUTS / case.file
                path = workdir / case.file
                shutil.copy(source, path)
                folder = workdir
            else:
                path = (prepared or {}).get(case.name) or make_generated(case.name, workdir)
                folder = path.parent
            guard = unreadable(path) if case.name == "unreadable_permission" else contextlib.nullcontext()
            with guard as how:
                if how:
                    notes.append(how)
                code, out, err, crashed = _run_cli(["run", str(path), *case.args, "--warehouse", str(warehouse)])
    except environments.CaseTimeout as timeout:
        code, out, err, crashed, folder = -1, "", f"error: HANG: {timeout}", False, workdir
    result = _judged_run(case, code, out, err, crashed, folder, notes)
    result.seconds = round(time.perf_counter() - started, 2)
    result.output = out if case.kind == "sql" else ""
    after = table_rows(warehouse)
    result.warehouse_changed = history_lost(before, after) if result.outcome == "loaded" else before != after
    if result.outcome == "loaded":
        result.flagged = flagged_lines(warehouse)
        result.fingerprint = snapshot_fingerprint(warehouse)
        result.values_fingerprint = snapshot_fingerprint(warehouse, findings=False)
        result.normalised = normalised_lines(warehouse)
        if huge_values(warehouse):
            result.notes.append("a value beyond any real count was loaded")
        result.statuses = line_status(warehouse, case.flagged_lines)
        result.token_named = tokens_named(warehouse, dict(zip(case.flagged_lines, case.tokens, strict=False)))
        if path is not None and not path.is_dir():
            loaded_as = loaded_source_file(warehouse)
            shown = os.fsencode(path.name).decode("utf-8", "backslashreplace")  # as the CLI shows the name
            if loaded_as != shown:
                result.notes.append(f"source_file loaded as {loaded_as!r}, not {shown!r}")
    if case.name == "unreadable_permission" and path is not None and path.exists():
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    if case.kind == "generated" and path is not None and path.is_file() and path.parent == workdir:
        path.unlink()  # never leave 100 MB behind
    return result


def named_line(message: str) -> int | None:
    """The line an error message names (`file:LINE: …` or `file:LINE (page N): …`)."""
    match = re.match(r"^[^:]*:(\d+)(?: \(page \d+\))?: ", message)
    return int(match.group(1)) if match else None


def remember(fingerprints: dict[str, str], result: Result) -> None:
    """Keep a loaded result's fingerprints for the cases that must equal it (`same_as`, `same_values_as`)."""
    if result.fingerprint:
        fingerprints[result.name] = result.fingerprint
        fingerprints[f"{result.name}:values"] = result.values_fingerprint


def judge(case: Case, result: Result, fingerprints: dict[str, str]) -> list[str]:
    """What is wrong with a result against its case's expectation ([] when it matches, or it was skipped)."""
    if result.outcome == "skipped":
        return []
    problems = []
    if result.outcome != case.expect:
        problems.append(f"outcome {result.outcome}, expected {case.expect}")
    if result.traceback:
        problems.append("traceback or internal error")
    if result.warehouse_changed:
        problems.append("warehouse changed")
    if case.expect == "refused":
        if result.exit_code != case.exit:
            problems.append(f"exit {result.exit_code}, expected {case.exit}")
        if case.message not in result.message:
            problems.append(f"message {result.message!r} lacks {case.message!r}")
        if case.line is not None and named_line(result.message) != case.line:
            problems.append(f"line {case.line} not named in {result.message!r}")
        if "\n" in result.message or not result.message:
            problems.append("not exactly one error line")
    if case.output and result.output != case.output:
        problems.append(f"output {result.output!r}, expected {case.output!r}")
    if case.expect == "loaded":
        if tuple(sorted(case.flagged_lines)) != tuple(sorted(set(result.flagged) & set(case.flagged_lines))):
            problems.append(f"flagged {result.flagged}, expected at least {case.flagged_lines}")
        if any("beyond any real count" in n for n in result.notes):
            problems.append("a value beyond any real count was loaded")
        if case.same_as and fingerprints.get(case.same_as) != result.fingerprint:
            problems.append(f"content differs from {case.same_as}")
        if case.same_values_as and fingerprints.get(f"{case.same_values_as}:values") != result.values_fingerprint:
            problems.append(f"values differ from {case.same_values_as}")
        if tuple(result.normalised) != tuple(case.normalised_lines):
            problems.append(f"normalised_text findings on lines {result.normalised}, expected {case.normalised_lines}")
    problems += [note for note in result.notes if note.startswith(("left behind", "still running", "source_file"))]
    return problems


def measure_extract(path: Path) -> dict[str, float | str]:
    """Time and Python peak memory of the extract stage on one file (refusal included)."""
    from flows import stages
    from transforms.errors import ReportError

    tracemalloc.start()
    started = time.perf_counter()
    try:
        stages.extract(str(path))
        reason = "accepted"
    except ReportError as err:
        reason = err.reason
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": round(seconds, 3), "peak_mib": round(peak / 2**20, 1), "reason": reason}
