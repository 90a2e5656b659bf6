"""The bad-input corpus: how a case is run and judged (its inputs are made by `bad_files.py`).

The expected outcome of every case is in tests/fixtures/bad_inputs/cases.toml.

Used by tests/reliability/test_corpus.py and scripts/reliability_report.py.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import stat
import time
import tomllib
import traceback
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

from devkit.reliability import environments
from devkit.reliability.bad_files import make_generated, unreadable
from devkit.reliability.fixtures import BAD_INPUTS, MANIFEST
from devkit.reliability.warehouse_facts import (
    flagged_lines,
    history_lost,
    huge_values,
    line_status,
    loaded_source_file,
    normalised_lines,
    snapshot_fingerprint,
    table_rows,
    tokens_named,
)

# ---------------------------------------------------------------------------------------------
# The manifest and the run of one case


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # file | generated | sql | setting | warehouse | disk
    made: str
    expect: str  # refused | loaded | answered
    why: str
    file: str = ""
    sql: str = ""
    exit: int = 0
    message: str = ""
    line: int | None = None
    flagged_lines: tuple[int, ...] = ()
    tokens: tuple[str, ...] = ()
    same_as: str = ""
    args: tuple[str, ...] = ()  # more `poi-etl run` flags
    normalised_lines: tuple[int, ...] = ()  # lines with a `normalised_text` finding, exactly these
    same_values_as: str = ""  # the case whose loaded values (findings aside) this one must equal
    command: str = ""  # warehouse and disk cases: run (default) | sql | export | check
    warehouse: str = ""  # warehouse cases: the maker in environments.WAREHOUSE_MAKERS
    place: str = ""  # disk cases: warehouse | data_docs | prefect_home | export
    disk: str = ""  # disk cases: full | read_only | full_during_load
    process: bool = False  # run as a real `poi-etl` process
    env: dict[str, str] = field(default_factory=dict)  # setting: the environment of the run
    format: str = ""  # sql: --format
    null: str | None = None  # sql: --null
    output: str = ""  # sql: the exact stdout expected

    @property
    def input_label(self) -> str:
        return f"`{self.sql}`" if self.kind == "sql" else self.file or self.name


def load_cases() -> list[Case]:
    data = tomllib.loads(MANIFEST.read_text(encoding="utf-8"))
    cases = []
    for entry in data["case"]:
        entry = dict(entry)
        for key in ("flagged_lines", "tokens", "args", "normalised_lines"):
            entry[key] = tuple(entry.get(key, ()))
        cases.append(Case(**entry))
    return cases


@dataclass
class Result:
    name: str
    outcome: str  # refused | loaded | answered | hang | skipped
    exit_code: int
    message: str  # the error line, with the case's folder removed
    traceback: bool
    warehouse_changed: bool  # refused: any table differs (warehouse cases: any byte); loaded: an older row lost
    flagged: tuple[int, ...] = ()
    normalised: tuple[int, ...] = ()
    values_fingerprint: str = ""
    statuses: dict[int, str] = field(default_factory=dict)
    token_named: dict[int, bool] = field(default_factory=dict)
    fingerprint: str = ""
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)
    output: str = ""  # stdout (sql cases)


def _run_cli(argv: list[str]) -> tuple[int, str, str, bool]:
    """`poi-etl <argv>` in-process, bounded in time (a hang raises CaseTimeout)."""
    from poi_warehouse.cli import main

    out, err = io.StringIO(), io.StringIO()
    crashed = False
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), environments.bounded():
        try:
            code = main(argv)
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        except environments.CaseTimeout:
            raise
        except BaseException:
            traceback.print_exc()
            crashed, code = True, 1
    return code, out.getvalue(), err.getvalue(), crashed


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def _run_setting_case(case: Case, workdir: Path, warehouse: Path) -> tuple[int, str, str, bool]:
    """`poi-etl run good_two_pages.txt` with the case's environment ({workdir}: the case's folder)."""
    report = workdir / "good_two_pages.txt"
    shutil.copy(BAD_INPUTS / "good_two_pages.txt", report)
    (workdir / "reports").mkdir()
    env = {name: value.format(workdir=workdir) for name, value in case.env.items()}
    argv = ["run", str(report)] + ([] if "POI_WAREHOUSE" in env else ["--warehouse", str(warehouse)])
    with _environment(env):
        return _run_cli(argv)


def _error_line(stderr: str, folder: Path) -> str:
    """The last `error: ` line, without the case's folder nor DuckDB's block checksums and offsets (they
    change with every build of the base warehouse; the table must not)."""
    lines = [line for line in stderr.splitlines() if line.startswith("error: ")]
    text = lines[-1][len("error: ") :] if lines else ""
    text = re.sub(r"\b(checksum|location) \d+", r"\1 …", text)
    return text.replace(str(folder) + os.sep, "").replace(str(folder), "")


def _judged_run(case: Case, code: int, out: str, err: str, crashed: bool, folder: Path, notes: list[str]) -> Result:
    message = _error_line(err, folder)
    has_traceback = crashed or "Traceback" in out + err or "internal error" in message
    errors = [line for line in err.splitlines() if line.startswith("error: ")]
    if code != 0 and len(errors) != 1:
        notes.append(f"{len(errors)} error lines")
    if code == 0:
        outcome = "loaded" if case.kind in ("file", "generated") or case.command in ("", "run") else "answered"
        outcome = "answered" if case.kind == "sql" else outcome
    else:
        outcome = "hang" if code == -1 else "refused"
    return Result(case.name, outcome, code, message, has_traceback, False, notes=notes)


def _harness_api_url() -> str | None:
    """The API of the Prefect server this process uses (the test harness's), for the cases run as processes."""
    from prefect.settings import PREFECT_API_URL

    return PREFECT_API_URL.value()


def run_environment_case(case: Case, base: Path, workdir: Path) -> Result:
    """A warehouse or disk case (devkit/reliability/environments.py): the file must keep every byte
    (warehouse cases) or every row (disk cases), and a refused export leaves nothing behind."""
    started = time.perf_counter()
    notes: list[str] = []
    try:
        with environments.environment(case, base, workdir) as setup:
            warehouse = setup["warehouse"]
            before = environments.file_state(warehouse) if case.kind == "warehouse" else table_rows(warehouse)
            if case.process:
                code, out, err = environments.run_process_case(case, setup, workdir, _harness_api_url())
                crashed = False
            else:
                code, out, err, crashed = _run_cli(setup["argv"])
            after = environments.file_state(warehouse) if case.kind == "warehouse" else table_rows(warehouse)
            export_dir = setup["export_dir"]
            left = sorted(
                p.name for p in export_dir.parent.iterdir() if p.name.startswith((".poi-export", export_dir.name))
            )
    except environments.MountUnavailable as unavailable:
        return Result(case.name, "skipped", 0, str(unavailable), False, False, notes=[str(unavailable)])
    except environments.CaseTimeout as timeout:
        return Result(case.name, "hang", -1, str(timeout), False, False, notes=[str(timeout)])
    result = _judged_run(case, code, out, err, crashed, workdir, notes)
    result.seconds = round(time.perf_counter() - started, 2)
    result.warehouse_changed = before != after if result.outcome != "loaded" else False
    if case.command == "export" and result.outcome == "refused" and left:
        result.notes.append(f"left behind: {', '.join(left)}")
    return result


def run_case(case: Case, base: Path, workdir: Path, prepared: dict[str, Path] | None = None) -> Result:
    """Run one case through the real CLI (in-process) against a copy of the base warehouse."""
    if case.kind in ("warehouse", "disk"):
        return run_environment_case(case, base, workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    warehouse = workdir / "poi.duckdb"
    shutil.copy(base, warehouse)
    before = table_rows(warehouse)
    started = time.perf_counter()
    notes: list[str] = []
    path = None
    try:
        if case.kind == "sql":
            flags = (["--format", case.format] if case.format else []) + (["--null", case.null] if case.null else [])
            code, out, err, crashed = _run_cli(["sql", case.sql, "--warehouse", str(warehouse), *flags])
            folder = workdir
        elif case.kind == "setting":
            code, out, err, crashed = _run_setting_case(case, workdir, warehouse)
            folder = workdir
        else:
            if case.kind == "file":
                source = BAD_INPUTS / case.file
                path = workdir / case.file
                shutil.copy(source, path)
                folder = workdir
            else:
                path = (prepared or {}).get(case.name) or make_generated(case.name, workdir)
                folder = path.parent
            guard = unreadable(path) if case.name == "unreadable_permission" else contextlib.nullcontext()
            with guard as how:
                if how:
                    notes.append(how)
                code, out, err, crashed = _run_cli(["run", str(path), *case.args, "--warehouse", str(warehouse)])
    except environments.CaseTimeout as timeout:
        code, out, err, crashed, folder = -1, "", f"error: HANG: {timeout}", False, workdir
    result = _judged_run(case, code, out, err, crashed, folder, notes)
    result.seconds = round(time.perf_counter() - started, 2)
    result.output = out if case.kind == "sql" else ""
    after = table_rows(warehouse)
    result.warehouse_changed = history_lost(before, after) if result.outcome == "loaded" else before != after
    if result.outcome == "loaded":
        result.flagged = flagged_lines(warehouse)
        result.fingerprint = snapshot_fingerprint(warehouse)
        result.values_fingerprint = snapshot_fingerprint(warehouse, findings=False)
        result.normalised = normalised_lines(warehouse)
        if huge_values(warehouse):
            result.notes.append("a value beyond any real count was loaded")
        result.statuses = line_status(warehouse, case.flagged_lines)
        result.token_named = tokens_named(warehouse, dict(zip(case.flagged_lines, case.tokens, strict=False)))
        if path is not None and not path.is_dir():
            loaded_as = loaded_source_file(warehouse)
            shown = os.fsencode(path.name).decode("utf-8", "backslashreplace")  # as the CLI shows the name
            if loaded_as != shown:
                result.notes.append(f"source_file loaded as {loaded_as!r}, not {shown!r}")
    if case.name == "unreadable_permission" and path is not None and path.exists():
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    if case.kind == "generated" and path is not None and path.is_file() and path.parent == workdir:
        path.unlink()  # never leave 100 MB behind
    return result


def named_line(message: str) -> int | None:
    """The line an error message names (`file:LINE: …` or `file:LINE (page N): …`)."""
    match = re.match(r"^[^:]*:(\d+)(?: \(page \d+\))?: ", message)
    return int(match.group(1)) if match else None


def remember(fingerprints: dict[str, str], result: Result) -> None:
    """Keep a loaded result's fingerprints for the cases that must equal it (`same_as`, `same_values_as`)."""
    if result.fingerprint:
        fingerprints[result.name] = result.fingerprint
        fingerprints[f"{result.name}:values"] = result.values_fingerprint


def judge(case: Case, result: Result, fingerprints: dict[str, str]) -> list[str]:
    """What is wrong with a result against its case's expectation ([] when it matches, or it was skipped)."""
    if result.outcome == "skipped":
        return []
    problems = []
    if result.outcome != case.expect:
        problems.append(f"outcome {result.outcome}, expected {case.expect}")
    if result.traceback:
        problems.append("traceback or internal error")
    if result.warehouse_changed:
        problems.append("warehouse changed")
    if case.expect == "refused":
        if result.exit_code != case.exit:
            problems.append(f"exit {result.exit_code}, expected {case.exit}")
        if case.message not in result.message:
            problems.append(f"message {result.message!r} lacks {case.message!r}")
        if case.line is not None and named_line(result.message) != case.line:
            problems.append(f"line {case.line} not named in {result.message!r}")
        if "\n" in result.message or not result.message:
            problems.append("not exactly one error line")
    if case.output and result.output != case.output:
        problems.append(f"output {result.output!r}, expected {case.output!r}")
    if case.expect == "loaded":
        if tuple(sorted(case.flagged_lines)) != tuple(sorted(set(result.flagged) & set(case.flagged_lines))):
            problems.append(f"flagged {result.flagged}, expected at least {case.flagged_lines}")
        if any("beyond any real count" in n for n in result.notes):
            problems.append("a value beyond any real count was loaded")
        if case.same_as and fingerprints.get(case.same_as) != result.fingerprint:
            problems.append(f"content differs from {case.same_as}")
        if case.same_values_as and fingerprints.get(f"{case.same_values_as}:values") != result.values_fingerprint:
            problems.append(f"values differ from {case.same_values_as}")
        if tuple(result.normalised) != tuple(case.normalised_lines):
            problems.append(f"normalised_text findings on lines {result.normalised}, expected {case.normalised_lines}")
    problems += [note for note in result.notes if note.startswith(("left behind", "still running", "source_file"))]
    return problems


def measure_extract(path: Path) -> dict[str, float | str]:
    """Time and Python peak memory of the extract stage on one file (refusal included)."""
    from flows import stages
    from transforms.errors import ReportError

    tracemalloc.start()
    started = time.perf_counter()
    try:
        stages.extract(str(path))
        reason = "accepted"
    except ReportError as err:
        reason = err.reason
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"seconds": round(seconds, 3), "peak_mib": round(peak / 2**20, 1), "reason": reason}
