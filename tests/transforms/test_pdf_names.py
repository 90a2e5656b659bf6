from transforms.pdf_names import NameLine, join_name, stem, vocabulary

RIGHT = 100.0


def line(text: str, full: bool = False) -> NameLine:
    """A line of a name cell; `full` ones end at the column's right edge."""
    return NameLine(tuple(text.split()), RIGHT if full else RIGHT - 30, 4.0)


def test_lines_join_with_single_spaces():
    assert join_name([line("GERENCIA DE"), line("FINANZAS")], RIGHT, frozenset(), "unit_name") == (
        "GERENCIA DE FINANZAS",
        [],
    )


def test_a_break_after_a_hyphen_inside_a_word_keeps_no_space():
    name, _ = join_name([line("DIRECTIVA N° 001-2017-", full=True), line("CEPLAN/PCD")], RIGHT, frozenset(), "x")
    assert name == "DIRECTIVA N° 001-2017-CEPLAN/PCD"
    name, _ = join_name([line("JUDICIAL -", full=True), line("SAJU")], RIGHT, frozenset(), "x")
    assert name == "JUDICIAL - SAJU"  # a separate dash is a word of its own


def test_a_cut_word_is_rejoined_when_the_report_prints_it_whole():
    vocab = frozenset({"ADMINISTRACION"})
    name, notes = join_name([line("ADMINISTRACI", full=True), line("ÓN DE RECURSOS")], RIGHT, vocab, "mef_category")
    assert (name, notes) == ("ADMINISTRACIÓN DE RECURSOS", [])


def test_a_lone_letter_that_is_no_word_continues_the_cut_word():
    name, _ = join_name([line("CAPACITADA", full=True), line("S")], RIGHT, frozenset(), "x")
    assert name == "CAPACITADAS"
    name, _ = join_name([line("CIENCIA", full=True), line("E INNOVACIÓN")], RIGHT, frozenset(), "x")
    assert name == "CIENCIA E INNOVACIÓN"  # E is a word before I


def test_another_form_of_a_printed_word_rejoins_it_with_a_note():
    stems = frozenset({stem("CONTRIBUYENTE")})
    name, notes = join_name([line("CONTRIBUYENT", full=True), line("ES ATENDIDOS")], RIGHT, frozenset(), "x", stems)
    assert name == "CONTRIBUYENTES ATENDIDOS" and "a form of a word the report prints whole" in notes[0]


def test_an_undecided_cut_keeps_the_space_and_says_so():
    name, notes = join_name([line("DOCUMENT", full=True), line("O")], RIGHT, frozenset(), "unit_of_measure")
    assert name == "DOCUMENT O"
    assert notes == [
        "unit_of_measure: 'DOCUMENT' ends a full line and 'O' begins the next: read as two words; "
        "if the column cut one word, it is 'DOCUMENTO'"
    ]


def test_a_line_that_does_not_fill_the_column_is_never_joined():
    name, notes = join_name([line("ADMINISTRACI"), line("ÓN")], RIGHT, frozenset({"ADMINISTRACION"}), "x")
    assert name == "ADMINISTRACI ÓN" and not notes


def test_the_vocabulary_leaves_out_pieces_at_full_line_ends():
    cells = [([line("GESTIÓN ADMINISTRATIV", full=True), line("A")], RIGHT), ([line("OFICINA DE ADMINISTRACIÓN")], RIGHT)]
    vocab = vocabulary(cells)
    assert "ADMINISTRATIV" not in vocab and "A" not in vocab
    assert {"GESTION", "OFICINA", "DE", "ADMINISTRACION"} <= vocab
