"""Build small report texts inline for parser tests."""

from __future__ import annotations

TITLE = "PLAN OPERATIVO INSTITUCIONAL 2017 – EJECUCIÓN AL IV TRIMESTRE"


def title(year: str = "2017", quarter: str = "IV", dash: str = "–") -> str:
    return f"PLAN OPERATIVO INSTITUCIONAL {year} {dash} EJECUCIÓN AL {quarter} TRIMESTRE"


HEADER_1 = (
    "MEF\tUnidad Orgánica\tACTIVIDAD POI\tUNIDAD DE MEDIDA\tMETA ANUAL\tPROGRAMADO"
    + "\t" * 12
    + "EJECUTADO"
    + "\t" * 12
    + "I TRIM\t\tII TRIM\t\tIII TRIM\t\tIV TRIM\t\tTotal\t"
)
MONTHS = "ENE\tFEB\tMAR\tABR\tMAY\tJUN\tJUL\tAGO\tSEP\tOCT\tNOV\tDIC"
HEADER_2 = "\t\t\t\t\t" + MONTHS + "\t" + MONTHS + "\tPROG\tEJEC\tPROG\tEJEC\tPROG\tEJEC\tPROG\tEJEC\tTotal\t"
FOOTER = "Fuente: Módulo de Control de la Gestión al 11/01/2018."
FLAT_NUMBERS = ["12"] + ["1"] * 24 + ["3"] * 8 + ["12", "12"]


def cut_off(numbers: list[str], quarter: int) -> list[str]:
    """The 35 numbers of a row as a report cut off at `quarter` prints them: later executed cells blank."""
    from transforms.slots import active_slots

    return [n if on else "" for n, on in zip(numbers, active_slots(quarter), strict=True)]


def footer(quarter: int, year: int = 2017) -> str:
    """A footer dated two weeks after the quarter ends."""
    day = ("15/04/{y}", "15/07/{y}", "15/10/{y}", "15/01/{n}")[quarter - 1].format(y=year, n=year + 1)
    return f"Fuente: Módulo de Control de la Gestión al {day}."


def row(unit="GERENCIA X", activity="ACTIVIDAD A", numbers=None, mef="GESTIÓN ADMINISTRATIVA") -> str:
    cells = FLAT_NUMBERS if numbers is None else numbers
    return "\t".join([mef, unit, activity, "ACCIONES", *cells]) + "\t\t"


def page(rows: list[str], title: str = TITLE, header_1: str = HEADER_1, header_2: str = HEADER_2, footer=FOOTER) -> str:
    lines = ["", "", title, "", header_1, header_2, *rows, ""]
    if footer is not None:
        lines += [footer, "", "", ""]
    return "\n".join(lines)


def report(*pages: str) -> str:
    return "".join(pages)
