"""Seeded report specs that look like real offices' reports, and the sample's rows whose values are known.

`random_report` draws rows that satisfy every identity (small counts, many blanks, flat 1/1/1
activities, a few large counts such as 1250 or 12000), optionally with agency slips (a quarter, total
or META ANUAL printed off by some amount; the rows are recorded) and footnote marks; names carry
accents, `Y/O`, parentheses, digits, quotes, and run up to about 200 characters so they must wrap.
`sample_spec` takes the bundled real report's rows that the product itself settles completely.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, replace

from devkit.render.spec import ReportSpec, RowSpec, broken_identities, cell_value
from devkit.synthetic.rows import programmed_months
from transforms.slots import EXEC, META, N_SLOTS, PROG, Q_EXEC, Q_PROG, TOTAL_EXEC, TOTAL_PROG, active_slots

MEF_CATEGORIES = (
    "GESTIÓN ADMINISTRATIVA",
    "ADMINISTRACIÓN DE RECURSOS MUNICIPALES",
    "ACCIONES DE CONTROL Y AUDITORÍA",
    "ACCIONES CENTRALES",
    "ASIGNACIONES PRESUPUESTARIAS QUE NO RESULTAN EN PRODUCTOS",
    "PROGRAMA PRESUPUESTAL 0030: REDUCCIÓN DE DELITOS Y FALTAS QUE AFECTAN LA SEGURIDAD CIUDADANA",
)
UNITS = (
    "GERENCIA DE ADMINISTRACIÓN",
    "GERENCIA DE ASUNTOS JURIDICOS",
    "ÓRGANO DE CONTROL INSTITUCIONAL",
    "OFICINA DE PLANIFICACIÓN Y ESTUDIOS ECONÓMICOS",
    "SUBGERENCIA DE LOGÍSTICA Y CONTROL PATRIMONIAL",
    "OFICINA DE TECNOLOGÍAS DE LA INFORMACIÓN (OTI)",
    "GERENCIA REGIONAL DE DESARROLLO SOCIAL Y/O PROMOCIÓN DEL EMPLEO",
    "JEFATURA",
    "ESCUELA SAT",
    "OFICINA DE DEFENSORÍA DEL CONTRIBUYENTE Y ADMINISTRADO",
    "GERENCIA DE FISCALIZACIÓN TRIBUTARIA Y NO TRIBUTARIA DE LA MUNICIPALIDAD DISTRITAL",
    "UNIDAD EJECUTORA 001 - SEDE CENTRAL",
)
UNITS_OF_MEASURE = (
    "ACCIONES", "ACCIONES", "ACCIONES", "ACCIÓN", "INFORMES", "INFORME TÉCNICO", "DOCUMENTO",
    "PERSONAS CAPACITADAS", "EXPEDIENTES", "N° DE AUDITORÍAS", "CONTRIBUYENTES ATENDIDOS", "ACCIONES DE CONTROL",
)  # fmt: skip
VERBS = (
    "ELABORAR", "DIRIGIR Y SUPERVISAR", "GESTIONAR", "REALIZAR", "ATENDER", "COORDINAR LA EJECUCIÓN DE",
    "IMPLEMENTAR Y DAR SEGUIMIENTO A", "FORMULAR, EVALUAR Y/O ACTUALIZAR", "NOTIFICAR", "CAPACITAR EN",
)  # fmt: skip
OBJECTS = (
    "12 INFORMES DE SEGUIMIENTO DEL POI",
    "LOS RECURSOS FINANCIEROS",
    "EL PLAN ANUAL DE CONTRATACIONES (PAC)",
    "MEDIOS IMPUGNATORIOS DE SEGUNDA INSTANCIA",
    "LA CAMPAÑA MASIVA 2018",
    "LAS ACCIONES DE CONTROL POSTERIOR",
    "3 AUDITORÍAS DE CUMPLIMIENTO",
    "EL SISTEMA DE CONTROL INTERNO",
    'LA CAMPAÑA "SAT TE ESCUCHA"',
    "GASTOS EN SERVICIOS GENERALES (AGUA, LUZ, Y/O ALQUILERES)",
    "LOS PROCESOS JUDICIALES, ADMINISTRATIVOS Y POLICIALES",
    "EL ACERVO DOCUMENTARIO",
)
QUALIFIERS = (
    "DE LA ENTIDAD",
    "EN EL MARCO DE LA LEY N° 27806, LEY DE TRANSPARENCIA Y ACCESO A LA INFORMACIÓN PÚBLICA",
    "PARA ASEGURAR LA DISPONIBILIDAD DE LOS BIENES Y SERVICIOS",
    "A NIVEL NACIONAL, REGIONAL Y LOCAL",
    "CONFORME A LA DIRECTIVA N° 001-2017-CEPLAN/PCD",
    "Y DE LOS ÓRGANOS DESCONCENTRADOS (OD)",
    "- FASE 2",
)
MAX_NAME = 200
SHAPES = ("flat", "varied", "sparse", "mid_year", "big", "nothing_executed")
SHAPE_WEIGHTS = (35, 30, 12, 10, 8, 5)


@dataclass(frozen=True)
class GeneratedReport:
    """A drawn report and what was done to it: the rows printed with a slip, the rows with footnote marks."""

    spec: ReportSpec
    slipped_rows: frozenset[int]
    footnoted_rows: frozenset[int]


def random_report(
    seed: int,
    n_rows: int | None = None,
    *,
    year: int | None = None,
    quarter: int | None = None,
    slip_rate: float = 0.0,
    footnote_rate: float = 0.05,
) -> GeneratedReport:
    """A report of `n_rows` rows (5..60 when None) drawn from `seed`; the same arguments give the same report."""
    rng = random.Random(seed)
    year = year or rng.randint(2015, 2024)
    quarter = quarter or rng.randint(1, 4)
    n_rows = n_rows if n_rows is not None else rng.randint(5, 60)
    rows, slipped, footnoted = [], set(), set()
    seen: set[tuple[str, str]] = set()
    for i in range(n_rows):
        cells = printed_cells(row_values(rng, quarter), rng)
        if rng.random() < footnote_rate:
            cells = add_footnotes(cells, quarter, rng)
            footnoted.add(i)
        unit, activity = _unique_names(rng, seen, i)
        category, measure = _category_and_measure(rng, i)
        row = RowSpec(category, unit, activity, measure, tuple(cells))
        if rng.random() < slip_rate:
            row = slip(row, quarter, rng)
            slipped.add(i)
        rows.append(row)
    cut = datetime.date(year + (quarter == 4), (3 * quarter) % 12 + 1, rng.randint(5, 20))
    spec = ReportSpec(year, quarter, cut, tuple(rows))
    return GeneratedReport(spec, frozenset(slipped), frozenset(footnoted))


def row_values(rng: random.Random, quarter: int, shape: str | None = None) -> list[int | None]:
    """35 slot values that satisfy every identity; executed cells after `quarter` are None."""
    shape = shape or rng.choices(SHAPES, SHAPE_WEIGHTS)[0]
    prog = _programmed(rng, shape)
    execd = [0] * 12 if shape == "nothing_executed" else _executed(rng, prog)
    values: list[int | None] = [0] * N_SLOTS
    for m in range(12):
        values[PROG[m]], values[EXEC[m]] = prog[m], execd[m]
    for q in range(4):
        values[Q_PROG[q]] = sum(prog[3 * q : 3 * q + 3])
        values[Q_EXEC[q]] = sum(execd[3 * q : 3 * q + 3])
    active = active_slots(quarter)
    values = [v if active[s] else None for s, v in enumerate(values)]
    values[META] = values[TOTAL_PROG] = sum(prog)
    values[TOTAL_EXEC] = sum(values[Q_EXEC[q]] for q in range(quarter))  # type: ignore[misc]
    return values


def printed_cells(values: list[int | None], rng: random.Random) -> list[str]:
    """Cell texts of the values: a 0 prints blank, now and then as `0` (as some agencies type it)."""
    return ["" if v is None or (v == 0 and rng.random() < 0.9) else str(v) for v in values]


def add_footnotes(cells: list[str], quarter: int, rng: random.Random) -> list[str]:
    """One to three cells get a mark: `12 1/` after the number, or a lone `1/` in place of the value."""
    out = list(cells)
    active = active_slots(quarter)
    slots = [s for s in range(1, N_SLOTS) if active[s]]
    for s in rng.sample(slots, rng.randint(1, 3)):
        mark = rng.choice(("1/", "1/", "2/"))
        lone = s in PROG or s in EXEC
        out[s] = mark if lone and rng.random() < 0.4 else f"{out[s] or 0} {mark}"
    return out


def slip(row: RowSpec, quarter: int, rng: random.Random) -> RowSpec:
    """The row with a quarter, total or META ANUAL printed off by some amount, so an identity breaks."""
    active = active_slots(quarter)
    candidates = [s for s in (*Q_PROG, *Q_EXEC, TOTAL_PROG, TOTAL_EXEC, META) if active[s]]
    for _ in range(50):
        s = rng.choice(candidates)
        value = cell_value(row.cells[s])
        if value is None:
            continue  # a lone mark holds no number to get wrong
        delta = rng.choice((-10, -2, -1, 1, 1, 2, 3, 10))
        mark = row.cells[s].partition(" ")[2]
        cells = list(row.cells)
        cells[s] = f"{abs(value + delta)} {mark}".rstrip()
        slipped = replace(row, cells=tuple(cells))
        if broken_identities(slipped, quarter):
            return slipped
    raise ValueError("no cell of the row can carry a slip that breaks an identity")


def activity_name(rng: random.Random, long: bool = False) -> str:
    """A POI activity: verb, object and qualifiers; `long` ones run past 150 characters (at most 200)."""
    name = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    qualifiers = list(QUALIFIERS)
    rng.shuffle(qualifiers)
    wanted = 150 if long else rng.choice((0, 0, 40, 90))
    for q in qualifiers:
        if len(name) >= wanted or len(name) + 1 + len(q) > MAX_NAME:
            break
        name = f"{name} {q}"
    return name


def _programmed(rng: random.Random, shape: str) -> list[int]:
    if shape in ("flat", "nothing_executed"):
        return [rng.choice((1, 1, 1, 2, 3, 4, 8))] * 12
    if shape == "big":
        base = rng.choice((100, 104, 1000, 1250))
        return [base + rng.choice((0, 0, 0, rng.randint(-50, 50))) for _ in range(12)]
    return programmed_months(rng, shape)  # sparse, mid_year, varied: as the synthetic rows draw them


def _executed(rng: random.Random, prog: list[int]) -> list[int]:
    execd = list(prog)
    if rng.random() < 0.5:
        for m in rng.sample(range(12), rng.randint(1, 4)):
            execd[m] = max(0, execd[m] + rng.choice((-2, -1, 1, 2)))
    return execd


def _category_and_measure(rng: random.Random, i: int) -> tuple[str, str]:
    if i % 7 == 3:  # a category that holds the word its unit of measure is
        return "ACCIONES DE CONTROL Y AUDITORÍA", "ACCIONES"
    return rng.choice(MEF_CATEGORIES), rng.choice(UNITS_OF_MEASURE)


def _unique_names(rng: random.Random, seen: set[tuple[str, str]], i: int) -> tuple[str, str]:
    """A (unit, activity) pair no earlier row has: a report never prints one twice."""
    for _ in range(20):
        pair = (rng.choice(UNITS), activity_name(rng, long=i % 5 == 1))
        if pair not in seen:
            break
    else:
        pair = (pair[0], f"{pair[1][: MAX_NAME - 12]} - ETAPA {i}")
    seen.add(pair)
    return pair


def sample_spec() -> ReportSpec:
    """The bundled sample's rows whose every value the product determines (`exact` or `repaired`).

    Values are turned back into printed cells the way the sample prints them: 0 blank.
    """
    from poi_warehouse.settings import bundled_sample
    from transforms.parse import parse_report
    from transforms.recovery import recover_row

    path = bundled_sample()
    report = parse_report(path.read_text(encoding="utf-8"), str(path))
    active = active_slots(report.quarter)
    rows = []
    for r in report.rows:
        recovery = recover_row(r.tokens, report.quarter)
        if recovery.status not in ("exact", "repaired"):
            continue
        if any(v is None for v, a in zip(recovery.values, active, strict=True) if a):
            continue
        cells = tuple("" if not v else str(v) for v in recovery.values)
        rows.append(RowSpec(r.mef_category, r.unit_name, r.activity_name, r.unit_of_measure, cells))
    assert report.source_date is not None  # the parser refuses a report without a footer date
    return ReportSpec(report.year, report.quarter, report.source_date, tuple(rows))
