from datetime import date

import pytest

from tests.transforms.report_builder import (
    FLAT_NUMBERS,
    HEADER_1,
    HEADER_2,
    TITLE,
    cut_off,
    footer,
    page,
    report,
    row,
    title,
)
from transforms.errors import ReportError
from transforms.parse import fold, parse_report


def test_two_pages_give_rows_with_provenance():
    text = report(page([row(activity="A"), row(activity="B")]), page([row(activity="C")]))
    parsed = parse_report(text, "/data/in/poi_2017_t4.txt")
    assert (parsed.year, parsed.quarter, parsed.n_pages) == (2017, 4, 2)
    assert parsed.source_file == "poi_2017_t4.txt"
    assert parsed.source_date == date(2018, 1, 11)
    assert [(r.page, r.line, r.activity_name) for r in parsed.rows] == [(1, 7, "A"), (1, 8, "B"), (2, 19, "C")]
    first = parsed.rows[0]
    assert (first.mef_category, first.unit_name, first.unit_of_measure) == (
        "GESTIÓN ADMINISTRATIVA",
        "GERENCIA X",
        "ACCIONES",
    )
    assert [t.value for t in first.tokens] == [12] + [1] * 24 + [3] * 8 + [12, 12]


@pytest.mark.parametrize(
    "header_1",
    [
        HEADER_1,
        HEADER_1.replace("Unidad Orgánica", "Unidad Organica"),
        HEADER_1.replace("\tTotal\t", "\t"),  # no trailing Total cell
        HEADER_1 + "\t\t",  # extra empty cells
    ],
)
def test_header_spelling_variants_are_accepted(header_1):
    assert len(parse_report(page([row()], header_1=header_1), "r.txt").rows) == 1


@pytest.mark.parametrize("header_2", [HEADER_2, HEADER_2.replace("\tTotal\t", "\t\t"), HEADER_2.rstrip("\t")])
def test_second_header_with_or_without_total(header_2):
    assert len(parse_report(page([row()], header_2=header_2), "r.txt").rows) == 1


@pytest.mark.parametrize(
    ("text", "quarter"),
    [(TITLE, 4), (title(quarter="I"), 1), (title(quarter="II"), 2), (title(dash="-"), 4), (title(dash="—"), 4)],
)
def test_title_gives_year_and_cutoff_quarter(text, quarter):
    parsed = parse_report(page([row(numbers=cut_off(FLAT_NUMBERS, quarter))], title=text, footer=footer(quarter)), "r.txt")
    assert (parsed.year, parsed.quarter) == (2017, quarter)


def test_title_without_accents_is_accepted():
    parsed = parse_report(page([row()], title=TITLE.replace("EJECUCIÓN", "EJECUCION")), "r.txt")
    assert parsed.quarter == 4


def test_footer_without_trailing_period():
    parsed = parse_report(page([row()], footer="Fuente: Módulo de Control de la Gestión al 03/04/2018"), "r.txt")
    assert parsed.source_date == date(2018, 4, 3)


def test_footnote_marks_and_blank_fields_are_kept_with_positions():
    numbers = ["1", "", "", "1/", "5 1/", "0", "", "N/A"]
    parsed = parse_report(page([row(numbers=numbers)]), "r.txt")
    tokens = parsed.rows[0].tokens
    assert [(t.field, t.kind, t.value, t.footnote) for t in tokens] == [
        (0, "number", 1, None),
        (3, "footnote", None, "1/"),
        (4, "number", 5, "1/"),
        (5, "number", 0, None),
        (7, "invalid", None, None),
    ]
    assert parsed.rows[0].fields[:8] == tuple(numbers)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (page([row()], title=title(quarter="V")), 3, "unknown quarter numeral 'V'"),
        (page([row()], title=TITLE.replace("2017", "1890")), 3, "not a year"),
        (page([row()], title=TITLE.replace("2017", "20X7")), 3, "not a year"),
        (page([row()], footer=None), 8, "truncated"),
        (page([row()], header_1=HEADER_1.replace("META ANUAL", "META")), 5, "first header line"),
        (page([row()], header_2=HEADER_2.replace("ENE", "JAN", 1)), 6, "second header line"),
        (page([row()], footer="Fuente: Módulo de Control"), 9, "no 'al DD/MM/YYYY' date"),
        ("\n".join(["hola", "mundo"]), 1, "missing report title"),
        (page([row().replace("\t", " ")]), 7, "tabs replaced by spaces"),
        (page([]), None, "no activity rows"),
    ],
)
def test_refusals_name_the_line_and_reason(text, line, message):
    with pytest.raises(ReportError) as caught:
        parse_report(text, "bad.txt")
    err = caught.value
    assert message in str(err)
    assert err.line == line
    assert str(err).startswith("bad.txt")


def test_pages_that_disagree_on_the_period_are_refused():
    text = report(page([row()]), page([row(activity="B")], title=title(quarter="III")))
    with pytest.raises(ReportError, match="pages disagree"):
        parse_report(text, "r.txt")


def test_page_without_footer_before_next_title_is_refused():
    text = report(page([row()], footer=None), page([row(activity="B")]))
    with pytest.raises(ReportError, match="page 1 has no 'Fuente:' footer"):
        parse_report(text, "r.txt")


def test_fold_removes_accents_and_case():
    assert fold("  Unidad  Orgánica ") == "UNIDAD ORGANICA"
