"""Stage 5b, bundle: the exhibits themselves, after the document, stamped and numbered.

A dossier whose kind has a bundle (``bundle: true`` in kinds.yaml) is followed by the files of
the records it cites, in the order of its list: each document's pages are consecutive. The
template may place a marker ``bundle-<record id>`` (``rid|anchor('bundle')``) to have a
document's pages inserted right after the page of the marker (an ICJ volume after its index);
documents without a marker follow the main document. Before inclusion each file's SHA-256 is
checked again (the file may have changed since ``check``); public documents reproduce only the
files the case marks ``public: true``, and only once the redaction audit has read every page.

The list's page ranges come from a render loop (:meth:`Bundle.lay_out`): the document is laid
out with the ranges of the previous pass until they no longer change (two passes, as a rule).
Templates receive them as ``bundle`` (see :meth:`Bundle.context`).
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from typing import Any, Callable

import pikepdf

from casebuilder.forums import forums
from casebuilder.problems import Problem
from casebuilder.render.exhibit_pdf import ExhibitUnreadable, Pages, exhibit_pages, kind_of
from casebuilder.render.stamp import Stamper
from casebuilder.render.theme import anchor

MAX_PASSES = 4
DEFAULT_STAMP = "{label}, p. {page} of {pages}"
PLURALS = {"Testimony": "Testimonies", "Statistics": "Statistics", "Other evidence": "Other evidence"}


@dataclass
class Part:
    """One file of a document, ready to be put in the bundle."""

    name: str
    """Its name as the document shows it (redacted in public documents)."""
    sha256: str
    """Its SHA-256, checked just before inclusion."""
    pages: Pages
    """Its pages."""


@dataclass
class Entry:
    """One document of the list: its files in the bundle and those that are only listed."""

    record: str
    number: int
    label: str
    title: str
    kind: str
    parts: list[Part] = field(default_factory=list)
    omitted: list[dict[str, str]] = field(default_factory=list)
    """Files listed but not reproduced: ``name``, ``sha256``, ``reason``."""

    @property
    def pages(self) -> int:
        """The number of pages it takes in the bundle."""
        return sum(p.pages.count for p in self.parts)


class Bundle:
    """The exhibits of one document; empty for kinds without a bundle."""

    def __init__(self, entries: list[Entry], stamp: str, enabled: bool):
        self.entries, self.stamp_form, self.enabled = entries, stamp, enabled

    @classmethod
    def of(cls, case, context: dict[str, Any], planned) -> tuple["Bundle", list[Problem]]:
        """The bundle of a document, from its template context; the problems of its files."""
        forum = forums().get(planned.kind.forum or "")
        stamp = getattr(forum, "stamp", "") or DEFAULT_STAMP
        if not getattr(planned.kind, "bundle", False):
            return cls([], stamp, False), []
        from casebuilder.render.bundle_files import collect  # noqa: PLC0415 - keeps this module small

        entries, problems = collect(case, context, planned)
        return cls(entries, stamp, True), problems

    def close(self) -> None:
        """Close the exhibit PDFs (after the bundle has been saved)."""
        for entry in self.entries:
            for part in entry.parts:
                part.pages.close()

    # ------------------------------------------------------------------ page ranges

    def context(self, main_pages: int, anchors: dict[str, int]) -> dict[str, Any]:
        """The template's ``bundle``: ``documents`` (record id -> ``first_page``, ``last_page``,
        ``pages``, ``files`` reproduced, ``omitted`` files), ``volumes`` (consecutive documents of one
        kind: ``index``, ``kind``, ``title``, ``records``, ``first``, ``last`` numbers, ``skip``), ``pages`` (of
        exhibits) and ``total_pages`` (of the whole bundle). Empty when the kind has no bundle."""
        if not self.enabled:
            return {}
        documents, offset = {}, 0
        for entry in sorted(self.entries, key=lambda e: (self._after(e, main_pages, anchors), e.number)):
            first = self._after(entry, main_pages, anchors) + offset + 1
            documents[entry.record] = {
                "first_page": first if entry.pages else None, "last_page": first + entry.pages - 1 if entry.pages else None,
                "pages": entry.pages, "omitted": entry.omitted,
                "files": [{"name": p.name, "sha256": p.sha256, "pages": p.pages.count} for p in entry.parts]}
            offset += entry.pages
        return {"documents": documents, "volumes": self._volumes(), "pages": offset, "total_pages": main_pages + offset}

    @staticmethod
    def _after(entry: Entry, main_pages: int, anchors: dict[str, int]) -> int:
        return min(anchors.get(anchor(entry.record, "bundle"), main_pages), main_pages)

    def _volumes(self) -> list[dict[str, Any]]:
        """Runs of consecutive documents of one kind; ``skip``: the exhibit pages of the run before (a
        template that puts each run after its own index skips them in the page numbers of the next index)."""
        volumes: list[dict[str, Any]] = []
        for entry in sorted(self.entries, key=lambda e: e.number):
            if not volumes or volumes[-1]["kind"] != entry.kind:
                skip = self._pages_of(volumes[-1]) if volumes else 0
                volumes.append({"index": len(volumes) + 1, "kind": entry.kind, "records": [], "first": entry.number,
                                "title": PLURALS.get(entry.kind, entry.kind + "s"), "skip": skip})
            volumes[-1]["records"].append(entry.record)
            volumes[-1]["last"] = entry.number
        return volumes

    def _pages_of(self, volume: dict[str, Any]) -> int:
        return sum(e.pages for e in self.entries if e.record in volume["records"])

    def lay_out(self, render: Callable[[dict[str, Any]], tuple[str, Any]]) -> tuple[str, Any, dict[str, Any]]:
        """Render (``render(bundle_context) -> (html, RenderedPdf)``) until the page ranges the
        document shows are those its layout gives; return the last HTML, PDF and ranges."""
        given = self.context(0, {})
        for _ in range(MAX_PASSES):
            html, rendered = render(given)
            found = self.context(rendered.page_count, rendered.anchors)
            if found == given or not any(e.parts for e in self.entries):
                return html, rendered, found
            given = found
        return html, rendered, found  # still moving after MAX_PASSES: the pages are right, the list may be off by one

    # ------------------------------------------------------------------ assembly

    def assemble(self, pdf_bytes: bytes, layout: dict[str, Any]) -> bytes:
        """The document with every exhibit page inserted at its place and stamped."""
        if not any(e.parts for e in self.entries):
            return pdf_bytes
        total = layout["total_pages"]
        with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
            stamper = Stamper(pdf)
            placed = sorted((e for e in self.entries if e.parts), key=lambda e: layout["documents"][e.record]["first_page"])
            for entry in placed:
                at = layout["documents"][entry.record]["first_page"] - 1
                self._insert(pdf, stamper, entry, at, total)
            self._outline(pdf, placed, layout)
            out = io.BytesIO()
            pdf.save(out, deterministic_id=True, compress_streams=True, fix_metadata_version=False,
                     object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()

    def _insert(self, pdf: pikepdf.Pdf, stamper: Stamper, entry: Entry, at: int, total: int) -> None:
        """Insert one document's pages at index ``at``, each stamped in the forum's form."""
        page_no = 0
        for part in entry.parts:
            for source in part.pages.pdf.pages:
                _push_inherited(source)
                pdf.pages.insert(at + page_no, source)
                page = pdf.pages[at + page_no]
                for key in ("/StructParents", "/Tabs"):  # the exhibit's own structure tree is not carried over
                    if key in page.obj:
                        del page.obj[key]
                page_no += 1
                left = self.stamp_form.format(label=entry.label, number=entry.number, page=page_no, pages=entry.pages)
                stamper.stamp(page, left, f"Page {at + page_no} of {total}", enlarge=not part.pages.made)

    @staticmethod
    def _outline(pdf: pikepdf.Pdf, placed: list[Entry], layout: dict[str, Any]) -> None:
        """A bookmark for each document of the bundle, so that a reader can go to it."""
        with pdf.open_outline() as outline:
            for entry in placed:
                first = layout["documents"][entry.record]["first_page"]
                outline.root.append(pikepdf.OutlineItem(f"{entry.label}. {entry.title}", first - 1))


def _push_inherited(page: pikepdf.Page) -> None:
    """Copy the attributes a page inherits from its page tree onto the page (PDF 32000-1 § 7.7.3.4),
    so that it keeps them in the bundle."""
    for key in ("/Resources", "/MediaBox", "/CropBox", "/Rotate"):
        node: Any = page.obj
        while key not in node and "/Parent" in node:
            node = node.Parent
        if key in node and key not in page.obj:
            page.obj[key] = node[key]


def sha256_of_handle(handle) -> str:
    """The SHA-256 of an open file, read in blocks."""
    digest = hashlib.sha256()
    handle.seek(0)
    for block in iter(lambda: handle.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


__all__ = ["Bundle", "Entry", "ExhibitUnreadable", "Part", "exhibit_pages", "kind_of", "sha256_of_handle"]
