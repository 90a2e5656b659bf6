"""Build small pages of glyphs inline for the PDF layout tests: monospaced text at given positions."""

from __future__ import annotations

from transforms.pdf_geometry import Glyph

SIZE = 4.0
ADVANCE = 0.6 * SIZE  # every glyph's width


def width(s: str, size: float = SIZE) -> float:
    return sum((0.3 if ch == " " else 0.6) * size for ch in s)


def text(s: str, x: float, baseline: float, size: float = SIZE) -> list[Glyph]:
    """Glyphs of `s` starting at x on a baseline: 0.6 size per glyph, 0.3 per space glyph (as most
    producers emit spaces)."""
    out = []
    for ch in s:
        advance = (0.3 if ch == " " else 0.6) * size
        out.append(Glyph(ch, x, x + advance, baseline - size, baseline, size))
        x += advance
    return out


def right(s: str, x1: float, baseline: float, size: float = SIZE) -> list[Glyph]:
    """`s` right-aligned to end at x1 (numbers in their cells)."""
    return text(s, x1 - width(s, size), baseline, size)


def centered(s: str, xc: float, baseline: float, size: float = SIZE) -> list[Glyph]:
    return text(s, xc - width(s, size) / 2, baseline, size)
