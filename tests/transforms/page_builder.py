"""A whole POI page as glyphs (and grid rules), built inline for the PDF layout tests.

Columns: MEF, Unidad Orgánica, ACTIVIDAD POI, UNIDAD DE MEDIDA (text), then META ANUAL and 34 numeric
columns of `PITCH` points. Rows are given as (names, 35 cell texts); names may hold several lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.transforms.glyph_builder import SIZE, centered, right, text
from transforms.pdf_geometry import Glyph, Rule

TEXT_X = (0.0, 40.0, 80.0, 150.0, 185.0)  # left edges of the 4 text columns, then where META begins
PITCH = 14.0
META_X = (185.0, 200.0)
LEADING = 1.2 * SIZE
MONTHS = ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC"]


def numeric_left(slot: int) -> float:
    """Left edge of numeric slot 0..34 (0 is META ANUAL)."""
    return META_X[0] if slot == 0 else META_X[1] + (slot - 1) * PITCH


def numeric_center(slot: int) -> float:
    width = META_X[1] - META_X[0] if slot == 0 else PITCH
    return numeric_left(slot) + width / 2


@dataclass
class PageSpec:
    rows: list[tuple[tuple[list[str], ...], tuple[str, ...]]]
    title: str | None = "PLAN OPERATIVO INSTITUCIONAL 2017 – EJECUCIÓN AL IV TRIMESTRE"
    footer: str | None = "Fuente: Módulo de Control de la Gestión al 11/01/2018"
    valign: str = "middle"  # how names sit on their row's line of numbers
    wrap_prog: bool = False  # PROG labels wrapped as PRO / G
    glue_sublabels: bool = False  # PROG EJEC labels drawn with no gap (one word)
    total_sublabels: bool = True
    grid: bool = False
    row_gap: float = 2.0  # padding between rows, points
    extra: list[Glyph] = field(default_factory=list)


def header_glyphs(spec: PageSpec, top: float) -> tuple[list[Glyph], float]:
    """Title and the two header lines (2.5 pt apart); returns the glyphs and the header's bottom."""
    out: list[Glyph] = []
    if spec.title:
        out += centered(spec.title, 350, top)
    line1, line2 = top + 8, top + 10.5
    for label, left, nxt in zip(("MEF", "Unidad Orgánica", "ACTIVIDAD POI", "UNIDAD DE MEDIDA"), TEXT_X, TEXT_X[1:],
                                strict=False):  # fmt: skip
        out += centered(label, (left + nxt) / 2, line1 + 1)
    out += centered("META", numeric_center(0), line1) + centered("ANUAL", numeric_center(0), line2)
    out += centered("PROGRAMADO", (numeric_left(1) + numeric_left(13)) / 2, line1)
    out += centered("EJECUTADO", (numeric_left(13) + numeric_left(25)) / 2, line1)
    for q, label in enumerate(("I TRIM", "II TRIM", "III TRIM", "IV TRIM")):
        out += centered(label, numeric_left(25 + 2 * q) + PITCH, line1)
    out += centered("Total", numeric_left(33) + PITCH, line1)
    for i, month in enumerate(MONTHS * 2):
        out += centered(month, numeric_center(1 + i), line2)
    pairs = 5 if spec.total_sublabels else 4
    if spec.glue_sublabels:
        out += text("PROGEJEC" * pairs, numeric_left(25), line2, size=PITCH / 2.4)  # 4 glyphs fill a column
    else:
        for k in range(2 * pairs):
            label = "PROG" if k % 2 == 0 else "EJEC"
            if label == "PROG" and spec.wrap_prog:
                out += centered("PRO", numeric_center(25 + k), line2 - 1.2) + centered("G", numeric_center(25 + k), line2 + 1.4)
            else:
                out += centered(label, numeric_center(25 + k), line2)
    return out, line2 + 3


def page(spec: PageSpec, top: float = 20.0) -> tuple[list[Glyph], list[Rule]]:
    glyphs, y = header_glyphs(spec, top)
    rules: list[Rule] = []
    if spec.grid:
        rules.append(Rule(0, 700, y - 0.5, y - 0.5))
    for names, cells in spec.rows:
        n_lines = max(len(lines) for lines in names)
        height = n_lines * LEADING + spec.row_gap
        anchor = y + spec.row_gap / 2 + {"top": SIZE, "middle": height / 2 + SIZE / 2 - spec.row_gap / 2,
                                         "bottom": height - spec.row_gap}[spec.valign]  # fmt: skip
        for column, lines in enumerate(names):
            first = {"top": anchor, "middle": anchor - (len(lines) - 1) * LEADING / 2,
                     "bottom": anchor - (len(lines) - 1) * LEADING}[spec.valign]  # fmt: skip
            for k, line in enumerate(lines):
                glyphs += text(line, TEXT_X[column] + 0.5, first + k * LEADING)
        for slot, cell in enumerate(cells):
            if cell:
                right_edge = META_X[1] - 1 if slot == 0 else numeric_left(slot) + PITCH - 1
                glyphs += right(cell, right_edge, anchor)
        y += height
        if spec.grid:
            rules.append(Rule(0, 700, y, y))
    if spec.footer:
        glyphs += text(spec.footer, 0, y + 8)
    return glyphs + spec.extra, rules


def flat_cells() -> tuple[str, ...]:
    """A row that satisfies every identity: 1 per month, 3 per quarter, 12 in total."""
    return ("12",) + ("1",) * 24 + ("3",) * 8 + ("12", "12")
