"""Footnotes of a document: each source cited in full the first time, then in short, in the forum's
style; identical citations in one note merged and several pinpoints of one source joined.

The forms (each court's own practice, and OSCOLA 4th ed. for the other dossiers):
- ECHR: full the first time, then "Document 5, § 3" (the list of accompanying documents gives the rest);
- ICJ: "Annex 3, section 1, para. 1";
- OSCOLA: a cross-reference to the note of the first citation, "Reporters for Human Rights (n 7) s 3
  para 4", and "ibid" when the note before cites the same single source.

The view makes one :class:`Footnotes` per document and a :class:`Note` for each place that cites; the
note is formatted when the template outputs it, so "first" is the first in the document's own order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(frozen=True)
class Citation:
    """One citation of a record: its full form, what its short form is made of, and its pinpoint."""

    record: str
    """The record's id (its anchor in the list is ``exh-<id>``)."""
    number: int
    """Its exhibit (document, annex) number in this document."""
    label: str
    """'Document 5', 'Annex 5' or 'Exhibit 5'."""
    pinpoint: str
    """Where in the source ('section 3, para 4'), or ''."""
    html: Markup
    """The full citation with its pinpoint and exhibit number, in the document's style."""
    short_name: str = ""
    """The author or body that an OSCOLA short form names ('Reporters for Human Rights')."""

    def link(self) -> Markup:
        """The exhibit label, linked to the list of exhibits."""
        return Markup('<a class="exh" href="#exh-{}">{}</a>').format(self.record, self.label)


@dataclass
class Footnotes:
    """Remembers, for one document, which sources were cited in which note."""

    style: str
    first_note: dict[str, int] = field(default_factory=dict)
    count: int = 0
    last: tuple[str, ...] = ()

    def reset(self) -> None:
        """Forget every citation: a new pass over the document begins."""
        self.first_note.clear()
        self.count, self.last = 0, ()

    def format(self, citations: list[Citation]) -> Markup:
        """The text of the next footnote citing ``citations`` (in this order)."""
        self.count += 1
        groups: dict[str, list[Citation]] = {}
        for c in citations:
            groups.setdefault(c.record, []).append(c)
        parts = [self._one(cites, single=len(groups) == 1) for cites in groups.values()]
        for record in groups:
            self.first_note.setdefault(record, self.count)
        self.last = tuple(groups)
        return Markup("; ").join(parts) + Markup(".")

    def _one(self, cites: list[Citation], single: bool) -> Markup:
        first = cites[0]
        pins = join_pinpoints([c.pinpoint for c in cites])
        if first.record not in self.first_note:
            if len(cites) == 1:
                return Markup(first.html.rstrip(".").rstrip())
            return Markup(full_with(first, pins))
        if self.style == "oscola":
            if single and self.last == (first.record,):
                return Markup("ibid") + (Markup(" {}").format(pins) if pins else Markup(""))
            name = escape(first.short_name or first.label)
            return (Markup("{} (n {})").format(name, self.first_note[first.record])
                    + (Markup(" {}").format(pins) if pins else Markup("")) + Markup(" (") + first.link() + Markup(")"))
        return first.link() + (Markup(", {}").format(pins) if pins else Markup(""))


def full_with(citation: Citation, pins: str) -> Markup:
    """The full form of a citation with another (joined) pinpoint in place of its own."""
    html = str(citation.html)
    if citation.pinpoint and str(escape(citation.pinpoint)) in html:
        html = html.replace(str(escape(citation.pinpoint)), str(escape(pins)), 1)
    return Markup(html.rstrip(".").rstrip())


_PARA = re.compile(r"^(?P<head>.*?)(?P<word>paras?\.?|§§?|pp?\.)\s*(?P<nums>[\d\s,\-–]+)$")


def join_pinpoints(pins: list[str]) -> str:
    """Several pinpoints of one source as one: 'section 3, para 3' and 'section 3, paras 5-7' give
    'section 3, paras 3, 5-7'; different parts are joined with '; '. Duplicates go."""
    unique = list(dict.fromkeys(p.strip() for p in pins if p and p.strip()))
    if len(unique) <= 1:
        return unique[0] if unique else ""
    heads: dict[tuple[str, str], list[str]] = {}
    others = []
    for pin in unique:
        match = _PARA.match(pin)
        if not match:
            others.append(pin)
            continue
        word = match.group("word").rstrip(".").rstrip("s").rstrip("§") or "§"
        heads.setdefault((match.group("head"), word), []).append(match.group("nums").strip())
    joined = []
    for (head, word), nums in heads.items():
        several = len(nums) > 1 or any(re.search(r"[-–,]", n) for n in nums)
        plural = {"para": "paras", "p": "pp", "": "§§"}.get(word, word) if several else (word or "§")
        dot = "." if word == "p" else ""
        joined.append(f"{head}{plural}{dot} {', '.join(nums)}")
    return "; ".join(joined + others)


@dataclass(frozen=True)
class Note:
    """The citations of one place in the text, formatted (as a footnote's content) when output."""

    citations: tuple[Citation, ...]
    """What the place cites."""
    footnotes: Footnotes
    """The document's footnote memory."""

    def __html__(self) -> str:
        return str(self.footnotes.format(list(self.citations))) if self.citations else ""

    def __bool__(self) -> bool:
        return bool(self.citations)
