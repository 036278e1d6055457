"""``casebuilder verify``: is a dossier intact, who signed it, and does the evidence still match?

From the PDF alone: the embedded manifest's digests are recomputed for every page, every
attachment and the rest of the document; digital signatures are validated with pyHanko. Given
the case folder: every input file's SHA-256 is compared with the one the dossier was built from.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import Sequence
from pathlib import Path

import pikepdf

from casebuilder.integrity.seal import digests, read_manifest


@dataclass
class Verdict:
    """The findings of a verification: lines that hold (ok) and lines that do not (failures)."""

    ok: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """True when nothing failed."""
        return not self.failures


UNSIGNED_NOTE = ("The dossier is not digitally signed: the seal shows that the file is as casebuilder wrote it, "
                 "against accidents (a damaged copy, an edit by another tool), not against someone who rewrites the "
                 "file and its seal on purpose. A signature ('casebuilder sign') binds it to a signer.")


def verify_pdf(path: Path, case: Path | None = None, trusted: Sequence[Path] = ()) -> Verdict:
    """Verify a dossier file; with ``case``, also compare the case's files with the manifest."""
    verdict = Verdict()
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        verdict.failures.append(f"The file cannot be read ({exc.strerror}).")
        return verdict
    if b"%PDF-" not in data[:1024]:
        verdict.failures.append("The file is not a PDF: only casebuilder dossiers (PDF files) can be verified.")
        return verdict
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - a damaged or hostile file gets one clear line
        verdict.failures.append(f"The file is not a readable PDF ({type(exc).__name__}).")
        return verdict
    with pdf:
        manifest = read_manifest(pdf)
        if manifest is None or not _well_formed(manifest):
            verdict.failures.append("The PDF carries no readable casebuilder manifest (it is missing or malformed): "
                                    "it cannot be verified.")
            return verdict
        try:
            actual = digests(pdf, manifest)
        except Exception as exc:  # noqa: BLE001 - a part that cannot be read any more is a finding
            verdict.failures.append(f"Part of the PDF cannot be read any more ({type(exc).__name__}): it was "
                                    "altered or damaged.")
            return verdict
        _compare_digests(verdict, manifest["digests"], actual)
    signed = _check_signatures(verdict, data, trusted)
    _compare_signable(verdict, manifest["digests"], actual, signed)
    if case is not None:
        _compare_inputs(verdict, manifest, Path(case))
    return verdict


def _well_formed(manifest: dict) -> bool:
    recorded = manifest.get("digests")
    return (isinstance(recorded, dict) and isinstance(recorded.get("pages", []), list)
            and isinstance(recorded.get("attachments", {}), dict) and isinstance(manifest.get("inputs", {}), dict))


def _compare_signable(verdict: Verdict, recorded: dict, actual: dict, signed: bool) -> None:
    """The XMP metadata, /Info and the manifest's own content."""
    for key, what in (("info", "document information (title, author, subject)"), ("manifest", "manifest (its "
                      "list of input files and their hashes)")):
        if key in recorded and recorded[key] != actual.get(key):
            verdict.failures.append(f"The {what} differs from the dossier as built.")
    if recorded.get("metadata") != actual["metadata"]:
        if signed:
            verdict.notes.append("The XMP metadata was updated when the dossier was signed (signing tools record "
                                 "the modification date there).")
        else:
            verdict.failures.append("The document's XMP metadata differs from the dossier as built.")


def _compare_digests(verdict: Verdict, recorded: dict, actual: dict) -> None:
    pages_then, pages_now = recorded.get("pages", []), actual["pages"]
    if len(pages_then) != len(pages_now):
        verdict.failures.append(f"The dossier had {len(pages_then)} pages; it now has {len(pages_now)}.")
    changed = [str(i) for i, (a, b) in enumerate(zip(pages_then, pages_now), 1) if a != b]
    if changed:
        verdict.failures.append(f"Page(s) {', '.join(changed)} differ from the pages as built.")
    elif len(pages_then) == len(pages_now):
        verdict.ok.append(f"All {len(pages_now)} pages are as built.")
    then, now = recorded.get("attachments", {}), actual["attachments"]
    for name in sorted(set(then) | set(now)):
        if then.get(name) != now.get(name):
            state = "is missing" if name not in now else ("was added" if name not in then else "was altered")
            verdict.failures.append(f"The attachment '{name}' {state}.")
    if then == now:
        verdict.ok.append(f"All {len(now)} attachment(s) are as built.")
    if recorded.get("document") == actual["document"]:
        verdict.ok.append("The outline, metadata and structure are as built.")
    else:
        verdict.failures.append("The document's outline, metadata or structure differ from the dossier as built.")


