"""The evidence matrix as HTML (``casebuilder matrix CASE --format html``): the evidence-matrix
dossier's template rendered without the PDF step, with the built-in stylesheets inlined so that
the page reads well when opened in a browser.
"""

from __future__ import annotations

import dataclasses
import re

from markupsafe import Markup

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


# --- the filterable matrix of the live preview (casebuilder serve) --------------------------------

_FILTER_SCRIPT = """<script>
(function () {
  function apply() {
    var wanted = {};
    document.querySelectorAll(".cb-filters select").forEach(function (s) { wanted[s.name] = s.value; });
    document.querySelectorAll("table.cb-matrix tbody tr").forEach(function (row) {
      var shown = Object.keys(wanted).every(function (k) { return !wanted[k] || row.dataset[k] === wanted[k]; });
      row.hidden = !shown;
    });
  }
  document.addEventListener("change", function (e) { if (e.target.closest(".cb-filters")) apply(); });
})();
</script>"""


def _links(ids: list[str]) -> Markup:
    return Markup(", ").join(Markup('<a class="cb-record-link" href="/record/{0}">{0}</a>').format(i) for i in ids)


def _select(name: str, label: str, options: list[tuple[str, str]]) -> Markup:
    choices = Markup("").join(Markup('<option value="{}">{}</option>').format(v, t) for v, t in options)
    return Markup('<label>{} <select name="{}"><option value="">all</option>{}</select></label>').format(
        label, name, choices)


def filterable_matrix(case: Case, library) -> Markup:
    """The evidence matrix as one table, a row per element of each claim pursued, which the
    browser filters by claim, status and respondent; each fact and record links to its text."""
    from casebuilder.analysis.matrix import STATUS_ORDER, build_matrix

    matrix = build_matrix(case, library)
    rows = []
    for claim in matrix.claims:
        for element in claim.elements:
            rows.append(Markup(
                '<tr class="{status}" data-claim="{claim}" data-status="{status}" data-respondent="{resp}">'
                '<td>{claim}</td><td>{title}</td><td>{resp_name}</td><td>{text}</td><td class="status">{status}</td>'
                '<td class="facts">{facts}</td><td class="records">{records}</td><td>{sources}</td></tr>').format(
                status=element.status, claim=claim.id, resp=claim.respondent, title=claim.title,
                resp_name=claim.respondent_name, text=element.text, facts=_links(element.facts),
                records=_links(element.evidence), sources=element.sources))
    claims = [(c.id, f"{c.id}: {c.title}") for c in matrix.claims]
    respondents = list(dict.fromkeys((c.respondent, c.respondent_name) for c in matrix.claims))
    filters = Markup('<div class="cb-filters">{}{}{}</div>').format(
        _select("claim", "Claim", claims), _select("status", "Status", [(s, s) for s in STATUS_ORDER]),
        _select("respondent", "Respondent", respondents))
    head = Markup("<thead><tr><th>Claim</th><th>Title</th><th>Respondent</th><th>Element</th><th>Status</th>"
                  "<th>Facts</th><th>Records</th><th>Sources</th></tr></thead>")
    return Markup('{}\n<table class="cb-matrix">{}<tbody>\n{}\n</tbody></table>\n{}').format(
        filters, head, Markup("\n").join(rows), Markup(_FILTER_SCRIPT))  # noqa: S704 - a constant script
