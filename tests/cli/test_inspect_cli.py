"""`poi-etl inspect`: the rows of a real PDF and XLSX as read, and page images with what was found."""

from __future__ import annotations

import pytest

from devkit.render import render_pdf, render_xlsx, sample_spec
from devkit.render.style import Style
from poi_warehouse.cli import main

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inspect")
    spec = sample_spec()
    return spec, render_pdf(spec, folder / "sample.pdf", Style()), render_xlsx(spec, folder / "sample.xlsx", Style())


def test_every_row_of_a_pdf_is_printed_with_its_names_and_status(files, capsys):
    spec, pdf, _ = files
    assert main(["inspect", str(pdf)]) == 0
    out = capsys.readouterr().out
    first, *rest = out.splitlines()
    assert first.startswith(f"{pdf.name}: pdf, {spec.year} – AL ") and first.endswith(f", {len(spec.rows)} rows")
    assert sum(line.startswith("page ") for line in rest) == len(spec.rows)
    for row in spec.rows:
        assert f"  {row.mef_category} | {row.unit_name} | {row.activity_name} | {row.unit_of_measure}" in rest


def test_one_page_and_its_image_with_columns_and_bands(files, tmp_path, capsys):
    _, pdf, _ = files
    assert main(["inspect", str(pdf), "--page", "2", "--png", str(tmp_path / "pages")]) == 0
    lines = capsys.readouterr().out.splitlines()
    headers = [line for line in lines if line.startswith("page ")]
    assert headers and all(line.startswith("page 2 row ") for line in headers)
    images = [line.removeprefix("image: ") for line in lines if line.startswith("image: ")]
    assert images == [str(tmp_path / "pages" / "sample_page002.png")]
    data = (tmp_path / "pages" / "sample_page002.png").read_bytes()
    assert data.startswith(PNG_MAGIC) and len(data) > 20_000


def test_an_xlsx_is_read_but_not_drawn(files, tmp_path, capsys):
    spec, _, xlsx = files
    assert main(["inspect", str(xlsx)]) == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(f", {len(spec.rows)} rows")
    assert main(["inspect", str(xlsx), "--png", str(tmp_path / "pages")]) == 2
    err = capsys.readouterr().err
    assert err == f"error: {xlsx}: --png draws PDF pages; this file is xlsx\n"
    assert not (tmp_path / "pages").exists()


def test_a_page_without_rows_is_an_error_naming_the_page_count(files, capsys):
    _, pdf, _ = files
    assert main(["inspect", str(pdf), "--page", "99"]) == 2
    assert "page 99 has no activity rows (the report has " in capsys.readouterr().err
