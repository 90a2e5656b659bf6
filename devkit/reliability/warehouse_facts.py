"""What a case's warehouse holds: its rows, the loaded snapshot's fingerprint, flagged and normalised lines;
and the base warehouse every case starts from.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import duckdb

from devkit.reliability.fixtures import HISTORY
from devkit.warehouse_state import base_tables


def table_rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every base table (audit aside), sorted."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        names = base_tables(con)
        return {n: sorted(con.execute(f'select * from "{n}"').fetchall(), key=repr) for n in names}
    finally:
        con.close()


def history_lost(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> bool:
    """True when a row that was in the warehouse before is gone or altered (new rows are fine)."""
    return any(Counter(rows) - Counter(after.get(name, [])) for name, rows in before.items())


def snapshot_fingerprint(path: Path, year: int = 2017, quarter: int = 4, findings: bool = True) -> str:
    """The loaded snapshot's content, without the file name, sha256 and load time (and the findings)."""
    queries = [
        "select * exclude (source_file) from v_activity_month where report_year = ? and report_quarter = ?",
        "select * exclude (source_file) from v_activity_quarter where report_year = ? and report_quarter = ?",
        "select * exclude (source_file) from v_activity_year where report_year = ? and report_quarter = ?",
        "select report_id, source_date, n_pages, n_rows from dim_report where report_year = ? and report_quarter = ?",
    ]
    if findings:
        queries.append(
            "select * exclude (source_file) from v_data_quality where report_year = ? and report_quarter = ?"
        )
    con = duckdb.connect(str(path), read_only=True)
    try:
        parts = [repr(sorted(con.execute(sql, [year, quarter]).fetchall(), key=repr)) for sql in queries]
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]
    finally:
        con.close()


def flagged_lines(path: Path, year: int = 2017, quarter: int = 4) -> tuple[int, ...]:
    """Lines loaded as not `exact`, with at least one v_data_quality finding (the flag contract).

    A cell the identities determine may be `repaired` even when its printed token was odd; the finding
    says so. Values beyond any real count are never loaded (checked by `huge_values`)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "select y.source_line from v_activity_year y "
            "where y.report_year = ? and y.report_quarter = ? and y.row_status <> 'exact' "
            "and exists (select 1 from v_data_quality d where d.report_year = y.report_year "
            "and d.report_quarter = y.report_quarter and d.source_line = y.source_line) order by 1",
            [year, quarter],
        ).fetchall()
        return tuple(r[0] for r in rows)
    finally:
        con.close()


def loaded_source_file(path: Path, year: int = 2017, quarter: int = 4) -> str:
    con = duckdb.connect(str(path), read_only=True)
    try:
        query = "select source_file from dim_report where report_year = ? and report_quarter = ?"
        return con.execute(query, [year, quarter]).fetchone()[0]
    finally:
        con.close()


def normalised_lines(path: Path, year: int = 2017, quarter: int = 4) -> tuple[int, ...]:
    """Lines with a `normalised_text` finding (invisible characters removed or replaced in a name)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        rows = con.execute(
            "select distinct source_line from v_data_quality where report_year = ? and report_quarter = ? "
            "and rule = 'normalised_text' order by 1",
            [year, quarter],
        ).fetchall()
        return tuple(r[0] for r in rows)
    finally:
        con.close()


def huge_values(path: Path, limit: int = 10**12) -> int:
    """How many loaded numbers exceed any real count."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(
            "select (select count(*) from fct_activity_row where greatest(meta_anual, total_programmed, "
            "total_executed) > $1) + (select count(*) from fct_activity_month where greatest(programmed, executed) > $1)"
            " + (select count(*) from fct_activity_quarter where greatest(programmed, executed) > $1)",
            [limit],
        ).fetchone()[0]
    finally:
        con.close()


def tokens_named(path: Path, tokens: dict[int, str], year: int = 2017, quarter: int = 4) -> dict[int, bool]:
    """For each line, whether one of its v_data_quality findings quotes the odd token."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {
            line: con.execute(
                "select count(*) > 0 from v_data_quality where report_year = ? and report_quarter = ? "
                "and source_line = ? and contains(detail, ?)",
                [year, quarter, line, f"'{token}'"],
            ).fetchone()[0]
            for line, token in tokens.items()
        }
    finally:
        con.close()


def line_status(path: Path, lines: tuple[int, ...], year: int = 2017, quarter: int = 4) -> dict[int, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return dict(
            con.execute(
                "select source_line, row_status from v_activity_year where report_year = ? and report_quarter = ? "
                "and list_contains(?, source_line)",
                [year, quarter, list(lines)],
            ).fetchall()
        )
    finally:
        con.close()


def build_base_warehouse(path: Path) -> Path:
    """A warehouse that already holds history: the 2017 Q2 and Q3 snapshots (plain stages, gates passed)."""
    from flows import stages

    path.parent.mkdir(parents=True, exist_ok=True)
    for report in HISTORY:
        extracted = stages.extract(str(report))
        frames = stages.transform(extracted)
        stages.load(frames, path, replace=True)
    return path
