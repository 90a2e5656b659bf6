"""Report paths: any name the OS allows, and nothing but regular files opened (never blocking)."""

from __future__ import annotations

import contextlib
import json
import os
import socket

import pytest

from devkit.reliability.environments import bounded
from flows.inputs import check_one_file_per_period, expand_inputs, peek_period
from flows.paths import PORTABLE_PREFIX, PathRefused, display_path, local_path, open_regular, portable_path, read_head
from flows.stages import extract, read_report_bytes
from tests.transforms.report_builder import page, row, title
from transforms.errors import ReportError
from warehouse.errors import SnapshotExists

LATIN1_NAME = os.fsdecode(b"poi_edici\xf3n_\xff.txt")  # bytes that are not UTF-8: lone surrogates in Python


@pytest.mark.parametrize(
    "path",
    ["plain.txt", "/data/año 2017/poi.txt", LATIN1_NAME, f"/x/{LATIN1_NAME}", f"{PORTABLE_PREFIX}odd.txt", "100%.txt"],
)
def test_portable_path_survives_json_and_comes_back_unchanged(path):
    carried = json.loads(json.dumps(portable_path(path), ensure_ascii=False).encode("utf-8"))
    assert local_path(carried) == path


def test_display_path_shows_undecodable_bytes_as_escapes():
    assert display_path(LATIN1_NAME) == "poi_edici\\xf3n_\\xff.txt"
    assert display_path("año.txt") == "año.txt"
    display_path(LATIN1_NAME).encode("utf-8")  # prints and stores anywhere


def test_a_report_with_a_non_utf8_name_loads_under_its_shown_name(tmp_path):
    path = tmp_path / LATIN1_NAME
    path.write_text(page([row()]), encoding="utf-8")
    extracted = extract(str(path))
    assert extracted.report.source_file == "poi_edici\\xf3n_\\xff.txt"


def _fifo(tmp_path, name="pipe.txt"):
    path = tmp_path / name
    os.mkfifo(path)
    return path


def _socket(tmp_path):
    path = tmp_path / "socket.txt"
    with contextlib.closing(socket.socket(socket.AF_UNIX)) as sock:
        sock.bind(str(path))
    return path


def _loop(tmp_path):
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    return tmp_path / "a.txt"


def _dangling(tmp_path):
    (tmp_path / "link.txt").symlink_to("gone/report.txt")
    return tmp_path / "link.txt"


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_fifo, "not a regular file but a named pipe (FIFO): not a report file"),
        (_socket, "not a regular file but a socket: not a report file"),
        (lambda tmp: "/dev/null", "not a regular file but a character device: not a report file"),
        (_loop, "symbolic link loop (too many levels of symbolic links): not a report file"),
        (_dangling, "broken symbolic link (it points to gone/report.txt, which does not exist)"),
        (lambda tmp: tmp, "is a directory, not a report file"),
        (lambda tmp: tmp / "missing.txt", "no such file"),
        (lambda tmp: tmp / "file.txt" / "below.txt", "a part of the path is a file, not a folder"),
    ],
    ids=["fifo", "socket", "device", "symlink-loop", "broken-symlink", "directory", "missing", "not-a-folder"],
)
def test_what_is_not_a_regular_file_is_refused_by_name_without_blocking(tmp_path, make, reason):
    (tmp_path / "file.txt").write_text("x")
    path = str(make(tmp_path))
    with bounded(30), pytest.raises(PathRefused) as refused:
        open_regular(path)
    assert str(refused.value) == reason
    with bounded(30), pytest.raises(ReportError, match="^.*: " + reason.replace("(", r"\(").replace(")", r"\)")):
        read_report_bytes(path)
    with bounded(30):
        assert read_head(path, 100) is None


def test_peeking_a_folder_with_a_fifo_does_not_block_and_keeps_it_to_refuse(tmp_path):
    _fifo(tmp_path, "poi_2017_t4.txt")
    (tmp_path / "poi_2017_t3.txt").write_text(page([row()], title=title(quarter="III")), encoding="utf-8")
    with bounded(30):
        assert peek_period(tmp_path / "poi_2017_t4.txt") is None
        names = [os.path.basename(p) for p in expand_inputs([str(tmp_path)])]
    assert names == ["poi_2017_t3.txt", "poi_2017_t4.txt"]  # the FIFO last: its run says what it is


def test_a_folder_that_cannot_be_listed_is_one_clear_refusal(tmp_path):
    loop = _loop(tmp_path)
    assert expand_inputs([str(loop)]) == [str(loop)]  # not a folder: the run refuses it as a file


def test_several_files_for_one_period_are_named_all_and_refused(tmp_path):
    for name in ("b.txt", "a.txt", "c.txt"):
        (tmp_path / name).write_text(page([row()]), encoding="utf-8")
    (tmp_path / "q3.txt").write_text(page([row()], title=title(quarter="III")), encoding="utf-8")
    paths = expand_inputs([str(tmp_path)])
    with pytest.raises(SnapshotExists) as refused:
        check_one_file_per_period(paths)
    message = str(refused.value)
    assert message.startswith("2017 Q4 is named by 3 files: ")
    assert message.index("a.txt") < message.index("b.txt") < message.index("c.txt")
    assert "--last-wins" in message and "q3.txt" not in message
    check_one_file_per_period([p for p in paths if p.endswith(("a.txt", "q3.txt"))])  # one per period: fine
