"""The evidence matrix as text for the terminal, JSON, CSV, or HTML (the matrix dossier's own HTML)."""

from __future__ import annotations

import csv
import io
import json

from casebuilder.analysis.matrix import Matrix

STATUS_MARK = {"supported": "supported", "weak": "WEAK", "gap": "GAP"}
CSV_COLUMNS = ["claim", "title", "respondent", "forums", "element", "text", "status", "facts", "evidence",
               "contradicting", "best_grade", "weakest_grade", "independent_sources", "verified", "reasoning"]


def format_matrix(matrix: Matrix, fmt: str, html: str | None = None) -> str:
    """Render the matrix as ``table``, ``json``, ``csv`` or ``html``.

    ``html`` is the evidence-matrix document itself, rendered through its template by
    :func:`casebuilder.render.matrix_html.render_matrix_html` (which needs the case, not just the matrix).
    """
    if fmt == "json":
        return json.dumps(matrix.to_json(), indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(matrix)
    if fmt == "html":
        if html is None:
            raise ValueError("The html format needs the rendered page: use casebuilder.render.matrix_html.render_matrix_html.")
        return html if html.endswith("\n") else html + "\n"
    return _table(matrix)


def _csv(matrix: Matrix) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for claim in matrix.claims:
        for e in claim.elements:
            writer.writerow([claim.id, claim.title, claim.respondent, " ".join(claim.forum), e.id, e.text, e.status,
                             " ".join(e.facts), " ".join(e.evidence), " ".join(e.contradicting), e.best_grade,
                             e.weakest_grade, e.sources, "yes" if e.verified else "no", e.reasoning])
    return out.getvalue()


def _table(matrix: Matrix) -> str:
    from rich.console import Console
    from rich.table import Table

    buffer = io.StringIO()
    console = Console(file=buffer, width=140, color_system=None, record=False)
    for claim in matrix.claims:
        counts = claim.counts
        table = Table(title=f"{claim.title} ({claim.id}) against {claim.respondent_name}: "
                            f"{counts['supported']} supported, {counts['weak']} weak, {counts['gap']} gaps",
                      title_justify="left", show_lines=False, expand=True)
        for column, ratio in (("#", 1), ("Element", 9), ("Status", 2), ("Facts", 3), ("Evidence", 4),
                              ("Grades", 2), ("Against", 2)):
            table.add_column(column, ratio=ratio, overflow="fold")
        for e in claim.elements:
            grades = f"{e.best_grade}-{e.weakest_grade}" if e.best_grade else ""
            text = e.text + ("" if e.verified else " [unverified]") + (" [context]" if e.context else "")
            table.add_row(e.id, text, STATUS_MARK[e.status], ", ".join(e.facts), ", ".join(e.evidence), grades,
                          ", ".join(e.contradicting))
        console.print(table)
        console.print()
    gaps = matrix.gaps()
    console.print(f"Gaps and weak elements, most important first ({len(gaps)}):")
    for claim, e in gaps:
        console.print(f"  {STATUS_MARK[e.status]:>4}  {claim.id} element {e.id} (weight {e.weight}): {e.text[:90]}")
    return buffer.getvalue()
