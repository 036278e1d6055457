"""Every dossier as an editable Word document, from the same HTML as its PDF.

Why pandoc (with a Lua filter, ``docx.lua`` beside this module) and not python-docx or docxtpl:
Word footnotes are the point of a legal document, and python-docx has no footnote API (its
issue #1, "Support for footnote", is still open; docxtpl's #609 asks the same), whereas pandoc's
Word writer turns a ``Note`` into a real footnote in ``word/footnotes.xml``, headings into the
``Heading N`` styles (the navigation pane), HTML tables into Word tables, and takes its styles,
page size, header and footer from a reference document. Going through pandoc also keeps the one
render path: the HTML comes from :meth:`casebuilder.render.pipeline.Renderer.html`, as the PDF's.

Steps: :func:`prepare_html` turns what CSS layout did for the PDF into content (paragraph
numbers, references, charts as PNG images with their alternative text, page-break points, the
contents as a TOC field); pandoc converts it (``--sandbox``: it reads no file but its inputs);
:func:`finish` adds the running header, the SPECIMEN mark, "Page N of M" and the document
properties with python-docx.
"""

from __future__ import annotations

import base64
import functools
import io
import shutil
import subprocess
import tempfile
from datetime import datetime
from importlib import resources
from pathlib import Path

from casebuilder.problems import CaseError, Problem

PANDOC_SECONDS = 180
"""The most one conversion may take (a bound on untrusted input, as for layout)."""

BREAK_BEFORE = ("chapter", "annex", "form-page", "sheet", "volume-cover", "list-of-annexes", "annex-sheet",
                "claim", "gaps-section", "facts-section", "exhibits-section", "checks-section")
"""Classes the built-in stylesheets start on a new page (``break-before: page``)."""

PARA_RESETS = ("form-text", "submission")
"""Classes that restart the paragraph numbers (``counter-reset: para`` in css/echr.css)."""

REFERENCE = "templates/reference.docx"
"""A case's own reference document (its firm's styles), relative to the case folder."""


def unavailable(what: str) -> CaseError:
    """The error when a tool DOCX output needs is missing (the machine's problem, said as one)."""
    return CaseError([Problem("--format", 0, 0, f"DOCX output needs {what}, which is not installed.",
                              "Install it (pandoc: apt-get install pandoc; python-docx and cairosvg: "
                              "pip install 'casebuilder[docx]'), or build with --format pdf.",
                              code="docx-unavailable")])


def prepare_html(html: str, case_root: Path | None = None) -> tuple[str, str, bool]:
    """The dossier HTML with what CSS layout does for the PDF written out for pandoc; with the
    running title and whether the SPECIMEN mark is shown (both go into the Word header)."""
    import lxml.html

    root = lxml.html.document_fromstring(html)
    running = " ".join(" ".join(root.xpath('//*[contains(concat(" ", @class, " "), " running-title ")]//text()')).split())
    specimen = "specimen" in (root.body.get("class") or "").split()
    for element in root.xpath('//*[contains(concat(" ", @class, " "), " specimen-mark ") or '
                              'contains(concat(" ", @class, " "), " running-title ")] | //link | //style | //script'):
        element.drop_tree()
    _contents(root)
    _number_paragraphs(root)
    for link in root.xpath('//a[contains(concat(" ", @class, " "), " page-ref ")]'):
        span = link.makeelement("span", {"class": "cb-pageref", "data-target": link.get("href", "").lstrip("#")})
        span.text, span.tail = "?", link.tail
        link.getparent().replace(link, span)
    for cover_title in root.xpath('//*[contains(concat(" ", @class, " "), " cover ")]//h1'):
        cover_title.tag, cover_title.attrib["class"] = "p", "cover-title"
        wrapper = cover_title.makeelement("div", {"class": "cb-title"})
        cover_title.addprevious(wrapper)
        wrapper.append(cover_title)
    for element in root.xpath("//section | //div"):
        classes = set((element.get("class") or "").split())
        if classes & set(BREAK_BEFORE) or (element.getprevious() is not None and "cover" in
                                            (element.getprevious().get("class") or "").split()):
            element.tag = "div"
            element.set("class", " ".join(sorted(classes | {"cb-break"})))
    _charts(root)
    _confine(root, case_root)
    _table_widths(root)
    return lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>"), running, specimen


