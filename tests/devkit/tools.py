"""What the devkit tests share: Debian tools they need, and the numbers a PDF page prints in its table."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from devkit.render.layout import Block, printed_cells
from devkit.render.spec import ReportSpec
from devkit.render.style import Style


def need(tool: str, package: str) -> str:
    """The tool's path; without it the test skips, or fails under CI (.ci/run installs it)."""
    path = shutil.which(tool)
    if path is None:
        reason = f"{tool} is not installed (apt-get install -y {package})"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; .ci/run installs it, so CI must have it")
        pytest.skip(reason)
    return path


def pdf_pages(path: Path) -> int:
    out = subprocess.run([need("pdfinfo", "poppler-utils"), str(path)], capture_output=True, text=True, timeout=60)
    return int(out.stdout.split("Pages:")[1].split()[0])


def pdf_text(path: Path) -> str:
    args = [need("pdftotext", "poppler-utils"), "-layout", str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def table_numbers(page) -> Counter[str]:
    """Words of a pdfplumber page in its number columns: right of META ANUAL, under the header, above the
    footer and the page number."""
    words = page.extract_words(x_tolerance=1, y_tolerance=1)  # the header lines are closer than the default 3 pt
    meta = next(w for w in words if w["text"] == "META")
    months = next(w for w in words if w["text"] == "ENE")
    footer = min([w["top"] for w in words if w["text"] in ("Fuente:", "Página")] + [page.height])
    return Counter(
        w["text"] for w in words if w["x0"] >= meta["x0"] - 1 and w["top"] > months["bottom"] and w["bottom"] <= footer
    )


def block_numbers(spec: ReportSpec, block: Block, style: Style) -> Counter[str]:
    """The number words a block prints: each cell's text split at its space (`12 1/` is two words)."""
    return Counter(word for row in block.rows for text in printed_cells(row, spec.quarter, style) for word in text.split())
