"""SIGINT and SIGTERM in real processes: `Stopped` where the main thread is, a clean-up that a second
signal does not cut short, and a deadline that ends a clean-up that hangs."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from flows.stopping import GRACE_SECONDS, Stopped

ROOT = Path(__file__).resolve().parents[2]
CHILD = """
import sys, time
from pathlib import Path
from flows import stopping
with stopping.handle_signals({interrupt}):
    try:
        {work}
    except stopping.Stopped as stop:
        print("stopped", stop.signal_name, flush=True)
        {cleanup}
        print("cleaned", flush=True)
        sys.exit(stop.exit_code)
"""


def _child(tmp_path: Path, work: str, cleanup: str = "pass", interrupt: str = "") -> subprocess.Popen:
    ready = tmp_path / "ready"
    code = CHILD.format(work=work, cleanup=cleanup, interrupt=interrupt).replace("READY", repr(str(ready)))
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_file(path: Path, process: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the child never got ready"
        time.sleep(0.05)


def test_stopped_names_its_signal_and_exit_code():
    assert (Stopped(signal.SIGINT).exit_code, Stopped(signal.SIGINT).signal_name) == (130, "SIGINT")
    assert (Stopped(signal.SIGTERM).exit_code, Stopped(signal.SIGTERM).signal_name) == (143, "SIGTERM")
    assert isinstance(Stopped(signal.SIGTERM), KeyboardInterrupt)  # Prefect records such runs as Crashed


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_raises_stopped_where_the_main_thread_waits(tmp_path, signum, code):
    child = _child(tmp_path, "Path(READY).touch(); time.sleep(60)")
    _wait_file(tmp_path / "ready", child)
    child.send_signal(signum)
    out, err = child.communicate(timeout=30)
    assert child.returncode == code, err
    assert out.splitlines() == [f"stopped {signal.Signals(signum).name}", "cleaned"]


def test_a_second_signal_does_not_cut_the_clean_up_short(tmp_path):
    cleanup = "Path(READY + '.cleaning').touch(); time.sleep(1.5)"
    child = _child(tmp_path, "Path(READY).touch(); time.sleep(60)", cleanup)
    _wait_file(tmp_path / "ready", child)
    child.send_signal(signal.SIGINT)
    _wait_file(tmp_path / "ready.cleaning", child)
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 130 and out.splitlines()[-1] == "cleaned", err


def test_a_clean_up_that_hangs_is_ended_at_the_deadline(tmp_path):
    child = _child(tmp_path, "Path(READY).touch(); time.sleep(60)", cleanup="time.sleep(60)")
    _wait_file(tmp_path / "ready", child)
    child.send_signal(signal.SIGTERM)
    out, err = child.communicate(timeout=GRACE_SECONDS + 30)
    assert child.returncode == 143
    assert "cleaned" not in out
    assert err == (
        f"stopped by SIGTERM: the clean-up took over {GRACE_SECONDS:.0f} s; ending now "
        "(a load that had not committed is discarded by DuckDB)\n"
    )


def test_a_running_duckdb_query_is_interrupted_and_check_says_why(tmp_path):
    work = (
        "from warehouse.db import connection\n"
        "        with connection(Path(READY).with_name('w.duckdb')) as con:\n"
        "            Path(READY).touch()\n"
        "            try:\n"
        "                con.execute('select count(*) from range(100000000000) t(x) where x % 7 = 3').fetchall()\n"
        "            except RuntimeError as err:  # DuckDB's 'Query interrupted', not Stopped\n"
        "                print(err, flush=True)\n"
        "                stopping.check()"
    )
    child = _child(tmp_path, work, interrupt="__import__('warehouse.db').db.interrupt_queries")
    _wait_file(tmp_path / "ready", child)
    time.sleep(0.5)  # inside the query
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)  # the query alone would run for minutes
    assert child.returncode == 130, err
    assert out.splitlines() == ["Query interrupted", "stopped SIGINT", "cleaned"]


def test_a_signal_inside_a_finaliser_is_not_lost(tmp_path):
    # Python ignores an exception raised in a finaliser or an at-fork hook (a temporary Prefect
    # server's start forks): the stop is raised again at the main thread's next step.
    work = (
        "class Slow:\n"
        "            def __del__(self):\n"
        "                Path(READY).touch()\n"
        "                time.sleep(5)\n"
        "        Slow()\n"
        "        time.sleep(60)"
    )
    child = _child(tmp_path, work)
    _wait_file(tmp_path / "ready", child)
    time.sleep(0.3)  # inside the finaliser's sleep
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=30)
    assert child.returncode == 130, err
    assert out.splitlines() == ["stopped SIGINT", "cleaned"]
    assert err == ""
