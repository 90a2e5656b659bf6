"""Read a PDF page's activity rows cell by cell once its columns are known (pure).

A row is a vertical band around its line of numbers (its *anchor*: every numeric cell of a row is one
line of text). Names wrap onto several lines inside their cells, above and below the anchor, and a
long name can reach past a neighbour's, so lines are not given to the nearest anchor: in each text
column, the lines between two anchors are cut in two, and the cuts are chosen together so that every
cell's block of lines sits on its anchor the way the page aligns its cells (top, middle or bottom:
the alignment that fits the whole page best). A grid line inside a block, or a gap much wider than
the line pitch, costs: a cell's lines are evenly spaced and inside its borders.

Each number goes to the column its glyphs' centres fall in: two numbers of neighbouring columns are
never read as one, and none moves to a neighbour's column. Text below the last row (page numbers, a
footnote legend) belongs to no row; text between the header and the first row is refused.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from transforms.pdf_geometry import Glyph, Rule
from transforms.pdf_header import Column, Header, PageProblem, PlacedWord
from transforms.published import footer_date, is_footer, is_legend, is_page_number
from transforms.slots import N_SLOTS

_NUMBER_TOKEN = re.compile(r"^\(?[\d.,]+\)?%?$|^\d+/$|^[-–—]$|^#+$")
_MODES = ("middle", "top", "bottom")

EMPTY_CELL = 4.0  # a row without a line in a text column (a name is required: such a page is refused)
LEAD_LINE = 3.0  # a text line between the header and the first row's block
TRAIL_LINE = 1.5  # a text line after the last row's block (page furniture)
RULE_INSIDE = 2.0  # a grid line between two lines of one cell
GAP_WEIGHT = 2.0  # per line pitch of spacing beyond an even line pitch inside one cell


@dataclass(frozen=True, slots=True)
class TextLine:
    """The words of one line that fall in one text column."""

    baseline: float
    top: float
    bottom: float
    words: tuple[PlacedWord, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True, slots=True)
class Anchor:
    """A row's line of numbers: its baseline and the glyphs in each numeric column."""

    baseline: float
    top: float
    bottom: float
    cells: tuple[tuple[tuple[Glyph, ...], ...], ...]  # 35, slot order: each cell's words (their glyphs)
    crossing: tuple[tuple[int, str], ...] = ()  # slots a number printed over a column border touches


@dataclass(frozen=True, slots=True)
class RowRead:
    """One row as read: its names' lines per text column, and its 35 cell texts."""

    anchor: Anchor
    name_lines: tuple[tuple[TextLine, ...], ...]  # 4 text columns
    cells: tuple[str, ...]
    notes: tuple[str, ...]
    problems: tuple[tuple[int, str], ...] = ()  # cells that cannot be read, with why


@dataclass(frozen=True, slots=True)
class PageBody:
    rows: tuple[RowRead, ...]
    footer: date | None
    footer_text: str | None
    outside: tuple[str, ...]  # text below the table that belongs to no row
    mode: str
    text_widths: tuple[float, ...]  # each text column's widest name line: the least its cells' text width can be


