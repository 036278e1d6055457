"""``casebuilder sign``: add a PAdES digital signature to a dossier."""

from __future__ import annotations

from pathlib import Path

import click

from casebuilder.cli.output import handle_user_errors


@click.command("sign")
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
