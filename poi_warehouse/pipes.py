"""Output into a pipe whose reader may leave (`poi-etl sql … | head -1`): no traceback, no noise.

`ReaderTolerantStream` wraps stdout (or stderr): when a write finds the pipe closed, the stream
points its file descriptor at /dev/null (so the interpreter's final flush cannot fail either),
drops what follows and remembers it in `reader_gone`; a command that only produces output stops
there, one that loads goes on (its result is in the warehouse, not in the output).
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from typing import TextIO


class ReaderTolerantStream:
    def __init__(self, stream: TextIO):
        self._stream = stream
        self.reader_gone = False

    def _gone(self) -> None:
        self.reader_gone = True
        with contextlib.suppress(AttributeError, OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, self._stream.fileno())
            os.close(devnull)

    def write(self, text: str) -> int:
        if self.reader_gone:
            return len(text)
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            self._gone()
        except OSError as err:
            if err.errno != errno.EPIPE:
                raise
            self._gone()
        return len(text)

    def flush(self) -> None:
        if self.reader_gone:
            return
        try:
            self._stream.flush()
        except BrokenPipeError:
            self._gone()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


@contextlib.contextmanager
def tolerant_output() -> Iterator[ReaderTolerantStream]:
    """Within the block, sys.stdout and sys.stderr survive a reader that closes the pipe; yields stdout's."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = ReaderTolerantStream(out), ReaderTolerantStream(err)
    try:
        yield sys.stdout
    finally:
        with contextlib.suppress(BrokenPipeError, OSError, ValueError):
            sys.stdout.flush()
        sys.stdout, sys.stderr = out, err
