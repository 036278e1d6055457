"""``casebuilder check``: report every problem of a case at once, writing nothing."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from casebuilder.cli.output import case_argument, handle_user_errors, print_problems


@click.command("check")
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
        records, facts, people, places = result.case.counts().values()

        def count(n: int, one: str, many: str) -> str:
            return f"{n} {one if n == 1 else many}"

        click.echo(f"Case '{result.case.case.short_name}': {count(records, 'evidence record', 'evidence records')}, "
                   f"{count(facts, 'fact', 'facts')}, {count(people, 'person', 'people')}, "
                   f"{count(places, 'place', 'places')}.")
    if result.errors or (strict and result.warnings):
        sys.exit(1)
