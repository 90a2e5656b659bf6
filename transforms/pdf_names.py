"""Join a cell's wrapped lines back into one name (pure).

Lines are joined with single spaces, except where the export broke a word to fit the column:

- after a hyphen inside a word (`001-2017-` / `CEPLAN/PCD`): spreadsheets break there;
- a word too long for the column is cut between two letters (`ADMINISTRACIÓ` / `N`).

Spreadsheet exports wrap at spaces and cut a word only when it is wider than the cell's text width, and
then fill the line up to the letter that does not fit. So the glyphs settle a break as two words when the
joined word would fit the column (a word that fits is never cut) or when the line had room for the next
line's first letter (a cut fills its line: a line with room left was ended by a space or a typed line
break). Otherwise both readings fit the page: a complete word whose next word did not fit looks like a cut
one. Then the report's own words decide (the joined word printed whole elsewhere, a lone continuation
letter that is not a Spanish word); where they do not, the space stays and the row gets a `layout` note
naming both readings, for a person to check.
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


# Widths closer than this many glyph sizes are not told apart: glyph boxes are the fonts' advances, and a
# joined word may be kerned differently from its two pieces.
TOLERANCE = 0.15


@dataclass(frozen=True, slots=True)
class NameLine:
    """One line of a name cell: its words, their widths, and its extent (points, from the glyphs)."""

    words: tuple[str, ...]
    widths: tuple[float, ...]  # each word's width
    x0: float
    x1: float
    size: float
    lead: float  # width of the line's first glyph

    @property
    def width(self) -> float:
        return self.x1 - self.x0


def may_be_cut(a: NameLine, b: NameLine, width: float) -> bool:
    """Whether the break between lines a and b may cut a word, in a column whose text is `width` wide
    (at least: the widest line of the column on the page). It may not when the joined word fits the
    column, or when line a had room for b's first letter."""
    tol = TOLERANCE * a.size
    return a.widths[-1] + b.widths[0] > width - tol and a.width + b.lead > width - tol


def cut_candidates(lines: Sequence[NameLine], width: float) -> set[int]:
    """Indices of the words (in the cell's word order) that may be pieces of a word cut by the column:
    the last word of a line and the first word of the next, where the break may cut a word."""
    out, index = set(), 0
    for a, b in itertools.pairwise(lines):
        index += len(a.words)
        if may_be_cut(a, b, width):
            out |= {index - 1, index}
    return out


def vocabulary(cells: Iterable[tuple[Sequence[NameLine], float]]) -> frozenset[str]:
    """Folded words of the report's names, leaving out those that may be pieces of a cut word."""
    words = set()
    for lines, width in cells:
        suspects = cut_candidates(lines, width)
        flat = [w for line in lines for w in line.words]
        words |= {fold(w) for i, w in enumerate(flat) if i not in suspects}
    return frozenset(words)


def join_name(
    lines: Sequence[NameLine], width: float, vocab: frozenset[str], column: str, stems: frozenset[str] = frozenset()
) -> tuple[str, list[str]]:
    """The name the lines spell, and notes on the joins a person may want to check.

    Where the glyphs leave a break open (`may_be_cut`), the last word and the next line's first word are
    one word cut in two when the report prints the joined word whole elsewhere, or when the second is a
    lone letter that is not a Spanish word, or (noted) when the report prints the joined word whole in
    another gender or number and the second piece is not an article, preposition or conjunction.
    Otherwise the space stays, and a note gives the other reading.
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
        if not (last[-1:].isalpha() and first[:1].isalpha() and may_be_cut(a, b, width)):
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
