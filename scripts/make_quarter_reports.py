"""Write I-III quarter versions of the bundled IV-quarter sample, for snapshot tests.

Rows whose numbers the recovery determines (exact or repaired) are re-printed as the agency would
print them earlier in the year: executed cells after the cut-off are blank, total executed is the
sum to date. Two rows are re-programmed between quarters so `v_reprogramming` has something to show.
Output: tests/fixtures/quarterly/poi_2017_t{1,2,3}.txt (committed). The committed files hold 57 rows,
the ones another version of the recovery engine determined; re-running with the current engine keeps
the rows it determines, a different set.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.stages import extract  # noqa: E402
from poi_warehouse.settings import bundled_sample  # noqa: E402
from transforms.recovery import recover_row  # noqa: E402
from transforms.slots import EXEC, META, PROG, Q_EXEC, Q_PROG, TOTAL_EXEC, TOTAL_PROG, quarter_of  # noqa: E402

NUMERALS = {1: "I", 2: "II", 3: "III", 4: "IV"}
ROWS_PER_PAGE = 20
# (row index among kept rows, month) whose programmed value is raised by 1 from the given quarter's report on
REPROGRAMMED = [(0, 10, 2), (5, 12, 3)]


def quarter_values(values: list[int], cutoff: int) -> list[int | None]:
    out: list[int | None] = list(values)
    for m in range(1, 13):
        if quarter_of(m) > cutoff:
            out[EXEC[m - 1]] = None
    for q in range(cutoff + 1, 5):
        out[Q_EXEC[q - 1]] = None
    out[TOTAL_EXEC] = sum(out[Q_EXEC[q - 1]] for q in range(1, cutoff + 1))
    return out


def reprogram(values: list[int], month: int) -> list[int]:
    out = list(values)
    for slot in (PROG[month - 1], Q_PROG[quarter_of(month) - 1], TOTAL_PROG, META):
        out[slot] += 1
    return out


def render(cells: list[int | None]) -> list[str]:
    """Printed fields: a cell that does not exist is blank; zeros are printed as 0 so every row fits exactly."""
    return ["" if v is None else str(v) for v in cells]


def main() -> None:
    sample = extract(str(bundled_sample()))
    header = bundled_sample().read_text(encoding="utf-8").split("\n")[4:6]  # the first page's two header lines
    kept = []
    for row in sample.report.rows:
        rec = recover_row(row.tokens, 4)
        if rec.status in ("exact", "repaired"):
            kept.append((row, list(rec.values)))
    out_dir = ROOT / "tests" / "fixtures" / "quarterly"
    for cutoff in (1, 2, 3):
        text: list[str] = []
        for start in range(0, len(kept), ROWS_PER_PAGE):
            title = f"PLAN OPERATIVO INSTITUCIONAL 2017 – EJECUCIÓN AL {NUMERALS[cutoff]} TRIMESTRE"
            text += ["", "", title, "", *header]
            for index, (row, values) in enumerate(kept[start : start + ROWS_PER_PAGE], start=start):
                for target, month, from_quarter in REPROGRAMMED:
                    if index == target and cutoff >= from_quarter:
                        values = reprogram(values, month)
                fields = render(quarter_values(values, cutoff))
                text.append(
                    "\t".join([row.mef_category, row.unit_name, row.activity_name, row.unit_of_measure, *fields])
                )
            text += ["", f"Fuente: Módulo de Control de la Gestión al 15/{3 * cutoff + 1:02d}/2017.", "", ""]
        target = out_dir / f"poi_2017_t{cutoff}.txt"
        target.write_text("\n".join(text), encoding="utf-8")
        print(f"wrote {target} ({len(kept)} rows)")


if __name__ == "__main__":
    main()
