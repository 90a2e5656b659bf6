from transforms.pdf_names import NameLine, join_name, may_be_cut, stem, vocabulary

GLYPH = 2.0  # every glyph (and space) of these lines is 2 points wide, at size 4


def line(text: str) -> NameLine:
    """A left-aligned line of a name cell, its glyphs measured as drawn."""
    words = tuple(text.split())
    return NameLine(words, tuple(GLYPH * len(w) for w in words), 0.0, GLYPH * len(text), 4.0, GLYPH)


def cols(n: int) -> float:
    """The text width of a column n glyphs wide."""
    return GLYPH * n


def test_lines_join_with_single_spaces():
    assert join_name([line("GERENCIA DE"), line("FINANZAS")], cols(20), frozenset(), "unit_name") == (
        "GERENCIA DE FINANZAS",
        [],
    )


def test_a_break_after_a_hyphen_inside_a_word_keeps_no_space():
    name, _ = join_name([line("DIRECTIVA N° 001-2017-"), line("CEPLAN/PCD")], cols(22), frozenset(), "x")
    assert name == "DIRECTIVA N° 001-2017-CEPLAN/PCD"
    name, _ = join_name([line("JUDICIAL -"), line("SAJU")], cols(10), frozenset(), "x")
    assert name == "JUDICIAL - SAJU"  # a separate dash is a word of its own


def test_a_joined_word_that_fits_the_column_was_never_cut():
    """'ACCIONES DE' fills the column, but DECONTROL would fit in it: no export cuts such a word."""
    a, b = line("ACCIONES DE"), line("CONTROL")
    assert not may_be_cut(a, b, cols(11))
    assert join_name([a, b], cols(11), frozenset({"DECONTROL"}), "x") == ("ACCIONES DE CONTROL", [])


def test_a_line_with_room_for_the_next_letter_was_not_cut():
    """A cut fills its line: ADMINISTRACI leaves room for Ó, so the line ended at a typed break."""
    a, b = line("ADMINISTRACI"), line("ÓN")
    assert not may_be_cut(a, b, cols(13.5))
    assert join_name([a, b], cols(13.5), frozenset({"ADMINISTRACION"}), "x") == ("ADMINISTRACI ÓN", [])


def test_a_break_both_readings_fit_stays_open_within_the_tolerance():
    a, b = line("ADMINISTRACI"), line("ÓN")
    assert may_be_cut(a, b, cols(12))  # full to the letter, ADMINISTRACIÓN wider than the column
    assert may_be_cut(a, b, cols(13))  # room for Ó by 0 points: not told apart from a full line


def test_a_cut_word_is_rejoined_when_the_report_prints_it_whole():
    vocab = frozenset({"ADMINISTRACION"})
    name, notes = join_name([line("ADMINISTRACI"), line("ÓN DE RECURSOS")], cols(12), vocab, "mef_category")
    assert (name, notes) == ("ADMINISTRACIÓN DE RECURSOS", [])


def test_a_lone_letter_that_is_no_word_continues_the_cut_word():
    name, _ = join_name([line("CAPACITADA"), line("S")], cols(10), frozenset(), "x")
    assert name == "CAPACITADAS"
    name, notes = join_name([line("CIENCIA"), line("E INNOVACIÓN")], cols(7), frozenset(), "x")
    assert name == "CIENCIA E INNOVACIÓN" and len(notes) == 1  # E is a word before I


def test_another_form_of_a_printed_word_rejoins_it_with_a_note():
    stems = frozenset({stem("CONTRIBUYENTE")})
    name, notes = join_name([line("CONTRIBUYENT"), line("ES ATENDIDOS")], cols(12), frozenset(), "x", stems)
    assert name == "CONTRIBUYENTES ATENDIDOS" and "a form of a word the report prints whole" in notes[0]


def test_an_undecided_cut_keeps_the_space_and_says_so():
    name, notes = join_name([line("DOCUMENT"), line("O")], cols(8), frozenset(), "unit_of_measure")
    assert name == "DOCUMENT O"
    assert notes == [
        "unit_of_measure: 'DOCUMENT' ends a full line and 'O' begins the next: read as two words; "
        "if the column cut one word, it is 'DOCUMENTO'"
    ]


def test_the_vocabulary_leaves_out_pieces_at_open_breaks():
    cells = [([line("GESTIÓN"), line("ADMINISTRATIV"), line("A")], cols(13)), ([line("OFICINA DE ADMINISTRACIÓN")], cols(13))]
    vocab = vocabulary(cells)
    assert "ADMINISTRATIV" not in vocab and "A" not in vocab
    assert {"GESTION", "OFICINA", "DE", "ADMINISTRACION"} <= vocab
