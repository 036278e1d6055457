"""``casebuilder audit-redaction``: look for protected names in every place a public output carries text.

The audit is independent of the redactor (casebuilder.dossier.protect): it decides for itself who
is protected and what must not appear, with its own simple, strict rules, so that a mistake in the
redactor is caught rather than repeated. What it looks for (:func:`protected_strings`): every name
and other name of a protected person, every part of them of ``MIN_PART`` letters or more (a part
is excused only when the case lists it in ``protection.shared_name_parts``) and every identifying
detail. How it matches (:func:`fold`): Unicode format characters (zero-width spaces and joiners,
soft hyphens: category Cf) are dropped, text is composed (NFC) and case-folded, words hyphenated
across lines are rejoined and white space collapsed; a string is found *anywhere*, also glued to
letters, digits or underscores (names inside identifiers and file names), never only between
word boundaries. Where it looks (:func:`pdf_places`): the file name, the text of every page, the
document information, the XMP metadata, the outline, every string and name object of the file
(link targets, alternative text, annotations, structure tree, name trees), the marked-content
properties of page content (``/ActualText``), and every embedded file, decoded (a JSON file is
read value by value, so escapes cannot hide a name). It cannot see text drawn as pictures.

Hostile files: every walk is iterative and bounded (``MAX_OBJECTS``, ``DEADLINE_SECONDS``); a part
that cannot be read is reported as a finding (an unaudited place is not a clean one).
"""

from __future__ import annotations

from collections.abc import Sequence

import functools
import html
import io
import json
import re
import sys
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from casebuilder.problems import Problem
from casebuilder.validate.case import Case

MIN_PART = 4
"""The shortest name part looked for on its own (shorter parts are too often parts of ordinary words)."""
MAX_OBJECTS = 2_000_000
"""The most PDF objects one audit walks; a larger file is reported, not audited forever."""
DEADLINE_SECONDS = 120.0
"""The longest one PDF is audited; past it the audit stops and says so."""
MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024
UNREADABLE = "(unreadable)"
_PARTS = re.compile(r"[^\W\d_]+")  # runs of letters, in any script


@dataclass(frozen=True)
class Hit:
    """A protected string found where it must not be (or a place that could not be audited)."""

    file: str
    where: str
    secret: str
    context: str = ""
    """The text around the hit, so that the user can find it."""


