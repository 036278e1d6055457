"""``casebuilder verify``: whether a dossier is intact, from the PDF file alone."""

from __future__ import annotations

import sys
from pathlib import Path

import click


@click.command("verify")
@click.argument("dossier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--case", "case_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Also check that the case's files still match those the dossier was built from.")
@click.option("--trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A certificate to trust as a root when checking signatures (repeatable).")
def verify_command(dossier: Path, case_dir: Path | None, trust: tuple[Path, ...]) -> None:
    """Say whether a dossier is intact, from the PDF file alone.

    Recomputes the digests of every page and attachment recorded in the dossier's embedded
    manifest, validates its digital signatures, and with --case compares the evidence files.
    Exits 0 only when everything holds.

    \b
    Example:
      casebuilder verify output/my-case/ngo-briefing.pdf --case my-case
    """
    from casebuilder.integrity.verify import verify_pdf

    verdict = verify_pdf(dossier, case_dir, list(trust))
    for line in verdict.ok:
        click.echo(click.style("ok    ", fg="green") + line)
    for line in verdict.failures:
        click.echo(click.style("FAIL  ", fg="red") + line)
    for line in verdict.notes:
        click.echo("note  " + line)
    click.echo(f"{dossier}: " + ("intact." if verdict.intact else "NOT intact."))
    sys.exit(0 if verdict.intact else 1)
