"""How each bad input is made.

Committed fixtures (tests/fixtures/bad_inputs/*) are small edits of the real sample's first two pages;
`BUILDERS` makes each one, and a test checks the committed bytes still equal what the builder makes.
Large, binary, unreadable, directory and missing-path inputs are made at test time (`make_generated`).
"""

from __future__ import annotations

import contextlib
import os
import random
import socket
import unicodedata
from collections.abc import Callable
from pathlib import Path
from unittest import mock

from devkit.reliability.fixtures import BAD_INPUTS, SAMPLE

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
