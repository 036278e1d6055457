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


def verify_pdf(path: Path, case: Path | None = None, trusted: Sequence[Path] = ()) -> Verdict:
    """Verify a dossier file; with ``case``, also compare the case's files with the manifest."""
    verdict = Verdict()
    data = Path(path).read_bytes()
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PdfError as exc:
        verdict.failures.append(f"The file is not a readable PDF ({exc}).")
        return verdict
    with pdf:
        manifest = read_manifest(pdf)
        if manifest is None or "digests" not in manifest:
            verdict.failures.append("The PDF carries no casebuilder manifest: it cannot be verified.")
            return verdict
        try:
            actual = digests(pdf)
        except (pikepdf.PdfError, ValueError) as exc:
            verdict.failures.append(f"Part of the PDF cannot be read any more ({exc}): it was altered or damaged.")
            return verdict
        _compare_digests(verdict, manifest["digests"], actual)
    signed = _check_signatures(verdict, data, trusted)
    if manifest["digests"].get("metadata") != actual["metadata"]:
        if signed:
            verdict.notes.append("The XMP metadata was updated when the dossier was signed (signing tools record "
                                 "the modification date there).")
        else:
            verdict.failures.append("The document's XMP metadata differs from the dossier as built.")
    if case is not None:
        _compare_inputs(verdict, manifest, Path(case))
    return verdict


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
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(data), strict=False)
    signatures = reader.embedded_signatures
    if not signatures:
        verdict.notes.append("The dossier is not digitally signed.")
        return False
    held = True
    roots = [_load_cert(p) for p in trusted]
    for sig in signatures:
        status = validate_pdf_signature(sig, ValidationContext(trust_roots=roots, allow_fetching=False))
        signer = status.signing_cert.subject.human_friendly if status.signing_cert else "unknown signer"
        whole = status.coverage is not None and status.coverage.name == "ENTIRE_FILE"
        if status.intact and status.valid and whole:
            trust = "trusted" if status.trusted else "not from a trusted certificate"
            verdict.ok.append(f"Signature '{sig.field_name}' by {signer} is valid and covers the whole file ({trust}).")
        elif status.intact and status.valid:
            verdict.failures.append(f"Signature '{sig.field_name}' by {signer} is valid, but the file was changed "
                                    "after it was signed.")
            held = False
        else:
            verdict.failures.append(f"Signature '{sig.field_name}' by {signer} does not match the document.")
            held = False
    return held


def _load_cert(path: Path):
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(str(path))


def _compare_inputs(verdict: Verdict, manifest: dict, case: Path) -> None:
    inputs = manifest.get("inputs", {})
    changed, missing, unreadable = [], [], []
    for rel, digest in sorted(inputs.items()):
        if "[" in rel:  # a file name redacted in a public dossier cannot be compared
            unreadable.append(rel)
            continue
        file = case / rel
        if not file.is_file():
            missing.append(rel)
        elif hashlib.sha256(file.read_bytes()).hexdigest() != digest:
            changed.append(rel)
    for rel in changed:
        verdict.failures.append(f"The case file '{rel}' has changed since the dossier was built.")
    for rel in missing:
        verdict.failures.append(f"The case file '{rel}' is missing.")
    if unreadable:
        verdict.notes.append(f"{len(unreadable)} input file name(s) are redacted in this public dossier and "
                             "were not compared.")
    if not changed and not missing:
        verdict.ok.append(f"The {len(inputs) - len(unreadable)} case file(s) the dossier was built from are unchanged.")
