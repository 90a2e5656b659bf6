"""Report files with known values, and a warehouse loaded from them by the real stages (no Prefect).

Entity `TST`, year 2019, two snapshots (cut-off II and III quarters). Every month of a row has the same
programmed and executed value, so each unit's rate is the same in every quarter:

| unit | activity | programmed / month | executed / month | rate | band (90 / 70) |
|---|---|---|---|---|---|
| UNIDAD VERDE | ACTIVIDAD V1 | 10 (12 from October in the III-quarter report) | 10 | 100 % | verde |
| UNIDAD LIMITE | ACTIVIDAD L1 | 10 | 9 | 90 % | verde (at the threshold) |
| UNIDAD AMBAR | ACTIVIDAD A1 | 10 | 8 | 80 % | ámbar |
| UNIDAD SETENTA | ACTIVIDAD S1 | 10 | 7 | 70 % | ámbar (at the threshold) |
| UNIDAD ROJA | ACTIVIDAD R1 + R2 | 10 + 2 | 5 + 0 | 5/12 = 41.67 % | rojo |
"""

from __future__ import annotations

from pathlib import Path

from devkit.synthetic.reports import HEADER_1, HEADER_2, NUMERALS, footer_date
from devkit.synthetic.rows import render_fields, row_values
from flows.stages import extract, load, transform
from transforms.entities import Entity

ENTITY = Entity("TST", "Entidad de prueba", "Pruebas")
YEAR = 2019
ROWS = [  # unit, activity, programmed per month, executed per month
    ("UNIDAD VERDE", "ACTIVIDAD V1", 10, 10),
    ("UNIDAD LIMITE", "ACTIVIDAD L1", 10, 9),
    ("UNIDAD AMBAR", "ACTIVIDAD A1", 10, 8),
    ("UNIDAD SETENTA", "ACTIVIDAD S1", 10, 7),
    ("UNIDAD ROJA", "ACTIVIDAD R1", 10, 5),
    ("UNIDAD ROJA", "ACTIVIDAD R2", 2, 0),
]
RATES = {"UNIDAD VERDE": 1.0, "UNIDAD LIMITE": 0.9, "UNIDAD AMBAR": 0.8, "UNIDAD SETENTA": 0.7, "UNIDAD ROJA": 0.4167}
BANDS = {"UNIDAD VERDE": "verde", "UNIDAD LIMITE": "verde", "UNIDAD AMBAR": "ámbar", "UNIDAD SETENTA": "ámbar",
         "UNIDAD ROJA": "rojo"}  # fmt: skip
REPROGRAMMED = {"ACTIVIDAD V1": 12}  # programmed per month from October on, in the III-quarter report


def report_text(quarter: int) -> str:
    lines = ["", "", f"PLAN OPERATIVO INSTITUCIONAL {YEAR} – EJECUCIÓN AL {NUMERALS[quarter]} TRIMESTRE", ""]
    lines += [HEADER_1, HEADER_2]
    for unit, activity, programmed, executed in ROWS:
        prog = [programmed] * 12
        if quarter >= 3 and activity in REPROGRAMMED:
            prog[9:] = [REPROGRAMMED[activity]] * 3
        values = row_values(prog, [executed] * 12, quarter)
        lines.append("\t".join(["GESTIÓN ADMINISTRATIVA", unit, activity, "ACCIONES", *render_fields(values)]))
    lines += ["", f"Fuente: Módulo de Control de la Gestión al {footer_date(YEAR, quarter):%d/%m/%Y}.", "", ""]
    return "\n".join(lines)


def load_known_reports(folder: Path, warehouse: Path, quarters: tuple[int, ...] = (2, 3)) -> list[Path]:
    """Write and load the reports of `quarters` (extract, transform, load: the stages a run uses)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for quarter in quarters:
        path = folder / f"poi_{YEAR}_t{quarter}.txt"
        path.write_text(report_text(quarter), encoding="utf-8")
        load(transform(extract(str(path), ENTITY)), warehouse)
        paths.append(path)
    return paths
