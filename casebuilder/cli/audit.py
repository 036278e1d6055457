"""``casebuilder audit-redaction``: protected names found in the public dossiers of a folder."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casebuilder.cli.output import handle_user_errors
from casebuilder.problems import CaseError


@click.command("audit-redaction")
@click.argument("output_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--case", "case_dir", required=True, type=click.Path(exists=True, path_type=Path),
              help="The case whose protected persons to look for.")
@click.option("--all", "every", is_flag=True, help="Audit court and confidential dossiers too.")
@handle_user_errors
def audit_command(output_dir: Path, case_dir: Path, every: bool) -> None:
    """List every protected name or spelling found in the public dossiers of a folder.

    Looks in the page text, metadata, bookmarks, every string of the PDF (alt text, links),
    the attachments and the file names. It cannot see text inside images. Exits 1 on any hit.

    \b
    Example:
      casebuilder audit-redaction output/my-case --case my-case
    """
    from casebuilder.integrity.audit import audit_folder
    from casebuilder.pipeline.check import full_check

    checked = full_check(case_dir)
    if checked.case is None:
        raise CaseError(checked.errors)
    hits, audited = audit_folder(output_dir, checked.case, every_audience=every)
    for hit in hits:
        click.echo(f"{hit.file}: {hit.where}: '{hit.secret}'")
    click.echo(f"{len(hits)} protected string(s) found in {len(audited)} dossier(s): {', '.join(audited) or 'none'}.")
    sys.exit(1 if hits else 0)
