"""Invisible characters in names: one unit stays one unit, and each change is said."""

from __future__ import annotations

import unicodedata
from datetime import datetime

import pytest

from tests.transforms.report_builder import TITLE, page, row
from transforms.errors import ReportError
from transforms.parse import fold, parse_report
from transforms.report_text import decode_report
from transforms.star import NORMALISED_TEXT, build_star
from transforms.text_hygiene import normalise_name, strip_invisible

NFD_GESTION = unicodedata.normalize("NFD", "GESTIÓN")


@pytest.mark.parametrize(
    ("raw", "clean", "said"),
    [
        ("ESCUELA SAT", "ESCUELA SAT", None),
        ("  ESCUELA   SAT ", "ESCUELA SAT", None),  # ordinary whitespace: collapsed silently
        ("ESCUELA\u200bSAT", "ESCUELASAT", "removed 1× zero width space (U+200B)"),
        ("ESCUELA SAT\u200b\u200b", "ESCUELA SAT", "removed 2× zero width space (U+200B)"),
        ("CAPACITA\u00adCIÓN", "CAPACITACIÓN", "removed 1× soft hyphen (U+00AD)"),
        ("ESCUELA\u00a0SAT", "ESCUELA SAT", "replaced 1× no-break space (U+00A0) with a space"),
        ("ESCUELA\u202fSAT", "ESCUELA SAT", "replaced 1× narrow no-break space (U+202F) with a space"),
        ("\ufeffESCUELA SAT", "ESCUELA SAT", "removed 1× zero width no-break space (U+FEFF)"),
        ("ESCUELA SAT\u200e", "ESCUELA SAT", "removed 1× left-to-right mark (U+200E)"),
        ("ESCUELA\u0096 SAT", "ESCUELA SAT", "removed 1× control character (U+0096)"),
        (f"{NFD_GESTION} ADMINISTRATIVA", "GESTIÓN ADMINISTRATIVA", "composed its accents (NFC)"),
        (
            "ESCUELA\u00a0SAT\u200b",
            "ESCUELA SAT",
            "removed 1× zero width space (U+200B); replaced 1× no-break space (U+00A0) with a space",
        ),
    ],
)
def test_normalise_name_says_what_it_changed(raw, clean, said):
    assert normalise_name(raw) == (clean, said)


def test_fold_ignores_invisible_characters_in_labels():
    assert fold("PLAN\u200b OPERATIVO\u00a0INSTITUCIONAL") == "PLAN OPERATIVO INSTITUCIONAL"
    assert fold("Unidad Org\u00adánica") == "UNIDAD ORGANICA"


def test_one_unit_stays_one_unit_and_each_normalised_cell_is_a_finding():
    rows = [
        row(unit="ESCUELA SAT", activity="A"),
        row(unit="ESCUELA\u00a0SAT\u200b", activity="B"),
        row(unit="ESCUELA SAT", activity="C\u00adD", mef=f"{NFD_GESTION} ADMINISTRATIVA"),
    ]
    parsed = parse_report(page(rows), "r.txt")
    assert [r.unit_name for r in parsed.rows] == ["ESCUELA SAT"] * 3
    assert parsed.rows[2].activity_name == "CD" and parsed.rows[2].mef_category == "GESTIÓN ADMINISTRATIVA"
    frames = build_star(parsed, "0" * 64, datetime(2018, 1, 15))
    assert len(frames.dim_unit) == 1
    assert frames.dim_activity["mef_category"].nunique() == 1
    found = frames.dq_finding[frames.dq_finding["rule"] == NORMALISED_TEXT]
    assert list(zip(found["source_line"], found["detail"], strict=True)) == [
        (8, "unit_name: removed 1× zero width space (U+200B); replaced 1× no-break space (U+00A0) with a space"),
        (9, "mef_category: composed its accents (NFC)"),
        (9, "activity_name: removed 1× soft hyphen (U+00AD)"),
    ]


def test_a_clean_report_has_no_normalised_text_finding(sample_frames):
    assert not (sample_frames.dq_finding["rule"] == NORMALISED_TEXT).any()


def test_a_name_of_invisible_characters_only_is_a_missing_name():
    with pytest.raises(ReportError, match="row has no UNIDAD ORGANICA"):
        parse_report(page([row(unit="\u200b\u00a0")]), "r.txt")


def test_title_with_a_no_break_space_is_still_a_title():
    parsed = parse_report(page([row()], title=TITLE.replace(" 2017", "\u00a02017")), "r.txt")
    assert (parsed.year, parsed.quarter) == (2017, 4)


GOOD = page([row(), row(activity="ACTIVIDAD B")])


@pytest.mark.parametrize(
    ("data", "line", "what"),
    [
        (GOOD.replace("ACTIVIDAD A", "ACTIVIDAD\x00A").encode(), 7, "NUL bytes"),
        (GOOD.replace("ACTIVIDAD A", "ACTIVIDAD\x0bA").encode(), 7, "vertical tab 0x0B"),
        (GOOD.replace("\n\nFuente", "\n\x0c\nFuente").encode(), 9, "form feed 0x0C"),
        (GOOD.replace("ACTIVIDAD B", "ACTIVIDAD\x7fB").encode("cp1252"), 8, "DEL 0x7F"),
        (GOOD.replace("\n", "\r").replace("ACTIVIDAD B", "ACTIVIDAD\x01B").encode(), 8, "control character 0x01"),
    ],
    ids=["nul", "vertical-tab", "form-feed", "del-cp1252", "cr-line-ends"],
)
def test_control_characters_are_refused_as_binary_with_their_line(data, line, what):
    with pytest.raises(ReportError, match="binary content") as refused:
        decode_report(data, "r.txt")
    assert refused.value.line == line and what in refused.value.reason


def test_a_nul_past_the_first_64_kib_is_refused():
    padded = GOOD.replace("\n\n", "\n" + " " * 70_000 + "\n", 1).replace("ACTIVIDAD B", "ACTIVIDAD\x00B")
    data = padded.encode()
    assert data.index(b"\x00") > 65536
    with pytest.raises(ReportError, match="NUL bytes") as refused:
        decode_report(data, "r.txt")
    assert refused.value.line == 8


def test_tabs_and_both_line_ends_are_text():
    assert decode_report(GOOD.replace("\n", "\r\n").encode(), "r.txt") == GOOD


@pytest.mark.parametrize(
    "text",
    [
        "  Unidad  Orgánica ",
        "ACCIÓN\u00a0DE\u2007CONTROL",
        "Org\u00adánica\u200b\u200e",
        "e\u0301\u0327 n\u0303o",  # combining marks in any order
        "ﬁcha ① ² Ⅳ",  # compatibility forms
        "straße\tÉXITO\n\r\x0bX\x1fY\x7fZ",
        "\u2028línea\u2029párrafo",
    ],
)
def test_fold_is_the_per_character_table_of_its_definition(text):
    reference = "".join(c for c in unicodedata.normalize("NFKD", strip_invisible(text)) if not unicodedata.combining(c))
    assert fold(text) == " ".join(reference.upper().split())
