"""The evidence matrix as HTML (``casebuilder matrix CASE --format html``): the evidence-matrix
dossier's template rendered without the PDF step, with the built-in stylesheets inlined so that
the page reads well when opened in a browser.
"""

from __future__ import annotations

import dataclasses
import re

from casebuilder.validate.case import Case
from casebuilder.dossier.kinds import KINDS, Planned
from casebuilder.render.theme import BUILTIN_URL, builtin_templates_dir

KIND = "evidence-matrix"
_BUILTIN_LINK = re.compile(r'<link rel="stylesheet" href="' + re.escape(BUILTIN_URL) + r'([A-Za-z0-9_./-]+\.css)">')


def plan_matrix(audience: str | None = None, forum: str | None = None) -> Planned:
    """The evidence-matrix document, for ``audience`` (default: confidential), limited to the
    claims pursued in ``forum`` when one is given."""
    kind = KINDS[KIND]
    if forum:
        kind = dataclasses.replace(kind, forum=forum)
    return Planned(kind, kind.filename(), audience or kind.audience)


def render_matrix_html(case: Case, library, findings: list | None = None, *, forum: str | None = None,
                       audience: str | None = None, inline_css: bool = True) -> str:
    """Render the evidence matrix of a checked case to HTML through the evidence-matrix template
    (the case's own override of it, if any). With ``inline_css``, the built-in stylesheets the page
    links to are copied into it (a case stylesheet stays a link, relative to the case folder)."""
    from casebuilder.render.pipeline import Renderer

    _, html = Renderer(case, library, findings).html(plan_matrix(audience, forum))
    return inline_builtin_css(html) if inline_css else html


def inline_builtin_css(html: str) -> str:
    """Replace each ``<link>`` to a built-in stylesheet by a ``<style>`` holding it."""
    root = builtin_templates_dir().resolve()

    def inline(match: re.Match) -> str:
        path = (root / match.group(1)).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            return match.group(0)
        css = path.read_text(encoding="utf-8").replace("</", "<\\/")
        return f"<style>\n{css}</style>"

    return _BUILTIN_LINK.sub(inline, html)
