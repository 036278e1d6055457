"""Exhibit files as PDF pages for the bundle: PDFs as they are, images and plain text set on pages.

Images (JPEG, PNG, TIFF) are placed one a page, scaled to fit, and plain text is set as pages,
both through WeasyPrint (the one layout engine of the build), so that the pages made here embed
their fonts like the rest of the dossier. JPEG and PNG files are embedded as they are (WeasyPrint
passes their data through); each frame of a TIFF is converted to PNG, which loses nothing. Every
page made here leaves the stamp band (:data:`casebuilder.render.stamp.BAND`) free at its bottom.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from typing import BinaryIO

import pikepdf

MAX_TEXT_BYTES = 2 * 1024 * 1024
"""The largest plain-text exhibit set as pages here (about 600 pages); larger ones must be PDF."""
MAX_IMAGE_PIXELS = 100_000_000
"""The largest image (in pixels per frame) placed on a page: a bound on memory for untrusted files."""
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".tif", ".tiff")
TEXT_SUFFIXES = (".txt",)

_PAGE_CSS = """@page { size: A4; margin: 18mm 18mm 24mm 18mm; }
html { font-family: "Noto Serif", "DejaVu Serif", serif; font-size: 10pt; line-height: 1.35; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; font-family: inherit; margin: 0; }
.frame + .frame { break-before: page; }
img { display: block; width: 174mm; height: 252mm; object-fit: contain; }"""


class ExhibitUnreadable(ValueError):
    """An exhibit file that cannot be set as pages; the message says why, as a sentence part."""


@dataclass
class Pages:
    """An exhibit file as PDF pages: an open PDF and whether its pages were made here."""

    pdf: pikepdf.Pdf
    """The PDF (the exhibit's own, opened lazily from its file, or one made here)."""
    made: bool
    """True for pages made here (the stamp band is free), False for the exhibit's own pages."""
    handle: BinaryIO | None = None
    """The exhibit file pikepdf reads the PDF from (it must stay open until the bundle is saved)."""

    def close(self) -> None:
        """Close the PDF and its file."""
        self.pdf.close()
        if self.handle is not None:
            self.handle.close()

    @property
    def count(self) -> int:
        """Its page count."""
        return len(self.pdf.pages)


def kind_of(name: str) -> str | None:
    """'pdf', 'image', 'text', or None for a format that is not set as pages."""
    suffix = Path(name).suffix.lower()
    if suffix == ".pdf":
        return "pdf"
    return "image" if suffix in IMAGE_SUFFIXES else "text" if suffix in TEXT_SUFFIXES else None


def exhibit_pages(handle: BinaryIO, name: str, *, title: str, day: date, language: str) -> Pages:
    """The pages of one exhibit file, read from ``handle`` (already hashed by the caller)."""
    kind = kind_of(name)
    try:
        if kind == "pdf":
            handle.seek(0)
            return Pages(pikepdf.open(handle), made=False, handle=handle)
        handle.seek(0)
        data = handle.read(MAX_TEXT_BYTES + 1) if kind == "text" else handle.read()
        html = _text_html(data, language) if kind == "text" else _image_html(data, language)
    except pikepdf.PdfError as exc:
        raise ExhibitUnreadable(f"it is not a readable PDF ({exc})") from exc
    return Pages(pikepdf.open(io.BytesIO(_render(html, title, day, language))), made=True)


def _render(html: str, title: str, day: date, language: str) -> bytes:
    from casebuilder.render.pdf import PdfMetadata, render_pdf  # WeasyPrint: only when building

    metadata = PdfMetadata(title=title, date=day, language=language)
    return render_pdf(html, case_root=None, metadata=metadata, variant=None, tagged=False).pdf


def _page(body: str, language: str) -> str:
    return (f'<!DOCTYPE html><html lang="{escape(language)}"><head><meta charset="utf-8">'
            f"<style>{_PAGE_CSS}</style></head><body>{body}</body></html>")


def _text_html(data: bytes, language: str) -> str:
    if len(data) > MAX_TEXT_BYTES:
        raise ExhibitUnreadable(f"it is a text of more than {MAX_TEXT_BYTES // 2**20} MB, too long to be set as pages "
                                "here")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExhibitUnreadable(f"it is not UTF-8 text (byte {exc.start})") from exc
    return _page(f"<pre>{escape(text)}</pre>", language)


def _image_html(data: bytes, language: str) -> str:
    """One frame per page; JPEG and PNG data as they are, other frames as PNG."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.width * image.height > MAX_IMAGE_PIXELS:
                raise ExhibitUnreadable(f"it is an image of {image.width} x {image.height} pixels, more than "
                                        f"{MAX_IMAGE_PIXELS:,} per page")
            if image.format in ("JPEG", "PNG") and getattr(image, "n_frames", 1) == 1:
                frames = [(image.format.lower(), data)]
            else:
                frames = [("png", _png(frame)) for frame in ImageSequence.Iterator(image)]
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ExhibitUnreadable(f"it is not a readable image ({exc})") from exc
    body = "".join(f'<div class="frame"><img alt="" src="data:image/{kind};base64,'
                   f'{base64.b64encode(raw).decode("ascii")}"></div>' for kind, raw in frames)
    return _page(body, language)


def _png(frame) -> bytes:
    out = io.BytesIO()
    frame.convert("RGBA" if "A" in frame.getbands() else "RGB").save(out, "PNG")
    return out.getvalue()
