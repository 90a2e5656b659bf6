import pytest

from tests.transforms.page_builder import PageSpec, flat_cells, numeric_center, page
from transforms.pdf_geometry import group_lines
from transforms.pdf_header import PageProblem, find_header, placed_words, split_labels

ROW = ((["GESTIÓN"], ["ESCUELA SAT"], ["CAPACITAR"], ["ACCIONES"]), flat_cells())


def header_of(spec: PageSpec):
    glyphs, rules = page(spec)
    return find_header(group_lines(glyphs), rules, "page 1")


def test_columns_come_from_the_header_labels():
    header = header_of(PageSpec([ROW]))
    assert header.period == (2017, 4)
    assert [c.name for c in header.text_columns] == ["mef_category", "unit_name", "activity_name", "unit_of_measure"]
    assert len(header.numeric_columns) == 35
    for slot, column in enumerate(header.numeric_columns):
        assert column.left <= numeric_center(slot) < column.right, column.name


@pytest.mark.parametrize(
    "variant",
    [
        {"wrap_prog": True},  # PROG wrapped as PRO / G inside its narrow cell
        {"total_sublabels": False},  # Total without PROG/EJEC: its two columns split at the label's middle
        {"glue_sublabels": True},  # PROG and EJEC drawn without a gap: one word PROGEJEC…
    ],
)
def test_header_variants_give_the_same_columns(variant):
    header = header_of(PageSpec([ROW], **variant))
    for slot, column in enumerate(header.numeric_columns):
        assert column.left <= numeric_center(slot) < column.right, (variant, column.name)


def test_a_page_without_month_labels_is_refused():
    glyphs, rules = page(PageSpec([ROW]))
    month_line = next(line for line in group_lines(glyphs) if "ENE FEB" in line.text)
    no_months = [g for g in glyphs if not (g.text == "J" and g in month_line.glyphs)]  # JUN, JUL lose their J
    with pytest.raises(PageProblem, match=r"ENE\.\.DIC"):
        find_header(group_lines(no_months), rules, "page 1")


def test_a_missing_text_column_label_is_refused():
    spec = PageSpec([ROW])
    glyphs, rules = page(spec)
    lines = group_lines(glyphs)
    kept = [g for line in lines for g in line.glyphs if not (line.text.startswith("MEF") and g.x0 < 40)]
    with pytest.raises(PageProblem, match="'Mef' column header"):
        find_header(group_lines(kept), rules, "page 1")


def test_split_labels_parts_only_whole_label_runs():
    glyphs, _ = page(PageSpec([ROW], glue_sublabels=True))
    words = [w for row in placed_words(group_lines(glyphs)) for w in row]
    glued = next(w for w in words if w.text.startswith("PROGEJEC"))
    assert [p.text for p in split_labels(glued)] == ["PROG", "EJEC"] * 5
    assert all(p.id == glued.id for p in split_labels(glued))
    other = next(w for w in words if w.text == "PROGRAMADO")
    assert split_labels(other) == [other]