@functools.cache
def format_characters() -> dict[int, None]:
    """Every Unicode format character (category Cf), as a table that deletes them."""
    return {c: None for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"}


def fold(text: str) -> str:
    """The form every text and every protected string is compared in (see the module docstring)."""
    text = unicodedata.normalize("NFC", text).translate(format_characters())
    text = re.sub(r"([^\W\d_])[-\u2010\u2011][ \t]*\r?\n\s*([^\W\d_])", r"\1\2", text)  # hyphenated across lines
    text = unicodedata.normalize("NFC", text.casefold())
    return " ".join(text.split())


def _protected(person, default: str) -> bool:
    """The audit's own rule: named only with recorded consent, an explicit 'none', or a public role."""
    if person.consent and person.consent.recorded:
        return False
    if person.protection is not None:
        return person.protection != "none"
    return not (person.public_figure or person.kind != "individual") and default != "none"


def protected_strings(case: Case) -> list[str]:
    """Every string a public output must not contain: names, other names, their distinctive parts
    and identifying details of protected persons (parts declared shared by the case excepted)."""
    policy = case.case.protection
    shared = {fold(p) for p in getattr(policy, "shared_name_parts", ())}
    found: set[str] = set()
    for at in case.people.values():
        person = at.item
        if not _protected(person, policy.default):
            continue
        names = [person.name, *(n.name for n in person.other_names)]
        found |= {n.strip() for n in names if n.strip()}
        if person.kind == "individual":
            found |= {p for n in names for p in _PARTS.findall(n) if len(p) >= MIN_PART and fold(p) not in shared}
        found |= {d.strip() for d in person.identifying_details if d.strip()}
    return sorted(found, key=lambda s: (-len(s), s))


class _Budget:
    """Counts objects and time; raises when one audit has done enough work."""

    def __init__(self):
        self.objects, self.start = 0, time.monotonic()

    def tick(self, n: int = 1) -> None:
        self.objects += n
        if self.objects > MAX_OBJECTS:
            raise _TooBig(f"more than {MAX_OBJECTS:,} objects")
        if self.objects % 4096 == 0 and time.monotonic() - self.start > DEADLINE_SECONDS:
            raise _TooBig(f"more than {DEADLINE_SECONDS:.0f} s")


class _TooBig(Exception):
    pass


def json_strings(value) -> list[str]:
    """Every key and string value of decoded JSON, iteratively (escapes are decoded, not read raw)."""
    found, stack = [], [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.append(item)
        elif isinstance(item, dict):
            found.extend(str(k) for k in item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        elif item is not None:
            found.append(str(item))
    return found


def decoded_text(data: bytes) -> str:
    """An embedded file as text: JSON read value by value, anything else decoded as UTF-8."""
    text = data.decode("utf-8", "replace")
    try:
        return "\n".join(json_strings(json.loads(text)))
    except (ValueError, RecursionError):
        return html.unescape(text) if text.lstrip().startswith("<") else text


def pdf_places(data: bytes, budget: _Budget | None = None) -> dict[str, str]:
    """Every place of a PDF where text can hide, as {place: text}; unreadable places as UNREADABLE + why."""
    budget = budget or _Budget()
    places: dict[str, str] = {}
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any failure to parse is a finding, never a traceback
        return {"file": f"{UNREADABLE} not a readable PDF ({type(exc).__name__})"}
    with pdf:
        steps = [("metadata", lambda: _info(pdf) + "\n" + _xmp(pdf)), ("outline", lambda: _outline(pdf, budget)),
                 ("strings", lambda: "\n".join(_objects(pdf, budget)))]
        for where, step in steps:
            places[where] = _guard(step)
        for number, page in enumerate(pdf.pages, 1):
            places[f"page {number} (marked content)"] = _guard(lambda: "\n".join(_marked(page, budget)))
        for where, text in _guard_many(lambda: _embedded(pdf, budget)):
            places[where] = text
    places.update(_page_texts(data, budget))
    return places


def _guard(step) -> str:
    try:
        return step()
    except _TooBig as exc:
        return f"{UNREADABLE} too large to audit ({exc})"
    except Exception as exc:  # noqa: BLE001 - a hostile file must give a finding, not a traceback
        return f"{UNREADABLE} {type(exc).__name__}"


def _guard_many(step) -> list[tuple[str, str]]:
    try:
        return step()
    except _TooBig as exc:
        return [("attachments", f"{UNREADABLE} too large to audit ({exc})")]
    except Exception as exc:  # noqa: BLE001
        return [("attachments", f"{UNREADABLE} {type(exc).__name__}")]


def _info(pdf: pikepdf.Pdf) -> str:
    return "\n".join(f"{k} {v}" for k, v in pdf.docinfo.items())


def _xmp(pdf: pikepdf.Pdf) -> str:
    metadata = pdf.Root.get("/Metadata")
    return html.unescape(metadata.read_bytes().decode("utf-8", "replace")) if metadata is not None else ""


def _outline(pdf: pikepdf.Pdf, budget: _Budget) -> str:
    first = pdf.Root.get("/Outlines", pikepdf.Dictionary()).get("/First") if "/Outlines" in pdf.Root else None
    titles, stack, seen = [], [first] if first is not None else [], set()
    while stack:  # /First and /Next links, walked by hand: bounded, and cycles stop
        item = stack.pop()
        if not isinstance(item, pikepdf.Dictionary) or item.objgen in seen:
            continue
        seen.add(item.objgen)
        budget.tick()
        titles.append(str(item.get("/Title", "")))
        stack += [item[k] for k in ("/Next", "/First") if item.get(k) is not None]
    return "\n".join(titles)


def _objects(pdf: pikepdf.Pdf, budget: _Budget) -> list[str]:
    """Every string and name in the file: each indirect object once, its direct parts iteratively."""
    found = []
    for obj in pdf.objects:
        stack = [obj]
        while stack:
            item = stack.pop()
            budget.tick()
            if isinstance(item, pikepdf.String):
                found.append(str(item))
            elif isinstance(item, pikepdf.Name):
                found.append(str(item)[1:])
            elif isinstance(item, pikepdf.Array):
                stack.extend(v for v in item if not _indirect(v))
            elif isinstance(item, (pikepdf.Dictionary, pikepdf.Stream)):
                found.extend(k[1:] for k in item.keys())
                stack.extend(v for v in item.values() if not _indirect(v))
    return found


def _indirect(value) -> bool:
    return isinstance(value, pikepdf.Object) and value.is_indirect


def _marked(page: pikepdf.Page, budget: _Budget) -> list[str]:
    """Strings in the property lists of marked content (``/ActualText``, ``/Alt``, ``/E``)."""
    found = []
    for operands, operator in pikepdf.parse_content_stream(page, "BDC DP"):  # type: ignore[misc]  # pairs at run time
        budget.tick()
        for operand in operands:
            if isinstance(operand, pikepdf.Dictionary):
                found += [str(v) for v in operand.values() if isinstance(v, pikepdf.String)]
    return found


def _embedded(pdf: pikepdf.Pdf, budget: _Budget) -> list[tuple[str, str]]:
    """Every embedded file stream of the document (in the name tree or not), decoded."""
    found, named = [], {}
    for name, spec in pdf.attachments.items():
        stream = spec.obj.get("/EF", pikepdf.Dictionary()).get("/F")
        if stream is not None and stream.is_indirect:
            named[stream.objgen] = name
    for obj in pdf.objects:
        budget.tick()
        if isinstance(obj, pikepdf.Stream) and obj.get("/Type") == pikepdf.Name.EmbeddedFile:
            label = f"attachment {named.get(obj.objgen, obj.objgen[0])}"
            size = int(obj.get("/Length", 0))
            if size > MAX_ATTACHMENT_BYTES:
                found.append((label, f"{UNREADABLE} too large to audit"))
                continue
            found.append((label, decoded_text(obj.read_bytes())))
    return found


def _page_texts(data: bytes, budget: _Budget) -> dict[str, str]:
    """The extracted text of every page (pypdf), each page guarded on its own."""
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        pages = list(reader.pages)
    except Exception as exc:  # noqa: BLE001
        return {"pages": f"{UNREADABLE} {type(exc).__name__}"}
    texts = {}
    for number, page in enumerate(pages, 1):
        if time.monotonic() - budget.start > DEADLINE_SECONDS:
            texts[f"page {number}"] = f"{UNREADABLE} too large to audit (more than {DEADLINE_SECONDS:.0f} s)"
            break
        texts[f"page {number}"] = _guard(lambda: page.extract_text() or "")
    return texts


def find(places: dict[str, str], secrets: list[str], file: str, shared: Sequence[str] = ()) -> list[Hit]:
    """The protected strings found in some places of one output (and every unreadable place).

    A secret is found anywhere in the folded text, also glued to other letters, with two
    exceptions, both explicit: inside a word the case declares shared (``shared``: 'Marino' for
    'Marin'), and, for a secret shorter than ``MIN_PART`` letters, between letters ('Ann' in 'Hannover').
    """
    needles = [(s, fold(s)) for s in secrets]
    words = sorted({fold(w) for w in shared if fold(w)}, key=len, reverse=True)
    hits = []
    for where, text in places.items():
        if text.startswith(UNREADABLE):
            hits.append(Hit(file, where, UNREADABLE, text.removeprefix(UNREADABLE).strip()))
            continue
        haystacks: dict[tuple[str, ...], str] = {}
        for secret, needle in needles:
            if not needle:
                continue
            blank = tuple(w for w in words if w not in needle)
            if blank not in haystacks:
                haystacks[blank] = _blanked(fold(text), blank)
            at, context = _locate(haystacks[blank], needle)
            if at >= 0:
                hits.append(Hit(file, where, secret, context))
    return hits


def _blanked(text: str, words: tuple[str, ...]) -> str:
    """``text`` with the shared ``words`` blanked, and the start of one cut by a hyphen where the
    text runs on elsewhere (a page or a footnote between: 'Mari- 43.' of 'Marino')."""
    for word in words:
        text = text.replace(word, " " * len(word))

    def cut(match: re.Match) -> str:
        start = match.group(1)
        return " " * len(start) + match.group(2) if any(w.startswith(start) for w in words) else match.group(0)
    return re.sub(r"([^\W\d_]{4,})([-\u2010\u2011] )", cut, text) if words else text


def _locate(haystack: str, needle: str) -> tuple[int, str]:
    """Where ``needle`` stands in ``haystack`` (-1 if nowhere) and the text around it."""
    if len(needle) < MIN_PART:
        match = re.search(rf"(?<![^\W\d_]){re.escape(needle)}(?![^\W\d_])", haystack)
        at = match.start() if match else -1
    else:
        at = haystack.find(needle)
        if at < 0 and len(needle) >= 6 and " " in needle:  # a full name glued or joined by - _ .
            glued = re.sub(r"[\s\-_.]+", "", haystack)
            at = glued.find(needle.replace(" ", ""))
            return at, glued[max(at - 30, 0):at + len(needle) + 30] if at >= 0 else ""
    return at, haystack[max(at - 30, 0):at + len(needle) + 30] if at >= 0 else ""


def shared_words(case: Case) -> list[str]:
    """The words the case declares shared (``protection.shared_name_parts``)."""
    return list(getattr(case.case.protection, "shared_name_parts", ()))


def audit_pdf(name: str, data: bytes, secrets: list[str], shared: Sequence[str] = ()) -> list[Hit]:
    """The protected strings found in one PDF (and in its file name)."""
    return find({"file name": name, **pdf_places(data)}, secrets, name, shared)


def audit_file(name: str, data: bytes, secrets: list[str], shared: Sequence[str] = ()) -> list[Hit]:
    """Audit any public output: a PDF in every place, any other file (manifest, HTML) decoded as text."""
    if data[:5] == b"%PDF-":
        return audit_pdf(name, data, secrets, shared)
    return find({"file name": name, "content": decoded_text(data)}, secrets, name, shared)


def audit_folder(folder: Path, case: Case, *, every_audience: bool = False) -> tuple[list[Hit], list[str]]:
    """Audit the public outputs of an output folder (all PDFs with ``every_audience``): the PDFs, and
    when any is public, the folder's manifest.json and HTML files too. Return the hits and files read."""
    secrets = protected_strings(case)
    hits, audited = [], []
    public = False
    for path in sorted(Path(folder).glob("*.pdf")):
        data = path.read_bytes()
        audience = _audience(data)
        if not every_audience and audience not in ("public", None):
            continue
        public = public or audience in ("public", None)
        audited.append(path.name)
        hits += audit_pdf(path.name, data, secrets, shared_words(case))
    if public:
        pdfs = {Path(n).stem for n in audited}
        for path in sorted(p for p in Path(folder).iterdir() if p.is_file() and (
                p.name == "manifest.json" or (p.suffix == ".html" and p.stem in pdfs))):
            audited.append(path.name)
            hits += audit_file(path.name, path.read_bytes(), secrets, shared_words(case))
    return hits, audited


def _audience(data: bytes) -> str | None:
    """The audience the embedded manifest records; None when it cannot be read (then audited as public)."""
    from casebuilder.integrity.seal import read_manifest

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            manifest = read_manifest(pdf) or {}
    except Exception:  # noqa: BLE001 - an unreadable file is audited (and reported) as public
        return None
    return manifest.get("audience") if isinstance(manifest, dict) else None


normalise = fold  # the former name


def audit_public(case: Case, outputs: list[tuple[str, bytes]]) -> list[Problem]:
    """The build's audit of its public outputs (name, bytes): one located problem per hit, saying
    which text, where, and whether the redactor disagrees (it did not treat the string as protected)."""
    from casebuilder.dossier.protect import make_redactor

    secrets, shared = protected_strings(case), shared_words(case)
    redactor_knows = {fold(s) for s in make_redactor(case, "public").secrets()}
    problems = []
    for name, data in outputs:
        for hit in audit_file(name, data, secrets, shared):
            problems.append(_problem(hit, fold(hit.secret) in redactor_knows))
    return problems


def _problem(hit: Hit, redactor_knows: bool) -> Problem:
    if hit.secret == UNREADABLE:
        return Problem(f"output:{hit.file}", 0, 0, f"The public document cannot be audited ({hit.where}: "
                       f"{hit.context}).", "Nothing was written; a public output must be audited whole.",
                       code="redaction-unaudited")
    why = ("The redactor missed this spelling." if redactor_knows else
           "The redactor did not treat it as protected (it is shared with a named person, a party or a place).")
    return Problem(f"output:{hit.file}", 0, 0, f"The protected name or detail '{hit.secret}' appears in the public "
                   f"document ({hit.where}: '…{hit.context}…'). {why}",
                   "If this part is not the protected person's alone, list it in case.yaml under "
                   "protection.shared_name_parts; otherwise correct the text. Nothing was written.",
                   code="redaction-leak")
