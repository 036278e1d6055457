"""Stamp the pages of a bundle: one line in a band along the page's (visual) bottom edge.

The stamp is drawn by a small content stream built with pikepdf's content-stream helpers, in an
embedded TrueType font (a subset of a sans-serif font found through fontconfig, made with
fontTools), so that a bundle keeps every font embedded (PDF/A-3 § 6.2.11.4). It is marked as a
pagination artifact (PDF/UA-1 § 7.8: page furniture is not content), so that screen readers skip
it. Exhibit PDFs keep their pages as they are: their boxes are enlarged by the band, so that the
stamp never covers what the page shows; pages made here reserve the band in their bottom margin.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from functools import cache
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, String

BAND = 22.0
"""The height of the stamp band, in points."""
FONT_SIZE = 8.0
MARGIN = 28.0
"""The distance of the stamp from the band's ends, in points."""
_FIRST, _LAST = 32, 255
_FONTS = ("Noto Sans", "DejaVu Sans", "Liberation Sans", "sans-serif")
FONT_RESOURCE = Name("/CbStamp")


@cache
def _font_file() -> tuple[bytes, list[float], dict] | None:
    """A subset of a sans-serif font (Latin-1 characters), its widths and its metrics, or None."""
    path = _find_font()
    if path is None:
        return None
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=range(_FIRST, _LAST + 1))
    subsetter.subset(font)
    scale = 1000 / font["head"].unitsPerEm
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    widths = [round(hmtx[cmap[c]][0] * scale) if c in cmap else 0 for c in range(_FIRST, _LAST + 1)]
    head, os2 = font["head"], font["OS/2"]
    metrics = {"name": font["name"].getDebugName(6) or "Sans", "bbox": [round(v * scale) for v in
               (head.xMin, head.yMin, head.xMax, head.yMax)], "ascent": round(os2.sTypoAscender * scale),
               "descent": round(os2.sTypoDescender * scale),
               "cap": round(getattr(os2, "sCapHeight", os2.sTypoAscender) * scale)}
    out = io.BytesIO()
    font.save(out)
    return out.getvalue(), widths, metrics


def _find_font() -> str | None:
    """The file of the first installed font of :data:`_FONTS` (fontconfig decides, as for WeasyPrint)."""
    if not shutil.which("fc-match"):
        return None
    for family in _FONTS:
        try:
            found = subprocess.run(["fc-match", "-f", "%{file}", f"{family}:style=Regular"], capture_output=True,
                                   text=True, timeout=10, check=False).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return None
        if found.lower().endswith((".ttf", ".otf")):
            return found
    return None


