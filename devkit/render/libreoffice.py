"""Print XLSX files to PDF with LibreOffice headless, the way an office exports its spreadsheet.

One `soffice` call converts a batch (its start-up costs more than a file); each call runs with its own
throw-away user profile, so concurrent runs do not share a profile lock, under a timeout that kills
its whole process group, and in the C locale, so number formats print the same everywhere (`12,000`).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

INSTALL_HINT = "apt-get install -y libreoffice-calc-nogui"


class ConversionError(RuntimeError):
    """LibreOffice is missing, timed out, failed, or did not write every PDF."""


def soffice_path() -> str | None:
    """The `soffice` executable on PATH, or None."""
    return shutil.which("soffice")


def convert_to_pdf(xlsx_paths: Sequence[str | Path], outdir: str | Path, timeout: float = 300.0) -> list[Path]:
    """Convert the files in one LibreOffice run; returns the PDFs (`outdir/<stem>.pdf`, in input order).

    Stems must differ: LibreOffice names each PDF after its input. Raises ConversionError with one
    line saying what went wrong.
    """
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError(f"soffice (LibreOffice) not found on PATH: {INSTALL_HINT}")
    inputs = [Path(p).resolve() for p in xlsx_paths]
    stems = [p.stem for p in inputs]
    if len(set(stems)) != len(stems):
        raise ConversionError("two inputs share a file name stem; their PDFs would overwrite each other")
    outdir = Path(outdir).resolve()
    outdir.mkdir(parents=True, exist_ok=True)
    if not inputs:
        return []
    with tempfile.TemporaryDirectory(prefix="devkit-soffice-") as profile:
        command = [
            soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
            "--convert-to", "pdf", "--outdir", str(outdir), *map(str, inputs),
        ]  # fmt: skip
        _run(command, timeout)
    pdfs = [outdir / f"{stem}.pdf" for stem in stems]
    missing = [p.name for p in pdfs if not p.is_file() or p.stat().st_size == 0]
    if missing:
        raise ConversionError(f"LibreOffice wrote no PDF for: {', '.join(missing)}")
    return pdfs


def _run(command: list[str], timeout: float) -> None:
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env={**os.environ, "SAL_USE_VCLPLUGIN": "svp", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
    )  # fmt: skip
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ConversionError(f"LibreOffice did not finish within {timeout:g} s") from None
    if proc.returncode != 0:
        last = (err.strip().splitlines() or ["no message"])[-1]
        raise ConversionError(f"soffice exited with {proc.returncode}: {last}")
