"""``casebuilder build``: check the case, then build its dossiers as PDF."""

from __future__ import annotations

from pathlib import Path

import click

from casebuilder.cli.output import case_argument, handle_user_errors
from casebuilder.dossier.kinds import KINDS


@click.command("build")
@case_argument
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help=f"Build only this kind (repeatable): {', '.join(KINDS)}.")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder (default: output/<case short name>).")
@click.option("--html", is_flag=True, help="Also write the HTML each PDF is rendered from.")
@click.option("--audience", type=click.Choice(["court", "confidential", "public"]),
              help="Build for this audience instead of each kind's default.")
@click.option("--strict", is_flag=True, help="Refuse to build when the check finds warnings.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Documents rendered at once; 0 uses every core.")
@click.option("--force", is_flag=True, help="Rebuild even when the outputs are up to date.")
@click.option("--final", is_flag=True, help="A final build: refuse any court filing that still holds a note for "
                                            "counsel, a placeholder, unverified law it relies on, or a forum check "
                                            "a filing must pass; no draft banner. Default: a draft.")
@click.option("--format", "fmt", type=click.Choice(["pdf", "docx", "both"]), default="pdf", show_default=True,
              help="PDF, editable Word documents (needs pandoc), or both.")
@click.option("--timestamp-url", help="An RFC 3161 time-stamping authority: writes manifest.json.tsr, a timestamp "
              "over the build's manifest (the date of all outputs and their inputs' hashes).")
@handle_user_errors
def build_command(case: Path, kinds: tuple[str, ...], out: Path | None, html: bool, audience: str | None,
                  strict: bool, jobs: int, force: bool, final: bool, fmt: str, timestamp_url: str | None) -> None:
    """Check the case, then build its dossiers as PDF.

    Builds every kind the case pursues (case.yaml 'forums'), one ECHR application per applicant,
    and the evidence matrix, into output/<case>/. Nothing is written if the check or a page
    limit fails.

    \b
    Example:
      casebuilder build my-case --kind ngo-briefing --html
    """
    from casebuilder.pipeline.build import build_case

    def progress(planned, index, total):
        click.echo(f"[{index}/{total}] {planned.filename} ({planned.audience}) ...", err=True)

    from casebuilder.output.workers import available_jobs

    result = build_case(case, kinds=kinds, out=out, html=html, audience=audience, strict=strict, progress=progress,
                        jobs=jobs or available_jobs(), force=force, final=final, fmt=fmt,
                        timestamp_url=timestamp_url)
    for problem in result.warnings:
        click.echo(problem.format(), err=True)
    if result.up_to_date:
        click.echo(f"Up to date: nothing changed since the last build into {result.out} (--force rebuilds).")
        return
    for doc in result.documents:
        pages = f"{doc.pages} page" + ("" if doc.pages == 1 else "s")
        click.echo(f"wrote {result.out / doc.planned.filename}  ({pages}, {doc.planned.audience})")
    for path in result.written:
        if path.suffix == ".docx":
            click.echo(f"wrote {path}")
    click.echo(f"wrote {result.out / 'manifest.json'}")
