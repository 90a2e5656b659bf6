"""Find a PDF page's title and column header, and the 39 columns they place (pure).

The columns come from the header's own labels, found afresh on every page: the 24 month labels (one
line, ENE..DIC twice), the 8 (or 10) PROG/EJEC labels after them, `I TRIM`..`IV TRIM` and `Total`
above those, and the labels of the text columns and META ANUAL. Labels may wrap inside their cells,
even inside a word (`PRO`/`G`, `MET`/`A`/`ANU`/`AL`), so each is recognised by its letters with the
spaces removed, word by word from the top. A page whose labels are not all there, in order, is
refused: columns guessed from a page we do not understand would move numbers between columns.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from transforms.errors import ReportError
from transforms.parse import fold
from transforms.pdf_geometry import Line, Rule, Word, words
from transforms.published import (
    EXEC_LABELS,
    META_LABELS,
    MONTHS,
    PROG_LABELS,
    TEXT_COLUMNS,
    TEXT_LABELS,
    find_title,
    is_footer,
    is_legend,
    is_page_number,
    is_total,
    key,
    month_of,
    trim_quarter,
)
from transforms.slots import N_SLOTS

_NUMBERISH = re.compile(r"^[\d.,]+$|^\d+/$")
_LABEL_PIECES = tuple(key(label) for label in ("PROG.", "EJEC.", "PROGRAMADO", "EJECUTADO"))


class PageProblem(Exception):
    """Why a page cannot be read as a POI page; the reader adds the file and page number."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str  # a text column (mef_category, …) or a slot name (meta_anual, prog_01, …)
    center: float
    left: float
    right: float


@dataclass(frozen=True, slots=True)
class Header:
    """What the top of a page says, and where its columns are."""

    period: tuple[int, int] | None  # (year, cut-off quarter) when the page has a title
    month_baseline: float
    bottom: float  # lowest point of any header label
    text_columns: tuple[Column, ...]  # 4, left to right
    numeric_columns: tuple[Column, ...]  # 35, in slot order
    used: frozenset[int]  # ids of the words the title and labels took (not body text)
    pitch: float  # distance between month columns


@dataclass(frozen=True, slots=True)
class PlacedWord:
    """A word with the baseline and size of its line, and an id unique on the page."""

    id: int
    word: Word
    baseline: float
    size: float
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @classmethod
    def of(cls, id: int, word: Word, baseline: float, size: float) -> PlacedWord:
        top = min(g.top for g in word.glyphs)
        bottom = max(g.bottom for g in word.glyphs)
        return cls(id, word, baseline, size, word.text, word.x0, word.x1, top, bottom)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


def placed_words(lines: Sequence[Line]) -> list[list[PlacedWord]]:
    """Each line's words, with page-unique ids."""
    out, n = [], 0
    for line in lines:
        row = []
        for w in words(line.glyphs, line.size):
            row.append(PlacedWord.of(n, w, line.baseline, line.size))
            n += 1
        out.append(row)
    return out


_SHORT_LABELS = sorted({*(m for m in MONTHS if len(m) == 3), "PROG", "EJEC"}, key=len, reverse=True)


def split_labels(word: PlacedWord) -> list[PlacedWord]:
    """A word that is several short header labels drawn too close to part (`MARABRMAY`, `PROGEJEC`),
    split into them, each keeping its glyphs and the word's id; any other word as it is."""
    letters = [fold(g.text) for g in word.word.glyphs]
    if any(len(c) != 1 for c in letters) or len(letters) < 6:
        return [word]
    text, parts, i = "".join(letters), [], 0
    while i < len(text):
        label = next((lab for lab in _SHORT_LABELS if text.startswith(lab, i)), None)
        if label is None:
            return [word]
        parts.append(PlacedWord.of(word.id, Word.of(word.word.glyphs[i : i + len(label)]), word.baseline, word.size))
        i += len(label)
    return parts


