"""HTML to PDF with WeasyPrint: the only module that imports it (about a second on its own).

Guarantees of :func:`render_pdf`:

* **Confinement.** Resources are fetched through :class:`CaseFetcher`: the built-in templates
  folder and files inside the case folder, addressed by paths relative to the case folder (the
  base URL :data:`~casebuilder.render.theme.CASE_URL` is virtual). ``http(s)``, ``ftp``, absolute
  ``file:`` URLs and links out of the folders are refused and reported as problems, so that a
  case can neither make the build reach the network nor copy a file of the building machine
  (``/etc/passwd``, keys) into a PDF that is then sent away. ``data:`` URIs are allowed: they
  hold their bytes inline and reach nothing (any URL inside an SVG they hold is fetched through
  the same fetcher).
* **Reproducibility.** Dates (document and attachments) come from :class:`PdfMetadata`, never
  from the clock; the PDF identifier is a hash of the content: the same inputs give the same bytes.
* **No machine paths.** Only virtual URLs reach WeasyPrint, attachments keep their file name only.
* **PDF/A-3b** (the default variant) keeps embedded files (PDF/A-1 and -2 drop them); with
  ``tagged=True`` the structure tree is added too (both together work in WeasyPrint 70).
"""

from __future__ import annotations

import contextlib
import io
import logging
import mimetypes
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import Iterator, Sequence
from urllib.parse import unquote, urlsplit

import weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

from casebuilder import __version__
from casebuilder.load.cache import paused_gc
from casebuilder.problems import CaseError, Problem, Severity
from casebuilder.render.theme import BUILTIN_URL, CASE_URL, builtin_templates_dir

MAX_RESOURCE_BYTES = 64 * 1024 * 1024
"""The largest file a document may pull in (an image, a stylesheet)."""


@dataclass(frozen=True)
class PdfMetadata:
    """What the PDF says about itself. ``date`` is the document's date: it becomes the creation
    and modification dates, so that building twice gives the same bytes. ``language`` (BCP 47)
    becomes the catalog's /Lang; give the template the same value for ``<html lang>``, which
    drives hyphenation."""

    title: str
    date: date
    language: str = "en"
    subject: str = ""
    keywords: tuple[str, ...] = ()
    author: str = ""


@dataclass(frozen=True)
class Heading:
    """One entry of the PDF outline (a bookmark): its level (1 = top), text and 1-based page."""

    level: int
    label: str
    page: int


@dataclass
class RenderedPdf:
    """A rendered document: the PDF bytes and what layout found out about its pages."""

    pdf: bytes
    page_count: int
    anchors: dict[str, int]
    """Element id to the 1-based page where it is (its first page, if it spans several)."""
    headings: list[Heading]
    """The PDF outline."""
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds spent in ``layout`` and ``write``."""
    problems: list[Problem] = field(default_factory=list)
    """Warnings to show the user: what WeasyPrint ignored in the case's stylesheets and templates (code
    ``stylesheet``), and resources left out when rendered with ``strict=False``."""


class CaseFetcher(URLFetcher):
    """Fetches only the built-in assets and files inside the case folder; records what it refuses."""

    def __init__(self, case_root: Path | None):
        super().__init__(allowed_protocols={"file", "data"})
        self.roots = {BUILTIN_URL: builtin_templates_dir().resolve()}
        if case_root is not None:
            self.roots[CASE_URL] = Path(case_root).resolve()
        self.refused: list[tuple[str, str]] = []

    def fetch(self, url, headers=None):
        """Serve a mapped file or a ``data:`` URI; refuse anything else (WeasyPrint skips it)."""
        if url.lower().startswith("data:"):
            return super().fetch(url, headers)
        path, reason = self._local_path(url)
        if path is None:
            self.refused.append((_public(url), reason))
            raise ValueError(f"refused by casebuilder: {reason}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def _local_path(self, url: str) -> tuple[Path | None, str]:
        """The file a URL names inside a mapped folder, or None and why it is refused."""
        for prefix, root in self.roots.items():
            if url.startswith(prefix):
                relative = unquote(urlsplit(url).path)[len(urlsplit(prefix).path):]
                path = (root / relative).resolve()
                if not path.is_relative_to(root):
                    return None, "it lies outside the case folder"
                if not path.is_file():
                    return None, "there is no such file"
                if path.stat().st_size > MAX_RESOURCE_BYTES:
                    return None, f"it is larger than {MAX_RESOURCE_BYTES // 2**20} MB"
                return path, ""
        if url.startswith(CASE_URL):
            return None, "there is no case folder to take it from"
        scheme = urlsplit(url).scheme.lower()
        if scheme in ("http", "https", "ftp"):
            return None, "documents may not load anything from the network"
        return None, "only files inside the case folder may be used"


def render_pdf(html: str, *, case_root: Path | None, metadata: PdfMetadata,
               attachments: Sequence[tuple[str, bytes, str]] = (), variant: str | None = "pdf/a-3b",
               tagged: bool = True, origin: str = ".", strict: bool = True) -> RenderedPdf:
    """Lay out ``html`` and write the PDF; ``attachments`` are ``(file name, content, description)``.

    Relative URLs in ``html`` are relative to ``case_root``. When the document refers to resources
    it may not use, raises :class:`CaseError` (reported at ``origin``, a case-relative path), or,
    with ``strict=False``, leaves them out and lists them as warnings in ``.problems``.
    """
    fetcher = CaseFetcher(case_root)
    started = time.perf_counter()
    # layout and writing build millions of objects that each collection pass would walk: pausing the
    # collector saved 10-20 % on 200 pages in the performance notes (3-4 % on 67 pages), at the same memory
    with _captured_warnings() as warnings, paused_gc():
        document = weasyprint.HTML(string=html, base_url=CASE_URL + "document.html",
                                   url_fetcher=fetcher).render(pdf_variant=variant, pdf_tags=tagged)
        if strict:
            _refuse(fetcher, origin)
        laid_out = time.perf_counter()
        _set_metadata(document.metadata, metadata)
        pdf = document.write_pdf(pdf_variant=variant, pdf_tags=tagged, attachments=_attachments(attachments, metadata),
                                 finisher=_tidy)
        if strict:
            _refuse(fetcher, origin)
    finished = time.perf_counter()
    anchors: dict[str, int] = {}
    headings = []
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            anchors.setdefault(anchor, number)
        headings += [Heading(level, label, number) for level, label, _, _ in page.bookmarks]
    return RenderedPdf(pdf, len(document.pages), anchors, headings,
                       {"layout": laid_out - started, "write": finished - laid_out},
                       _refusals(fetcher, origin, Severity.WARNING) + _style_problems(warnings, origin))


def _refuse(fetcher: CaseFetcher, origin: str) -> None:
    """Raise one problem per refused resource (after layout, so that all are reported at once)."""
    if fetcher.refused:
        raise CaseError(_refusals(fetcher, origin, Severity.ERROR))


def _refusals(fetcher: CaseFetcher, origin: str, severity: Severity) -> list[Problem]:
    return [Problem(origin, 0, 0, f"The document refers to '{url}', which was not used: {reason}.",
                    "Put the file inside the case folder and refer to it by a path relative to the case folder.",
                    severity=severity, code="resource-refused")
            for url, reason in dict.fromkeys(fetcher.refused)]


def _public(url: str) -> str:
    """A URL as the user wrote it: virtual prefixes removed, long ``data:`` URIs cut."""
    for prefix, shown in ((CASE_URL, ""), (BUILTIN_URL, "builtin:")):
        if url.startswith(prefix):
            return shown + url[len(prefix):]
    return url if len(url) <= 200 else url[:200] + "…"


def _w3c(day: date) -> str:
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _set_metadata(target, metadata: PdfMetadata) -> None:
    """Replace what WeasyPrint read from ``<title>``/``<meta>`` with the build's own metadata."""
    target.title = metadata.title
    target.authors = [metadata.author] if metadata.author else []
    target.description = metadata.subject or None
    target.keywords = list(metadata.keywords)
    target.generator = f"casebuilder {__version__}"
    target.created = target.modified = _w3c(metadata.date)
    target.lang = metadata.language
    target.custom = {}


