"""Integrity of what a build writes: the case data embedded in each dossier and the manifest.

The manifest records the tool version, the SHA-256 of every input file and of every output, the
audience of each output and the build date (the case's date, or ``SOURCE_DATE_EPOCH`` when set;
never the wall clock), so that a dossier can be traced back to exactly what it was built from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
from datetime import date, datetime, timezone
from typing import Any

from markupsafe import Markup

from casebuilder import __version__
from casebuilder.validate.case import Case
from casebuilder.load.discover import relative

CASE_DATA = "case-data.json"


def build_date(case: Case) -> str:
    """The date recorded for a build: ``SOURCE_DATE_EPOCH`` if set, else the case's own date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date().isoformat()
    return case.case.date.start.isoformat()


def sha256_bytes(data: bytes) -> str:
    """The SHA-256 of some bytes, in lower-case hex."""
    return hashlib.sha256(data).hexdigest()


def input_hashes(case: Case, audience: str) -> dict[str, str]:
    """The SHA-256 of every file the case is built from, by relative name.

    For a public audience, a file is left out when its name carries a protected string (the
    audit's own rules, so that glued and hyphenated names count) or when it holds a confidential
    record or person or is the exhibit of one: neither its name nor its hash is published. What is
    left out is not counted either; :func:`inputs_digest` still binds the whole set.
    """
    hashes = {}
    for path in sorted(set(case.files) | set(_exhibit_files(case)), key=lambda p: relative(case.root, p)):
        if path.is_file():
            hashes[relative(case.root, path)] = sha256_bytes(path.read_bytes())
    if audience != "public":
        return hashes
    from casebuilder.integrity.audit import find, protected_strings, shared_words

    secrets, shared, private = protected_strings(case), shared_words(case), _private_files(case)
    return {rel: digest for rel, digest in hashes.items()
            if rel not in private and not find({"name": rel}, secrets, rel, shared)}


def inputs_digest(case: Case) -> str:
    """One SHA-256 over the names and hashes of every input file (public manifests carry it in place
    of the files they leave out, so that the whole set of inputs is still bound)."""
    return sha256_bytes(to_json(input_hashes(case, "court")))


def _private_files(case: Case) -> set[str]:
    """Files holding a confidential record or person, and the exhibits of confidential records."""
    from casebuilder.dossier.protect import protection_of

    default = case.case.protection.default
    files = {at.file.path for at in case.evidence.values() if at.item.protection == "confidential"}
    files |= {at.file.path for at in case.people.values() if protection_of(at.item, default) == "confidential"}
    files |= {e.file for at in case.evidence.values() if at.item.protection == "confidential" for e in at.item.exhibits}
    return files


def _exhibit_files(case: Case):
    for at in case.evidence.values():
        for exhibit in at.item.exhibits:
            path = (case.root / exhibit.file).resolve()
            if path.is_relative_to(case.root):
                yield path


def to_json(data: Any) -> bytes:
    """Stable, readable JSON (sorted keys, UTF-8), so that the same data gives the same bytes."""
    return (json.dumps(_plain(data), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        items = [_plain(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set) else items
    if isinstance(value, Markup):
        return str(value.striptags())
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json", exclude_defaults=True)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def case_data(case: Case, context: dict, audience: str) -> dict:
    """The case data a dossier carries: the whole case for court and confidential builds; for a
    public build only what the document shows, already redacted."""
    if audience == "public":
        return {"audience": audience, "facts": context["facts"], "exhibits": context["exhibits"]}
    return {"audience": audience, "case": case.case,
            "evidence": [at.item for at in case.evidence.values()], "facts": [at.item for at in case.facts.values()],
            "people": [at.item for at in case.people.values()], "places": [at.item for at in case.places.values()]}


def embedded_files(case: Case, context: dict, planned) -> list[tuple[str, bytes, str]]:
    """The files WeasyPrint embeds in a dossier (PDF/A-3 attachments): its case data.

    The manifest is embedded afterwards by :func:`casebuilder.integrity.seal.seal_pdf`, with the digests of
    the finished pages.
    """
    public = planned.audience == "public"
    return [(CASE_DATA, to_json(case_data(case, context, planned.audience)),
             "The case data this dossier was built from" + (" (redacted view)" if public else ""))]


def document_manifest(case: Case, planned, *, inputs: dict[str, str] | None = None,
                      extra: dict[str, Any] | None = None) -> dict:
    """The manifest embedded in one dossier (the seal adds the digests of its pages and attachments).

    ``inputs`` spares hashing the case again when a run builds many documents of one case;
    ``extra`` adds what only this document has (an application pack's roster row)."""
    manifest = {"tool": "casebuilder", "version": __version__, "case": _short_name(case, planned.audience),
                "document": planned.filename, "kind": planned.kind.name, "audience": planned.audience,
                "build_date": build_date(case),
                "inputs": inputs if inputs is not None else input_hashes(case, planned.audience),
                "inputs_digest": inputs_digest(case)}
    return {**manifest, **(extra or {})}


def _short_name(case: Case, audience: str) -> str:
    """The case's short name, redacted like any text in a public output."""
    from casebuilder.dossier.protect import make_redactor

    return make_redactor(case, audience).text(case.case.short_name)


def pdf_date(case: Case) -> str:
    """The build date as a PDF date string."""
    return "D:" + build_date(case).replace("-", "") + "000000Z"


def output_files(case: Case, checked, documents: list, *, html: bool = False) -> dict[str, bytes]:
    """Every file a build writes (PDFs, optional HTML, manifest.json), by name."""
    from casebuilder.render.standalone import self_contained  # stylesheets and images inlined

    files: dict[str, bytes] = {}
    outputs = {}
    for doc in documents:
        files[doc.planned.filename] = doc.pdf
        outputs[doc.planned.filename] = {"sha256": sha256_bytes(doc.pdf), "pages": doc.pages,
                                         "kind": doc.planned.kind.name, "audience": doc.planned.audience}
        if html:
            files[doc.planned.filename.removesuffix(".pdf") + ".html"] = self_contained(doc.html, case.root).encode()
    audiences = {doc.planned.audience for doc in documents}
    # a manifest next to public dossiers must not name protected persons in input file names
    inputs = input_hashes(case, "public" if "public" in audiences else "court")
    short = _short_name(case, "public" if "public" in audiences else "court")
    files["manifest.json"] = to_json({"tool": "casebuilder", "version": __version__, "case": short,
                                      "build_date": build_date(case), "inputs": inputs,
                                      "inputs_digest": inputs_digest(case), "outputs": outputs})
    return files