def read_body(
    rows: Sequence[Sequence[PlacedWord]], header: Header, rules: Sequence[Rule], where: str, path: str
) -> PageBody:
    """The page's activity rows and footer, below its header."""
    body, footer, footer_text, outside_lines = _body_words(rows, header, where, path)
    numeric_left = header.numeric_columns[0].left
    text_words: list[PlacedWord] = []
    numeric_words: list[PlacedWord] = []
    for w in body:
        (numeric_words if w.x0 >= numeric_left or (_is_number(w.text) and w.xc >= numeric_left) else text_words).append(w)
    anchors = _anchors(numeric_words, header.numeric_columns)
    if not anchors:
        raise PageProblem(f"{where}: no activity row (no line of numbers under the header)")
    columns = [_column_lines(text_words, c, i, header.text_columns) for i, c in enumerate(header.text_columns)]
    _check_overlaps(columns, header.text_columns, where)
    horizontals = [r for r in rules if not r.vertical]
    tried = []
    for mode in _MODES:
        plans = [_assign(lines, anchors, mode, horizontals, col) for lines, col in zip(columns, header.text_columns,
                                                                                        strict=True)]  # fmt: skip
        tried.append((sum(p[0] for p in plans), _MODES.index(mode), mode, plans))
    tried.sort(key=lambda t: (t[0], t[1]))
    (cost, _, mode, plans), (other_cost, _, other_mode, other_plans) = tried[0], tried[1]
    if other_cost - cost < 1e-6 and [p[2] for p in plans] != [p[2] for p in other_plans]:
        raise PageProblem(
            f"{where}: the names can be given to the rows in two ways (cells aligned {mode} or {other_mode}, "
            "nothing on the page tells them apart): names cannot be read without guessing"
        )
    outside = list(outside_lines)
    for plan, col in zip(plans, header.text_columns, strict=True):
        _, lead, _blocks, trail = plan
        if lead:
            text = " / ".join(line.text for line in lead)
            raise PageProblem(
                f"{where}: text between the header and the first row belongs to no row ({col.name}: {text[:80]!r})"
            )
        outside += [line.text for line in trail]
    _check_trailing_row(plans, where)
    out = []
    for k, anchor in enumerate(anchors):
        name_lines = tuple(tuple(plan[2][k]) for plan in plans)
        cells = tuple(_cell_text(g) for g in anchor.cells)
        problems = tuple(
            (slot, f"{text!r} is printed over the border of two columns: which cell it fills is not known")
            for slot, text in anchor.crossing
        )
        out.append(RowRead(anchor, name_lines, cells, (), problems))
    widths = tuple(
        max((line.words[-1].x1 - line.words[0].x0 for row in out for line in row.name_lines[i]
             if line.words[-1].x1 <= col.right), default=0.0)
        for i, col in enumerate(header.text_columns)
    )  # fmt: skip
    return PageBody(tuple(out), footer, footer_text, tuple(outside), mode, widths)


def _is_number(text: str) -> bool:
    return bool(_NUMBER_TOKEN.match(text))


def _body_words(
    rows: Sequence[Sequence[PlacedWord]], header: Header, where: str, path: str
) -> tuple[list[PlacedWord], date | None, str | None, list[str]]:
    """Words under the header and above the footer; the footer's date and text when it is on this page,
    and the lines that belong to no row: page numbers, and a footnote legend with what follows it."""
    body: list[PlacedWord] = []
    outside: list[str] = []
    legend = False
    numbers_from = header.numeric_columns[0].left
    for i, row in enumerate(rows):
        if not row or row[0].baseline <= header.month_baseline:
            continue
        free = [w for w in row if w.id not in header.used]
        if not free:
            continue
        text = " ".join(w.text for w in free)
        if not is_footer(text) and (legend or is_page_number(text) or (is_legend(text) and free[0].x0 < numbers_from)):
            legend = legend or is_legend(text)
            outside.append(text)
            continue
        if is_footer(text):
            found = footer_date(text, path)
            if found is None and i + 1 < len(rows):
                text = text + " " + " ".join(w.text for w in rows[i + 1])
                found = footer_date(text, path)
            if found is None:
                raise PageProblem(f"{where}: the footer has no 'al DD/MM/YYYY' date: {text[:80]!r}")
            return body, found, text, outside
        body += free
    return body, None, None, outside


def _anchors(numeric: list[PlacedWord], columns: Sequence[Column]) -> list[Anchor]:
    """Lines of numbers, one per row; lines of footnote marks only join the nearest row above or below."""
    lines: dict[float, list[PlacedWord]] = {}
    for w in numeric:
        lines.setdefault(w.baseline, []).append(w)
    ordered = sorted(lines.items())
    main = [(b, ws) for b, ws in ordered if not all(_is_mark(w.text) for w in ws)]
    marks = [(b, ws) for b, ws in ordered if all(_is_mark(w.text) for w in ws)]
    kept = [(baseline, list(ws)) for baseline, ws in main]
    for baseline, ws in marks:
        if not kept:
            kept.append((baseline, list(ws)))
            continue
        nearest = min(range(len(kept)), key=lambda k: abs(kept[k][0] - baseline))
        if abs(kept[nearest][0] - baseline) <= 1.6 * ws[0].size:
            kept[nearest][1].extend(ws)
        else:
            kept.append((baseline, list(ws)))
    kept.sort(key=lambda item: item[0])
    anchors = []
    for baseline, ws in kept:
        cells: list[list[tuple[Glyph, ...]]] = [[] for _ in range(N_SLOTS)]
        crossing: dict[int, str] = {}
        for w in sorted(ws, key=lambda w: (w.baseline, w.x0)):
            slots = [_column_of(g.xc, columns) for g in w.word.glyphs]
            touched = sorted({s for s in slots if s is not None})
            if len(touched) == 1 or (touched and _is_mark(w.text)):  # a mark's slash may stick out
                cells[touched[0]].append(w.word.glyphs)
                continue
            for slot in touched:  # a number over a column border: which cell it fills is not known
                crossing[slot] = w.text
        anchors.append(
            Anchor(
                baseline,
                min(w.top for w in ws),
                max(w.bottom for w in ws),
                tuple(tuple(c) for c in cells),
                tuple(sorted(crossing.items())),
            )
        )
    return anchors


