"""``casebuilder schema``: write the JSON Schema of every case file kind."""

from __future__ import annotations

from pathlib import Path

import click


@click.command("schema")
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
