"""``casebuilder sign``: add a PAdES signature to a dossier with pyHanko, optionally time-stamped.

The signature is an incremental update: the sealed dossier's bytes stay as they are, so the
embedded manifest still verifies, and the signature covers the whole file.

Levels (ETSI EN 319 142-1, PAdES baseline): B-B by default; with ``timestamp_url`` an RFC 3161
signature timestamp from that time-stamping authority (B-T: the signature provably existed at
that time); with ``ltv`` also the validation data (certificates, revocation information) in the
document security store, so that it can be validated after the certificates expire (B-LT).

PDF/A consistency: pyHanko records itself as the producer, in the XMP metadata as ``pyHanko
VERSION`` and in the document information as ``PRODUCER; pyHanko VERSION``; PDF/A requires the
two to agree, so the document information's producer is set to pyHanko's own string first
(the seal does not cover the producer and modification date, which signing tools rewrite).
"""

from __future__ import annotations

from collections.abc import Sequence

import io
from pathlib import Path

from casebuilder.output.write import write_atomic
from casebuilder.problems import fail


def timestamp_client(url: str):
    """An RFC 3161 client for the time-stamping authority at ``url``."""
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=30)


def sign_pdf(source: Path, key: Path, cert: Path, out: Path | None = None, *, passphrase: bytes | None = None,
             field_name: str = "casebuilder", reason: str | None = None, timestamp_url: str | None = None,
             timestamper=None, ltv: bool = False, trust: Sequence[Path] = ()) -> Path:
    """Sign ``source`` with the private ``key`` and its certificate ``cert``; write to ``out`` (default: in place).

    ``timestamp_url`` (or a ready ``timestamper``) adds a signature timestamp (B-T); ``ltv`` embeds
    the validation data (B-LT), validating the chain against ``trust`` (root certificates).
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    from pyhanko.sign.fields import SigSeedSubFilter

    try:
        signer = signers.SimpleSigner.load(str(key), str(cert), key_passphrase=passphrase)
    except Exception:  # noqa: BLE001 - a wrong key or passphrase is the user's, not a bug
        signer = None
    if signer is None:
        raise fail(str(key), "The key or the certificate could not be read.",
                   "Give a PEM or DER private key and its certificate (and --passphrase if the key has one).",
                   "sign-key")
    data = Path(source).read_bytes()
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
    except Exception:  # noqa: BLE001
        raise fail(str(source), "The file is not a readable PDF.", "Sign a dossier built by casebuilder.",
                   "sign-not-pdf") from None
    _align_producer(writer)
    if timestamp_url and timestamper is None:
        timestamper = timestamp_client(timestamp_url)
    meta = signers.PdfSignatureMetadata(field_name=field_name, reason=reason, subfilter=SigSeedSubFilter.PADES,
                                        md_algorithm="sha256", embed_validation_info=ltv,
                                        validation_context=_context(list(trust), cert) if ltv else None)
    try:
        signed = signers.sign_pdf(writer, meta, signer=signer, timestamper=timestamper)
    except Exception as exc:  # noqa: BLE001 - a TSA down or a chain that does not validate: one line
        raise fail(str(source), f"The dossier could not be signed ({type(exc).__name__}: {exc}).",
                   "Check the time-stamping authority's URL and, with --ltv, the --trust certificates.",
                   "sign-failed") from None
    target = Path(out) if out else Path(source)
    write_atomic(target, signed.getvalue())
    return target


def _align_producer(writer) -> None:
    """Make the document information's producer what pyHanko writes into the XMP metadata."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.metadata.model import VENDOR

    info_ref = writer.trailer.raw_get("/Info") if "/Info" in writer.trailer else None
    if info_ref is None:
        return
    info = info_ref.get_object()
    info["/Producer"] = generic.TextStringObject(VENDOR)
    writer.mark_update(info_ref)


def _context(trust: list[Path], cert: Path):
    """The validation context for long-term validation data: the given roots (else the signer's own certificate)."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko_certvalidator import ValidationContext

    roots = [load_cert_from_pemder(str(p)) for p in (trust or [cert])]
    return ValidationContext(trust_roots=roots, allow_fetching=False)


def timestamp_file(data: bytes, url: str | None = None, timestamper=None) -> bytes:
    """An RFC 3161 timestamp token (DER) over ``data`` (e.g. a build's manifest.json), from the
    authority at ``url``: proof that the set of outputs and their inputs' hashes existed then."""
    import asyncio
    import hashlib

    timestamper = timestamper or timestamp_client(url or "")
    digest = hashlib.sha256(data).digest()
    try:
        token = asyncio.run(timestamper.async_timestamp(digest, "sha256"))
    except Exception as exc:  # noqa: BLE001
        raise fail(url or "timestamp", f"The time-stamping authority did not give a timestamp ({type(exc).__name__}).",
                   "Check the URL (--timestamp-url) and the network.", "timestamp-failed") from None
    return token.dump()
