"""``casebuilder import``: the command line of :mod:`casebuilder.imports`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casebuilder.problems import CaseError


@click.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["spreadsheet", "kobo", "odk", "uwazi", "atlos"]))
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--into", "case", required=True, type=click.Path(path_type=Path, file_okay=False),
              help="The case folder to import into (it must exist: 'casebuilder new DIR' starts one).")
@click.option("--mapping", type=click.Path(path_type=Path, dir_okay=False),
              help="The mapping file saying which column means what (required for kobo, odk and uwazi).")
@click.option("--skip-bad", is_flag=True, help="Import the good rows even when some rows are in error.")
def import_command(fmt: str, source: Path, case: Path, mapping: Path | None, skip_bad: bool) -> None:
    """Import evidence from an export into a case, as new YAML files.

    FORMAT is spreadsheet (CSV/XLSX), kobo or odk (form submissions with their attachments),
    uwazi (CSV export) or atlos (project export ZIP). The one command that writes into a case
    folder: it never overwrites a file, keeps the export's own ids (so importing again adds
    nothing), and writes nothing if any row is in error unless --skip-bad. Each bad row is
    printed as SOURCE:ROW:COLUMN: error: what is wrong. what to do.

    \b
    Examples:
      casebuilder import spreadsheet evidence.xlsx --into my-case
      casebuilder import kobo survey.xlsx --into my-case --mapping kobo-mapping.yaml
      casebuilder import atlos atlos-export.zip --into my-case
    """
    from casebuilder.cli.output import print_problems
    from casebuilder.imports import run_import

    try:
        result = run_import(fmt, source, case, skip_bad=skip_bad, mapping=mapping)
    except CaseError as exc:
        print_problems(exc.problems, err=True)
        sys.exit(1)
    if result.problems:
        print_problems(result.problems, err=True)
    plan = result.plan
    if result.outcome is None:
        click.echo(f"Nothing written: {plan.bad} of {plan.good + plan.bad} rows are in error "
                   "(fix them, or pass --skip-bad to import the others).")
        sys.exit(1)
    outcome = result.outcome
    click.echo(f"{outcome.new} new, {len(outcome.unchanged)} unchanged, {len(outcome.kept)} changed in the export "
               f"(not overwritten), {plan.bad} rows skipped; {len(outcome.written)} files written into {case}.")
    if outcome.new:
        click.echo(f"Next: casebuilder check {case}")