class Stamper:
    """Draws stamps on the pages of one PDF, sharing one embedded font among them."""

    def __init__(self, pdf: pikepdf.Pdf):
        self.pdf = pdf
        made = _font_file()
        self.widths = made[1] if made else None
        self.font = pdf.make_indirect(self._font(made))

    def _font(self, made) -> Dictionary:
        if made is None:  # no font installed: a standard font (not embedded, so the PDF is no longer PDF/A)
            return Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica,
                              Encoding=Name.WinAnsiEncoding)
        data, widths, metrics = made
        name = Name("/CBSTMP+" + "".join(ch for ch in metrics["name"] if ch.isalnum() or ch == "-"))
        file = pikepdf.Stream(self.pdf, data)
        file.Length1 = len(data)
        descriptor = Dictionary(Type=Name.FontDescriptor, FontName=name, Flags=32, ItalicAngle=0,
                                FontBBox=Array(metrics["bbox"]), Ascent=metrics["ascent"],
                                Descent=metrics["descent"], CapHeight=metrics["cap"], StemV=80,
                                FontFile2=self.pdf.make_indirect(file))
        return Dictionary(Type=Name.Font, Subtype=Name.TrueType, BaseFont=name, FirstChar=_FIRST,
                          LastChar=_LAST, Widths=Array(widths), Encoding=Name.WinAnsiEncoding,
                          FontDescriptor=self.pdf.make_indirect(descriptor))

    def width(self, text: bytes) -> float:
        """The width of ``text`` (Latin-1 bytes) at the stamp's size, in points."""
        if self.widths is None:
            return len(text) * FONT_SIZE * 0.55
        return sum(self.widths[b - _FIRST] for b in text if _FIRST <= b <= _LAST) * FONT_SIZE / 1000

    def stamp(self, page: pikepdf.Page, left: str, right: str, *, enlarge: bool) -> None:
        """Draw ``left`` and ``right`` at the ends of the band along the page's visual bottom edge;
        with ``enlarge``, first add the band to the page's boxes (the page's content is left as it is)."""
        rotate = int(page.obj.get("/Rotate", 0)) % 360
        box = [float(v) for v in page.mediabox]
        if enlarge:
            box = _enlarged(page, box, rotate)
        frame = _band_frame(box, rotate)
        texts = [(left.encode("latin-1", "replace"), False), (right.encode("latin-1", "replace"), True)]
        ops: list[Any] = [([Name.Artifact, Dictionary(Type=Name.Pagination, Subtype=Name.Footer)], Operator("BDC")),
               ([], Operator("q")), ([0.25], Operator("g")), ([], Operator("BT")),
               ([FONT_RESOURCE, FONT_SIZE], Operator("Tf"))]
        for text, at_end in texts:
            along = frame["length"] - MARGIN - self.width(text) if at_end else MARGIN
            ops.append((_matrix(frame, along), Operator("Tm")))
            ops.append(([String(text)], Operator("Tj")))
        ops += [([], Operator("ET")), ([], Operator("Q")), ([], Operator("EMC"))]
        self._add_font(page)
        page.contents_add(pikepdf.Stream(self.pdf, b"q\n"), prepend=True)
        page.contents_add(pikepdf.Stream(self.pdf, b"Q\n" + pikepdf.unparse_content_stream(ops)))

    def _add_font(self, page: pikepdf.Page) -> None:
        resources = page.obj.get("/Resources")
        if resources is None:
            page.obj.Resources = resources = Dictionary()
        if "/Font" not in resources:
            resources.Font = Dictionary()
        resources.Font[FONT_RESOURCE] = self.font


def _enlarged(page: pikepdf.Page, box: list[float], rotate: int) -> list[float]:
    """Add the band to the side of the page's boxes that is shown at the bottom."""
    side = {0: (1, -1), 90: (2, 1), 180: (3, 1), 270: (0, -1)}[rotate]
    for key in ("/MediaBox", "/CropBox"):
        if key in page.obj:
            values = [float(v) for v in page.obj[key]]
            values[side[0]] += side[1] * BAND
            page.obj[key] = Array(values)
    box[side[0]] += side[1] * BAND
    return box


def _band_frame(box: list[float], rotate: int) -> dict:
    """Where the band is, in user space: its start point, text direction, up vector and length."""
    x0, y0, x1, y1 = box
    baseline = (BAND - FONT_SIZE) / 2 + 1.5
    return {0: {"origin": (x0, y0 + baseline), "dir": (1, 0), "up": (0, 1), "length": x1 - x0},
            90: {"origin": (x1 - baseline, y0), "dir": (0, 1), "up": (-1, 0), "length": y1 - y0},
            180: {"origin": (x1, y1 - baseline), "dir": (-1, 0), "up": (0, -1), "length": x1 - x0},
            270: {"origin": (x0 + baseline, y1), "dir": (0, -1), "up": (1, 0), "length": y1 - y0}}[rotate]


def _matrix(frame: dict, along: float) -> list[float]:
    (ox, oy), (dx, dy), (ux, uy) = frame["origin"], frame["dir"], frame["up"]
    return [dx, dy, ux, uy, round(ox + dx * along, 3), round(oy + dy * along, 3)]
