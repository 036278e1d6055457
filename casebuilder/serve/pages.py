"""Page assembly for the live preview: the dossiers' own HTML (from the one render path) made
viewable in a browser, and the preview's own pages (index, problems, one record's text).

A dossier page is the HTML the PDF is rendered from, with three changes only: its virtual asset
URLs point at the server (``/builtin/…``, ``/case/…``), the screen stylesheet is linked after
the print ones, and a bar and a script are added. The script numbers footnotes and paragraph
references as the PDF's layout does, and reloads the page when the case changes.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from casebuilder.problems import Problem, summarise
from casebuilder.render.theme import BUILTIN_URL, CASE_URL

SCREEN_CSS = "/builtin/screen.css"

_SCRIPT = """<script>
(function () {
  var generation = %d;
  function number() {
    var notes = document.querySelectorAll("span.fn"), list = document.createElement("ol");
    list.className = "cb-footnotes";
    notes.forEach(function (note, i) {
      var n = i + 1, call = document.createElement("sup"), item = document.createElement("li");
      call.className = "cb-fn-call"; call.innerHTML = '<a href="#cb-fn-' + n + '" id="cb-fnref-' + n + '">' + n + "</a>";
      item.id = "cb-fn-" + n; item.innerHTML = note.innerHTML;
      note.parentNode.insertBefore(call, note); list.appendChild(item);
    });
    if (notes.length) (document.querySelector("main") || document.body).appendChild(list);
    var paras = {}, count = 0;  // the para counter restarts where css/echr.css resets it
    document.querySelectorAll("p.para, .form-text, section.submission").forEach(function (el) {
      if (!el.matches("p.para")) { count = 0; return; }
      count += 1; if (el.id) paras[el.id] = count;
    });
    document.querySelectorAll("a.para-ref").forEach(function (a) {
      var id = a.getAttribute("href").slice(1); a.textContent = paras[id] || "?";
    });
    document.querySelectorAll("a.page-ref").forEach(function (a) { if (!a.textContent) a.textContent = "\\u2197"; });
  }
  function listen() {
    if (!window.EventSource) { setInterval(poll, 1000); return; }
    var source = new EventSource("/_events");
    source.onmessage = function (event) { if (Number(event.data) !== generation) location.reload(); };
  }
  function poll() {
    fetch("/_generation").then(function (r) { return r.text(); })
      .then(function (t) { if (Number(t) !== generation) location.reload(); });
  }
  document.addEventListener("DOMContentLoaded", function () { number(); listen(); });
})();
</script>"""


def bar(links: list[tuple[str, str]], problems: list[Problem]) -> Markup:
    """The preview's navigation bar: every page, and how many problems the case has."""
    items = Markup(" ").join(Markup('<a href="{}">{}</a>').format(href, label) for href, label in links)
    errors = sum(1 for p in problems if p.is_error)
    note = Markup('<a class="cb-warn" href="/problems">{}</a>').format(summarise(problems)) if problems else ""
    return Markup('<nav class="cb-preview-bar" data-errors="{}"><strong>casebuilder preview</strong> {} {}</nav>'
                  ).format(errors, items, note)


def dossier_page(html: str, generation: int, nav: Markup) -> str:
    """A rendered dossier made viewable: served asset URLs, screen stylesheet, bar and script."""
    html = html.replace(BUILTIN_URL, "/builtin/").replace(CASE_URL, "/case/")
    head = f'<link rel="stylesheet" href="{SCREEN_CSS}">\n{_SCRIPT % generation}\n</head>'
    html = html.replace("</head>", head, 1)
    start = html.find("<body")
    end = html.find(">", start) + 1 if start >= 0 else -1
    return html[:end] + "\n" + str(nav) + html[end:] if end > 0 else html


def shell(title: str, body: Markup | str, generation: int, nav: Markup) -> str:
    """One of the preview's own pages, in the built-in styles."""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f'<link rel="stylesheet" href="/builtin/style.css">\n<link rel="stylesheet" href="{SCREEN_CSS}">\n'
            f"{_SCRIPT % generation}\n</head>\n<body>\n{nav}\n<main>\n<h1>{escape(title)}</h1>\n{body}\n</main>\n"
            "</body>\n</html>\n")


def problems_list(problems: list[Problem]) -> Markup:
    """Each problem as the command line prints it, ``file:line:col: severity: message hint``."""
    if not problems:
        return Markup("<p>No problems found.</p>")
    items = Markup("\n").join(Markup('<li class="{}" data-location="{}">{}</li>').format(
        p.severity.value, p.location(), p.format()) for p in problems)
    return Markup('<p class="cb-summary">{}</p>\n<ol class="cb-problems">\n{}\n</ol>').format(
        summarise(problems), items)


def index_body(documents: list[tuple[str, str, str]], problems: list[Problem]) -> Markup:
    """The index: every planned dossier (href, title, audience), the matrix and the problems."""
    rows = Markup("\n").join(Markup('<li><a href="{}">{}</a> ({})</li>').format(*d) for d in documents)
    return Markup('<ul class="cb-documents">\n{}\n<li><a href="/matrix">Evidence matrix (filterable)</a></li>\n'
                  '<li><a href="/problems">Problems</a> ({})</li>\n</ul>').format(rows, summarise(problems))


def record_body(record_id: str, where: str, fields: list[tuple[str, str]]) -> Markup:
    """The text of one fact or evidence record, and the file and line it was written at."""
    rows = Markup("\n").join(Markup("<dt>{}</dt><dd>{}</dd>").format(k, v) for k, v in fields if v)
    return Markup('<p class="cb-where">{}</p>\n<dl class="cb-record" id="{}">\n{}\n</dl>').format(where, record_id, rows)
