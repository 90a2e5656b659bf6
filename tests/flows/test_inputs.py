import pytest

from flows.inputs import expand_inputs, peek_period
from tests.transforms.report_builder import page, row, title
from transforms.errors import ReportError


def _write(folder, name, quarter="IV", year="2017"):
    path = folder / name
    path.write_text(page([row()], title=title(year=year, quarter=quarter)), encoding="utf-8")
    return path


def test_folder_expands_to_reports_in_period_order(tmp_path):
    _write(tmp_path, "a.txt", "III")
    _write(tmp_path, "b.txt", "I", "2018")
    _write(tmp_path, "c.txt", "I")
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01")
    (tmp_path / "notes.md").write_text("ignored")
    names = [p.rsplit("/", 1)[-1] for p in expand_inputs([str(tmp_path)])]
    assert names == ["c.txt", "a.txt", "b.txt", "junk.txt"]


def test_files_are_kept_as_given(tmp_path):
    assert expand_inputs(["x.txt", "y.txt"]) == ["x.txt", "y.txt"]


def test_empty_folder_is_refused(tmp_path):
    with pytest.raises(ReportError, match="folder has no report files"):
        expand_inputs([str(tmp_path)])


def test_peek_period_reads_cp1252_and_bom(tmp_path):
    path = tmp_path / "r.txt"
    path.write_bytes(page([row()], title=title(quarter="II")).encode("cp1252"))
    assert peek_period(path) == (2017, 2)
    path.write_bytes(b"\xef\xbb\xbf" + page([row()]).encode("utf-8"))
    assert peek_period(path) == (2017, 4)
    assert peek_period(tmp_path / "missing.txt") is None


def test_peek_period_reads_a_pdfs_first_page_under_any_file_name(tmp_path):
    import os

    from devkit.render import render_pdf, sample_spec
    from devkit.render.style import Style

    spec = sample_spec()
    good = render_pdf(spec, tmp_path / "r.pdf", Style())
    odd = tmp_path / os.fsdecode(b"r\xe9port.pdf")  # not UTF-8
    odd.write_bytes(good.read_bytes())
    assert peek_period(good) == peek_period(odd) == (spec.year, spec.quarter)
    (tmp_path / "damaged.pdf").write_bytes(good.read_bytes()[:4000])
    assert peek_period(tmp_path / "damaged.pdf") is None  # read (and refused) later, with its reason
