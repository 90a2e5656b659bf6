"""A PDF page's glyphs, ruling lines and images read with PDFium (`pypdfium2`, Chrome's PDF engine).

PDFium parses a page's content in C: a dense report page (about 4,700 glyphs) takes some 0.04 s,
where pdfminer's pure-Python interpreter takes 0.16–0.22 s. The boxes are the ones pdfminer gives
(`transforms.pdfminer_page`): x from the glyph's origin over its advance width, the bottom at the
font's descent below the baseline, the top one font size above the bottom; sizes are the font size
scaled by the text matrix. PDFium works in single precision: positions agree with pdfminer's to about
0.0001 pt, far below any tolerance of the layout (a tenth of a 3 pt glyph), and ruling lines are
rounded to 1/10,000 pt. `tests/transforms/test_pdf_glyph_sources.py` compares both sources glyph by
glyph on rendered reports.

Coordinates are PDF points with `top` growing downwards from the MediaBox's top, as pdfplumber's.
A page with a /Rotate entry is not read here (its text is rotated in page space): the caller reads it
with pdfminer, which applies the rotation.
"""

from __future__ import annotations

import ctypes
import io
from dataclasses import dataclass
from typing import BinaryIO

from transforms.pdf_geometry import Glyph, Rule

THIN = 1.5  # points: a path this thin in one direction is a ruling line (as in `transforms.pdfminer_page`)
_DIGITS = 4  # decimals kept of PDFium's single-precision coordinates


def open_document(data: bytes | BinaryIO):
    """A PDFium document over `data` (bytes, or a binary file the caller closes), or the PdfiumError it
    raises."""
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data, autoclose=False)


def xref_valid(doc) -> bool:
    """False when PDFium had to rebuild the cross-reference table (a truncated or damaged file)."""
    import pypdfium2.raw as c

    return bool(c.FPDF_DocumentHasValidCrossReferenceTable(doc.raw))


def rotated(page) -> bool:
    return page.get_rotation() != 0