def _table_widths(root) -> None:
    """Give each table column a width from its content, as a browser's automatic layout does:
    without one, pandoc's Word tables squeeze long cells into very narrow columns."""
    for table in root.xpath("//table[not(colgroup)]"):
        rows = table.xpath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
        lengths: list[list[tuple[int, int]]] = []
        for row in rows:
            for index, cell in enumerate(row.xpath("./td | ./th")):
                while len(lengths) <= index:
                    lengths.append([])
                words = cell.text_content().split()
                lengths[index].append((min(len(" ".join(words)), 400), max(map(len, words), default=0)))
        if not lengths:
            continue
        # the longest word sets a floor (no word broken), the average length the share (long texts wrap)
        weights = [max(3.0, 1.3 * max(w for _, w in col), (sum(n for n, _ in col) / len(col)) ** 0.8)
                   for col in lengths]
        total = sum(weights)
        group = table.makeelement("colgroup", {})
        for weight in weights:
            group.append(table.makeelement("col", {"width": f"{100 * weight / total:.0f}%"}))
        caption = table.find("caption")
        (caption.addnext if caption is not None else lambda g: table.insert(0, g))(group)


def _confine(root, case_root: Path | None) -> None:
    """Images become ``data:`` URIs read with the PDF renderer's confinement (case folder and
    built-in templates only); any other reference to a file or the network is removed, so that
    pandoc, which embeds what an ``<img>`` names, can reach nothing else (its ``--sandbox`` fails
    on Word output in pandoc 2.17, jgm/pandoc#8128, the version Debian 12 ships)."""
    from casebuilder.render.standalone import _data_uri, locate

    for image in root.xpath("//img"):
        source = image.get("src", "")
        if source.startswith("data:image/"):
            continue
        target = locate(source, case_root)
        if target is None:
            image.drop_tree()
        else:
            image.set("src", _data_uri(target))
    for element in root.xpath("//iframe | //object | //embed | //video | //audio | //source | //input"):
        element.drop_tree()


def _contents(root) -> None:
    """The HTML contents (links with target-counter page numbers) become one TOC field."""
    for nav in root.xpath('//nav[contains(concat(" ", @class, " "), " toc ")]'):
        title = "".join(nav.xpath('.//*[contains(@class, "toc-title")]//text()')).strip() or "Contents"
        div = nav.makeelement("div", {"class": "cb-toc cb-break", "data-title": title})
        div.tail = nav.tail
        nav.getparent().replace(nav, div)


def _number_paragraphs(root) -> None:
    """Write the numbers of ``p.para`` (a CSS counter in the PDF) and of the references to them."""
    numbers: dict[str, int] = {}
    count = 0
    for element in root.iter():
        classes = (element.get("class") or "").split() if isinstance(element.tag, str) else []
        if any(c in PARA_RESETS for c in classes):
            count = 0
        if element.tag == "p" and "para" in classes:
            count += 1
            element.text = f"{count}.\u2003" + (element.text or "")
            if element.get("id"):
                numbers[element.get("id")] = count
    for link in root.xpath('//a[contains(concat(" ", @class, " "), " para-ref ")]'):
        link.text = str(numbers.get(link.get("href", "").lstrip("#"), "?"))


def _charts(root) -> None:
    """Inline SVG charts become PNG images (cairosvg) with the chart's label as alternative text."""
    import lxml.html

    if not root.xpath("//*[local-name()='svg']"):
        return
    try:
        import cairosvg
    except (ImportError, OSError) as exc:  # OSError: the cairo library itself is missing
        raise unavailable("cairosvg (charts)") from exc
    for svg in root.xpath("//*[local-name()='svg']"):
        markup = lxml.html.tostring(svg, encoding="unicode")
        if "xmlns=" not in markup:
            markup = markup.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1)
        png = cairosvg.svg2png(bytestring=markup.encode("utf-8"), scale=2, unsafe=False, url=None)
        width = svg.get("width", "400").removesuffix("px")
        image = svg.makeelement("img", {"src": "data:image/png;base64," + base64.b64encode(png).decode("ascii"),
                                        "alt": svg.get("aria-label") or "Chart",
                                        "style": f"width: {float(width) * 0.75:.0f}pt"})
        image.tail = svg.tail
        svg.getparent().replace(svg, image)


