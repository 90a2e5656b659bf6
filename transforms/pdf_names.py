"""Join a cell's wrapped lines back into one name (pure).

Lines are joined with single spaces, except where the export broke a word to fit the column:

- after a hyphen inside a word (`001-2017-` / `CEPLAN/PCD`): spreadsheets break there;
- a word too long for the column is cut between two letters (`ADMINISTRACIÓ` / `N`). Such a line holds
  that one word and fills the column. A complete word that fills its line looks the same, so the two
  are told apart by the report's own vocabulary: the joined word must appear whole elsewhere in the
  report's names, or the continuation must be a lone letter that is not a Spanish word by itself.

A line that fills the column with one word whose join is not settled keeps its space, and the row gets
a `layout` note naming both readings, for a person to check.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transforms.parse import fold

ONE_LETTER_WORDS = frozenset("AEOUY")  # Spanish words of one letter (a cut word never continues as one)
FULL_SLACK = 0.9  # a line ending within this many glyph sizes of the column's right edge fills it


@dataclass(frozen=True, slots=True)
class NameLine:
    """One line of a name cell: its words and where it ends."""

    words: tuple[str, ...]
    x1: float
    size: float


def fills(line: NameLine, right: float) -> bool:
    return line.x1 >= right - FULL_SLACK * line.size


def cut_candidates(lines: Sequence[NameLine], right: float) -> set[int]:
    """Indices of the words (in the cell's word order) that may be pieces of a word cut by the column."""
    out, index = set(), 0
    for a in lines[:-1]:
        index += len(a.words)
        if len(a.words) == 1 and fills(a, right):
            out |= {index - 1, index}
    return out


def vocabulary(cells: Iterable[tuple[Sequence[NameLine], float]]) -> frozenset[str]:
    """Folded words of the report's names, leaving out those that may be pieces of a cut word."""
    words = set()
    for lines, right in cells:
        suspects = cut_candidates(lines, right)
        flat = [w for line in lines for w in line.words]
        words |= {fold(w) for i, w in enumerate(flat) if i not in suspects}
    return frozenset(words)


def join_name(lines: Sequence[NameLine], right: float, vocab: frozenset[str], column: str) -> tuple[str, list[str]]:
    """The name the lines spell, and notes for the cuts left undecided."""
    if not lines:
        return "", []
    text = " ".join(lines[0].words)
    notes = []
    for a, b in itertools.pairwise(lines):
        nxt = " ".join(b.words)
        last, first = a.words[-1], b.words[0]
        if len(last) > 1 and last.endswith("-") and last[-2].isalnum() and first[:1].isalnum():
            text += nxt
        elif len(a.words) == 1 and fills(a, right) and first[:1].isalpha():
            joined = fold(last + first)
            lone = len(first) == 1 and fold(first) not in ONE_LETTER_WORDS
            if lone or joined in vocab:
                text += nxt
            else:
                notes.append(
                    f"{column}: '{last}' fills its line and '{first}' follows: read as two words; "
                    f"if the column cut one word, it is '{last}{first}'"
                )
                text += " " + nxt
        else:
            text += " " + nxt
    return text, notes
