"""The seeded generators: identities hold unless a slip was asked for, names vary as real ones do."""

from __future__ import annotations

import datetime
import re

from devkit.render.corpus import MAX_NAME, random_report, sample_spec
from devkit.render.spec import broken_identities, expected_status, expected_values, footnotes
from transforms.slots import active_slots, identity_violations


def reports(n: int, **rates):
    return [random_report(seed, **rates) for seed in range(n)]


def test_rows_satisfy_every_identity_without_slips():
    """Without slips, a row breaks an identity only through a lone mark printed in place of its number
    (judged as a blank cell, as the readers judge it)."""
    lone_breaks = 0
    for drawn in reports(40, footnote_rate=0.3):
        spec = drawn.spec
        assert not drawn.slipped_rows
        for row in spec.rows:
            assert identity_violations(expected_values(row, spec.quarter), spec.quarter) == ()  # marks not judged
            if broken_identities(row, spec.quarter):
                assert any(text.endswith("/") and " " not in text for text in row.cells)
                lone_breaks += 1
            active = active_slots(spec.quarter)
            assert all(text == "" for text, a in zip(row.cells, active, strict=True) if not a)
    assert lone_breaks > 0


def test_slips_are_recorded_and_break_an_identity():
    slipped = 0
    for drawn in reports(20, slip_rate=0.3, footnote_rate=0.2):
        for i, row in enumerate(drawn.spec.rows):
            if i in drawn.slipped_rows:
                assert expected_status(row, drawn.spec.quarter) == "inconsistent"
            else:  # a lone mark in place of a number is the only other way a row breaks an identity
                assert identity_violations(expected_values(row, drawn.spec.quarter), drawn.spec.quarter) == ()
        slipped += len(drawn.slipped_rows)
    assert slipped > 50


def test_the_same_seed_gives_the_same_report():
    assert random_report(7, slip_rate=0.2) == random_report(7, slip_rate=0.2)
    assert random_report(7).spec != random_report(8).spec


def test_values_look_like_real_reports():
    rows = [(r, d.spec.quarter) for d in reports(40, footnote_rate=0.3) for r in d.spec.rows]
    values = [v for r, q in rows for v in expected_values(r, q) if v is not None]
    assert values.count(0) > len(values) / 10  # many blanks and zeros
    assert any(v >= 1000 for v in values) and any(v >= 12000 for v in values)
    assert any(r.cells[1:13] == ("1",) * 12 for r, _ in rows)  # flat 1/1/1 activities
    marks = [m for r, _ in rows for m in footnotes(r).values()]
    assert {"1/", "2/"} <= set(marks)
    cells = [c for r, _ in rows for c in r.cells]
    assert any(re.fullmatch(r"\d+ \d/", c) for c in cells) and any(re.fullmatch(r"\d/", c) for c in cells)


def test_names_wrap_carry_accents_and_stay_unique():
    for drawn in reports(30):
        pairs = [(r.unit_name, r.activity_name) for r in drawn.spec.rows]
        assert len(pairs) == len(set(pairs))  # a report never prints a unit's activity twice
    rows = [r for d in reports(30) for r in d.spec.rows]
    names = [r.activity_name for r in rows]
    assert max(map(len, names)) <= MAX_NAME and any(len(n) >= 150 for n in names)
    text = " ".join(names + [r.unit_name for r in rows])
    for piece in ("Y/O", "(", "Ó", "Ñ", "N°", '"'):
        assert piece in text
    assert any(re.search(r"\b\d+ [A-Z]", n) for n in names)  # digits inside a name: ELABORAR 12 INFORMES
    assert any(r.unit_of_measure in r.mef_category for r in rows)  # ACCIONES DE CONTROL … / ACCIONES


def test_sample_spec_holds_the_sample_rows_the_product_settles():
    spec = sample_spec()
    assert (spec.year, spec.quarter, spec.source_date) == (2017, 4, datetime.date(2018, 1, 11))
    assert len(spec.rows) >= 40
    for row in spec.rows:
        assert None not in expected_values(row, spec.quarter)
        assert expected_status(row, spec.quarter) == "exact"
    first = spec.rows[0]
    assert first.activity_name == "GESTIÓN DEL CONOCIMIENTO ENTRE COLABORADORES DEL SAT"
    assert first.cells[:4] == ("32", "2", "2", "4") and first.cells[-2:] == ("32", "32")