def find_header(lines: Sequence[Line], rules: Sequence[Rule], where: str) -> Header:
    """The page's title and columns; PageProblem naming what is missing when they cannot be verified."""
    rows = [[part for w in row for part in split_labels(w)] for row in placed_words(lines)]
    period, title_ids, title_at = _title(rows, where)
    month_at, months = _month_line(rows, title_at)
    month_line = rows[month_at]
    pitch = median(b.xc - a.xc for group in (months[:12], months[12:]) for a, b in itertools.pairwise(group))
    first_anchor = _first_number_line(rows, month_at, months[0].x0 - 3 * pitch)
    zone = [w for r in rows[title_at or 0 : first_anchor] for w in r]
    zone = [w for w in zone if w.id not in title_ids]
    month_ids = {w.id for w in months}
    zone = [w for w in zone if w.id not in month_ids]

    right_of_months = [w for w in zone if w.x0 >= months[-1].x1 - 0.1 * pitch]
    sub, sub_ids = _sublabels(right_of_months, pitch)
    labels_right = [w for w in right_of_months if w.id not in sub_ids and w.baseline <= month_line[0].baseline]
    trims, total, trim_ids = _quarter_labels(labels_right, sub, pitch)
    totals = _total_columns(sub, total, pitch)

    left_words = [w for w in zone if w.x1 <= months[0].x0 + 0.5 * pitch]
    text_labels, label_ids = _text_labels(left_words)

    centers = [text_labels[c] for c in TEXT_COLUMNS] + [text_labels["meta_anual"]]
    centers += [w.xc for w in months] + [w.xc for w in sub[:8]] + totals
    names = [*TEXT_COLUMNS, *_slot_names()]
    if any(b <= a for a, b in itertools.pairwise(centers)):
        order = ", ".join(f"{n} at {c:.0f}" for n, c in zip(names, centers, strict=True))
        raise PageProblem(f"{where}: header labels are not in the POI column order ({order})")
    used = title_ids | month_ids | sub_ids | trim_ids | label_ids
    body = []
    for r in rows[month_at + 1 :]:
        text = " ".join(w.text for w in r)
        if is_footer(text) or is_legend(text):
            break  # the footer, a footnote legend and what follows span columns: not where they are
        if not is_page_number(text):
            body += [w for w in r if w.id not in used]
    bounds = _boundaries(centers, rules, month_line[0], body, len(TEXT_COLUMNS) + 1)
    columns = [Column(n, c, lo, hi) for n, c, (lo, hi) in zip(names, centers, bounds, strict=True)]
    bottom = max([w.bottom for r in rows for w in r if w.id in used - title_ids] or [month_line[0].bottom])
    del trims
    return Header(
        period,
        month_line[0].baseline,
        bottom,
        tuple(columns[:4]),
        tuple(columns[4:]),
        frozenset(used),
        pitch,
    )


def _slot_names() -> list[str]:
    from transforms.slots import SLOT_NAMES

    assert len(SLOT_NAMES) == N_SLOTS
    return list(SLOT_NAMES)


def _title(rows: list[list[PlacedWord]], where: str) -> tuple[tuple[int, int] | None, set[int], int | None]:
    """The title's period, the ids of its words and its line; a title may wrap onto a second line."""
    for i, row in enumerate(rows):
        text = " ".join(w.text for w in row)
        if "PLAN" not in text.upper():
            continue
        start = next((j for j, w in enumerate(row) if key(w.text).startswith("PLAN")), None)
        if start is None:
            continue
        candidates = [row[start:]]
        if i + 1 < len(rows):
            candidates.append(row[start:] + rows[i + 1])
        for taken in candidates:
            for end in range(len(taken), 0, -1):
                try:
                    period = find_title(" ".join(w.text for w in taken[:end]), where)
                except ReportError:
                    period = None
                if period is not None:
                    return period, {w.id for w in taken[:end]}, i if len(taken) == len(row[start:]) else i + 1
        if key(text).find("PLANOPERATIVOINSTITUCIONAL") >= 0:
            try:
                find_title(" ".join(w.text for w in row[start:]), where)
            except ReportError as err:
                raise PageProblem(err.reason) from None
    return None, set(), None


def _month_line(rows: list[list[PlacedWord]], title_at: int | None) -> tuple[int, list[PlacedWord]]:
    best: tuple[int, list[PlacedWord]] | None = None
    for i, row in enumerate(rows):
        if title_at is not None and i <= title_at:
            continue
        found = [w for w in row if month_of(w.text) is not None]
        if [month_of(w.text) for w in found] == list(range(1, 13)) * 2:
            return i, found
        if len(found) >= 6 and (best is None or len(found) > len(best[1])):
            best = (i, found)
    if best is None:
        raise PageProblem("no column header: the month labels ENE..DIC (twice) were not found")
    seen = " ".join(w.text for w in best[1])
    raise PageProblem(f"the month labels do not read ENE..DIC twice in order (read: {seen})")


def _first_number_line(rows: list[list[PlacedWord]], month_at: int, x_from: float) -> int:
    for i in range(month_at + 1, len(rows)):
        if any(_NUMBERISH.match(w.text) and w.xc >= x_from for w in rows[i]):
            return i
    return len(rows)


