from tests.transforms.glyph_builder import SIZE, text
from transforms.pdf_geometry import Glyph, group_lines, words


def test_lines_a_few_points_apart_stay_apart():
    # the two header lines of a scaled-down export: 2.5 pt apart, more than the tolerance of 0.3 x 4 pt
    glyphs = text("PROGRAMADO", 10, 50.0) + text("ENE FEB", 10, 52.5)
    lines = group_lines(glyphs)
    assert [line.text for line in lines] == ["PROGRAMADO", "ENE FEB"]


def test_glyphs_of_one_baseline_form_one_line_left_to_right():
    glyphs = text("B", 30, 50.0) + text("A", 10, 50.3)
    (line,) = group_lines(glyphs)
    assert line.text == "A B"


def test_words_split_at_spaces_and_at_gaps_but_not_inside_a_word():
    glyphs = text("12 1/", 0, 10)
    assert [w.text for w in words(glyphs, SIZE)] == ["12", "1/"]
    touching = text("12", 0, 10) + text("34", 2 * 0.6 * SIZE + 0.2 * SIZE, 10)  # a gap of 0.2 x size
    assert [w.text for w in words(touching, SIZE)] == ["12", "34"]
    kerned = [Glyph("A", 0, 2.4, 6, 10, SIZE), Glyph("V", 2.3, 4.7, 6, 10, SIZE)]  # overlapping boxes
    assert [w.text for w in words(kerned, SIZE)] == ["AV"]
