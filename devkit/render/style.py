"""How a report is laid out on paper: the knobs that vary between offices' exports, and a seeded draw.

One `Style` serves both producers; each knob says which producer reads it when only one does. Two
knobs make exports no office publishes, for testing that readers refuse such pages: `row_height`
"tight" (wrapped names run over their rows) and `fit` "none" (a table wider than the page is cut).
`random_style` never draws them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, fields

PAPERS = ("A4", "A3")
FONTS = ("sans", "serif", "wide")  # see devkit.render.fonts: the typeface each producer uses
VALIGNS = ("top", "middle", "bottom")
AGENCIES = (
    "SERVICIO DE ADMINISTRACIÓN TRIBUTARIA DE LIMA - SAT",
    "MUNICIPALIDAD METROPOLITANA DE LIMA",
    "GOBIERNO REGIONAL DE CUSCO - SEDE CENTRAL",
)


@dataclass(frozen=True)
class Style:
    """Layout knobs. Defaults print like the sample: A4, grid, blanks for zeros, 20 rows a page."""

    paper: str = "A4"  # landscape always; "A4" or "A3"
    font: str = "sans"  # one of FONTS
    font_scale: float = 1.0  # times the size that fits the 39 columns across the page (at most 1)
    number_width: str = "normal"  # "normal" or "narrow" number columns (narrow: smaller glyphs)
    name_width: str = "wide"  # "wide" or "narrow" name columns (narrow: names wrap onto more lines)
    grid: bool = True  # cell borders, or none
    zeros: str = "blank"  # a blank (0) cell prints as "blank" or as "zero" ("0")
    valign: str = "middle"  # vertical alignment of every cell: one of VALIGNS
    unit_label: str = "Unidad Orgánica"  # or "Unidad Organica", as some exports spell it
    total_subheader: bool = True  # PROG / EJEC under Total, or Total over both header lines
    rows_per_page: int = 20
    title_every_page: bool = True  # else the title only on the first page
    footer_every_page: bool = True  # else the footer only on the last page
    footer_period: bool = False  # "… al 11/01/2018."
    thousands: bool = False  # numbers of 1000 and more print with a separator: "12,000"
    agency_line: str | None = None  # a line naming the agency above the title
    page_numbers: bool = False  # "Página 1 de 3" below each page block
    legend: bool = False  # the footnote legend line ("1/ Actividad reprogramada …") below the table
    header_gap: float = 1.0  # PDF: points of padding around each header line (the lines nearly touch)
    numbers: str = "numbers"  # XLSX: cells stored as "numbers", as "text", or "mixed" (`12 1/` is always text)
    sheets: str = "one"  # XLSX: "one" sheet with a manual page break between blocks, or "per_page" sheet
    print_titles: bool = False  # XLSX, one sheet: title and header written once, repeated by print-title rows
    seed: int = 0  # draws the per-cell choices of "mixed" numbers
    row_height: str = "fit"  # "fit" the printed text, or "tight": one line per data row (names run over)
    fit: str = "width"  # the table fits the page "width", or "none": printed at full size (cut when too wide)

    def __post_init__(self) -> None:
        choices = {"paper": PAPERS, "font": FONTS, "valign": VALIGNS, "zeros": ("blank", "zero"),
                   "number_width": ("normal", "narrow"), "name_width": ("wide", "narrow"),
                   "numbers": ("numbers", "text", "mixed"), "sheets": ("one", "per_page"),
                   "row_height": ("fit", "tight"), "fit": ("width", "none")}  # fmt: skip
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"Style.{name} must be one of {allowed}, got {getattr(self, name)!r}")
        if not 0 < self.font_scale <= 1:
            raise ValueError(f"Style.font_scale must be in (0, 1], got {self.font_scale}")
        if self.rows_per_page < 1:
            raise ValueError(f"Style.rows_per_page must be at least 1, got {self.rows_per_page}")

    def as_dict(self) -> dict[str, object]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def random_style(seed: int) -> Style:
    """A seeded combination of the knobs (the same seed gives the same style); rows and pages always fit."""
    rng = random.Random(seed)
    return Style(
        paper=rng.choice(PAPERS),
        font=rng.choice(FONTS),
        font_scale=rng.choice((1.0, 1.0, 0.9, 0.8)),
        number_width=rng.choice(("normal", "narrow")),
        name_width=rng.choice(("wide", "narrow")),
        grid=rng.random() < 0.7,
        zeros=rng.choice(("blank", "blank", "zero")),
        valign=rng.choice(VALIGNS),
        unit_label=rng.choice(("Unidad Orgánica", "Unidad Organica")),
        total_subheader=rng.random() < 0.6,
        rows_per_page=rng.choice((6, 10, 15, 20, 25)),
        title_every_page=rng.random() < 0.7,
        footer_every_page=rng.random() < 0.7,
        footer_period=rng.random() < 0.5,
        thousands=rng.random() < 0.2,
        agency_line=rng.choice((None, None, *AGENCIES)),
        page_numbers=rng.random() < 0.4,
        legend=rng.random() < 0.4,
        header_gap=rng.choice((0.0, 0.5, 1.0, 2.0)),
        numbers=rng.choice(("numbers", "numbers", "text", "mixed")),
        sheets=rng.choice(("one", "one", "per_page")),
        print_titles=rng.random() < 0.3,
        seed=seed,
    )
