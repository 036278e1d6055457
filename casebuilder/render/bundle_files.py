"""Gather the files of a bundle: checked against their SHA-256 right before inclusion, set as
pages, and, for a public document, read by the redaction audit first.

A public document reproduces a file only when the case says so (``public: true`` on the exhibit)
and only when the audit can read every page: a page with no text layer (a scan, a photograph) is
one the audit cannot clear, so the file is refused with a problem at its ``public`` flag.
"""

from __future__ import annotations

import io
from typing import Any

from casebuilder.problems import Problem
from casebuilder.render.bundle import Entry, Part, sha256_of_handle
from casebuilder.render.exhibit_pdf import ExhibitUnreadable, Pages, exhibit_pages, kind_of


def collect(case, context: dict[str, Any], planned) -> tuple[list[Entry], list[Problem]]:
    """One entry per exhibit of the document's list, with the files that can be put in the bundle."""
    public = planned.audience == "public"
    secrets = None
    if public:
        from casebuilder.integrity.audit import protected_strings

        secrets = protected_strings(case)
    entries, problems = [], []
    for view in context.get("exhibits", ()):
        entry = Entry(view.id, view.number, view.label, view.title, view.kind)
        located = case.evidence[view.id]
        for i, exhibit in enumerate(located.item.exhibits):
            shown = view.files[i] if i < len(view.files) else {"name": exhibit.file}
            found = _part(case, located, i, exhibit, shown["name"], public, secrets)
            if isinstance(found, Part):
                entry.parts.append(found)
            else:
                reason, problem = found
                entry.omitted.append({"name": shown["name"], "sha256": exhibit.sha256, "reason": reason})
                problems += [problem] if problem else []
        entries.append(entry)
    return entries, problems


def _part(case, located, i: int, exhibit, name: str, public: bool, secrets) -> Part | tuple[str, Problem | None]:
    """The file as a part of the bundle, or why it is only listed (and the problem, if it is one)."""
    if public and not exhibit.public:
        return "not reproduced in the public version", None
    kind = kind_of(exhibit.file)
    if kind is None:  # `check` has warned about the format already
        return "its format cannot be reproduced in the bundle", None
    path = (case.root / exhibit.file).resolve()
    if not path.is_relative_to(case.root) or not path.is_file():
        return "the file is missing", _problem(located, i, "file", f"The exhibit file '{exhibit.file}' is missing "
                                              "or lies outside the case folder.", "Restore the file.", "exhibit-missing")
    handle = open(path, "rb")  # noqa: SIM115 - kept open while the bundle is assembled (pikepdf reads it lazily)
    actual = sha256_of_handle(handle)
    if actual != exhibit.sha256:
        handle.close()
        return "its SHA-256 does not match", _problem(
            located, i, "sha256", f"The exhibit '{exhibit.file}' changed before it was put in the bundle: recorded "
            f"SHA-256 {exhibit.sha256}, the file has {actual}.", "Restore the original file, or record the change "
            "with a custody entry and the new hash.", "exhibit-hash")
    record = located.item
    try:
        pages = exhibit_pages(handle, exhibit.file, title=record.title, day=record.date.start,
                              language=case.case.language)
    except ExhibitUnreadable as exc:
        handle.close()
        return "it cannot be read", _problem(located, i, "file", f"The exhibit '{exhibit.file}' cannot be put in "
                                             f"the bundle: {exc}.", "Replace it with a PDF copy (and record the "
                                             "conversion in its custody log).", "exhibit-unreadable")
    if pages.made:
        handle.close()
    if public:
        refused = _audit(located, i, exhibit, pages, name, secrets)
        if refused:
            pages.close()
            return "refused for the public version", refused
    return Part(name, actual, pages)


def _audit(located, i: int, exhibit, pages: Pages, name: str, secrets) -> Problem | None:
    """The redaction audit of one file for a public document: every page must have text, and none a secret."""
    from casebuilder.integrity.audit import audit_pdf
    from casebuilder.render.pdf import page_texts

    buffer = io.BytesIO()
    pages.pdf.save(buffer)
    data = buffer.getvalue()
    blank = [n for n, text in enumerate(page_texts(data), 1) if not text.strip()]
    if blank:
        shown = ", ".join(map(str, blank[:5])) + (" ..." if len(blank) > 5 else "")
        return _problem(located, i, "public", f"The exhibit '{exhibit.file}' is marked public, but page(s) {shown} "
                        "have no text the redaction audit can read (a scan or an image).", "Remove 'public: true', "
                        "or produce a copy with a text layer that has been checked for protected names.",
                        "exhibit-public-unreadable")
    hits = audit_pdf(name, data, secrets)
    if hits:
        return _problem(located, i, "public", f"The exhibit '{exhibit.file}' is marked public, but it names what "
                        f"a public document must not ('{hits[0].secret}', {hits[0].where}).", "Remove 'public: "
                        "true', or produce a redacted copy as the exhibit.", "exhibit-public-leak")
    return None


def _problem(located, i: int, key: str, message: str, hint: str, code: str) -> Problem:
    path, line, col = located.where(("exhibits", i, key), key=False)
    return Problem(path, line, col, message, hint, code=code)
