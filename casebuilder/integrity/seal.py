"""Seal a dossier: digests of every page and attachment, embedded in the PDF itself.

After WeasyPrint has written a dossier, :func:`seal_pdf` computes a SHA-256 digest of each page
(its dictionary and everything it uses: content streams, fonts, images), of each attachment, and
of the rest of the document (outline, metadata, structure tree), and embeds them in
``manifest.json``, a PDF/A-3 attachment. :func:`digests` recomputes them, so that
``casebuilder verify`` can tell from the PDF file alone whether any page or attachment changed.

Digests are taken over the parsed objects, not the file's bytes, so they do not depend on how
the file is laid out; what a digital signature adds (its field, its widget, ``/AcroForm``) and
the manifest's own attachment are left out of them. The XMP metadata has a digest of its own,
because signing tools rewrite its modification date.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream, String

MANIFEST = "manifest.json"
_SKIP_KEYS = {"/Parent", "/P", "/AcroForm", "/Perms", "/DSS", "/Extensions"}


class _Hasher:
    """Canonical SHA-256 of PDF objects, memoised per indirect object, ignoring the seal and signatures."""

    def __init__(self, manifest: Any | None):
        self.memo: dict[tuple[int, int], bytes] = {}
        self.manifest_id = manifest.objgen if manifest is not None else None

    def skipped(self, obj) -> bool:
        if isinstance(obj, (Dictionary, Stream)) and obj.is_indirect and obj.objgen == self.manifest_id:
            return True
        return isinstance(obj, Dictionary) and obj.get("/FT") == Name.Sig or (
            isinstance(obj, Dictionary) and obj.get("/Type") == Name.Sig)

    def digest(self, obj) -> bytes:
        key = obj.objgen if getattr(obj, "is_indirect", False) and obj.objgen != (0, 0) else None
        if key and key in self.memo:
            return self.memo[key]
        if key:
            self.memo[key] = b"cycle"
        value = hashlib.sha256(self._encode(obj)).digest()
        if key:
            self.memo[key] = value
        return value

    def _encode(self, obj) -> bytes:
        if isinstance(obj, Stream):
            return b"S" + self._dict(obj) + hashlib.sha256(_stream_data(obj)).digest()
        if isinstance(obj, Dictionary):
            return b"D" + self._dict(obj)
        if isinstance(obj, Array):
            kept = _without_seal(list(obj), self)
            return b"A" + b"".join(self.digest(item) for item in kept)
        if isinstance(obj, String):
            return b"s" + bytes(obj)
        return b"o" + repr(obj).encode("utf-8", "surrogatepass")

    def _dict(self, obj) -> bytes:
        parts = []
        for key in sorted(obj.keys()):
            if key in _SKIP_KEYS or key in ("/Length", "/Filter", "/DecodeParms"):
                continue
            value = obj[key]
            if key == "/Annots":
                value = Array([a for a in value if not self.skipped(a)])
                if not len(value):
                    continue  # a signature widget alone: the page as built had no annotations
            parts.append(key.encode() + self.digest(value))
        return b"".join(parts)


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


def digests(pdf: pikepdf.Pdf) -> dict:
    """The digests of a dossier: one per page, one per attachment (but the manifest), one for the rest."""
    # The outline is a linked list (/Next) and the structure tree is deep: a long dossier nests
    # thousands of objects. Python 3.11+ does not use the C stack for these calls, so a higher
    # recursion limit is safe here.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 1_000_000))
    try:
        return _digests(pdf)
    finally:
        sys.setrecursionlimit(limit)


def _digests(pdf: pikepdf.Pdf) -> dict:
    manifest = _manifest_spec(pdf)
    hasher = _Hasher(manifest)
    pages = [hasher.digest(page.obj).hex() for page in pdf.pages]
    attachments = {name: hashlib.sha256(spec.get_file().read_bytes()).hexdigest()
                   for name, spec in pdf.attachments.items() if name != MANIFEST}
    rest = hashlib.sha256()
    for key in sorted(pdf.Root.keys()):
        if key not in _SKIP_KEYS and key not in ("/Pages", "/Metadata"):
            rest.update(key.encode() + hasher.digest(pdf.Root[key]))
    metadata = pdf.Root.get("/Metadata")
    xmp = hashlib.sha256(metadata.read_bytes() if metadata is not None else b"").hexdigest()
    return {"pages": pages, "attachments": attachments, "document": rest.hexdigest(), "metadata": xmp}


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
        return json.loads(spec.EF.F.read_bytes().decode("utf-8"))
    except (ValueError, AttributeError, UnicodeDecodeError):
        return None


def seal_pdf(pdf_bytes: bytes, manifest: dict, when: str) -> bytes:
    """Embed ``manifest`` plus the dossier's digests as ``manifest.json``; deterministic output.

    ``when`` is the PDF date (``D:YYYYMMDDHHmmSSZ``) recorded for the attachment.
    """
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        sealed = dict(manifest, digests=digests(pdf))
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
