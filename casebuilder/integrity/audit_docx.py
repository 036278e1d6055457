"""The redaction audit for Word documents: every place of a DOCX where a protected name can hide.

A DOCX is a ZIP of XML parts. The text of every part is searched (document body, footnotes,
endnotes, headers, footers, comments, the core, app and custom document properties, and any
other part), then the values of every attribute (alternative text of images ``descr``/``title``,
bookmark and field names, hyperlink targets in the relationships), then the names of the files
inside it (embedded images keep the name they were given). The matching is the PDF audit's
(:func:`casebuilder.integrity.audit.audit_pdf`): case-folded, accents composed, whole words.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from casebuilder.integrity.audit import Hit, normalise

_BREAKS = {"p", "br", "tab", "cr", "tr", "tc"}
"""Word elements that separate text (so that two runs are not glued into one word)."""

MAX_PART_BYTES = 256 * 1024 * 1024


def docx_strings(data: bytes) -> dict[str, str]:
    """Every place of a DOCX where text can hide, as {place: text}."""
    places: dict[str, str] = {}
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        places["part names"] = " | ".join(re.sub(r"[-_.]+", " ", n) for n in archive.namelist())
        for info in archive.infolist():
            if not info.filename.endswith((".xml", ".rels")) or info.file_size > MAX_PART_BYTES:
                continue
            text, attributes = _part_text(archive.read(info))
            places[info.filename] = text
            places[f"{info.filename} (attributes)"] = attributes
    return places


def _part_text(xml: bytes) -> tuple[str, str]:
    """The text of one XML part (runs joined, paragraphs apart) and its attribute values."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        raw = xml.decode("utf-8", "replace")
        return re.sub(r"<[^>]+>", " ", raw), raw
    pieces, attributes = [], []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local in _BREAKS:
            pieces.append("\n")
        if element.text:
            pieces.append(element.text)
        attributes.extend(element.attrib.values())
        if element.tail and element.getparent() is not None and element.tail.strip():
            pieces.append(element.tail)
    return "".join(pieces), " | ".join(attributes)


def audit_docx(name: str, data: bytes, secrets: list[str]) -> list[Hit]:
    """The protected strings found in one DOCX (and in its file name)."""
    folded = [(s, normalise(s)) for s in secrets]
    places = {"file name": re.sub(r"[-_.]+", " ", name), **docx_strings(data)}
    hits = []
    for where, text in places.items():
        haystack = normalise(text)
        for secret, needle in folded:
            if needle and re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", haystack):
                hits.append(Hit(name, where, secret))
    return hits