@functools.cache
def default_reference() -> bytes:
    """casebuilder's reference document: pandoc's own, with the PDF's page and type
    (A4, 3.5 cm margins, Noto Serif 12 pt at 1.5 lines, footnotes 10 pt; templates/style.css)."""
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document(io.BytesIO(_pandoc(["--print-default-data-file", "reference.docx"], b"")))
    for section in document.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Cm(3.5)
    # table cells (pandoc's "Compact") at the size the stylesheets give tables, single-spaced
    for name, size, spacing in (("Normal", 12, 1.5), ("Body Text", 12, 1.5), ("First Paragraph", 12, 1.5),
                                ("Compact", 9.5, 1.0), ("Footnote Text", 10, 1.0), ("Title", 20, 1.0),
                                ("Heading 1", 16, 1.0), ("Heading 2", 14, 1.0), ("Heading 3", 12, 1.0)):
        style = next((s for s in document.styles if s.name == name), None)
        if style is not None:
            style.font.name, style.font.size = "Noto Serif", Pt(size)
            style.paragraph_format.line_spacing = spacing
            if name in ("Body Text", "First Paragraph", "Compact"):
                style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(0), Pt(
                    6 if spacing > 1 else 1)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def reference_for(case_root: Path | None) -> bytes:
    """The case's ``templates/reference.docx`` if it has one (inside the folder), else the default."""
    from casebuilder.render.standalone import confined

    own = confined(case_root, REFERENCE) if case_root is not None else None
    return own.read_bytes() if own is not None else default_reference()


def _pandoc(args: list[str], data: bytes) -> bytes:
    executable = shutil.which("pandoc")
    if executable is None:
        raise unavailable("pandoc")
    done = subprocess.run([executable, *args], input=data, capture_output=True, timeout=PANDOC_SECONDS, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"pandoc failed: {done.stderr.decode('utf-8', 'replace')[:2000]}")
    return done.stdout


@functools.cache
def _pandoc_major() -> int:
    first = _pandoc(["--version"], b"").decode("utf-8", "replace").split()[1]
    return int(first.split(".")[0])


def html_to_docx(html: str, reference: bytes) -> bytes:
    """Convert prepared HTML with pandoc, the Lua filter and ``reference``."""
    with tempfile.TemporaryDirectory(prefix="casebuilder-docx-") as folder:
        ref = Path(folder) / "reference.docx"
        ref.write_bytes(reference)
        lua = Path(folder) / "docx.lua"
        lua.write_bytes((resources.files("casebuilder.render") / "docx.lua").read_bytes())
        sandbox = ["--sandbox"] if _pandoc_major() >= 3 else []  # see _confine
        return _pandoc([*sandbox, "--resource-path", folder, "-f", "html", "-t", "docx", f"--lua-filter={lua}", f"--reference-doc={ref}",
                        "-o", "-"], html.encode("utf-8"))


def render_docx(html: str, *, case_root: Path | None, title: str, subject: str, keywords: tuple[str, ...],
                language: str, day, css: str = "") -> bytes:
    """One dossier's HTML (from Renderer.html) as a finished Word document (``css``: the kind's
    own stylesheet, for its page size and margins)."""
    from casebuilder.render.docx_page import finish

    prepared, running, specimen = prepare_html(html, case_root)
    raw = html_to_docx(prepared, reference_for(case_root))
    return finish(raw, running=running, specimen=specimen, title=title, subject=subject, keywords=keywords,
                  language=language, moment=datetime(day.year, day.month, day.day), css=css)


__all__ = ["BREAK_BEFORE", "default_reference", "html_to_docx", "prepare_html", "reference_for", "render_docx"]


def _kind_css(kind) -> str:
    from casebuilder.render.theme import builtin_templates_dir

    path = builtin_templates_dir() / kind.stylesheet if kind.stylesheet else None
    return path.read_text(encoding="utf-8") if path is not None and path.is_file() else ""


def docx_outputs(renderer, plan: list) -> tuple[dict[str, bytes], list[Problem]]:
    """Every planned document as DOCX, by file name, from the renderer's HTML; public ones are
    audited for protected names (a hit is a problem: the build writes nothing)."""
    from casebuilder.integrity.audit import protected_strings
    from casebuilder.integrity.audit_docx import audit_docx

    case = renderer.case
    secrets = protected_strings(case)
    files, problems = {}, []
    for planned in plan:
        try:
            context, html = renderer.html(planned)
        except CaseError as exc:
            problems += exc.problems
            continue
        name = planned.filename.removesuffix(".pdf") + ".docx"
        data = render_docx(html, case_root=case.root, title=f"{planned.kind.title}: {context['case']['title']}",
                           subject=planned.kind.title, keywords=(planned.kind.name, planned.audience),
                           language=case.case.language, day=case.case.date.start, css=_kind_css(planned.kind))
        if planned.audience == "public":
            problems += [Problem(f"output:{hit.file}", 0, 0, f"The protected name or detail '{hit.secret}' appears in "
                                 f"the public document ({hit.where}).", "Check the person's other names and the "
                                 "texts that mention them; nothing was written.", code="redaction-leak")
                         for hit in audit_docx(name, data, secrets)]
        files[name] = data
    return files, problems
