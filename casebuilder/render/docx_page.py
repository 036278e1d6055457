"""The page furniture of a Word dossier, added after pandoc with python-docx: the running header
(and the SPECIMEN mark) and "Page N of M" on every page but the cover, as in the PDF
(templates/style.css: ``@page`` and ``@page cover``); the document properties; and the setting
that makes Word offer to update the fields (contents, page references) when the file is opened.

A case's own reference document that already has a header or footer keeps it (its firm's).
"""

from __future__ import annotations

import io
import re
from datetime import datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor


def _field(paragraph, instruction: str) -> None:
    """Append a field (PAGE, NUMPAGES) to a paragraph, marked dirty so that it is computed."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        run = paragraph.add_run()
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            if kind == "begin":
                char.set(qn("w:dirty"), "true")
            run._r.append(char)
        elif text == instruction:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            run._r.append(instr)
        else:
            run.text = text


def _has_text(part) -> bool:
    return any(p.text.strip() for p in part.paragraphs) or bool(part._element.xpath(".//w:fldChar"))


def _header(section, running: str, specimen: bool) -> None:
    header = section.header
    header.is_linked_to_previous = False
    if _has_text(header):
        return
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if specimen:  # the PDF's SPECIMEN mark crosses every page; Word shows it in every header
        mark = paragraph.add_run("SPECIMEN  ")
        mark.bold, mark.font.size, mark.font.color.rgb = True, Pt(11), RGBColor(0xA0, 0x00, 0x00)
    title = paragraph.add_run(running)
    title.italic, title.font.size = True, Pt(9.5)


def _footer(section) -> None:
    footer = section.footer
    footer.is_linked_to_previous = False
    if _has_text(footer):
        return
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" of ")
    _field(paragraph, "NUMPAGES")


def page_setup(css: str) -> tuple[bool, list[float] | None]:
    """(landscape, margins in cm: top right bottom left) from a stylesheet's first ``@page`` rule."""
    match = re.search(r"@page\s*\{([^}]*)", css)
    if match is None:
        return False, None
    body = match.group(1)
    landscape = bool(re.search(r"size:\s*A4\s+landscape", body))
    margin = re.search(r"margin:\s*([0-9.]+cm(?:\s+[0-9.]+cm){0,3})\s*;", body)
    if margin is None:
        return landscape, None
    values = [float(v.removesuffix("cm")) for v in margin.group(1).split()]
    values = (values * 4)[:4] if len(values) == 1 else (values + values)[:4] if len(values) == 2 else (
        values + [values[1]])[:4]
    return landscape, values


def _apply_page(section, css: str) -> None:
    landscape, margins = page_setup(css)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    if margins:
        section.top_margin, section.right_margin, section.bottom_margin, section.left_margin = map(Cm, margins)


def finish(data: bytes, *, running: str, specimen: bool, title: str, subject: str, keywords: tuple[str, ...],
           language: str, moment: datetime, css: str = "") -> bytes:
    """Add header, footer, properties and update-fields-on-open to pandoc's document; ``css``:
    the kind's stylesheet, whose ``@page`` size and margins the document takes."""
    document = Document(io.BytesIO(data))
    for section in document.sections:
        _apply_page(section, css)
        section.different_first_page_header_footer = True  # the cover: no running title, no number
        _header(section, running, specimen)
        _footer(section)
    properties = document.core_properties
    properties.title, properties.subject, properties.keywords = title, subject, ", ".join(keywords)
    properties.author = properties.last_modified_by = ""
    properties.language, properties.created, properties.modified = language, moment, moment
    properties.revision = 1
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    document.settings.element.append(update)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
