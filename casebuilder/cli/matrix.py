"""``casebuilder matrix``: which element of each claim is proven by what, and the gaps."""

from __future__ import annotations

from pathlib import Path

import click

from casebuilder.cli.output import case_argument, handle_user_errors
from casebuilder.problems import CaseError


@click.command("matrix")
@case_argument
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "html"]), default="table",
              show_default=True, help="Output format.")
@click.option("--forum", help="Only the claims pursued in this forum.")
@handle_user_errors
def matrix_command(case: Path, fmt: str, forum: str | None) -> None:
    """Show, for every claim pursued, which element is proven by what, and the gaps.

    Each element gets a status: supported (two independent sources, or one source graded A/B
    with information graded 1/2), weak (less), or gap (nothing). The gaps come last, the ones
    that matter most first.

    \b
    Example:
      casebuilder matrix my-case --format json
    """
    from casebuilder.pipeline.check import full_check
    from casebuilder.analysis.matrix import build_matrix
    from casebuilder.analysis.output import format_matrix

    result = full_check(case)
    if result.errors or result.case is None:
        raise CaseError(result.errors or result.problems)
    html = None
    if fmt == "html":  # the evidence-matrix dossier's own template, without the PDF step
        from casebuilder.render.matrix_html import render_matrix_html

        html = render_matrix_html(result.case, result.library, result.findings, forum=forum)
    click.echo(format_matrix(build_matrix(result.case, result.library, forum=forum), fmt, html=html), nl=False)
