"""Report paths as the operating system gives them: checked before they are opened, shown and sent safely.

A POSIX file name is bytes. Python keeps the bytes that are not UTF-8 as lone surrogates (PEP 383),
which neither a terminal, JSON (Prefect's parameters) nor DuckDB accepts. `display_path` shows them
as `\\xff` escapes, for messages, logs and the audit; `portable_path` and `local_path` carry a path
through Prefect's parameters and back unchanged. Only regular files are opened: a FIFO, socket or
device is refused from its `stat`, and opening never blocks (`O_NONBLOCK`), so no path can hang a run.
"""

from __future__ import annotations

import errno
import os
import stat
from urllib.parse import quote_from_bytes, unquote_to_bytes

PORTABLE_PREFIX = "fsbytes:"  # a portable path that is not UTF-8 text: percent-encoded bytes

_NOT_REGULAR = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
_STAT_ERRORS = {
    errno.ELOOP: "symbolic link loop (too many levels of symbolic links): not a report file",
    errno.EACCES: "permission denied: a folder on its path cannot be searched",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.ENAMETOOLONG: "file name too long",
}


def display_path(path: str | os.PathLike) -> str:
    """The path as text that prints and stores anywhere: bytes that are not UTF-8 become `\\xNN`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def portable_path(path: str | os.PathLike) -> str:
    """A form of `path` that JSON carries (UTF-8 text); `local_path` gives the path back."""
    raw = os.fsencode(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None and not text.startswith(PORTABLE_PREFIX):
        return text
    return PORTABLE_PREFIX + quote_from_bytes(raw, safe="/")


def local_path(portable: str) -> str:
    """The path a `portable_path` stands for."""
    if portable.startswith(PORTABLE_PREFIX):
        return os.fsdecode(unquote_to_bytes(portable[len(PORTABLE_PREFIX) :]))
    return portable


class PathRefused(Exception):
    """A path that is not a readable regular file; `str()` is the reason, for `error: <file>: <reason>`."""


def _stat_reason(path: str, err: OSError) -> str:
    if isinstance(err, FileNotFoundError) and os.path.islink(path):
        return f"broken symbolic link (it points to {display_path(os.readlink(path))}, which does not exist)"
    if isinstance(err, FileNotFoundError):
        return "no such file"
    return _STAT_ERRORS.get(err.errno) or f"cannot read the file: {err.strerror or err}"


def _check_regular(status: os.stat_result) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise PathRefused("is a directory, not a report file")
    if not stat.S_ISREG(status.st_mode):
        what = next((what for test, what in _NOT_REGULAR if test(status.st_mode)), "not a regular file")
        raise PathRefused(f"not a regular file but {what}: not a report file")


def open_regular(path: str) -> int:
    """A read-only descriptor of the regular file at `path`; PathRefused saying what is wrong otherwise.

    The kind of file is checked with `stat` before opening, and again on the open descriptor (the path
    may have changed in between); `O_NONBLOCK` keeps a FIFO swapped in meanwhile from blocking.
    """
    try:
        _check_regular(os.stat(path))
    except OSError as err:
        raise PathRefused(_stat_reason(path, err)) from None
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
    except PermissionError:
        raise PathRefused("permission denied: the file cannot be read") from None
    except OSError as err:
        raise PathRefused(_stat_reason(path, err)) from None
    try:
        _check_regular(os.fstat(fd))
    except PathRefused:
        os.close(fd)
        raise
    return fd


def read_head(path: str, size: int) -> bytes | None:
    """The first `size` bytes of a regular file; None for anything else (never blocks)."""
    try:
        fd = open_regular(path)
    except PathRefused:
        return None
    try:
        return os.read(fd, size)
    except OSError:
        return None
    finally:
        os.close(fd)
