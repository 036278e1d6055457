"""What each page of the preview shows, for one generation of the case.

``/`` the index, ``/case/<dossier>.html`` a dossier (its URL sits in the case folder's virtual
place, as WeasyPrint sees it, so that case-relative assets resolve the same way), ``/matrix``
the filterable matrix, ``/problems`` every problem, ``/record/<id>`` the text of a fact or record.
A case with errors shows its problems in place of every dossier and of the matrix.
"""

from __future__ import annotations

from markupsafe import Markup

from casebuilder.problems import CaseError
from casebuilder.serve import pages
from casebuilder.serve.state import Snapshot


def _nav(snapshot: Snapshot) -> Markup:
    links = [("/", "Index")] + [(href, title) for href, title, _ in documents(snapshot)]
    return pages.bar(links + [("/matrix", "Matrix"), ("/problems", "Problems")], snapshot.problems)


def documents(snapshot: Snapshot) -> list[tuple[str, str, str]]:
    """(URL, title, audience) of every planned dossier."""
    return [(dossier_url(p.filename), p.kind.title + (f" ({p.applicant})" if p.applicant else ""), p.audience)
            for p in snapshot.plan]


def dossier_url(filename: str) -> str:
    """The preview URL of a planned document (``ngo-briefing.pdf`` -> ``/case/ngo-briefing.html``)."""
    return "/case/" + filename.removesuffix(".pdf") + ".html"


def blocked(snapshot: Snapshot) -> str:
    """The page that replaces a dossier while the case has errors: each located problem."""
    body = Markup("<p>The case has errors; the dossier comes back as soon as they are fixed.</p>\n") \
        + pages.problems_list(snapshot.problems)
    return pages.shell("Problems", body, snapshot.generation, _nav(snapshot))


def index(snapshot: Snapshot) -> str:
    """The index page."""
    if snapshot.blocked:
        return blocked(snapshot)
    return pages.shell("Preview", pages.index_body(documents(snapshot), snapshot.problems), snapshot.generation,
                       _nav(snapshot))


def problems(snapshot: Snapshot) -> str:
    """Every problem of the case."""
    return pages.shell("Problems", pages.problems_list(snapshot.problems), snapshot.generation, _nav(snapshot))


def dossier(snapshot: Snapshot, url: str) -> str | None:
    """The dossier at ``url``, None when no planned dossier has it."""
    if snapshot.blocked:
        return blocked(snapshot)
    planned = next((p for p in snapshot.plan if dossier_url(p.filename) == url), None)
    if planned is None:
        return None
    try:
        _, html = snapshot.renderer.html(planned)
    except CaseError as exc:  # a case template's error, located at templates/NAME:LINE
        return pages.shell("Problems", pages.problems_list(exc.problems), snapshot.generation, _nav(snapshot))
    return pages.dossier_page(html, snapshot.generation, _nav(snapshot))


def matrix(snapshot: Snapshot) -> str:
    """The filterable evidence matrix."""
    if snapshot.blocked:
        return blocked(snapshot)
    from casebuilder.render.matrix_html import filterable_matrix

    assert snapshot.checked is not None and snapshot.checked.case is not None  # not blocked: the case loaded
    table = filterable_matrix(snapshot.checked.case, snapshot.checked.library)
    return pages.shell("Evidence matrix", table, snapshot.generation, _nav(snapshot))


def record(snapshot: Snapshot, record_id: str) -> str | None:
    """The text of one fact or evidence record, None when the case has no such id."""
    case = snapshot.checked.case if snapshot.checked else None
    located = None if case is None else case.facts.get(record_id) or case.evidence.get(record_id)
    if located is None:
        return None
    item = located.item
    path, line, col = located.where()
    quotes = " | ".join(q.text for q in getattr(item, "quotes", ()))
    source = getattr(getattr(item, "source", None), "title", "")
    fields = [("Title", str(getattr(item, "title", ""))), ("Date", str(getattr(getattr(item, "date", ""), "text",
                                                                              getattr(item, "date", "")))),
              ("Description", str(getattr(item, "description", "") or "")),
              ("Summary", str(getattr(item, "summary", "") or "")), ("Quotes", quotes), ("Source", str(source))]
    body = pages.record_body(record_id, f"{path}:{line}:{col}", fields)
    return pages.shell(f"{record_id}", body, snapshot.generation, _nav(snapshot))