def _is_mark(text: str) -> bool:
    return bool(re.match(r"^\d+/$", text))


def _column_of(x: float, columns: Sequence[Column]) -> int | None:
    for i, c in enumerate(columns):
        if c.left <= x < c.right:
            return i
    return None


def _cell_text(pieces: Sequence[tuple[Glyph, ...]]) -> str:
    """A cell's text: its words (a number, a footnote mark) in reading order, separated by single
    spaces; a smaller glyph run inside a word (a superscript mark) is a word of its own."""
    if not pieces:
        return ""
    main_size = max(g.size for piece in pieces for g in piece)
    tokens = []
    for piece in pieces:
        run: list[Glyph] = []
        for g in piece:
            if run and (g.size < 0.8 * main_size) != (run[-1].size < 0.8 * main_size):
                tokens.append("".join(x.text for x in run))
                run = []
            run.append(g)
        tokens.append("".join(x.text for x in run))
    return " ".join(tokens)


def _column_lines(
    text_words: list[PlacedWord], column: Column, index: int, columns: Sequence[Column]
) -> list[TextLine]:
    """The lines of one text column: words whose left edge falls in it, grouped by baseline."""
    mine = [w for w in text_words if column.left <= w.x0 < column.right]
    if index == len(columns) - 1:  # the last text column ends where the numbers begin
        mine = [w for w in text_words if w.x0 >= column.left]
    lines: dict[float, list[PlacedWord]] = {}
    for w in mine:
        lines.setdefault(w.baseline, []).append(w)
    out = []
    for baseline, ws in sorted(lines.items()):
        ws.sort(key=lambda w: w.x0)
        top = min(g.top for w in ws for g in w.word.glyphs)
        out.append(TextLine(baseline, top, max(w.bottom for w in ws), tuple(ws)))
    return out


def _check_overlaps(columns: list[list[TextLine]], text_columns: Sequence[Column], where: str) -> None:
    """Two lines of one column drawn over each other: the export's rows are too short for their text."""
    for lines, column in zip(columns, text_columns, strict=True):
        for a, b in itertools.pairwise(lines):
            size = a.words[0].size
            if b.baseline - a.baseline < 0.75 * size:
                raise PageProblem(
                    f"{where}: lines of text overlap in the {column.name} column ({a.text[:40]!r} over "
                    f"{b.text[:40]!r}): the export's rows are too short for their text, names cannot be read apart"
                )


