"""Content that contradicts the report's own title is refused, never repaired.

The title's (year, cut-off quarter) decides which cells a row can print; a report whose rows print
executed values after that quarter, or whose footer date falls before the quarter ends (or long after
it), says two different things about its period. Loading it would let the title drive a "repair" of
numbers the report prints, so these checks refuse the file, naming the page and line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from transforms.cells import Token
from transforms.errors import ReportError
from transforms.slots import active_slots

NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}
# A report is dated when its data were extracted: weeks after the quarter, rarely months. A date more
# than this after the quarter's end is a wrong year in the title or the footer.
MAX_LAG_DAYS = 400
# A text row may print one or two numbers too many (a stray copy of a neighbour); more than this many
# beyond the cells its cut-off allows are executed values after the cut-off.
TEXT_EXTRA_NUMBERS = 3


def quarter_end(year: int, quarter: int) -> date:
    return date(year, 3 * quarter, (31, 30, 30, 31)[quarter - 1])


def check_footer_date(year: int, quarter: int, footer: date, path: str, line: int | None = None, page=None) -> None:
    """Refuse a footer dated before the cut-off quarter ends, or more than `MAX_LAG_DAYS` after."""
    end = quarter_end(year, quarter)
    period = f"{year} – AL {NUMERALS[quarter]} TRIMESTRE, which ends {end:%d/%m/%Y}"
    if footer < end:
        raise ReportError(
            path, f"the footer date {footer:%d/%m/%Y} is before the end of the report's period ({period})", line, page
        )
    if (footer - end).days > MAX_LAG_DAYS:
        raise ReportError(
            path,
            f"the footer date {footer:%d/%m/%Y} is {(footer - end).days} days after the end of the report's period "
            f"({period}): a wrong year in the title or the footer?",
            line,
            page,
        )


def check_text_row(tokens: Sequence[Token], quarter: int, path: str, line: int, page: int) -> None:
    """Refuse a text row printing more numbers than its cut-off allows by more than a stray or two."""
    numbers = sum(1 for t in tokens if t.kind == "number")
    allowed = sum(active_slots(quarter))
    if numbers >= allowed + TEXT_EXTRA_NUMBERS:
        raise ReportError(
            path,
            f"the row prints {numbers} numbers but a report cut off at quarter {NUMERALS[quarter]} has {allowed} "
            f"cells: executed values after the title's cut-off (does the title name the wrong quarter?)",
            line,
            page,
        )
