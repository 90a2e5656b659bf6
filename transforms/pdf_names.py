"""Join a cell's wrapped lines back into one name (pure).

Lines are joined with single spaces, except where the export broke a word to fit the column:

- after a hyphen inside a word (`001-2017-` / `CEPLAN/PCD`): spreadsheets break there;
- a word too long for the column is cut between two letters (`ADMINISTRACIÓ` / `N`, or after other
  words: `ASIGNACIONES PR` / `ESUPUESTARIAS`). The cut line fills the column, but so does a line whose
  last word ended just before the edge, and the two look the same: they are told apart by the report's
  own vocabulary (the joined word is printed whole elsewhere in the report's names), or by a lone
  continuation letter that is not a Spanish word.

Where a full line's last word and the next line's first word may or may not be one word, the space
stays and the row gets a `layout` note naming both readings, for a person to check.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from transforms.parse import fold

SHORT_WORDS = frozenset("AEOUY")  # Spanish words of one letter: a lone one may begin the next word
# Words a name's line may begin with on their own (articles, prepositions, conjunctions)
FUNCTION_WORDS = frozenset(
    ["A", "AL", "CON", "DE", "DEL", "E", "EL", "EN", "LA", "LAS", "LO", "LOS", "N°", "O", "PARA", "POR", "QUE",
     "SE", "SU", "SUS", "U", "UN", "UNA", "Y"]
)  # fmt: skip
_ENDINGS = ("ES", "AS", "OS", "S", "A", "O", "E")  # Spanish gender and number endings


def _letter_word(letter: str, after: str) -> bool:
    """Whether a lone letter is a Spanish word here: Y, A, O always; E before I/HI; U before O/HO."""
    if letter == "E":
        return after.startswith(("I", "HI"))
    if letter == "U":
        return after.startswith(("O", "HO"))
    return letter in SHORT_WORDS


def stem(word: str) -> str:
    """A folded word without its gender or number ending: CONTRIBUYENTES, CONTRIBUYENTE -> CONTRIBUYENT."""
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word
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
    """Indices of the words (in the cell's word order) that may be pieces of a word cut by the column:
    the last word of a line that fills the column, and the first word of the next line."""
    out, index = set(), 0
    for a in lines[:-1]:
        index += len(a.words)
        if fills(a, right):
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


def join_name(
    lines: Sequence[NameLine], right: float, vocab: frozenset[str], column: str, stems: frozenset[str] = frozenset()
) -> tuple[str, list[str]]:
    """The name the lines spell, and notes on the joins a person may want to check.

    At a line that fills the column, the last word and the next line's first word are one word cut in
    two when the report prints the joined word whole elsewhere, or when the second is a lone letter that
    is not a Spanish word, or (noted) when the report prints the joined word whole in another gender or
    number and the second piece is not an article, preposition or conjunction. Otherwise the space
    stays, and a note gives the other reading.
    """
    if not lines:
        return "", []
    text = " ".join(lines[0].words)
    notes = []
    for a, b in itertools.pairwise(lines):
        nxt = " ".join(b.words)
        last, first = a.words[-1], b.words[0]
        if len(last) > 1 and last.endswith("-") and last[-2].isalnum() and first[:1].isalnum():
            text += nxt  # spreadsheets break a line after a hyphen inside a word
            continue
        if not (fills(a, right) and last[-1:].isalpha() and first[:1].isalpha()):
            text += " " + nxt
            continue
        joined, tail = fold(last + first), fold(first)
        after = fold(b.words[1]) if len(b.words) > 1 else ""
        if joined in vocab or (len(tail) == 1 and not _letter_word(tail, after)):
            text += nxt
        elif tail not in FUNCTION_WORDS and stem(joined) in stems:
            text += nxt  # the report prints the word whole in another gender or number
            notes.append(f"{column}: '{last}' + '{first}' read as one word cut by the column ('{last}{first}'), "
                         "a form of a word the report prints whole")  # fmt: skip
        else:
            text += " " + nxt
            notes.append(
                f"{column}: '{last}' ends a full line and '{first}' begins the next: read as two words; "
                f"if the column cut one word, it is '{last}{first}'"
            )
    return text, notes
