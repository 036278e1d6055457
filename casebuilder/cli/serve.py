"""``casebuilder serve CASE``: the live preview in a browser (see casebuilder/serve/)."""

from __future__ import annotations

from pathlib import Path

import click

from casebuilder.cli.output import case_argument, handle_user_errors

LOCAL = "127.0.0.1"


@click.command("serve")
@case_argument
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="The port to listen on (0: any free port).")
@click.option("--host", default=LOCAL, show_default=True,
              help="Listen on this address instead of this machine only. Anyone who can reach it can read "
                   "every dossier of the case as its audience sees it (court and confidential ones with "
                   "protected names), the matrix and every fact and record's text.")
@click.option("--kind", "kinds", multiple=True, metavar="KIND", help="Preview only this kind (repeatable).")
@click.option("--audience", type=click.Choice(["court", "confidential", "public"]),
              help="Preview for this audience instead of each kind's default.")
@handle_user_errors
def serve_command(case: Path, port: int, host: str, kinds: tuple[str, ...], audience: str | None) -> None:
    """Serve a live preview of the case's dossiers, matrix and problems.

    Every dossier the case pursues, rendered from the same templates as the PDF, reloads in the
    browser within a moment of saving a file of the case. A case with errors shows each problem,
    file:line:col, in the page. Nothing is written into the case folder. Ctrl-C stops.

    \b
    Example:
      casebuilder serve my-case --port 8000
    """
    from casebuilder.serve.server import make_server

    server = make_server(case, host=host, port=port, kinds=kinds, audience=audience)
    snapshot = server.preview.snapshot
    if host != LOCAL:
        click.echo(f"warning: listening on {host}: other machines can read this case.", err=True)
    click.echo(f"Previewing {server.preview.root} at {server.url} ({len(snapshot.plan)} dossiers, "
               f"checked in {snapshot.seconds:.2f} s); Ctrl-C stops.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