def _tidy(_document, pdf) -> None:
    """Last touches before the PDF is written (a WeasyPrint finisher).

    Removes the empty /Pattern and /Shading dictionaries WeasyPrint always writes (harmless, but
    allowlist PDF/A validators such as pikepdf.pdfa refuse what they cannot vouch for), and the
    duplicates WeasyPrint 70 puts in the catalog's /AF (each attachment is listed twice).
    """
    for pdf_object in pdf.objects:
        if isinstance(pdf_object, dict):
            for key in ("Pattern", "Shading"):
                if isinstance(pdf_object.get(key), dict) and not pdf_object[key]:
                    del pdf_object[key]
    if "AF" in pdf.catalog:
        unique = list(dict.fromkeys(pdf.catalog["AF"]))
        pdf.catalog["AF"].clear()
        pdf.catalog["AF"].extend(unique)


def _attachments(attachments, metadata: PdfMetadata) -> list:
    """WeasyPrint attachments dated from the metadata; names reduced to their last part (no paths)."""
    moment = datetime(metadata.date.year, metadata.date.month, metadata.date.day)
    return [weasyprint.Attachment(string=content, name=PurePosixPath(name.replace("\\", "/")).name,
                                  description=description, created=moment, modified=moment,
                                  relationship="Source")  # PDF/A-3 AFRelationship: the evidence it rests on
            for name, content, description in attachments]


class _Collect(logging.Handler):
    """Keeps the text of the WARNING records it is given (errors are about resources, reported apart)."""

    def __init__(self, level: int):
        super().__init__(level)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            self.messages.append(record.getMessage())


@contextlib.contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings instead of letting them reach stderr unformatted. WeasyPrint logs
    unknown or bad CSS and HTML syntax at WARNING on its ``weasyprint`` logger (its ``logger.py``); errors
    there are about resources, which :class:`CaseFetcher` reports itself."""
    handler = _Collect(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _style_problems(messages: list[str], origin: str) -> list[Problem]:
    """WeasyPrint's warnings as problems the user sees (the built-in templates raise none: each one is about
    the case's own templates or CSS), each once."""
    return [Problem(origin, 0, 0, f"WeasyPrint ignored part of the document's style: {message.rstrip('.')}.",
                    "Check the case's templates and CSS (templates/): the PDF was made without it.",
                    Severity.WARNING, "stylesheet")
            for message in dict.fromkeys(messages)]


def page_texts(pdf_bytes: bytes) -> list[str]:
    """The text of every page (pypdf), for tests and page checks."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def count_pages(pdf_bytes: bytes) -> int:
    """The number of pages of a PDF."""
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf_bytes)).pages)


__all__ = ["CaseFetcher", "Heading", "PdfMetadata", "RenderedPdf", "count_pages", "page_texts",
           "render_pdf"]
