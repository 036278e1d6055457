"""Evidence records: what the case holds, one model per ``kind``.

A file in ``evidence/`` holds one record (a mapping) or several (a list of mappings).
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, HttpUrl

from casebuilder.models.common import Date, Id, Protection, Reliability, StrictModel, Text


class PersonRole(StrictModel):
    """A person of the registry and the part they play in this record."""

    person: Id
    """The id of a person in the registry (``people/``)."""
    role: Text
    """Their part in this record, e.g. 'witness', 'victim', 'author', 'detainee'."""


class Quote(StrictModel):
    """A verbatim passage of the source, with its pinpoint. Never edited: corrections go in the note."""

    text: Text
    """The passage exactly as the source has it, errors included."""
    pinpoint: str | None = None
    """Where in the source: page, paragraph, section or timestamp (e.g. 'p. 4', '§ 12', 'section 5')."""
    speaker: Id | None = None
    """The id of the person who said it, when it is a quoted statement."""
    language: str | None = None
    """The language of ``text`` as a BCP 47 tag (``en``, ``hy``, ``ru``, ``az``, ``fr``), if not the case language."""
    translation: str | None = None
    """A translation into the case language, when ``text`` is in another language."""
    editor_note: str | None = None
    """The editor's note: a correction or clarification of the passage, shown as such, e.g.
    '[The Trilateral Statement is dated 9 November 2020; the source has 2000.]'."""


class Source(StrictModel):
    """Where the record comes from."""

    title: Text
    """The title of the source document, article, report or recording."""
    publisher: str | None = None
    """Who published it (organisation, outlet, court, parliament)."""
    author: str | None = None
    """Who wrote or said it, as the source names them."""
    date: Date | None = None
    """When the source was published (not when the events happened: that is the record's ``date``)."""
    url: HttpUrl | None = None
    """Where it can be found online."""
    accessed: Date | None = None
    """When the URL was last accessed."""
    language: str | None = None
    """The language of the source (BCP 47 tag)."""
    translation_note: str | None = None
    """Who translated the quoted passages, and from what."""


class CustodyEntry(StrictModel):
    """One step in the chain of custody of an exhibit file."""

    date: Date
    """When it happened."""
    who: Text
    """Who did it (a person or an organisation)."""
    action: Text
    """What was done: 'collected', 'received', 'copied', 'converted to PDF', 'transferred to counsel'."""
    sha256_before: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """The file's SHA-256 before this step (lower-case hex), if it changed."""
    sha256_after: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    """The file's SHA-256 after this step (lower-case hex)."""


class Exhibit(StrictModel):
    """A file that is part of the evidence, with its fingerprint and custody."""

    file: Text
    """The path of the file, relative to the case folder (e.g. ``exhibits/report.txt``)."""
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """The SHA-256 of the file (lower-case hex), as recorded when it was collected.
    `sha256sum FILE` prints it."""
    description: str | None = None
    """What the file is."""
    custody: tuple[CustodyEntry, ...] = ()
    """The chain of custody: who held or changed the file, when, with the hashes."""
    public: bool = False
    """True: public documents may reproduce the file in their bundle, once the redaction audit has
    read every page of it (a scan, which has no text to read, is refused). Court and confidential
    documents always reproduce it; public ones otherwise only list it."""


class _Record(StrictModel):
    """Fields common to every evidence record."""

    id: Id
    """A stable id, unique across the case (e.g. ``T-014``); facts cite records by it."""
    title: Text
    """A short title, e.g. 'Testimony of a resident of Sarnaghbyur'."""
    date: Date
    """When the events or the statement happened (not the source's publication date)."""
    places: tuple[Id, ...] = ()
    """Ids of places in the registry (``places/``) that the record concerns."""
    persons: tuple[PersonRole, ...] = ()
    """Persons of the registry who appear in the record, with their role."""
    summary: Text
    """A neutral summary that says who states what: 'The witness states that ...'."""
    quotes: tuple[Quote, ...] = ()
    """The passages that matter, verbatim, each with its pinpoint."""
    source: Source
    """Where the record comes from."""
    reliability: Reliability
    """The grading of the source and of the information."""
    exhibits: tuple[Exhibit, ...] = ()
    """Files that are part of this evidence, each with its SHA-256."""
    editor_notes: tuple[Text, ...] = ()
    """Notes of the editor about the record (errors or ambiguities in the source, kept and explained)."""
    protection: Literal["none", "confidential"] = "none"
    """'confidential' leaves the whole record out of public outputs."""
    tags: tuple[str, ...] = ()
    """Free labels for sorting and filtering (e.g. 'blockade', 'border villages')."""


class Testimony(_Record):
    """A personal account, quoted as testimony."""

    kind: Literal["testimony"]
    """The kind of record."""
    witness: Id
    """The id of the person who gives the account."""
    recorded_by: str | None = None
    """Who took or published the account (e.g. an NGO or a journalist)."""
    given_on: Date | None = None
    """When the account was given, if known."""


class Breakdown(StrictModel):
    """One line of a breakdown of a figure (e.g. one region)."""

    label: Text
    """What this line counts, e.g. 'North district' or 'Riverside'."""
    value: float
    """The number."""
    place: Id | None = None
    """The place of the registry this line is about, if any."""
    group: str | None = None
    """The group it belongs to, for two-level tables (e.g. the region of a town)."""


class Figure(StrictModel):
    """A number as data: its value, unit, what it counts, and its breakdowns."""

    id: Id
    """An id unique within the record (e.g. ``killed``); charts and citations use it."""
    label: Text
    """What the figure is, in words: 'Persons killed', 'Registered displaced persons'."""
    value: float | None = None
    """The total, if the source gives one."""
    unit: str = "persons"
    """The unit: 'persons', 'households', 'tonnes', 'percent' ..."""
    counts: Text
    """Exactly what is counted, as the source defines it."""
    approximate: bool = False
    """True when the source gives the figure as approximate ('about', '~', 'more than')."""
    as_of: Date | None = None
    """The date the figure refers to."""
    by: str | None = None
    """What the breakdown is by, e.g. 'region of arrival'."""
    breakdown: tuple[Breakdown, ...] = ()
    """The figure split by region, category or group, as the source gives it."""
    pinpoint: str | None = None
    """Where in the source the figure stands."""


class Statistic(_Record):
    """Figures from a source, kept as numbers with their units and breakdowns."""

    kind: Literal["statistic"]
    """The kind of record."""
    figures: tuple[Figure, ...] = Field(min_length=1)
    """The figures, each with what it counts."""


class OfficialStatement(_Record):
    """A statement of an official, attributed to whoever made it."""

    kind: Literal["official_statement"]
    """The kind of record."""
    speaker: Id
    """The id of the person who made the statement."""
    office: str | None = None
    """The office they held when they made it."""


class Vote(StrictModel):
    """The recorded vote on a resolution."""

    in_favour: int = Field(ge=0)
    """Votes for."""
    against: int = Field(ge=0)
    """Votes against."""
    abstentions: int = Field(default=0, ge=0)
    """Abstentions."""


class Resolution(_Record):
    """A resolution of a parliament, an assembly or an international body."""

    kind: Literal["resolution"]
    """The kind of record."""
    body: Text
    """The body that adopted it, e.g. 'European Parliament'."""
    reference: str | None = None
    """Its official reference (e.g. 'P9_TA(2023)0356')."""
    vote: Vote | None = None
    """The vote, if recorded."""


class CourtDecision(_Record):
    """A judgment, order or decision of a court or tribunal."""

    kind: Literal["court_decision"]
    """The kind of record."""
    court: Text
    """The court, e.g. 'International Court of Justice'."""
    case_name: Text
    """The name of the case as the court gives it."""
    reference: str | None = None
    """The official reference or report citation."""
    decision_type: str | None = None
    """'judgment', 'order', 'decision', 'provisional measures order' ..."""


class MediaReport(_Record):
    """A report in the press or online media."""

    kind: Literal["media_report"]
    """The kind of record."""
    outlet: Text
    """The newspaper, broadcaster or website."""


class ExpertOpinion(_Record):
    """The opinion of an expert, attributed to them."""

    kind: Literal["expert_opinion"]
    """The kind of record."""
    expert: Id
    """The id of the expert in the registry."""
    expertise: str | None = None
    """Their field of expertise."""


class Document(_Record):
    """A document: a decree, a letter, an agreement, a report."""

    kind: Literal["document"]
    """The kind of record."""
    document_type: str | None = None
    """What sort of document: 'decree', 'agreement', 'report', 'letter' ..."""


class Other(_Record):
    """Any other evidence (photograph, video, satellite image, ...), described in the summary."""

    kind: Literal["other"]
    """The kind of record."""
    medium: str | None = None
    """What it is: 'photograph', 'video', 'satellite image' ..."""


RECORD_MODELS: dict[str, type[_Record]] = {
    "testimony": Testimony, "statistic": Statistic, "official_statement": OfficialStatement,
    "resolution": Resolution, "court_decision": CourtDecision, "media_report": MediaReport,
    "expert_opinion": ExpertOpinion, "document": Document, "other": Other,
}
EVIDENCE_KINDS = tuple(RECORD_MODELS)

EvidenceRecord = Annotated[
    Union[Testimony, Statistic, OfficialStatement, Resolution, CourtDecision, MediaReport,
          ExpertOpinion, Document, Other],
    Field(discriminator="kind"),
]
"""Any evidence record; the ``kind`` field says which."""