def _check_signatures(verdict: Verdict, data: bytes, trusted: Sequence[Path]) -> bool:
    """Validate every signature; return True when the dossier is signed and every signature holds."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        signatures = PdfFileReader(io.BytesIO(data), strict=False).embedded_signatures
    except Exception as exc:  # noqa: BLE001
        verdict.failures.append(f"The signatures cannot be read ({type(exc).__name__}).")
        return False
    if not signatures:
        verdict.notes.append(UNSIGNED_NOTE)
        return False
    try:
        roots = [_load_cert(p) for p in trusted]
    except Exception:  # noqa: BLE001
        verdict.failures.append("A certificate given with --trust cannot be read (give a PEM or DER certificate).")
        return False
    return all([_check_one(verdict, sig, roots) for sig in signatures])


def _check_one(verdict: Verdict, sig, roots) -> bool:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    name = sig.field_name
    try:
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
    except Exception as exc:  # noqa: BLE001 - pyHanko's errors are not the user's: one line, no traceback
        verdict.failures.append(f"Signature '{name}' cannot be validated ({type(exc).__name__}).")
        return False
    signer = status.signing_cert.subject.human_friendly if status.signing_cert else "unknown signer"
    # the whole file, or the whole revision followed only by validation data (B-LT's document security store)
    level = getattr(getattr(status, "modification_level", None), "name", "")
    whole = status.coverage is not None and (status.coverage.name == "ENTIRE_FILE" or (
        status.coverage.name == "ENTIRE_REVISION" and level in ("NONE", "LTA_UPDATES")))
    stamp = " with a trusted timestamp" if getattr(status, "timestamp_validity", None) is not None else ""
    if status.intact and status.valid and whole:
        trust = ("trusted" if status.trusted else "its certificate is not trusted here: give the signer's root "
                 "certificate with --trust to check who signed")
        more = "" if status.coverage is not None and status.coverage.name == "ENTIRE_FILE" else "; only validation data was added after it"
        verdict.ok.append(f"Signature '{name}' by {signer} is valid{stamp} and covers the whole file ({trust}{more}).")
        return True
    if status.intact and status.valid:
        verdict.failures.append(f"Signature '{name}' by {signer} is valid, but the file was changed after it was signed.")
    else:
        verdict.failures.append(f"Signature '{name}' by {signer} does not match the document.")
    return False


def _load_cert(path: Path):
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(str(path))


def _compare_inputs(verdict: Verdict, manifest: dict, case: Path) -> None:
    """Compare the case's files with the manifest's ``inputs``, never reading outside the case
    (a forged manifest must not make verify an oracle on other files)."""
    inputs = manifest.get("inputs", {})
    root = case.resolve()
    changed, missing, unreadable, outside = [], [], [], []
    for rel, digest in sorted(inputs.items()):
        if "[" in rel:  # a file name redacted in a public dossier cannot be compared
            unreadable.append(rel)
            continue
        file = (root / rel)
        if Path(rel).is_absolute() or ".." in Path(rel).parts or not file.resolve().is_relative_to(root):
            outside.append(rel)
        elif not file.is_file():
            missing.append(rel)
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            changed.append(rel)
    for rel in outside:
        verdict.failures.append(f"The manifest lists '{rel}', a path outside the case: it was not read.")
    for rel in changed:
        verdict.failures.append(f"The case file '{rel}' has changed since the dossier was built.")
    for rel in missing:
        verdict.failures.append(f"The case file '{rel}' is missing.")
    if unreadable:
        verdict.notes.append(f"{len(unreadable)} input file name(s) are withheld in this public dossier and "
                             "were not compared.")
    if not changed and not missing and not outside:
        verdict.ok.append(f"The {len(inputs) - len(unreadable)} case file(s) the dossier was built from are unchanged.")