def _assign(
    lines: list[TextLine], anchors: list[Anchor], mode: str, rules: Sequence[Rule], column: Column
) -> tuple[float, list[TextLine], list[list[TextLine]], list[TextLine]]:
    """Cut the column's lines into one block per anchor (plus unassigned lead and trail lines).

    Lines on an anchor's baseline belong to it; the lines between two anchors are cut once. The cuts
    are chosen by dynamic programming over the anchors, minimising the blocks' misalignment (`_cost`).
    Blocks are runs of the column's lines in order, so a block's inner costs are prefix-sum differences.
    """
    k_max = len(anchors)
    n = len(lines)
    # on[k]: (start, end) of the lines on anchor k's baseline; the lines between two anchors form a gap
    on: list[tuple[int, int]] = []
    i = 0
    for a in anchors:
        while i < n and lines[i].baseline < a.baseline and not _near(lines[i], a):
            i += 1
        j = i
        while j < n and _near(lines[j], a):
            j += 1
        on.append((i, j))
        i = j
    gaps = [(0 if k == 0 else on[k - 1][1], on[k][0]) for k in range(k_max)] + [(on[-1][1] if on else 0, n)]
    pitch = _line_pitch(lines)
    inner = _inner_costs(lines, pitch, rules, column)

    def block_cost(start: int, end: int, k: int) -> float:  # lines[start:end] for anchor k
        if start >= end:
            return EMPTY_CELL
        first, last = lines[start].baseline, lines[end - 1].baseline
        ref = first if mode == "top" else last if mode == "bottom" else (first + last) / 2
        return abs(ref - anchors[k].baseline) / pitch + inner[end - 1] - inner[start]

    # a cut in gap g is the index of the first line of the gap that goes down (to anchor g)
    best = {c: (LEAD_LINE * (c - gaps[0][0]), None) for c in range(gaps[0][0], gaps[0][1] + 1)}
    history = [best]
    for k in range(k_max):
        nxt: dict[int, tuple[float, int | None]] = {}
        lo, hi = gaps[k + 1]
        for c_next in range(lo, hi + 1):
            trail = TRAIL_LINE * (hi - c_next) if k == k_max - 1 else 0.0
            for c_prev, (prev_cost, _) in best.items():
                cost = prev_cost + block_cost(c_prev, c_next, k) + trail
                if c_next not in nxt or cost < nxt[c_next][0]:
                    nxt[c_next] = (cost, c_prev)
        best = nxt
        history.append(best)
    c_last = min(best, key=lambda c: best[c][0])
    total = best[c_last][0]
    cuts = [c_last]
    for k in range(k_max, 0, -1):
        cuts.append(history[k][cuts[-1]][1])  # type: ignore[arg-type]
    cuts.reverse()  # cuts[k]: first line going to anchor k (cuts[k_max]: first trailing line)
    lead = lines[gaps[0][0] : cuts[0]]
    blocks = [lines[cuts[k] : cuts[k + 1]] for k in range(k_max)]
    trail = lines[cuts[k_max] : n]
    return total, lead, blocks, trail


def _near(line: TextLine, anchor: Anchor) -> bool:
    return abs(line.baseline - anchor.baseline) < 0.3 * line.words[0].size


def _inner_costs(lines: list[TextLine], pitch: float, rules: Sequence[Rule], column: Column) -> list[float]:
    """Prefix sums of what joining each line to the next inside one cell costs (spacing, grid lines)."""
    ys = sorted((r.top + r.bottom) / 2 for r in rules if _spans(r, column))
    out = [0.0]
    for a, b in itertools.pairwise(lines):
        cost = GAP_WEIGHT * max(0.0, (b.baseline - a.baseline) / pitch - 1.08)
        k = bisect.bisect_left(ys, a.bottom)
        if k < len(ys) and ys[k] <= b.top:
            cost += RULE_INSIDE
        out.append(out[-1] + cost)
    return out


def _spans(rule: Rule, column: Column) -> bool:
    """A horizontal rule crossing the column's middle (the column's text starts at its left)."""
    left = column.left if column.left != float("-inf") else column.right - 1.0
    mid = (left + column.right) / 2
    return rule.x0 <= mid <= rule.x1


def _line_pitch(lines: list[TextLine]) -> float:
    """The leading of a cell's wrapped lines: the tightest common step between consecutive lines of the
    column (rows add their padding to it, so steps between two rows' lines are wider)."""
    size = lines[0].words[0].size if lines else 1.0
    steps = sorted(s for a, b in itertools.pairwise(lines) if 0.8 * size <= (s := b.baseline - a.baseline) < 2.0 * size)
    return steps[len(steps) // 10] if steps else 1.2 * size


def _check_trailing_row(plans: list, where: str) -> None:
    """Names below the last row in most text columns: a row with no number at all, which is refused."""
    trails = [plan[3] for plan in plans]
    if sum(1 for t in trails if t) < 3:
        return
    firsts = [t[0] for t in trails if t]
    top = max(t.top for t in firsts)
    bottom = min(t.bottom for t in firsts)
    if top <= bottom + 3 * firsts[0].words[0].size:
        text = " | ".join(t.text[:30] for t in firsts)
        raise PageProblem(f"{where}: a row below the last line of numbers has names but no numbers ({text!r})")
