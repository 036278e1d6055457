"""Seal a dossier: digests of every page and attachment, embedded in the PDF itself.

After WeasyPrint has written a dossier, :func:`seal_pdf` computes a SHA-256 digest of each page
(its dictionary and everything it uses: content streams, fonts, images), of each attachment, and
of the rest of the document (outline, metadata, structure tree), and embeds them in
``manifest.json``, a PDF/A-3 attachment. :func:`digests` recomputes them, so that
``casebuilder verify`` can tell from the PDF file alone whether any page or attachment changed.

Digests are taken over the parsed objects, not the file's bytes, so they do not depend on how
the file is laid out; what a digital signature adds (its field, its widget, ``/AcroForm``) and
the manifest's own attachment are left out of them. The XMP metadata and the document
information (/Info) have digests of their own, because signing tools rewrite their modification
date and producer; the manifest's own content (its ``inputs``) has one too.

What a seal proves, plainly: that the file is as casebuilder wrote it, against accidents
(a damaged copy, an edit by a tool that does not know the seal). It does not prove anything
against someone who rewrites the file on purpose: they can recompute the digests with this very
module. Only a digital signature (``casebuilder sign``) binds the file to a signer.
"""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

MANIFEST = "manifest.json"
_SKIP_KEYS = {"/Parent", "/P", "/AcroForm", "/Perms", "/DSS", "/Extensions"}


class _Hasher:
    """Canonical SHA-256 of PDF objects, memoised per indirect object, ignoring the seal and signatures.

    Iterative (an explicit stack, no recursion): a hostile file can chain objects 20,000 deep or
    more, and a recursive walk would exhaust the stack.
    """

    def __init__(self, manifest: Any | None):
        self.memo: dict[tuple[int, int], bytes] = {}
        self.manifest_id = manifest.objgen if manifest is not None else None

    def skipped(self, obj) -> bool:
        if isinstance(obj, (Dictionary, Stream)) and obj.is_indirect and obj.objgen == self.manifest_id:
            return True
        return isinstance(obj, Dictionary) and obj.get("/FT") == Name.Sig or (
            isinstance(obj, Dictionary) and obj.get("/Type") == Name.Sig)

    def digest(self, root) -> bytes:
        values: list[bytes] = []
        stack: list[tuple] = [("visit", root)]
        while stack:
            frame = stack.pop()
            if frame[0] == "done":
                _, key, head, labels, tail = frame
                parts = values[len(values) - len(labels):] if labels else []
                del values[len(values) - len(labels):]
                value = hashlib.sha256(head + b"".join(l + d for l, d in zip(labels, parts)) + tail).digest()
                if key:
                    self.memo[key] = value
                values.append(value)
                continue
            obj = frame[1]
            key = obj.objgen if getattr(obj, "is_indirect", False) and obj.objgen != (0, 0) else None
            if key and key in self.memo:
                values.append(self.memo[key])
                continue
            if key:
                self.memo[key] = b"cycle"
            head, labels, children, tail = self._split(obj)
            if not children:
                value = hashlib.sha256(head + tail).digest()
                if key:
                    self.memo[key] = value
                values.append(value)
                continue
            stack.append(("done", key, head, labels, tail))
            stack.extend(("visit", child) for child in reversed(children))
        return values[-1]

    def _split(self, obj) -> tuple[bytes, list[bytes], list, bytes]:
        """(head, a label per child, children, tail) of one object's canonical encoding."""
        if isinstance(obj, Stream):
            labels, children = self._dict(obj)
            return b"S", labels, children, hashlib.sha256(_stream_data(obj)).digest()
        if isinstance(obj, Dictionary):
            labels, children = self._dict(obj)
            return b"D", labels, children, b""
        if isinstance(obj, Array):
            kept = _without_seal(list(obj), self)
            return b"A", [b""] * len(kept), kept, b""
        if isinstance(obj, String):
            return b"s" + bytes(obj), [], [], b""
        return b"o" + repr(obj).encode("utf-8", "surrogatepass"), [], [], b""

    def _dict(self, obj) -> tuple[list[bytes], list]:
        labels, children = [], []
        for key in sorted(obj.keys()):
            if key in _SKIP_KEYS or key in ("/Length", "/Filter", "/DecodeParms"):
                continue
            value = obj[key]
            if key == "/Annots":
                value = Array([a for a in value if not self.skipped(a)])
                if not len(value):
                    continue  # a signature widget alone: the page as built had no annotations
            labels.append(key.encode())
            children.append(value)
        return labels, children


def _stream_data(stream: Stream) -> bytes:
    """A stream's decoded data; its stored data when its filter is one pikepdf does not decode
    (an image's DCTDecode or JPXDecode, as in a bundle's photographs): a changed byte still shows."""
    try:
        return stream.read_bytes()
    except pikepdf.PdfError:
        return b"raw" + stream.read_raw_bytes()


