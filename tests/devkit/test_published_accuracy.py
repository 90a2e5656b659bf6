from devkit.published_accuracy import unnoted_wrong_names

TRUTH = ("GESTIÓN ADMINISTRATIVA", "ESCUELA SAT", "ELABORAR INFORMES", "ACCIÓN")


def test_a_wrong_name_without_a_note_on_its_column_is_unnoted():
    names = ("GESTIÓN ADMINISTRATIV A", *TRUTH[1:])
    assert unnoted_wrong_names(names, TRUTH, ()) == ["mef_category"]
    other_column = ("unit_of_measure: 'ACCI' ends a full line and 'ÓN' begins the next: read as two words",)
    assert unnoted_wrong_names(names, TRUTH, other_column) == ["mef_category"]


def test_a_wrong_name_with_a_note_on_its_column_is_noted():
    names = ("GESTIÓN ADMINISTRATIV A", *TRUTH[1:])
    note = ("mef_category: 'ADMINISTRATIV' ends a full line and 'A' begins the next: read as two words",)
    assert unnoted_wrong_names(names, TRUTH, note) == []


def test_right_names_are_never_counted():
    assert unnoted_wrong_names(TRUTH, TRUTH, ()) == []