def font_descents(data: bytes) -> dict[str, float]:
    """Each font's descent at 1 pt (negative or 0) by base name, as pdfminer reads it: the descriptor's
    /Descent, or the standard metrics for the 14 standard fonts. Reads the pages' font resources only
    (no content stream): some 0.04 s for 100 pages."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import dict_value
    from pdfminer.psparser import PSLiteral

    manager, out, seen = PDFResourceManager(caching=True), {}, set()
    try:
        for page in PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(data)))):
            for ref in dict_value(dict_value(page.resources).get("Font", {})).values():
                key = getattr(ref, "objid", None) or id(ref)
                if key in seen:
                    continue
                seen.add(key)
                spec = dict_value(ref)
                base = spec.get("BaseFont")
                name = base.name if isinstance(base, PSLiteral) else str(base or "")
                out.setdefault(_unprefixed(name), manager.get_font(getattr(ref, "objid", None), spec).get_descent())
    except Exception:  # pdfminer raises many types for damaged files: PDFium's own descents serve
        return out
    return out


def _unprefixed(name: str) -> str:
    """`ABCDEF+LiberationSans` -> `LiberationSans` (a subset's tag), as PDFium names fonts."""
    head, plus, tail = name.partition("+")
    return tail if plus and len(head) == 6 and head.isupper() else name


def page_glyphs(page, descents: dict[str, float]) -> tuple[list[Glyph], list[Rule], int]:
    """The page's upright glyphs, its ruling lines, and how many images it has (see the module doc)."""
    top = page.get_mediabox()[3]
    glyphs = _glyphs(page, top, descents)
    rules: list[Rule] = []
    images = _walk(page, top, rules)
    return glyphs, rules, images


def _glyphs(page, top: float, descents: dict[str, float]) -> list[Glyph]:
    import pypdfium2.raw as c

    textpage = page.get_textpage()
    raw = textpage.raw
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    get_origin, object_at = c.FPDFText_GetCharOrigin, _object_address_function()
    objects: dict[int, _TextObject | None] = {}
    widths: dict[tuple[int, str], float | None] = {}  # a character's advance at 1 pt, per font address
    box = c.FS_RECTF()
    out: list[Glyph] = []
    try:
        for i, char in enumerate(_text(raw)):
            key = object_at(raw, i)  # None for the spaces and line ends PDFium adds between words and lines
            if not key or char in "\r\n\x00":
                continue
            obj = objects.get(key, False)
            if obj is False:
                obj = objects[key] = _TextObject.of(raw, i, descents)
            if obj is None:  # not upright
                continue
            if (obj.font_address, char) not in widths:
                widths[obj.font_address, char] = obj.width(ord(char))
            width = widths[obj.font_address, char]
            get_origin(raw, i, origin_x, origin_y)
            x0 = origin_x.value
            if width is None:  # a font PDFium gives no width for (a Type 3 font): the glyph's box on the page
                c.FPDFText_GetLooseCharBox(raw, i, box)
                x1 = box.right
            else:
                x1 = x0 + width * obj.advance_scale
            bottom = top - origin_y.value - obj.descent
            out.append(Glyph(char, x0, x1, bottom - obj.size, bottom, obj.size))
    finally:
        textpage.close()
    return out


def _text(raw) -> str:
    """Every character of the text page, one per index (PDFium's own spaces and line ends included)."""
    import pypdfium2.raw as c

    count = c.FPDFText_CountChars(raw)
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: 2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    return "".join(chr(c.FPDFText_GetUnicode(raw, i)) for i in range(count))  # characters beyond the BMP


@dataclass(frozen=True, slots=True)
class _TextObject:
    """What the glyphs of one text object share: font, size on the page, descent, horizontal scale."""

    font: object
    font_address: int
    advance_scale: float  # font size times the horizontal scale: a width at 1 pt to page points
    size: float
    descent: float  # page points below the baseline (negative)

    @classmethod
    def of(cls, raw, i: int, descents: dict[str, float]) -> _TextObject | None:
        import pypdfium2.raw as c

        m = c.FS_MATRIX()
        if not c.FPDFText_GetMatrix(raw, i, m) or not (m.a * m.d > 0 and m.b * m.c <= 0):  # pdfminer's `upright`
            return None
        font = c.FPDFTextObj_GetFont(c.FPDFText_GetTextObject(raw, i))
        font_size = c.FPDFText_GetFontSize(raw, i)
        size = font_size * m.d
        address = ctypes.cast(font, ctypes.c_void_p).value or 0
        return cls(font, address, font_size * m.a, size, _descent(font, descents) * size)

    def width(self, code: int) -> float | None:
        """The character's advance width at 1 pt (the font's /Widths entry, or its built-in metrics);
        None when the font gives none."""
        import pypdfium2.raw as c

        width = ctypes.c_float()
        if self.font and c.FPDFFont_GetGlyphWidth(self.font, code, ctypes.c_float(1.0), width):
            return width.value
        return None


def _descent(font, descents: dict[str, float]) -> float:
    """A font's descent at 1 pt: pdfminer's reading when the font is in `descents`, else PDFium's."""
    import pypdfium2.raw as c

    if not font:
        return 0.0
    name = ctypes.create_string_buffer(256)
    if c.FPDFFont_GetBaseFontName(font, name, 256):
        found = descents.get(_unprefixed(name.value.decode("latin-1")))
        if found is not None:
            return found
    value = ctypes.c_float()
    return value.value if c.FPDFFont_GetDescent(font, ctypes.c_float(1.0), value) else 0.0


def _object_address_function():
    """FPDFText_GetTextObject returning the object's address as an int (cheap to hash), not a pointer."""
    import pypdfium2.raw as c

    address = ctypes.cast(c.FPDFText_GetTextObject, ctypes.c_void_p).value
    return ctypes.CFUNCTYPE(ctypes.c_void_p, c.FPDF_TEXTPAGE, ctypes.c_int)(address)


def _walk(page, top: float, rules: list[Rule]) -> int:
    """Collect ruling lines into `rules` from every path (forms included); return the image count."""
    import pypdfium2.raw as c

    images = 0
    stack = [(c.FPDFPage_GetObject, page.raw, c.FPDFPage_CountObjects(page.raw), (1.0, 0.0, 0.0, 1.0, 0.0, 0.0))]
    matrix = c.FS_MATRIX()
    while stack:
        get, parent, count, outer = stack.pop()
        for i in range(count):
            obj = get(parent, i)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_IMAGE:
                images += 1
            elif kind == c.FPDF_PAGEOBJ_FORM:
                c.FPDFPageObj_GetMatrix(obj, matrix)
                inner = _compose(_tuple(matrix), outer)
                stack.append((c.FPDFFormObj_GetObject, obj, c.FPDFFormObj_CountObjects(obj), inner))
            elif kind == c.FPDF_PAGEOBJ_PATH and _painted(obj):
                c.FPDFPageObj_GetMatrix(obj, matrix)
                _path_rules(obj, _compose(_tuple(matrix), outer), top, rules)
    return images


def _painted(obj) -> bool:
    import pypdfium2.raw as c

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    if not c.FPDFPath_GetDrawMode(obj, fill, stroke):
        return True
    return bool(fill.value or stroke.value)


def _path_rules(obj, m: tuple[float, ...], top: float, rules: list[Rule]) -> None:
    """Each subpath (split at every move, as pdfminer does) that is a straight segment or thin."""
    import pypdfium2.raw as c

    x, y = ctypes.c_float(), ctypes.c_float()
    a, b, cc, d, e, f = m
    points: list[tuple[float, float]] = []
    for i in range(c.FPDFPath_CountSegments(obj)):
        segment = c.FPDFPath_GetPathSegment(obj, i)
        if c.FPDFPathSegment_GetType(segment) == c.FPDF_SEGMENT_MOVETO and points:
            _subpath_rule(points, top, rules)
            points = []
        c.FPDFPathSegment_GetPoint(segment, x, y)
        points.append((a * x.value + cc * y.value + e, b * x.value + d * y.value + f))
    if points:
        _subpath_rule(points, top, rules)


def _subpath_rule(points: list[tuple[float, float]], top: float, rules: list[Rule]) -> None:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    if len(points) == 2 or min(x1 - x0, y1 - y0) <= THIN:
        rules.append(Rule(round(x0, _DIGITS), round(x1, _DIGITS), round(top - y1, _DIGITS), round(top - y0, _DIGITS)))


def _tuple(m) -> tuple[float, ...]:
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix `inner` then `outer` (PDF row-vector convention: p' = p x inner x outer)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)