def _without_seal(items: list, hasher: _Hasher) -> list:
    """Drop the manifest's file specification (and its name, in a name tree) and signature objects."""
    kept: list[Any] = []
    for item in items:
        if hasher.skipped(item):
            if kept and isinstance(kept[-1], String) and str(kept[-1]) == MANIFEST:
                kept.pop()
            continue
        kept.append(item)
    return kept


SIGNING_INFO_KEYS = ("/ModDate", "/Producer")
"""Document information keys a signing tool may rewrite (compared apart from the rest)."""


def digests(pdf: pikepdf.Pdf, manifest: dict | None = None) -> dict:
    """The digests of a dossier: one per page, one per attachment (but the manifest), one for the
    rest of the catalogue, one for the XMP metadata, one for the document information (/Info), and,
    given the manifest's own content, one for what it says besides its digests (its ``inputs``)."""
    manifest_spec = _manifest_spec(pdf)
    hasher = _Hasher(manifest_spec)
    pages = [hasher.digest(page.obj).hex() for page in pdf.pages]
    attachments = {name: hashlib.sha256(spec.get_file().read_bytes()).hexdigest()
                   for name, spec in pdf.attachments.items() if name != MANIFEST}
    rest = hashlib.sha256()
    for key in sorted(pdf.Root.keys()):
        if key not in _SKIP_KEYS and key not in ("/Pages", "/Metadata"):
            rest.update(key.encode() + hasher.digest(pdf.Root[key]))
    metadata = pdf.Root.get("/Metadata")
    xmp = hashlib.sha256(metadata.read_bytes() if metadata is not None else b"").hexdigest()
    info = {k: str(v) for k, v in pdf.docinfo.items() if k not in SIGNING_INFO_KEYS}
    found = {"pages": pages, "attachments": attachments, "document": rest.hexdigest(), "metadata": xmp,
             "info": hashlib.sha256(json.dumps(info, sort_keys=True).encode()).hexdigest()}
    if manifest is not None:
        found["manifest"] = manifest_digest(manifest)
    return found


def manifest_digest(manifest: dict) -> str:
    """The SHA-256 of what a manifest says besides its digests (tool, document, audience, inputs)."""
    body = {k: v for k, v in manifest.items() if k != "digests"}
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def _manifest_spec(pdf: pikepdf.Pdf):
    root: Any = pdf.Root
    names = root.get("/Names", {}).get("/EmbeddedFiles", {}).get("/Names", [])
    for index in range(0, len(names) - 1, 2):
        if str(names[index]) == MANIFEST:
            return names[index + 1]
    return None


def read_manifest(pdf: pikepdf.Pdf) -> dict | None:
    """The embedded manifest of a dossier, or None when it has none (or it is not JSON)."""
    spec = _manifest_spec(pdf)
    if spec is None:
        return None
    try:
        found = json.loads(spec.EF.F.read_bytes().decode("utf-8"))
    except (ValueError, AttributeError, UnicodeDecodeError, RecursionError, pikepdf.PdfError):
        return None
    return found if isinstance(found, dict) else None


def seal_pdf(pdf_bytes: bytes, manifest: dict, when: str) -> bytes:
    """Embed ``manifest`` plus the dossier's digests as ``manifest.json``; deterministic output.

    ``when`` is the PDF date (``D:YYYYMMDDHHmmSSZ``) recorded for the attachment.
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        sealed = dict(manifest, digests=digests(pdf, manifest))
        data = (json.dumps(sealed, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
        _attach(pdf, data, when)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True, fix_metadata_version=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
    return out.getvalue()


def _attach(pdf: pikepdf.Pdf, data: bytes, when: str) -> None:
    """Add ``manifest.json`` as a PDF/A-3 associated file (AFRelationship /Data) of the document."""
    stream = Stream(pdf, data)
    stream.Type = Name.EmbeddedFile
    stream.Subtype = Name("/application/json")
    stream.Params = Dictionary(Size=len(data), CreationDate=String(when), ModDate=String(when),
                               CheckSum=String(hashlib.md5(data).digest()))  # noqa: S324 - PDF's own field
    spec = pdf.make_indirect(Dictionary(Type=Name.Filespec, F=String(MANIFEST), UF=String(MANIFEST),
                                        Desc=String("What this dossier was built from: input hashes and the "
                                                    "digests of its pages and attachments"),
                                        AFRelationship=Name.Data, EF=Dictionary(F=stream)))
    root = pdf.Root
    if "/Names" not in root:
        root.Names = Dictionary()
    if "/EmbeddedFiles" not in root.Names:
        root.Names.EmbeddedFiles = Dictionary(Names=Array())
    names = root.Names.EmbeddedFiles.Names
    entries = [(str(names[i]), names[i + 1]) for i in range(0, len(names), 2)] + [(MANIFEST, spec)]
    root.Names.EmbeddedFiles.Names = Array([x for name, s in sorted(entries, key=lambda e: e[0])
                                            for x in (String(name), s)])
    if "/AF" not in root:
        root.AF = Array()
    root.AF.append(spec)
