"""Stage 5, render: the one path every document takes, context -> template -> PDF -> seal.

Dossiers, application packs and the matrix HTML all pass through :class:`Renderer`, so that
each is laid out, checked against its page limits and sealed the same way. One renderer (and one
Jinja environment) serves a whole build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from typing import Any

from casebuilder.dossier.context import build_context
from casebuilder.dossier.kinds import Planned
from casebuilder.integrity.manifest import document_manifest, embedded_files, pdf_date
from casebuilder.integrity.seal import seal_pdf
from casebuilder.problems import CaseError, Problem
from casebuilder.render.bundle import Bundle
from casebuilder.render.theme import make_environment
from casebuilder.validate.case import Case


@dataclass(frozen=True)
class BuiltDocument:
    """One rendered and sealed document, before it is written."""

    planned: Planned
    """What was planned."""
    pdf: bytes
    """The sealed PDF."""
    html: str
    """The HTML it was rendered from."""
    pages: int
    """Its page count."""
    anchors: dict[str, int] = field(default_factory=dict)
    """Element id -> page number."""


class Renderer:
    """Renders the documents of one case with one Jinja environment."""

    def __init__(self, case: Case, library: Any, findings: list | None = None):
        self.case, self.library, self.findings = case, library, list(findings or [])
        self.env = make_environment(case.root)

    def html(self, planned: Planned, *, case: Case | None = None,
             findings: list | None = None) -> tuple[dict[str, Any], str]:
        """The template context and HTML of one document (``case``: a narrowed view of the case,
        e.g. one applicant's pack)."""
        case = case or self.case
        context = build_context(case, planned, self.library, self.findings if findings is None else findings)
        context.setdefault("bundle", {})  # filled by the render path when the kind has a bundle
        return context, self._render(planned, context)

    def document(self, planned: Planned, *, case: Case | None = None, findings: list | None = None,
                 inputs: dict[str, str] | None = None,
                 extra: dict[str, Any] | None = None) -> tuple[BuiltDocument, list[Problem]]:
        """Render, lay out and seal one document; return it with the problems its pages raise."""
        from casebuilder.render.pdf import PdfMetadata, render_pdf  # imports WeasyPrint: only when building

        case = case or self.case
        context, html = self.html(planned, case=case, findings=findings)
        unfinished = unfinished_problems(planned, html)
        if unfinished:
            raise CaseError(unfinished)
        metadata = PdfMetadata(title=f"{planned.kind.title}: {context['case']['title']}", date=case.case.date.start,
                               language=case.case.language, subject=planned.kind.title,
                               keywords=(planned.kind.name, planned.audience), author="")
        bundle, problems = Bundle.of(case, context, planned)

        def lay_out(ranges: dict[str, Any]) -> tuple[str, Any]:
            page = self._render(planned, {**context, "bundle": ranges}) if bundle.enabled else html
            return page, render_pdf(page, case_root=case.root, metadata=metadata,
                                    attachments=embedded_files(case, context, planned), origin="templates/")

        try:
            html, rendered, ranges = bundle.lay_out(lay_out)
            pdf = bundle.assemble(rendered.pdf, ranges)
        finally:
            bundle.close()
        manifest = document_manifest(case, planned, inputs=inputs, extra=extra)
        sealed = seal_pdf(pdf, manifest, pdf_date(case))
        pages = rendered.page_count + ranges.get("pages", 0)
        built = BuiltDocument(planned, sealed, html, pages, rendered.anchors)
        return built, problems + page_problems(planned, rendered.page_count, rendered.anchors, ranges.get("pages", 0))

    def _render(self, planned: Planned, context: dict[str, Any]) -> str:
        """One pass of the template; the footnotes start afresh, so that every pass (the bundle's
        second pass included) cites each source in full the first time."""
        context["footnotes"].reset()
        return self.env.render(planned.kind.template, context)

    def warm(self, planned: Planned) -> None:
        """Compile the template and load WeasyPrint and its fonts once, before workers fork."""
        from casebuilder.output.workers import warm_renderer

        self.env.get_template(planned.kind.template)
        warm_renderer(self.case.case.date.start)


def render_document(case: Case, library: Any, planned: Planned, findings: list) -> tuple[BuiltDocument, list[Problem]]:
    """Render one document of ``case`` (a convenience for a single document)."""
    return Renderer(case, library, findings).document(planned)


_UNFINISHED = re.compile(r'<(\w+)[^>]*\bclass="(?:tbc|flag\b[^"]*|counsel-note[^"]*)"[^>]*>(.*?)</\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


def unfinished_problems(planned: Planned, html: str) -> list[Problem]:
    """In a final build, a court filing may hold no placeholder ('to be completed'), no flag and no
    note for counsel: each one found is a problem naming the document and what it says."""
    if not planned.final or planned.audience != "court":
        return []
    problems = []
    for match in _UNFINISHED.finditer(html):
        text = " ".join(unescape(_TAG.sub(" ", match.group(2))).split()).rstrip(".")
        problems.append(Problem(f"output:{planned.filename}", 0, 0, f"The filing still holds a note for counsel or "
                                f"a placeholder: \u201c{text[:160]}\u201d.", "Complete the case data it asks for (the "
                                "draft's 'Before filing' page lists each), or waive the check with reasons.",
                                code="unfinished"))
    return problems


def page_problems(planned: Planned, pages: int, anchors: dict[str, int], bundle_pages: int = 0) -> list[Problem]:
    """The page limits a document breaks, each naming its rule and the pages counted
    (``bundle_pages``: the exhibits' own pages that follow it)."""
    problems = []
    where = f"output:{planned.filename}"
    limit = planned.kind.max_pages
    if limit and pages > limit:
        problems.append(Problem(where, 0, 0, f"The {planned.kind.title.lower()} has {pages} pages; at most {limit} "
                                f"are allowed.", "Shorten the texts it draws on (summary, quotes, recommendations).",
                                code="page-limit"))
    for part in planned.kind.section_limits:
        if part.bundle and bundle_pages > part.pages:
            problems.append(Problem(where, 0, 0, f"The exhibits in the bundle have {bundle_pages} pages, more than "
                                    f"{part.pages}: {part.rule}.", "Annex only strictly selected documents, or "
                                    "extracts of the longest.", code="page-limit"))
        elif part.start in anchors and part.end in anchors:
            used = anchors[part.end] - anchors[part.start] + 1
            if used > part.pages:
                problems.append(Problem(where, 0, 0, f"Pages {anchors[part.start]}-{anchors[part.end]} ({used} pages) "
                                        f"exceed the limit of {part.pages}: {part.rule}.",
                                        "Shorten the facts or arguments that part draws on.", code="page-limit"))
    return problems
