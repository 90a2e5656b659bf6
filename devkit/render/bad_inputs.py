"""Bad published files, each a real file made by a real producer, for the readers' refusal tests.

Scanned (images, no text layer), encrypted with a user password, encrypted with an owner password
only (opens without one: a reader should load it), truncated, corrupt, not a POI report (a letter; a
staff table), a workbook with a POI sheet and a visible sheet of another layout, a password-protected
XLSX (OOXML encryption), and large junk named `.pdf` (write it at test time: never commit it).
"""

from __future__ import annotations

import random
import shutil
import subprocess
import tempfile
from pathlib import Path

import msoffcrypto
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from devkit.render.pdf_reportlab import render_pdf
from devkit.render.spec import ReportSpec
from devkit.render.style import Style
from devkit.render.xlsx import render_xlsx

USER_PASSWORD = "lectura2018"
OWNER_PASSWORD = "propietario2018"
JUNK_SIZE = 100_000_000
_CHUNK = 1 << 20


def scanned_pdf(good_pdf: str | Path, out: str | Path, dpi: int = 100, timeout: float = 120.0) -> Path:
    """A PDF of page images only (a scan): the good PDF's pages rendered by `pdftoppm`, one image a page."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise RuntimeError("pdftoppm not found on PATH: apt-get install -y poppler-utils")
    out = Path(out)
    with tempfile.TemporaryDirectory(prefix="devkit-scan-") as tmp:
        subprocess.run([pdftoppm, "-r", str(dpi), "-gray", "-png", str(good_pdf), f"{tmp}/page"],
                       check=True, capture_output=True, timeout=timeout)  # fmt: skip
        pages = sorted(Path(tmp).glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        canvas = Canvas(str(out))
        for png in pages:
            with Image.open(png) as image:
                width, height = (px * 72 / dpi for px in image.size)
            canvas.setPageSize((width, height))
            canvas.drawImage(str(png), 0, 0, width, height)
            canvas.showPage()
        canvas.save()
    return out


def encrypted_pdf(spec: ReportSpec, out: str | Path, style: Style | None = None,
                  user_password: str = USER_PASSWORD) -> Path:  # fmt: skip
    """The report as a PDF that needs `user_password` to open (RC4 128-bit, reportlab's standard)."""
    return render_pdf(spec, out, style, encrypt=StandardEncryption(user_password, OWNER_PASSWORD))


def owner_locked_pdf(spec: ReportSpec, out: str | Path, style: Style | None = None) -> Path:
    """The report encrypted with an owner password only (no copying, no changes): it opens without one."""
    lock = StandardEncryption("", OWNER_PASSWORD, canPrint=1, canModify=0, canCopy=0, canAnnotate=0)
    return render_pdf(spec, out, style, encrypt=lock)


def truncated_pdf(good_pdf: str | Path, out: str | Path, keep: float = 0.6) -> Path:
    """The first `keep` share of a good PDF's bytes (a download cut short: no xref, no trailer)."""
    data = Path(good_pdf).read_bytes()
    Path(out).write_bytes(data[: int(len(data) * keep)])
    return Path(out)


def corrupt_pdf(good_pdf: str | Path, out: str | Path, seed: int = 0) -> Path:
    """A good PDF whose body between its header line and its last 1 KiB is overwritten with random bytes."""
    data = bytearray(Path(good_pdf).read_bytes())
    start = data.index(b"\n") + 1
    end = max(start, len(data) - 1024)
    data[start:end] = random.Random(seed).randbytes(end - start)
    Path(out).write_bytes(bytes(data))
    return Path(out)


def letter_pdf(out: str | Path) -> Path:
    """A PDF that is not a POI report: an office letter."""
    styles = getSampleStyleSheet()
    text = [
        "Lima, 15 de enero de 2018",
        "OFICIO N° 045-2018-SAT/GAF",
        "Señor: Director General de Presupuesto Público",
        "Asunto: Remite información sobre la ejecución del Plan Operativo Institucional",
        "Tengo el agrado de dirigirme a usted para remitir, adjunto al presente, el informe de evaluación "
        "del Plan Operativo Institucional correspondiente al IV trimestre, conforme a la Directiva N° "
        "001-2017-CEPLAN/PCD. Sin otro particular, quedo de usted.",
        "Atentamente,",
    ]
    story = []
    for paragraph in text:
        story += [Paragraph(paragraph, styles["Normal"]), Spacer(1, 12)]
    SimpleDocTemplate(str(out), pagesize=A4, title="Oficio").build(story)
    return Path(out)


def other_layout(ws: Worksheet) -> None:
    """Fill a sheet with a table that is not a POI report (a staff list)."""
    ws.append(["CUADRO NOMINATIVO DE PERSONAL 2018"])
    ws.append(["N°", "APELLIDOS Y NOMBRES", "CARGO", "RÉGIMEN", "REMUNERACIÓN"])
    people = [("QUISPE MAMANI, ROSA", "ANALISTA", "CAS", 3500), ("TORRES DÍAZ, JUAN", "ASISTENTE", "D.L. 728", 2800)]
    for i, (name, role, regime, pay) in enumerate(people, start=1):
        ws.append([i, name, role, regime, pay])


def letter_xlsx(out: str | Path) -> Path:
    """An XLSX that is not a POI report."""
    wb = Workbook()
    wb.active.title = "Personal"
    other_layout(wb.active)
    wb.save(out)
    return Path(out)


def xlsx_with_other_sheet(spec: ReportSpec, out: str | Path, style: Style | None = None,
                          other_first: bool = True) -> Path:  # fmt: skip
    """A workbook holding the POI report and a visible sheet of another layout (first, by default)."""
    render_xlsx(spec, out, style)
    wb = load_workbook(out)
    other_layout(wb.create_sheet("Resumen", 0 if other_first else None))
    wb.save(out)
    return Path(out)


def encrypted_xlsx(spec: ReportSpec, out: str | Path, style: Style | None = None,
                   password: str = USER_PASSWORD) -> Path:  # fmt: skip
    """The report's XLSX encrypted with a password (OOXML agile encryption: an OLE2 file)."""
    with tempfile.TemporaryDirectory(prefix="devkit-xlsx-") as tmp:
        plain = render_xlsx(spec, Path(tmp) / "plain.xlsx", style)
        with plain.open("rb") as source, open(out, "wb") as target:
            msoffcrypto.OfficeFile(source).encrypt(password, target)
    return Path(out)


def junk_pdf(out: str | Path, size: int = JUNK_SIZE, seed: int = 0, pdf_header: bool = False) -> Path:
    """`size` random bytes named like a PDF; with `pdf_header` they start with `%PDF-1.7`."""
    rng = random.Random(seed)
    with open(out, "wb") as f:
        written = 0
        if pdf_header:
            written = f.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        while written < size:
            written += f.write(rng.randbytes(min(_CHUNK, size - written)))
    return Path(out)
