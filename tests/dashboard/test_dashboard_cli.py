"""`poi-etl dashboard`: the files it writes and prints, and one line with a documented exit code when
the entity, the year, a band setting or the place to write is wrong."""

from __future__ import annotations

import pytest

from poi_warehouse.cli import main
from tests.dashboard.known_reports import ENTITY, YEAR


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["dashboard", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_without_entity_it_writes_every_entity_page_and_the_index_linking_them(known_warehouse, capsys):
    code, out, _ = _run(capsys, "--warehouse", str(known_warehouse))
    index = known_warehouse.with_name("poi_dashboard") / "index.html"
    page = index.parent / "entities" / f"{ENTITY.code}.html"
    assert code == 0 and out == f"dashboard: {index}\n"
    assert f'href="entities/{ENTITY.code}.html"' in index.read_text(encoding="utf-8")
    assert 'href="../index.html"' in page.read_text(encoding="utf-8")


def test_one_entity_and_year_to_a_file_of_ones_choice(known_warehouse, tmp_path, capsys):
    out_file = tmp_path / "mail" / "tst.html"
    code, out, _ = _run(capsys, "--warehouse", str(known_warehouse), "--entity", ENTITY.code, "--year", str(YEAR),
                        "--unit", "UNIDAD AMBAR", "--out", str(out_file))  # fmt: skip
    assert code == 0 and out == f"dashboard: {out_file}\n"
    text = out_file.read_text(encoding="utf-8")
    assert "Unidad: UNIDAD AMBAR" in text and "todas las entidades" not in text  # a lone file links no index
    assert "no figura" not in text


def test_a_unit_the_year_does_not_have_is_said_and_the_default_one_shown(known_warehouse, tmp_path, capsys):
    out_file = tmp_path / "tst.html"
    code, _, _ = _run(capsys, "--warehouse", str(known_warehouse), "--entity", ENTITY.code, "--unit", "UNIDAD X",
                      "--out", str(out_file))  # fmt: skip
    text = out_file.read_text(encoding="utf-8")
    assert code == 0 and "La unidad «UNIDAD X» no figura en el corte de este año." in text
    assert "Unidad: UNIDAD ROJA (por omisión" in text


@pytest.mark.parametrize(
    ("argv", "env", "code", "message"),
    [
        (["--entity", "NOPE"], {}, 5, "--entity NOPE: no snapshot of this entity in "),
        (["--entity", ENTITY.code, "--year", "2001"], {}, 5, f"--entity {ENTITY.code}: no snapshot of this entity for 2001"),
        (["--year", "2019"], {}, 5, "--year and --unit choose within one entity's page: give --entity too"),
        ([], {"POI_BAND_GREEN": "120"}, 5, "POI_BAND_GREEN='120' is out of range: expected percent from 0 to 100"),
        ([], {"POI_BAND_AMBER": "95"}, 5, "POI_BAND_AMBER=95 is above POI_BAND_GREEN=90: amber must be <= green"),
    ],
)  # fmt: skip
def test_wrong_choices_are_one_line_and_exit_5(known_warehouse, capsys, monkeypatch, argv, env, code, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    got, out, err = _run(capsys, "--warehouse", str(known_warehouse), *argv)
    assert got == code and out == ""
    assert err.startswith(f"error: {message}") and err.count("\n") == 1, err


def test_no_warehouse_and_an_unwritable_place_are_exit_4(known_warehouse, tmp_path, capsys):
    code, _, err = _run(capsys, "--warehouse", str(tmp_path / "none" / "poi.duckdb"))
    assert code == 4 and "no warehouse here yet" in err and not (tmp_path / "none").exists()
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    code, _, err = _run(capsys, "--warehouse", str(known_warehouse), "--entity", ENTITY.code,
                        "--out", str(blocker / "page.html"))  # fmt: skip
    assert (
        code == 4
        and err == f"error: {blocker / 'page.html'}: cannot write the dashboard: {blocker} is a file, not a folder\n"
    )
    assert not list(tmp_path.glob("**/*.partial"))
