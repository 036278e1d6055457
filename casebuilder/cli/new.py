"""``casebuilder new``: write a small, valid case folder to start from."""

from __future__ import annotations

from pathlib import Path

import click

from casebuilder.cli.output import handle_user_errors


@click.command("new")
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