def _label_groups(items: list[PlacedWord], same_line: bool = True) -> list[list[PlacedWord]]:
    """Words grouped into labels: close together on one line (unless `same_line` is False: one-word
    labels side by side), or stacked in one cell (overlapping horizontally within a few lines), each
    group ordered top-down then left to right."""
    ordered = sorted(items, key=lambda w: w.x0)
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, a in enumerate(ordered):
        for j in range(i + 1, len(ordered)):
            b = ordered[j]
            if b.x0 > a.x1 + 0.8 * a.size:
                break
            beside = same_line and abs(a.baseline - b.baseline) < 0.3 * a.size and b.x0 - a.x1 < 0.8 * a.size
            stacked = b.x0 < a.x1 and abs(a.baseline - b.baseline) < 3 * a.size
            if beside or stacked:
                parent[root(j)] = root(i)
    groups: dict[int, list[PlacedWord]] = {}
    for i, w in enumerate(ordered):
        groups.setdefault(root(i), []).append(w)
    return sorted(
        (sorted(g, key=lambda w: (w.baseline, w.x0)) for g in groups.values()), key=lambda g: min(w.x0 for w in g)
    )


def _sublabels(items: list[PlacedWord], pitch: float) -> tuple[list[PlacedWord], set[int]]:
    """The PROG/EJEC labels after the months, pieces joined; each returned as its first piece."""
    pieces = [w for w in items if key(w.text) and any(key(w.text) in label for label in _LABEL_PIECES)]
    out, ids, read = [], set(), []
    for group in _label_groups(pieces, same_line=False):
        text = "".join(w.text for w in group)
        read.append(text)
        if key(text) in {key(x) for x in PROG_LABELS + EXEC_LABELS}:
            x0, x1 = min(w.x0 for w in group), max(w.x1 for w in group)
            first = group[0]
            out.append(PlacedWord.of(first.id, Word.of([g for w in group for g in w.word.glyphs]), first.baseline,
                                     first.size))  # fmt: skip
            ids |= {w.id for w in group}
            del x0, x1
    kinds = ["P" if key(w.text) in {key(x) for x in PROG_LABELS} else "E" for w in out]
    if kinds not in (["P", "E"] * 4, ["P", "E"] * 5):
        raise PageProblem(
            "the quarter columns do not read PROG, EJEC four times after the months "
            f"(read: {', '.join(read) or 'nothing'})"
        )
    return out, ids


def _quarter_labels(
    items: list[PlacedWord], sub: list[PlacedWord], pitch: float
) -> tuple[list[PlacedWord], PlacedWord | None, set[int]]:
    """`I TRIM`..`IV TRIM` over their PROG/EJEC pairs, and `Total` after them."""
    groups = _label_groups(items)
    trims: dict[int, PlacedWord] = {}
    total = None
    ids: set[int] = set()
    for group in groups:
        text = " ".join(w.text for w in group)
        merged = PlacedWord.of(group[0].id, Word.of([g for w in group for g in w.word.glyphs]), group[0].baseline,
                               group[0].size)  # fmt: skip
        q = trim_quarter(text)
        if q is not None and q not in trims:
            trims[q] = merged
            ids |= {w.id for w in group}
        elif is_total(text) and total is None:
            total = merged
            ids |= {w.id for w in group}
    if sorted(trims) != [1, 2, 3, 4]:
        found = ", ".join(f"{q}" for q in sorted(trims)) or "none"
        raise PageProblem(f"the quarter headers I TRIM..IV TRIM were not all found (found quarters: {found})")
    ordered = [trims[q] for q in (1, 2, 3, 4)]
    for q, label in enumerate(ordered):
        prog, execd = sub[2 * q], sub[2 * q + 1]
        if not prog.x0 - pitch <= label.xc <= execd.x1 + pitch:
            raise PageProblem(f"the header '{label.text}' is not over its PROG/EJEC columns")
    if total is not None and total.xc <= ordered[-1].xc:
        total = None
    return ordered, total, ids


def _total_columns(sub: list[PlacedWord], total: PlacedWord | None, pitch: float) -> list[float]:
    if len(sub) == 10:
        return [sub[8].xc, sub[9].xc]
    if total is None:
        raise PageProblem("no 'Total' header over the total columns (and no PROG/EJEC under it)")
    half = median(sub[2 * q + 1].xc - sub[2 * q].xc for q in range(4)) / 2
    return [total.xc - half, total.xc + half]


