"""Hostile warehouses and disks for the reliability corpus: how each is made, and how a case runs on it.

A `warehouse` case points a command at a file that is not a usable warehouse (another tool's DuckDB
file, our table names with another shape, a newer schema history, a SQLite file, an empty, truncated or
corrupted file); the file must stay byte for byte as it was. A `disk` case puts the warehouse, the Data
Docs, PREFECT_HOME or an export folder on a small or read-only tmpfs mounted for the case (root only;
without permission to mount, the case is skipped with the reason). Cases marked `process` run as a
real `poi-etl` process (a fresh Prefect import), bounded by a timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[2]
CASE_SECONDS = 180  # a bound for any one case: a hang fails the case instead of the run
BLOCK_HEADERS = 3 * 4096  # a DuckDB file starts with three 4 KiB headers, then its blocks


class CaseTimeout(Exception):
    """A case ran past CASE_SECONDS."""


class MountUnavailable(Exception):
    """tmpfs cannot be mounted here (not root, or no CAP_SYS_ADMIN): the case is skipped with this reason."""


@contextlib.contextmanager
def bounded(seconds: int = CASE_SECONDS) -> Iterator[None]:
    """Raise CaseTimeout in the main thread after `seconds` (a blocked open() or read() is interrupted)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise CaseTimeout(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------------------------
# Warehouses that are not ours, or broken


def _foreign_duckdb(path: Path, base: Path) -> None:
    con = duckdb.connect(str(path))
    con.execute("create table sales (sale_id integer primary key, amount decimal(10, 2))")
    con.execute("insert into sales values (1, 12.50), (2, 7.25)")
    con.close()


def _other_shape(path: Path, base: Path) -> None:
    shutil.copy(base, path)
    con = duckdb.connect(str(path))
    con.execute("alter table fct_activity_month rename column executed to ejecutado")
    con.close()


def _newer_history(path: Path, base: Path) -> None:
    shutil.copy(base, path)
    con = duckdb.connect(str(path))
    con.execute("insert into schema_migration values ('004_future_change.sql', current_timestamp)")
    con.close()


def _sqlite(path: Path, base: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("create table dim_report (report_id integer primary key)")
    con.commit()
    con.close()


def _truncated(path: Path, base: Path) -> None:
    data = base.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def data_block_offset(path: Path, table: str = "fct_activity_month") -> int:
    """Where a block holding `table`'s data starts in the file."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        (block,) = con.execute(
            "select min(block_id) from pragma_storage_info(?) where block_id >= 0", [table]
        ).fetchone()
    finally:
        con.close()
    return BLOCK_HEADERS + block * 262144


def _corrupt_block(path: Path, base: Path) -> None:
    data = bytearray(base.read_bytes())
    start = data_block_offset(base) + 64
    data[start : start + 512] = bytes(b ^ 0xFF for b in data[start : start + 512])
    path.write_bytes(bytes(data))


WAREHOUSE_MAKERS = {
    "foreign_duckdb": _foreign_duckdb,
    "other_shape": _other_shape,
    "newer_history": _newer_history,
    "sqlite": _sqlite,
    "empty_file": lambda path, base: path.write_bytes(b""),
    "truncated": _truncated,
    "corrupt_block": _corrupt_block,
    "good": lambda path, base: shutil.copy(base, path),
}


def file_state(path: Path) -> tuple:
    """The file's bytes (as sha256), mtime and size, and whether a WAL sits next to it."""
    wal = path.with_name(path.name + ".wal")
    if not path.exists():
        return ("missing", wal.exists())
    stat = path.stat()
    return (hashlib.sha256(path.read_bytes()).hexdigest(), stat.st_mtime_ns, stat.st_size, wal.exists())


# ---------------------------------------------------------------------------------------------
# Small and read-only disks


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` mounted on `folder` for the block; unmounted afterwards."""
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        raise MountUnavailable(f"cannot mount a tmpfs: {(done.stderr or done.stdout).strip() or done.returncode}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True, timeout=30, check=False)


def read_only(folder: Path) -> None:
    """Remount the tmpfs at `folder` read-only."""
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], capture_output=True, timeout=30, check=True)


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the file system of `folder` until `leave` bytes stay free; returns the filler file."""
    filler = folder / "filler.bin"
    free = shutil.disk_usage(folder).free
    with filler.open("wb") as handle:
        remaining = max(free - leave, 0)
        chunk = b"\0" * 2**20
        while remaining > 0:
            try:
                remaining -= handle.write(chunk[: min(len(chunk), remaining)])
            except OSError:
                break
    return filler


def cli_process(argv: list[str], env: dict[str, str], cwd: Path, timeout: int = CASE_SECONDS):
    """A real `poi-etl` process: (exit code, stdout, stderr); a timeout counts as a hang (exit -1)."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "poi_warehouse.cli", *argv],
            capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, check=False,
        )  # fmt: skip
    except subprocess.TimeoutExpired as expired:
        return -1, str(expired.stdout or ""), f"{expired.stderr or ''}\nerror: HANG: no exit after {timeout} s"
    return done.returncode, done.stdout, done.stderr


def process_env(api_url: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("POI_", "PREFECT_"))}
    env.update(PREFECT_SERVER_ANALYTICS_ENABLED="false", GX_ANALYTICS_ENABLED="false", PYTHONUNBUFFERED="1")
    env["POI_UI_PORT"] = "1"  # never a developer's running `poi-etl ui`
    if api_url:
        env["PREFECT_API_URL"] = api_url
    env.update(extra)
    return env


def wait_for(path: Path, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


# ---------------------------------------------------------------------------------------------
# Running a warehouse or disk case

GOOD_INPUT = ROOT / "tests" / "fixtures" / "bad_inputs" / "good_two_pages.txt"
DEFAULT_SQL = "select * from dim_report"  # reads every column's blocks (a count alone reads only metadata)


def _argv(command: str, warehouse: Path, workdir: Path, sql: str, export_dir: Path) -> list[str]:
    if command == "sql":
        return ["sql", sql or DEFAULT_SQL, "--warehouse", str(warehouse)]
    if command == "export":
        return ["export", "--parquet", str(export_dir), "--warehouse", str(warehouse)]
    if command == "check":
        return ["check", "--warehouse", str(warehouse)]
    report = workdir / GOOD_INPUT.name
    shutil.copy(GOOD_INPUT, report)
    return ["run", str(report), "--warehouse", str(warehouse)]


@contextlib.contextmanager
def environment(case, base: Path, workdir: Path) -> Iterator[dict]:
    """Make the case's warehouse or disk; yields {argv, warehouse, export_dir, env (process cases), fill_during}.

    Mounts are undone when the block ends (read the warehouse before that)."""
    workdir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        warehouse, export_dir = workdir / "poi.duckdb", workdir / "export"
        extra_env: dict[str, str] = {}
        disk = None
        if case.kind == "warehouse":
            WAREHOUSE_MAKERS[case.warehouse](warehouse, base)
        elif case.place == "warehouse":
            disk = stack.enter_context(tmpfs(workdir / "disk", "48m" if case.disk == "full_during_load" else "16m"))
            warehouse = disk / "poi.duckdb"
            shutil.copy(base, warehouse)
        else:
            shutil.copy(base, warehouse)
        if case.place == "data_docs":
            disk = stack.enter_context(tmpfs(warehouse.with_name(warehouse.stem + "_gx"), "16m"))
        elif case.place == "prefect_home":
            disk = stack.enter_context(tmpfs(workdir / "home", "2m"))
            extra_env["PREFECT_HOME"] = str(disk / "prefect")
        elif case.place == "export":
            disk = stack.enter_context(tmpfs(workdir / "out", "64k"))
            export_dir = disk / "parquet"
        if case.disk == "read_only":
            read_only(disk)
        elif case.disk == "full":
            fill(disk, leave=64 * 1024 if case.place == "warehouse" else 0)
        yield {
            "argv": _argv(case.command or "run", warehouse, workdir, case.sql, export_dir),
            "warehouse": warehouse,
            "export_dir": export_dir,
            "env": extra_env,
            "disk": disk,
        }


def run_process_case(case, setup: dict, workdir: Path, api_url: str | None) -> tuple[int, str, str]:
    """Run the case as a real process; a `full_during_load` case fills the disk while the run waits
    after its gate (POI_PAUSE_AT), then lets it load."""
    env = process_env(api_url if case.place != "prefect_home" else None, **setup["env"])
    if case.disk != "full_during_load":
        return cli_process(setup["argv"], env, ROOT)
    mark, release = workdir / "paused", workdir / "release"
    env.update(POI_PAUSE_AT="after-gate:120", POI_PAUSE_MARK=str(mark), POI_PAUSE_RELEASE=str(release))
    out, err = workdir / "run.out", workdir / "run.err"
    with out.open("w") as stdout, err.open("w") as stderr:
        proc = subprocess.Popen(
            [sys.executable, "-m", "poi_warehouse.cli", *setup["argv"]], env=env, stdout=stdout, stderr=stderr, cwd=ROOT
        )
        try:
            if wait_for(mark, CASE_SECONDS):
                fill(setup["disk"])
            release.touch()
            code = proc.wait(timeout=CASE_SECONDS)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            code = -1
    return code, out.read_text(), err.read_text()
