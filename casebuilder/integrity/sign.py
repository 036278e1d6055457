"""``casebuilder sign``: add a PAdES signature to a dossier with pyHanko.

The signature is an incremental update: the sealed dossier's bytes stay as they are, so the
embedded manifest still verifies, and the signature covers the whole file.
"""

from __future__ import annotations

import io
from pathlib import Path

from casebuilder.problems import fail
from casebuilder.output.write import write_atomic


def sign_pdf(source: Path, key: Path, cert: Path, out: Path | None = None, *, passphrase: bytes | None = None,
             field_name: str = "casebuilder", reason: str | None = None) -> Path:
    """Sign ``source`` with the private ``key`` and its certificate ``cert``; write to ``out`` (default: in place)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    signer = signers.SimpleSigner.load(str(key), str(cert), key_passphrase=passphrase)
    if signer is None:
        raise fail(str(key), "The key or the certificate could not be read.",
                   "Give a PEM or DER private key and its certificate (and --passphrase if the key has one).",
                   "sign-key")
    data = Path(source).read_bytes()
    writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    meta = signers.PdfSignatureMetadata(field_name=field_name, reason=reason,
                                        subfilter=SigSeedSubFilter.PADES, md_algorithm="sha256")
    signed = signers.sign_pdf(writer, meta, signer=signer)
    target = Path(out) if out else Path(source)
    write_atomic(target, signed.getvalue())
    return target
