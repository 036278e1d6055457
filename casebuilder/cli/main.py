"""The command line: thin click commands that call the pipeline stages and format their results.

Commands import their stage lazily, so that ``casebuilder --help`` and ``casebuilder check``
never import WeasyPrint (about a second on its own).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casebuilder import __version__
from casebuilder.problems import CaseError, Problem, summarise

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
case_argument = click.argument("case", type=click.Path(path_type=Path, file_okay=True), default=".")


@click.group(context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="casebuilder")
def cli() -> None:
    """casebuilder turns a case folder of YAML evidence into court-ready dossiers.

    \b
    Start a case, check it, and build its dossiers:
      casebuilder new my-case
      casebuilder check my-case
      casebuilder build my-case
    """


def print_problems(problems: list[Problem], *, err: bool = False) -> None:
    """Print problems compiler-style, then the summary line."""
    for problem in problems:
        colour = "red" if problem.is_error else "yellow"
        location, _, rest = problem.format().partition(": ")
        click.echo(f"{location}: " + click.style(rest.split(":", 1)[0], fg=colour) + ":" + rest.split(":", 1)[1],
                   err=err)
    click.echo(summarise(problems), err=err)


def handle_user_errors(func):
    """Turn a CaseError into printed problems and exit code 1, without a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CaseError as exc:
            print_problems(exc.problems, err=True)
            sys.exit(1)

    return wrapper


@cli.command("check")
@case_argument
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@handle_user_errors
def check_command(case: Path, strict: bool) -> None:
    """Check a case folder and report every problem at once.

    Prints each problem as PATH:LINE:COL: severity: what is wrong. what to do.
    Exits 0 when the case is clean, 1 when there are errors (or warnings with --strict).

    \b
    Example:
      casebuilder check my-case
    """
    from casebuilder.pipeline.check import full_check

    result = full_check(case)
    print_problems(result.problems)
    if result.case is not None:
        counts = result.case.counts()
        click.echo("Case '{}': {} evidence records, {} facts, {} people, {} places.".format(
            result.case.case.short_name, *counts.values()))
    if result.errors or (strict and result.warnings):
        sys.exit(1)


@cli.command("new")
@click.argument("directory", type=click.Path(path_type=Path))
@handle_user_errors
def new_command(directory: Path) -> None:
    """Write a small, valid case folder to start from.

    The files carry comments that show how to fill them in; the folder passes 'check' as it is.

    \b
    Example:
      casebuilder new my-case && casebuilder check my-case
    """
    from casebuilder.pipeline.scaffold import write_new_case

    written = write_new_case(directory)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"Next: edit the files, then run 'casebuilder check {directory}'.")


@cli.command("schema")
@click.argument("directory", type=click.Path(path_type=Path), default="schema")
def schema_command(directory: Path) -> None:
    """Write the JSON Schema of every case file kind into DIRECTORY (default: ./schema).

    Editors use them to check and complete case files (see the README).

    \b
    Example:
      casebuilder schema schema/
    """
    from casebuilder.models.schema import write_schemas

    for path in write_schemas(directory):
        click.echo(f"wrote {path}")


@cli.command("build")
@case_argument
@click.option("--kind", "kinds", multiple=True, metavar="KIND",
              help="Build only this kind (repeatable): echr-application, echr-interstate, icj-memorial, "
                   "ngo-briefing, advocacy-summary, evidence-matrix.")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder (default: output/<case short name>).")
@click.option("--html", is_flag=True, help="Also write the HTML each PDF is rendered from.")
@click.option("--audience", type=click.Choice(["court", "confidential", "public"]),
              help="Build for this audience instead of each kind's default.")
@click.option("--strict", is_flag=True, help="Refuse to build when the check finds warnings.")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Documents rendered at once; 0 uses every core.")
@click.option("--force", is_flag=True, help="Rebuild even when the outputs are up to date.")
@click.option("--timestamp-url", help="An RFC 3161 time-stamping authority: writes manifest.json.tsr, a timestamp "
              "over the build's manifest (the date of all outputs and their inputs' hashes).")
@handle_user_errors
def build_command(case: Path, kinds: tuple[str, ...], out: Path | None, html: bool, audience: str | None,
                  strict: bool, jobs: int, force: bool, timestamp_url: str | None = None) -> None:
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
                        jobs=jobs or available_jobs(), force=force, timestamp_url=timestamp_url)
    for problem in result.warnings:
        click.echo(problem.format(), err=True)
    if result.up_to_date:
        click.echo(f"Up to date: nothing changed since the last build into {result.out} (--force rebuilds).")
        return
    for doc in result.documents:
        click.echo(f"wrote {result.out / doc.planned.filename}  ({doc.pages} pages, {doc.planned.audience})")
    click.echo(f"wrote {result.out / 'manifest.json'}")


@cli.command("matrix")
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
    if result.errors:
        raise CaseError(result.errors)
    html = None
    if fmt == "html":  # the evidence-matrix dossier's own template, without the PDF step
        from casebuilder.render.matrix_html import render_matrix_html

        html = render_matrix_html(result.case, result.library, result.findings, forum=forum)
    click.echo(format_matrix(build_matrix(result.case, result.library, forum=forum), fmt, html=html), nl=False)


