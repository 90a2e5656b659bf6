import pytest

from tests.transforms.glyph_builder import text
from tests.transforms.page_builder import PageSpec, flat_cells, numeric_left, page
from transforms.pdf_geometry import group_lines
from transforms.pdf_header import PageProblem, find_header, placed_words, split_labels
from transforms.pdf_rows import read_body


def read(spec: PageSpec):
    glyphs, rules = page(spec)
    lines = group_lines(glyphs)
    header = find_header(lines, rules, "page 1")
    rows = [[part for w in row for part in split_labels(w)] for row in placed_words(lines)]
    return read_body(rows, header, rules, "page 1", "r.pdf")


def names(body):
    return [tuple(" ".join(line.text for line in lines) for lines in row.name_lines) for row in body.rows]


WRAPPED = [
    ((["GESTIÓN", "ADMINISTRATIVA"], ["GERENCIA DE", "FINANZAS", "Y CONTROL"], ["CAPACITAR EN"], ["ACCIONES"]), flat_cells()),
    ((["GESTIÓN"], ["JEFATURA"], ["DIRIGIR LAS", "ACTIVIDADES"], ["INFORMES"]), flat_cells()),
    ((["ACCIONES DE", "CONTROL Y", "AUDITORÍA"], ["OCI"], ["AUDITAR"], ["ACCIONES"]), flat_cells()),
]
EXPECTED = [
    ("GESTIÓN ADMINISTRATIVA", "GERENCIA DE FINANZAS Y CONTROL", "CAPACITAR EN", "ACCIONES"),
    ("GESTIÓN", "JEFATURA", "DIRIGIR LAS ACTIVIDADES", "INFORMES"),
    ("ACCIONES DE CONTROL Y AUDITORÍA", "OCI", "AUDITAR", "ACCIONES"),
]


@pytest.mark.parametrize("valign", ["middle", "top", "bottom"])
@pytest.mark.parametrize("grid", [False, True])
def test_wrapped_names_go_to_their_row_whatever_the_alignment(valign, grid):
    body = read(PageSpec(WRAPPED, valign=valign, grid=grid))
    assert names(body) == EXPECTED
    assert all(row.cells == flat_cells() for row in body.rows)
    assert body.footer is not None and body.footer.isoformat() == "2018-01-11"


def test_a_category_holding_the_unit_of_measure_word_is_still_one_row():
    rows = [((["ACCIONES DE", "CONTROL Y", "AUDITORÍA"], ["OCI"], ["ACCIONES DE", "CONTROL"], ["ACCIONES"]), flat_cells())]
    body = read(PageSpec(rows))
    assert names(body) == [("ACCIONES DE CONTROL Y AUDITORÍA", "OCI", "ACCIONES DE CONTROL", "ACCIONES")]


def test_blank_cells_read_blank_and_marks_stay_in_their_cell():
    cells = list(flat_cells())
    cells[2], cells[14], cells[15] = "", "1 1/", "1/"
    body = read(PageSpec([(WRAPPED[0][0], tuple(cells))]))
    assert body.rows[0].cells == tuple(cells)


def test_page_numbers_and_a_footnote_legend_are_not_rows():
    spec = PageSpec(WRAPPED, footer=None)
    glyphs, _rules = page(spec)
    bottom = max(g.bottom for g in glyphs)
    extra = text("1/ Actividad reprogramada según informe de evaluación", 0, bottom + 10)
    extra += text("Página 1 de 3", 340, bottom + 20)
    body = read(PageSpec(WRAPPED, footer=None, extra=extra))
    assert names(body) == EXPECTED
    assert any("Actividad reprogramada" in line for line in body.outside)
    assert any("Página 1 de 3" in line for line in body.outside)


def test_a_row_with_names_and_no_number_is_refused():
    glyphs, _ = page(PageSpec(WRAPPED, footer=None))
    bottom = max(g.bottom for g in glyphs)
    orphan = text("GESTIÓN", 0.5, bottom + 8) + text("JEFATURA", 40.5, bottom + 8) + text("AUDITAR", 80.5, bottom + 8)
    orphan += text("ACCIONES", 150.5, bottom + 8)
    with pytest.raises(PageProblem, match="names but no numbers"):
        read(PageSpec(WRAPPED, footer=None, extra=orphan))


def test_a_number_over_a_column_border_leaves_both_cells_unread():
    cells = list(flat_cells())
    cells[1], cells[2] = "", ""
    spec = PageSpec([(WRAPPED[1][0], tuple(cells))])
    glyphs, _ = page(spec)
    anchor = max(g.bottom for g in glyphs if g.text == "1" and g.x0 > numeric_left(3))  # the row's numbers
    over = text("12000", numeric_left(2) - 6, anchor)  # starts in ENE, ends in FEB
    body = read(PageSpec([(WRAPPED[1][0], tuple(cells))], extra=over))
    assert [slot for slot, _ in body.rows[0].problems] == [1, 2]
