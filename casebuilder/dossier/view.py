"""Stage 4, map: the view model, the only data templates receive (documented template context).

Everything here is already redacted for the document's audience and every evidence text is
escaped at render time. Facts are numbered in date order and carry their citations; exhibits are
numbered chronologically among the records the document cites.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import datetime
from datetime import date
from typing import Any, Callable

from markupsafe import Markup

from casebuilder.validate.case import Case
from casebuilder.dossier.citations import Citation, Footnotes, Note
from casebuilder.dossier.cite import EXHIBIT_WORD, cite, source_line
from casebuilder.dossier.protect import Redactor
from casebuilder.dossier.reidentify import passage_people

KIND_LABELS = {
    "testimony": "Testimony", "statistic": "Statistics", "official_statement": "Official statement",
    "resolution": "Resolution", "court_decision": "Court decision", "media_report": "Media report",
    "expert_opinion": "Expert opinion", "document": "Document", "other": "Other evidence",
}


@dataclass(frozen=True)
class QuoteView:
    """A verbatim passage, redacted inside the quote where it names a protected person."""

    text: str
    """The passage as the source has it (names withheld in public builds)."""
    pinpoint: str
    """Where in the source."""
    speaker: str
    """Who says it (pseudonym in public builds), or ''."""
    translation: str
    """A translation, or ''."""
    editor_note: str
    """The editor's correction or clarification, or ''."""
    language: str
    """The BCP 47 language tag of the passage, or ''."""


@dataclass(frozen=True)
class FactView:
    """A fact as the statement of facts narrates it."""

    id: str
    """The fact's id."""
    title: str
    """Its heading."""
    date: str
    """Its date as written in the case."""
    start: datetime.date
    """Its first day (for ordering and charts)."""
    places: list[str]
    """The names of its places."""
    description: str
    """The neutral paragraph."""
    citations: list[Citation]
    """The records that establish it, as footnotes."""
    contradicted_by: list[Citation]
    """The records that contradict it, as footnotes."""
    note: Note
    """Its footnote: the citations of ``citations``, in full the first time, then short."""
    against_note: Note
    """The footnote of ``contradicted_by``."""


@dataclass(frozen=True)
class ExhibitView:
    """A record produced with the dossier: one line of the exhibit index and one sheet of the bundle."""

    number: int
    """Its number in this dossier."""
    label: str
    """'Document 3', 'Annex 3' or 'Exhibit 3'."""
    id: str
    """The record's id (the anchor is ``exh-<id>``)."""
    kind: str
    """The record's kind label, e.g. 'Testimony'."""
    title: str
    """The record's title."""
    date: str
    """The date of what it records."""
    summary: str
    """The neutral summary."""
    source: Markup
    """The source line in the document's style."""
    url: str
    """The source's address, or ''."""
    grade: str
    """The reliability grade, e.g. 'B2'."""
    grade_rationale: str
    """Why that grade."""
    quotes: list[QuoteView]
    """The verbatim passages."""
    files: list[dict[str, Any]]
    """Exhibit files: ``name``, ``sha256``, ``custody`` (list of 'date, who: action')."""
    editor_notes: list[str]
    """The editor's notes on the record."""
    figures: list[dict[str, Any]]
    """For statistics: ``label``, ``value``, ``unit``, ``counts``, ``approximate``, ``breakdown``."""


@dataclass
class Exhibits:
    """Numbers the records a document cites, chronologically, and formats citations to them."""

    case: Case
    redactor: Redactor
    style: str
    cited: set[str] = field(default_factory=set)
    numbers: dict[str, int] = field(default_factory=dict)
    footnotes: Footnotes = field(init=False)

    def __post_init__(self) -> None:
        self.footnotes = Footnotes(self.style)

    def note(self, citations: list[Citation]) -> Note:
        """A footnote citing ``citations``, formatted in document order when the template outputs it."""
        return Note(tuple(citations), self.footnotes)

    def number_all(self, record_ids: set[str], volume: Callable[[str], int] | None = None) -> None:
        """Fix the numbering: chronological by the date of what each record records, then by id
        (within volumes first, when ``volume`` gives each record's volume)."""
        order = sorted(record_ids, key=lambda r: (volume(r) if volume else 0, self.case.record(r).date.start, r))
        self.numbers = {rid: i for i, rid in enumerate(order, 1)}

    def citation(self, record_id: str, pinpoint: str | None) -> Citation:
        """The citation of one record, as a footnote of this document."""
        record = self.case.record(record_id)
        number = self.numbers[record_id]
        short = self.redactor.text(record.source.author or record.source.publisher or "")
        return Citation(record_id, number, f"{EXHIBIT_WORD[self.style]} {number}",
                        self.redactor.text(pinpoint) if pinpoint else "",
                        cite(record, number, self.redactor, self.style, pinpoint), short)

    def views(self) -> list[ExhibitView]:
        """The exhibit index, in number order."""
        return [self._view(rid, n) for rid, n in sorted(self.numbers.items(), key=lambda x: x[1])]

    def _view(self, record_id: str, number: int) -> ExhibitView:
        r, red = self.case.record(record_id), self.redactor
        quotes = [QuoteView(red.text(q.text, quote=True), red.text(q.pinpoint), red.name(q.speaker) if q.speaker else "",
                            red.text(q.translation, quote=True), red.text(q.editor_note), q.language or "")
                  for q in r.quotes]
        files = [{"name": e.file.rsplit("/", 1)[-1] if not red.is_public else f"exhibit-{number}",
                  "sha256": e.sha256, "description": red.text(e.description),
                  "custody": [f"{c.date}, {red.text(c.who)}: {red.text(c.action)}" for c in e.custody]}
                 for e in r.exhibits]
        figures = [{"label": f.label, "value": f.value, "unit": f.unit, "counts": red.text(f.counts),
                    "approximate": f.approximate, "by": f.by or "", "as_of": str(f.as_of or ""),
                    "breakdown": [(red.text(b.label), b.value, b.group or "") for b in f.breakdown]}
                   for f in getattr(r, "figures", ())]
        return ExhibitView(number, f"{EXHIBIT_WORD[self.style]} {number}", r.id, KIND_LABELS[r.kind],
                           red.text(r.title), str(r.date), red.text(r.summary),
                           source_line(r, red, self.style), red.url(str(r.source.url or "")), r.reliability.code,
                           red.text(r.reliability.rationale), quotes, files,
                           [red.text(n) for n in r.editor_notes], figures)


def fact_views(case: Case, fact_ids: list[str], exhibits: Exhibits) -> list[FactView]:
    """The facts, in the order given (the selection's), with their citations (exhibits must be
    numbered first)."""
    red = exhibits.redactor
    facts = [case.fact(f) for f in fact_ids]
    views = []
    for fact in facts:
        about = passage_people(case, fact) if red.is_public else set()  # no pinpoint that re-identifies them
        cites = [exhibits.citation(s.record, red.pinpoint(s.record, s.pinpoint, about)) for s in fact.evidence
                 if s.record in exhibits.numbers]
        against = [exhibits.citation(s.record, red.pinpoint(s.record, s.pinpoint, about)) for s in fact.contradicted_by
                   if s.record in exhibits.numbers]
        places = [red.text(case.place(p).name) for p in fact.places if p in case.places]
        views.append(FactView(fact.id, red.text(fact.title), str(fact.date), fact.date.start, places,
                              red.text(fact.description), cites, against, exhibits.note(cites),
                              exhibits.note(against)))
    return views
