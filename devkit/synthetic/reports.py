"""Write whole synthetic report files (title, headers, rows, footers) from synthetic rows."""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

from devkit.synthetic.rows import CLEAN, SAMPLE_RATES, Corruption, render_fields, true_row

NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}
MONTHS = "ENE\tFEB\tMAR\tABR\tMAY\tJUN\tJUL\tAGO\tSEP\tOCT\tNOV\tDIC"
HEADER_1 = (
    "MEF\tUnidad Orgánica\tACTIVIDAD POI\tUNIDAD DE MEDIDA\tMETA ANUAL\tPROGRAMADO"
    + "\t" * 12 + "EJECUTADO" + "\t" * 12 + "I TRIM\t\tII TRIM\t\tIII TRIM\t\tIV TRIM\t\tTotal\t"
)  # fmt: skip
HEADER_2 = "\t\t\t\t\t" + MONTHS + "\t" + MONTHS + "\tPROG\tEJEC\tPROG\tEJEC\tPROG\tEJEC\tPROG\tEJEC\tTotal\t"
ROWS_PER_PAGE = 20
MEF = ("GESTIÓN ADMINISTRATIVA", "ADMINISTRACIÓN DE RECURSOS MUNICIPALES")


def footer_date(year: int, quarter: int) -> date:
    """The 15th day after the cut-off quarter ends, as agencies date their reports."""
    return date(year, 3 * quarter, 1) + timedelta(days=45)


def report_text(year: int, quarter: int, n_rows: int, seed: int, rates: Corruption = SAMPLE_RATES) -> str:
    """A report of `n_rows` activity rows; the same seed gives the same activities and values."""
    rng = random.Random(seed)
    lines: list[str] = []
    for start in range(0, n_rows, ROWS_PER_PAGE):
        lines += ["", "", f"PLAN OPERATIVO INSTITUCIONAL {year} – EJECUCIÓN AL {NUMERALS[quarter]} TRIMESTRE", ""]
        lines += [HEADER_1, HEADER_2]
        for i in range(start, min(start + ROWS_PER_PAGE, n_rows)):
            values = true_row(rng, quarter, rates)
            fields = render_fields(values, rng, rates if rates is not CLEAN else CLEAN)
            text = [MEF[i % 2], f"GERENCIA SINTÉTICA {i // 10:03d}", f"ACTIVIDAD SINTÉTICA {i:05d}", "ACCIONES"]
            lines.append("\t".join(text + fields))
        lines += ["", f"Fuente: Módulo de Control de la Gestión al {footer_date(year, quarter):%d/%m/%Y}.", "", ""]
    return "\n".join(lines)


def write_year_batch(folder: Path, years: range, n_rows: int, seed: int = 7) -> list[Path]:
    """Four quarterly reports per year under `folder`; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in years:
        for quarter in (1, 2, 3, 4):
            path = folder / f"poi_{year}_t{quarter}.txt"
            path.write_text(report_text(year, quarter, n_rows, seed * 10_000 + year * 10 + quarter), encoding="utf-8")
            paths.append(path)
    return paths
