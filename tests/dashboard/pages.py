"""Read back what a written dashboard page shows: its charts and the heat map's printed cells."""

from __future__ import annotations

import html
import re
from pathlib import Path

CHART = re.compile(r'<div class="chart" data-chart="([\w-]+)">(.*?)</div>', re.DOTALL)
HEATMAP_TEXT = re.compile(r'<text aria-label="quarter_label: ([IV]+ TRIM); unit_name: ([^;]+); label: ([^"]+)"')


def charts(html: str) -> dict[str, list[str]]:
    """{chart name: [its SVGs, one per year section]}."""
    found: dict[str, list[str]] = {}
    for name, body in CHART.findall(html):
        found.setdefault(name, []).append(body)
    return found


def heatmap_cells(path: Path) -> dict[tuple[str, str], str]:
    """{(unit, quarter label): printed value} of the page's first heat map (its newest year)."""
    svg = charts(path.read_text(encoding="utf-8"))["heatmap"][0]
    return {(html.unescape(unit), quarter): html.unescape(label) for quarter, unit, label in HEATMAP_TEXT.findall(svg)}
