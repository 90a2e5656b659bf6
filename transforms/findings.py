"""The findings of a recovered row: a rule name and a detail a person can check against the printed line.

Each detail names slots (`q1_prog`), field positions (1-based: META ANUAL's is 1) and numbers as the
line prints them, so that it can be checked without the engine (docs/recovery.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from transforms.cells import Token
from transforms.readings import CAPS, COPY, EMPTY, FORCED, NUM, VANISH, Fields, OverBudget, Reading
from transforms.slots import SLOT_NAMES, active_slots, identities, identity_violations

# Per open slot (a cell left NULL because the tied readings disagree on it): the values they give it,
# ascending, then None when a reading takes the cell for a footnote-only one.
OpenCells = tuple[tuple[int, tuple[int | None, ...]], ...]

INFERRED = frozenset((VANISH, COPY, FORCED))  # sources of a value the row does not print


@dataclass(frozen=True, slots=True)
class Finding:
    """A data-quality fact about one row: a rule name and a detail a person can check."""

    rule: str
    detail: str


def footnotes(tokens: Sequence[Token]) -> tuple[Finding, ...]:
    marked = [f"field {t.field + 1}: {t.text!r}" for t in tokens if t.footnote]
    return (Finding("footnote", "; ".join(marked)),) if marked else ()


def invalid_tokens(bad: Sequence[Token]) -> Finding:
    """Cells that are not counts (`N/A`, `1.5`): never read as values."""
    return Finding("invalid_token", "; ".join(f"field {t.field + 1}: {t.text!r}" for t in bad))


def printed(fields: Fields, cutoff: int) -> str:
    """What a person can count on the line: its numbers and empty fields against the cells to fill."""
    kinds = fields[0]
    numbers = sum(1 for k in kinds if k == NUM)
    empty = len(kinds) - numbers
    text = f"the line prints {numbers} number{'s' if numbers != 1 else ''}"
    if empty:
        text += f" and {empty} empty or footnote-only field{'s' if empty > 1 else ''}"
    return text + f" for {sum(active_slots(cutoff))} cells"


def over_budget(fields: Fields, cutoff: int, e: OverBudget, relaxed: bool, budget: int, margin: int) -> Finding:
    """What the search had settled when it ran out of steps, after what a person can count on the line."""
    line = printed(fields, cutoff) + "; "
    steps = f"{budget:,} search steps"
    if relaxed:
        why = f"no reading fits every identity within {CAPS[-1]} points, and finding the one that breaks the fewest"
        detail = line + f"{why} took the rest of the row's {steps}"
    elif e.best is not None:
        why = f"readings fit every identity from {e.best} points (edits plus mirror evidence) on, but those within"
        detail = line + f"{why} {margin} points of the best could not all be examined within {steps}"
    elif e.cleared is not None:
        why = f"no reading of {e.cleared} points or fewer (edits plus mirror evidence) fits every identity"
        detail = line + f"{why}, and looking further took more than {steps}"
    else:
        detail = line + f"looking for a reading that fits every identity took more than {steps}"
    return Finding("budget", detail)


def no_reading(fields: Fields, cutoff: int) -> Finding:
    detail = f"no reading within {CAPS[-1]} points of edits and mirror evidence, even breaking identities"
    return Finding("no_reading", f"{printed(fields, cutoff)}; {detail}")


def candidate_text(cells: OpenCells) -> str:
    """The open cells for a finding, e.g. `prog_04 (6 or 7)`, `prog_01 (0, 1 or a footnote-only cell)`."""
    out = []
    for s, values in cells:
        shown = [str(v) if v is not None else "a footnote-only cell" for v in values]
        out.append(f"{SLOT_NAMES[s]} ({', '.join(shown[:-1])} or {shown[-1]})")  # readings disagree: 2 or more
    return ", ".join(out)


def ambiguous(n_readings: int, cells: OpenCells, slips: int) -> Finding:
    """The cells `n_readings` tied readings disagree on; `slips` of them keep a number the agency printed wrong."""
    detail = f"{n_readings} readings within the tie margin disagree on {candidate_text(cells)}"
    if slips:
        keep = "keeps" if slips == 1 else "keep"
        detail += f" ({slips} of them {keep} a printed number that breaks an identity: the agency's slip)"
    return Finding("ambiguous", detail)


def swapped_quarters(opened: Sequence[tuple[int, Sequence[int | None], Sequence[int | None]]]) -> Finding:
    """Quarters (number, programmed months, executed months) whose executed months reorder the programmed ones."""
    read = [
        f"Q{q} (read as programmed {', '.join(map(str, p))}; executed {', '.join(map(str, e))})" for q, p, e in opened
    ]
    detail = "executed months are the programmed months in another order (a lost and a stray token swap them) in "
    return Finding("ambiguous", detail + ", ".join(read))


def untrusted_repair(best: Reading, odd: Sequence[int], fields: Fields) -> Finding:
    """The only reading drops the number fields `odd`, which repeat no neighbour, and solves a value."""
    solved = ", ".join(f"{SLOT_NAMES[s]} = {best.values[s]}" for s, src in enumerate(best.sources) if src == FORCED)
    dropped = ", ".join(f"{f + 1} ({field_text(fields, f)})" for f in odd)
    detail = f"the only reading drops field {dropped}, repeating no neighbour, and solves {solved}: not trusted"
    return Finding("untrusted_repair", detail)


def edit_findings(r: Reading, fields: Fields) -> list[Finding]:
    """The edits of a reading: lost copies, vanished blanks, solved values, fields left out."""
    out = []
    edited = [(s, src) for s, src in enumerate(r.sources) if src in INFERRED]
    copies = [SLOT_NAMES[s] for s, src in edited if src == COPY]
    blanks = [SLOT_NAMES[s] for s, src in edited if src == VANISH]
    if copies:
        out.append(Finding("inferred_copy", "lost copy of a run restored in " + ", ".join(copies)))
    if blanks:
        out.append(Finding("inferred_blank", "blank cell without a field in " + ", ".join(blanks)))
    for s, src in edited:
        if src == FORCED:
            out.append(
                Finding("inferred_value", f"{SLOT_NAMES[s]} = {r.values[s]} not printed; solved from its identity")
            )
    if r.skipped:
        left_out = ", ".join(f"{f + 1} ({field_text(fields, f)})" for f in r.skipped)
        out.append(Finding("dropped_token", "fields left out: " + left_out))
    return out


def field_text(fields: Fields, f: int) -> str:
    """What numeric field f (0-based; META ANUAL's is 0) prints, for a finding."""
    kinds, vals = fields
    return str(vals[f]) if kinds[f] == NUM else "empty" if kinds[f] == EMPTY else "a footnote mark"


def identity(why: str, judged: Sequence[int | None], cutoff: int) -> Finding:
    """Why values are loaded as printed, and the identities `judged` breaks with their numbers."""
    return Finding("identity", f"{why}; printed values break: " + broken_identities(judged, cutoff))


def broken_identities(judged: Sequence[int | None], cutoff: int) -> str:
    """Each identity the values break, with its numbers: `q1_prog = months: 4 against 1 + 1 + 1 = 3`."""
    violated = identity_violations(judged, cutoff)
    broken = []
    for name, total, parts in identities(cutoff):
        if name in violated:
            terms = [judged[s] for s in parts]
            sums = str(terms[0]) if len(terms) == 1 else f"{' + '.join(map(str, terms))} = {sum(terms)}"  # type: ignore[arg-type]
            broken.append(f"{name}: {judged[total]} against {sums}")
    return "; ".join(broken)
