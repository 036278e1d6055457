"""The command line: the ``casebuilder`` group and the list of its commands, one module each.

Each command module imports its stage inside the command, so that ``casebuilder --help`` and
``casebuilder check`` never import WeasyPrint (about a second on its own). Shared output (problems,
progress) is in :mod:`casebuilder.cli.output`.
"""

from __future__ import annotations

import importlib

import click

from casebuilder import __version__
from casebuilder.cli.output import CONTEXT, handle_user_errors, print_grouped, print_problems

COMMANDS: tuple[str, ...] = (
    "casebuilder.cli.new:new_command",
    "casebuilder.cli.check:check_command",
    "casebuilder.cli.build:build_command",
    "casebuilder.cli.matrix:matrix_command",
    "casebuilder.cli.applications:applications_command",
    "casebuilder.cli.verify:verify_command",
    "casebuilder.cli.sign:sign_command",
    "casebuilder.cli.audit:audit_command",
    "casebuilder.cli.schema:schema_command",
    "casebuilder.cli.imports:import_command",
    "casebuilder.cli.serve:serve_command",
)
"""Every command, as ``module:click command``: adding a command is one line here."""


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


def _register() -> None:
    for entry in COMMANDS:
        module, _, name = entry.partition(":")
        cli.add_command(getattr(importlib.import_module(module), name))


_register()


def main() -> None:
    """Entry point of the ``casebuilder`` command."""
    cli(prog_name="casebuilder")


__all__ = ["COMMANDS", "cli", "handle_user_errors", "main", "print_grouped", "print_problems"]
