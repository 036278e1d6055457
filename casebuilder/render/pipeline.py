"""Stage 5, render: one planned document to HTML (Jinja2) and PDF (WeasyPrint), with the checks
that need the laid-out pages (page limits of the forums and audiences).
"""

from __future__ import annotations

from casebuilder.validate.case import Case
from casebuilder.dossier.context import build_context
from casebuilder.dossier.kinds import Planned
from casebuilder.integrity.manifest import document_manifest, embedded_files, pdf_date
from casebuilder.render.pdf import PdfMetadata, render_pdf
from casebuilder.problems import Problem
from casebuilder.integrity.seal import seal_pdf
from casebuilder.render.theme import make_environment

# Page limits that need the layout: (id of the part's first element, id of a marker at its very end,
# the most pages, the rule). The templates place both ids.
SECTION_LIMITS = {
    "echr-application": [
        ("annex-start", "annex-end", 20, "Rule 47 § 2 (b) of the Rules of Court: additional submissions "
                                         "may not exceed 20 pages"),
        ("form-E", "form-E-end", 3, "the application form gives three pages to the statement of facts (section E)"),
        ("form-F", "form-F-end", 2, "the application form gives two pages to the alleged violations (section F)"),
        ("form-G", "form-G-end", 1, "the application form gives one page to compliance with Article 35 § 1 (section G)"),
    ],
    "icj-memorial": [
        ("annexes-start", "annexes-end", 750, "Practice Direction III of the ICJ: annexes should not exceed "
                                              "750 pages in total"),
    ],
}


def render_document(case: Case, library, planned: Planned, findings: list) -> tuple[object, list[Problem]]:
    """Render one document; return it with the problems its pages raise (e.g. too many pages)."""
    from casebuilder.pipeline.build import BuiltDocument

    context = build_context(case, planned, library, findings)
    html = make_environment(case.root).render(f"{planned.kind.name}.html", context)
    metadata = PdfMetadata(title=f"{planned.kind.title}: {context['case']['title']}", date=case.case.date.start,
                           language=case.case.language, subject=planned.kind.title,
                           keywords=(planned.kind.name, planned.audience), author="")
    rendered = render_pdf(html, case_root=case.root, metadata=metadata,
                          attachments=embedded_files(case, context, planned), origin="templates/")
    sealed = seal_pdf(rendered.pdf, document_manifest(case, planned), pdf_date(case))
    built = BuiltDocument(planned, sealed, html, rendered.page_count, rendered.anchors)
    return built, page_problems(planned, rendered.page_count, rendered.anchors)


def page_problems(planned: Planned, pages: int, anchors: dict[str, int]) -> list[Problem]:
    """The page limits a document breaks, each naming its rule and the pages counted."""
    problems = []
    where = f"output:{planned.filename}"
    limit = planned.kind.max_pages
    if limit and pages > limit:
        problems.append(Problem(where, 0, 0, f"The {planned.kind.title.lower()} has {pages} pages; at most {limit} "
                                f"are allowed.", "Shorten the texts it draws on (summary, quotes, recommendations).",
                                code="page-limit"))
    for start, end, most, rule in SECTION_LIMITS.get(planned.kind.name, []):
        if start in anchors and end in anchors:
            used = anchors[end] - anchors[start] + 1
            if used > most:
                problems.append(Problem(where, 0, 0, f"Pages {anchors[start]}-{anchors[end]} ({used} pages) exceed "
                                        f"the limit of {most}: {rule}.",
                                        "Shorten the facts or arguments that part draws on.", code="page-limit"))
    return problems