def _text_labels(items: list[PlacedWord]) -> tuple[dict[str, float], set[int]]:
    """Centres of the MEF, Unidad Orgánica, ACTIVIDAD POI, UNIDAD DE MEDIDA and META ANUAL labels."""
    wanted = [(c, TEXT_LABELS[c]) for c in TEXT_COLUMNS] + [("meta_anual", META_LABELS)]
    found: dict[str, float] = {}
    ids: set[int] = set()
    groups = _label_groups(items)
    for name, labels in wanted:
        for group in groups:
            run = _spelled(group, labels, ids)
            if run:
                found[name] = (min(w.x0 for w in run) + max(w.x1 for w in run)) / 2
                ids |= {w.id for w in run}
                break
        else:
            raise PageProblem(f"no '{labels[0].title()}' column header before the months")
    return found, ids


def _spelled(group: list[PlacedWord], labels: tuple[str, ...], taken: set[int]) -> list[PlacedWord] | None:
    """The first run of consecutive words in the group (top-down) that spells one of the labels."""
    targets = {key(label) for label in labels}
    free = [w for w in group if w.id not in taken]
    for start in range(len(free)):
        text = ""
        for end in range(start, len(free)):
            text += key(free[end].text)
            if text in targets:
                return free[start : end + 1]
            if not any(t.startswith(text) for t in targets):
                break
    return None


def _boundaries(
    centers: list[float], rules: Sequence[Rule], month_line: PlacedWord, body: list[PlacedWord], n_text: int
) -> list[tuple[float, float]]:
    """Each column's [left, right): a grid line between two labels when there is one (through the month
    line, else one that starts below it: a label merged over two columns, such as `Total` without PROG/EJEC,
    has its grid line only under it); else, around the text columns (the first `n_text` cuts), the widest
    gutter no body word crosses; else the midpoint."""
    verticals = sorted(
        (r.x0 + r.x1) / 2 for r in rules if r.vertical and r.top <= month_line.baseline <= r.bottom + month_line.size
    )
    below = sorted((r.x0 + r.x1) / 2 for r in rules if r.vertical and r.top > month_line.baseline)
    cuts = []
    for i, (a, b) in enumerate(itertools.pairwise(centers)):
        mid = (a + b) / 2
        inside = [x for x in verticals if a < x < b] or [x for x in below if a < x < b]
        if inside:
            cuts.append(min(inside, key=lambda x: abs(x - mid)))
        elif i < n_text:
            cuts.append(_gutter(a, b, body, left_aligned=i < n_text - 1))
        else:
            cuts.append(mid)
    last_half = centers[-1] - cuts[-1]
    after = [x for x in verticals + below if centers[-1] < x <= centers[-1] + 1.5 * (centers[-1] - centers[-2])]
    edges = [float("-inf"), *cuts, min(after) if after else centers[-1] + last_half]  # the grid's last line
    return list(itertools.pairwise(edges))


def _gutter(a: float, b: float, body: list[PlacedWord], left_aligned: bool = True) -> float:
    """Where one text column ends and the next begins, between two label centres a and b.

    Candidates are the stretches of (a, b) crossed by the fewest body words (counting, rather than
    requiring none, keeps a line that spans columns, such as a footnote legend, from hiding them).
    Names are left-aligned, so the next column's lines all start at one x: between two text columns
    the stretch that ends where the most words start wins, then the widest; before the numbers (right-
    aligned), the widest. The cut is the stretch's middle.
    """
    spans = [(max(a, w.x0), min(b, w.x1)) for w in body if w.x1 > a and w.x0 < b]
    events = sorted([(x0, 1) for x0, _ in spans] + [(x1, -1) for _, x1 in spans])
    stretches: list[tuple[int, float, float]] = []  # (words crossing, start, end)
    count, x = 0, a
    for at, change in [*events, (b, 0)]:
        if at > x:
            stretches.append((count, x, at))
        count += change
        x = max(x, at)
    size = median(w.size for w in body) if body else 1.0
    wide = [s for s in stretches if s[2] - s[1] >= 0.1 * size]  # narrower: two lines' words met by chance
    stretches = wide or stretches
    if not stretches:
        return (a + b) / 2
    fewest = min(c for c, _, _ in stretches)
    starts = [w.x0 for w in body]

    def score(stretch: tuple[int, float, float]) -> tuple[int, float]:
        _, x0, x1 = stretch
        aligned = sum(1 for s in starts if abs(s - x1) <= 0.25 * size) if left_aligned else 0
        return aligned, x1 - x0

    best = max((s for s in stretches if s[0] == fewest), key=score)
    return (best[1] + best[2]) / 2
