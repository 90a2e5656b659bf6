"""Glyphs on a PDF page and the lines and words they form (pure geometry, no PDF library).

Coordinates are PDF points with `top` growing downwards, as pdfplumber gives them. Tolerances are
derived from the glyphs' own size: real exports scale the report down to 3–4 pt glyphs and put the two
header lines a few points apart, so fixed tolerances of a few points would merge lines and columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from statistics import median

# A glyph whose baseline is within this fraction of its size of a line's baseline is on that line.
BASELINE_TOLERANCE = 0.3
# A horizontal gap wider than this fraction of the glyph size separates two words. Glyph boxes of one
# word abut (their widths are the advances); producers that emit no space glyph leave a space-wide gap.
WORD_GAP = 0.12


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character as drawn: its text, box (points, top-down) and font size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    """A ruling line of the table grid (a stroked line or a thin rectangle)."""

    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def vertical(self) -> bool:
        return (self.x1 - self.x0) < (self.bottom - self.top)


@dataclass(frozen=True, slots=True)
class Word:
    """Glyphs of one line with no word gap between them (text and extent computed once)."""

    glyphs: tuple[Glyph, ...]
    text: str
    x0: float
    x1: float

    @classmethod
    def of(cls, glyphs: Sequence[Glyph]) -> Word:
        glyphs = tuple(glyphs)
        return cls(glyphs, "".join(g.text for g in glyphs), glyphs[0].x0, max(g.x1 for g in glyphs))

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Line:
    """Glyphs sharing a baseline, left to right."""

    glyphs: tuple[Glyph, ...]
    baseline: float
    size: float  # median glyph size

    @property
    def top(self) -> float:
        return min(g.top for g in self.glyphs)

    @property
    def bottom(self) -> float:
        return max(g.bottom for g in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return max(g.x1 for g in self.glyphs)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in words(self.glyphs, self.size))


def group_lines(glyphs: Iterable[Glyph]) -> list[Line]:
    """Glyphs grouped into lines by baseline (top to bottom), each line's glyphs left to right.

    A glyph joins the current line when its baseline is within `BASELINE_TOLERANCE` of its size of the
    line's first baseline; superscripts (smaller, raised) therefore start a line of their own.
    """
    ordered = sorted((g for g in glyphs if g.text.strip() or g.text == " "), key=lambda g: (g.bottom, g.x0))
    lines: list[list[Glyph]] = []
    for g in ordered:
        if lines and g.bottom - lines[-1][0].bottom <= BASELINE_TOLERANCE * max(g.size, lines[-1][0].size):
            lines[-1].append(g)
        else:
            lines.append([g])
    out = []
    for members in lines:
        members.sort(key=lambda g: g.x0)
        visible = [g for g in members if g.text.strip()]
        if not visible:
            continue
        out.append(Line(tuple(members), median(g.bottom for g in visible), median(g.size for g in visible)))
    return out


def words(glyphs: Sequence[Glyph], size: float) -> list[Word]:
    """Split left-to-right glyphs at spaces and at gaps wider than `WORD_GAP` of the size."""
    out: list[Word] = []
    current: list[Glyph] = []
    last_x1 = None
    for g in glyphs:
        if not g.text.strip():
            if current:
                out.append(Word.of(current))
                current = []
            last_x1 = None
            continue
        if current and last_x1 is not None and g.x0 - last_x1 > WORD_GAP * size:
            out.append(Word.of(current))
            current = []
        current.append(g)
        last_x1 = g.x1 if last_x1 is None else max(last_x1, g.x1)
    if current:
        out.append(Word.of(current))
    return out
