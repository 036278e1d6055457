"""``casebuilder audit-redaction``: look for protected names in every string a PDF holds.

For each PDF it extracts the text of every page (with line-break hyphens rejoined), the document
information and XMP metadata, the outline (bookmarks), every string object of the file (alt
text, link targets, annotations, structure tree), and the content of every attachment; then it
looks for every protected name, other spelling and identifying detail of the case. It also looks
at the file names. It cannot see text drawn as pictures (an image of a document, an SVG path).
"""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pypdf import PdfReader

from casebuilder.validate.case import Case
from casebuilder.dossier.protect import make_redactor


@dataclass(frozen=True)
class Hit:
    """A protected string found where it must not be."""

    file: str
    where: str
    secret: str


def normalise(text: str) -> str:
    """Fold case, compose accents, rejoin words hyphenated across lines and collapse white space."""
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = re.sub(r"(\w)-\s*\n\s*(\w)", r"\1\2", text)
    return " ".join(text.split()).casefold()


def protected_strings(case: Case) -> list[str]:
    """Every string a public output must not contain: names, spellings and details of protected persons."""
    return sorted(set(make_redactor(case, "public").secrets()), key=lambda s: (-len(s), s))


def pdf_strings(data: bytes) -> dict[str, str]:
    """Every place of a PDF where text can hide, as {place: text}."""
    places: dict[str, str] = {}
    reader = PdfReader(io.BytesIO(data))
    for number, page in enumerate(reader.pages, 1):
        places[f"page {number}"] = page.extract_text() or ""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        places["metadata"] = " ".join(f"{k} {v}" for k, v in pdf.docinfo.items()) + " " + _xmp(pdf)
        places["outline"] = " | ".join(_outline_titles(pdf))
        places["strings"] = " | ".join(_all_strings(pdf))
        for name, spec in pdf.attachments.items():
            places[f"attachment {name}"] = name + " " + spec.get_file().read_bytes().decode("utf-8", "replace")
    return places


def _xmp(pdf: pikepdf.Pdf) -> str:
    metadata = pdf.Root.get("/Metadata")
    return metadata.read_bytes().decode("utf-8", "replace") if metadata is not None else ""


def _outline_titles(pdf: pikepdf.Pdf) -> list[str]:
    with pdf.open_outline() as outline:
        stack, titles = list(outline.root), []
        while stack:
            item = stack.pop()
            titles.append(item.title or "")
            stack.extend(item.children)
    return titles


def _all_strings(pdf: pikepdf.Pdf) -> list[str]:
    found = []
    for obj in pdf.objects:
        stack = [obj]
        while stack:
            item = stack.pop()
            if isinstance(item, pikepdf.String):
                found.append(str(item))
            elif isinstance(item, pikepdf.Array):
                stack.extend(item)
            elif isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                stack.extend(v for k, v in item.items() if not (isinstance(v, (pikepdf.Dictionary, pikepdf.Stream,
                                                                                pikepdf.Array)) and v.is_indirect))
    return found


def audit_pdf(name: str, data: bytes, secrets: list[str]) -> list[Hit]:
    """The protected strings found in one PDF (and in its file name)."""
    folded = [(s, normalise(s)) for s in secrets]
    places = {"file name": re.sub(r"[-_.]+", " ", name), **pdf_strings(data)}
    hits = []
    for where, text in places.items():
        haystack = normalise(text)
        for secret, needle in folded:
            if needle and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack):
                hits.append(Hit(name, where, secret))
    return hits


def audit_folder(folder: Path, case: Case, *, every_audience: bool = False) -> tuple[list[Hit], list[str]]:
    """Audit the public PDFs of an output folder (all PDFs with ``every_audience``); return hits and files read."""
    secrets = protected_strings(case)
    hits, audited = [], []
    for path in sorted(Path(folder).glob("*.pdf")):
        data = path.read_bytes()
        if not every_audience and _audience(data) != "public":
            continue
        audited.append(path.name)
        hits += audit_pdf(path.name, data, secrets)
    return hits, audited


def _audience(data: bytes) -> str | None:
    from casebuilder.integrity.seal import read_manifest

    with pikepdf.open(io.BytesIO(data)) as pdf:
        manifest = read_manifest(pdf) or {}
    return manifest.get("audience")