@cli.command("verify")
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


@cli.command("sign")
@click.argument("dossier", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--key", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The signer's private key (PEM or DER).")
@click.option("--cert", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="The signer's certificate (PEM or DER).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the signed copy here "
              "(default: sign in place).")
@click.option("--reason", help="The reason recorded in the signature, e.g. 'Filed by counsel'.")
@click.option("--timestamp-url", help="An RFC 3161 time-stamping authority: adds a signature timestamp (PAdES B-T).")
@click.option("--ltv", is_flag=True, help="Embed the validation data for long-term validation (PAdES B-LT).")
@click.option("--trust", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A root certificate the signer's chain is validated against for --ltv (repeatable).")
@handle_user_errors
def sign_command(dossier: Path, key: Path, cert: Path, out: Path | None, reason: str | None,
                 timestamp_url: str | None = None, ltv: bool = False, trust: tuple[Path, ...] = ()) -> None:
    """Add a PAdES digital signature to a dossier (pyHanko).

    The key's passphrase, if any, is read from the CASEBUILDER_KEY_PASSPHRASE environment variable.

    \b
    Example:
      casebuilder sign output/my-case/icj-memorial.pdf --key agent.key --cert agent.pem
    """
    import os

    from casebuilder.integrity.sign import sign_pdf

    passphrase = os.environ.get("CASEBUILDER_KEY_PASSPHRASE")
    target = sign_pdf(dossier, key, cert, out, passphrase=passphrase.encode() if passphrase else None, reason=reason,
                      timestamp_url=timestamp_url, ltv=ltv, trust=list(trust))
    click.echo(f"signed {target}")


@cli.command("audit-redaction")
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



@cli.command("applications")
@case_argument
@click.option("--roster", "roster", required=True, type=click.Path(path_type=Path, dir_okay=False, exists=True),
              help="The roster of applicants (CSV or XLSX; columns in the README).")
@click.option("--out", type=click.Path(path_type=Path), help="Output folder (default: output/<case>/applications).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=1, show_default=True,
              help="Packs rendered at once; 0 uses every core.")
@click.option("--strict", is_flag=True, help="Build nothing if any row (or the case) has a problem, warnings included.")
@handle_user_errors
def applications_command(case: Path, roster: Path, out: Path | None, jobs: int, strict: bool) -> None:
    """Build one ECHR application pack per applicant of a roster, and the table of applicants.

    Checks the case and every row of the roster first, printing each bad row as
    ROSTER:ROW:COLUMN: error: what is wrong; then builds the good rows (one pack each: the shared
    facts of the case merged with the applicant's own, their own time-limit check and documents),
    writes applicants.xlsx and applicants.csv (the table the Court asks for when one representative
    lodges for many applicants), and index.json / index.csv (every file with its pages and SHA-256).

    Packs whose inputs did not change since the last run are not built again; Ctrl-C stops cleanly
    (finished packs stay whole) and the next run finishes the rest.

    \b
    Example:
      casebuilder applications my-case --roster my-case/roster.csv --jobs 2
    """
    import signal

    from casebuilder.pipeline.applications import Progress, build_applications, summary
    from casebuilder.output.workers import available_jobs

    jobs = jobs or available_jobs()
    shown: dict = {}

    def report(roster_result, case_problems) -> None:
        print_grouped(case_problems + roster_result.problems)
        shown["progress"] = Progress()

    def progress(done, total, name) -> None:
        shown["progress"](done, total, name)

    def stop(*_args) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        result = build_applications(case, roster, out=out, jobs=jobs, strict=strict, progress=progress,
                                    report=report)
    finally:
        signal.signal(signal.SIGTERM, previous)
    if result.interrupted and "progress" in shown:
        shown["progress"].end()
    if result.failed:
        print_grouped([p for problems in result.failed.values() for p in problems], err=True)
    click.echo(summary(result, jobs))
    if result.interrupted:
        sys.exit(130)
    if result.failed or result.roster.errors:
        sys.exit(1)


def print_grouped(problems: list[Problem], *, err: bool = False, keep: int = 3) -> None:
    """Print problems like print_problems, but a warning repeated on more than ten rows only a few
    times, then how many more there are."""
    counts: dict[str, int] = {}
    for problem in problems:
        if not problem.is_error:
            counts[problem.code] = counts.get(problem.code, 0) + 1
    shown_codes: dict[str, int] = {}
    for problem in problems:
        if not problem.is_error and counts[problem.code] > 10:
            shown_codes[problem.code] = shown_codes.get(problem.code, 0) + 1
            if shown_codes[problem.code] > keep:
                continue
        location, _, rest = problem.format().partition(": ")
        severity, _, text = rest.partition(":")
        click.echo(f"{location}: " + click.style(severity, fg="red" if problem.is_error else "yellow") + ":" + text,
                   err=err)
    for code, count in shown_codes.items():
        click.echo(f"... and {count - keep} more rows with the warning [{code}].", err=err)
    click.echo(summarise(problems), err=err)


def main() -> None:
    """Entry point of the ``casebuilder`` command."""
    cli(prog_name="casebuilder")
