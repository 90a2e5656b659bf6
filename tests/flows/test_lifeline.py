"""A child armed with a parent-death signal ends when its parent is killed with SIGKILL (Linux)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")

PARENT = """
import os, signal, subprocess, sys, time
from flows.lifeline import preexec_die_with, die_with_parent
mode = sys.argv[1]
if mode == "preexec":
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"],
                             preexec_fn=preexec_die_with(os.getpid(), signal.SIGKILL), start_new_session=True)
else:
    code = "import os, signal, time; from flows.lifeline import die_with_parent; "
    code += f"print(die_with_parent({os.getpid()}, signal.SIGKILL), die_with_parent(1, signal.SIGKILL), flush=True); "
    code += "time.sleep(120)"
    child = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
print(child.pid, flush=True)
time.sleep(120)
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("mode", ["preexec", "self"])
def test_the_child_ends_when_its_parent_is_killed(mode):
    parent = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(PARENT), mode], stdout=subprocess.PIPE, text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
    )  # fmt: skip
    try:
        lines = sorted(parent.stdout.readline().strip() for _ in range(2 if mode == "self" else 1))
        child = int(lines[0])  # the parent's line, the child's pid (the child's own line in any order)
        if mode == "self":
            assert lines[1] == "True False"  # armed for its parent; refused for a process that is not
        assert _alive(child)
        parent.kill()
        parent.wait(timeout=10)
        deadline = time.monotonic() + 20
        while _alive(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(child), "the child outlived its killed parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
