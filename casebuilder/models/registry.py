"""Facts, and the registries of people and places they refer to."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from casebuilder.models.common import Date, Id, Protection, StrictModel, Text


class Name(StrictModel):
    """A name in one language or script."""

    name: Text
    """The name as written."""
    language: str | None = None
    """The language (BCP 47 tag: ``hy``, ``ru``, ``az``, ``en``, ``fr``)."""
    script: str | None = None
    """The script (ISO 15924: ``Armn``, ``Cyrl``, ``Latn``)."""


class Consent(StrictModel):
    """A recorded consent of a person to be named."""

    recorded: bool
    """True only when consent to being named in public outputs has been obtained and recorded."""
    date: Date | None = None
    """When it was given."""
    note: str | None = None
    """Its scope and where the record of it is kept."""
    covers: tuple[Literal["age", "occupation", "residence", "family", "applicant"], ...] = ()
    """Details the person agreed to have shown in public outputs even though they are not named
    (``recorded: false``): their exact age, occupation, place of residence, family relations, or
    that they are an applicant. Without it public outputs generalise these details."""


class Person(StrictModel):
    """A person, organisation or group named in the evidence."""

    id: Id
    """A stable id, unique across the case (e.g. ``P-012``)."""
    name: Text
    """The name as the source gives it."""
    kind: Literal["individual", "organisation", "group", "state_body"] = "individual"
    """What the entry is."""
    other_names: tuple[Name, ...] = ()
    """Other spellings, transliterations and scripts (all are withheld too when the person is protected)."""
    role: str | None = None
    """Their role in the case: 'resident of X', 'Prosecutor General', 'witness' ..."""
    nationality: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    """For a person: the State of nationality; for forces or a state body: the State they belong to (ISO 3166
    alpha-3). The ICC check reads it as the perpetrator's nationality (Rome Statute art 12(2)(b))."""
    public_figure: bool = False
    """True for officials and others acting in a public capacity: they are named in every output."""
    protection: Protection | None = None
    """'none' (named), 'pseudonymise' (a pseudonym in public outputs) or 'confidential' (left out of
    public outputs). When absent, the case's default policy applies to private individuals."""
    consent: Consent | None = None
    """Consent to be named, if recorded."""
    pseudonym: str | None = Field(default=None, max_length=40)
    """The pseudonym used in public outputs (e.g. 'Witness W-07'); assigned from the id if absent."""
    identifying_details: tuple[Text, ...] = ()
    """Other strings that identify the person and must not appear in public outputs
    (exact address, date of birth, a small village)."""
    description: str | None = None
    """A short neutral description."""
    age: int | None = Field(default=None, ge=0, le=130)
    """Their age at the time of the events; public outputs give only an age band for a protected person."""
    minor: bool = False
    """True for a child (under 18): public outputs never give a protected minor's family relations."""
    occupation: tuple[Text, ...] = ()
    """Their job, in every wording the texts use, e.g. 'adviser to the Minister of Agriculture';
    replaced in public outputs by ``sector`` for a protected person."""
    sector: str | None = None
    """The sector of their work, e.g. 'public administration', shown instead of the occupation."""
    residence: Id | None = None
    """The id of the place where they live(d); public outputs name its region instead for a protected person."""


class Coordinates(StrictModel):
    """A position on the map with its precision."""

    lat: float = Field(ge=-90, le=90)
    """Latitude in decimal degrees (WGS 84)."""
    lon: float = Field(ge=-180, le=180)
    """Longitude in decimal degrees (WGS 84)."""
    precision: Literal["exact", "approximate", "settlement", "region"] = "settlement"
    """How precise the position is."""


class Place(StrictModel):
    """A place named in the evidence."""

    id: Id
    """A stable id, unique across the case."""
    name: Text
    """The name used in the case's outputs."""
    names: tuple[Name, ...] = ()
    """Names in other languages and scripts."""
    kind: Literal["settlement", "region", "country", "site", "border", "road", "other"] = "settlement"
    """What sort of place it is."""
    admin_area: str | None = None
    """The administrative area it lies in, as the source or a gazetteer gives it."""
    region: Id | None = None
    """The id of the region (a place of the registry) it lies in: named instead of a village where
    naming the village would identify a protected person."""
    country: str | None = None
    """The country, or a note where its status is disputed."""
    state: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    """The State on whose territory it lies for jurisdiction (ISO 3166 alpha-3); the ICC check reads it as the
    territorial State (Rome Statute art 12(2)(a))."""
    coordinates: Coordinates | None = None
    """Where it is."""


class Support(StrictModel):
    """A link from a fact to an evidence record, with its pinpoint."""

    record: Id
    """The id of the evidence record."""
    pinpoint: str | None = None
    """Where in the record's source the fact is supported (page, paragraph, quote)."""
    figure: Id | None = None
    """For a statistic: the id of the figure relied on."""
    note: str | None = None
    """Why the record supports (or contradicts) the fact, if not obvious."""


class Fact(StrictModel):
    """Something that happened, as the evidence establishes it."""

    id: Id
    """A stable id, unique across the case (e.g. ``F-019``)."""
    title: Text
    """A short heading for the fact."""
    date: Date
    """When it happened: a day, a month, or a range."""
    places: tuple[Id, ...] = ()
    """Ids of the places where it happened."""
    actors: tuple[Id, ...] = ()
    """Ids of the persons, bodies or forces who acted."""
    affected: tuple[Id, ...] = ()
    """Ids of the persons or groups affected."""
    description: Text
    """One neutral paragraph that attributes contested points to their sources."""
    evidence: tuple[Support, ...] = Field(min_length=1)
    """The records that establish the fact, with pinpoints. At least one."""
    contradicted_by: tuple[Support, ...] = ()
    """Records that cast doubt on or contradict the fact."""
    protection: Literal["none", "confidential"] = "none"
    """'confidential' leaves the fact out of public outputs."""
    forums: tuple[str, ...] = ()
    """Limit the fact to these forums (names as in ``forums`` of case.yaml); empty: every forum."""
    exclude_forums: tuple[str, ...] = ()
    """Forums whose filings must not narrate the fact."""
    background_for: tuple[str, ...] = ()
    """Forums whose filings narrate the fact as background or context, although no claim relies on it
    (a fact outside the forum's jurisdiction in time is narrated only when marked so)."""
    against_interest_of: tuple[Id, ...] = ()
    """Ids of parties (applicants) whose own filings should leave the fact to the confidential matrix,
    because it concerns their own conduct or is against their interest."""
    counsel_note: str | None = None
    """A note for counsel on the fact (its weight, what corroborates it, what is missing): shown in
    drafts and in the confidential matrix, never in the text of a filing."""
    relied_on_for: tuple[Id, ...] = ()
    """Ids of pursued claims that rely on the fact besides their element mappings, e.g. an applicant's
    own account on which their victim status for that complaint rests."""
    chapter: Id | None = None
    """The id of the chapter of the statement of facts it belongs to (``chapters`` of case.yaml)."""

    @model_validator(mode="before")
    @classmethod
    def _ids_as_supports(cls, data: object) -> object:
        """Allow ``evidence: [T-001, S-002]`` as a short form of ``[{record: T-001}, ...]``."""
        if isinstance(data, dict):
            for key in ("evidence", "contradicted_by"):
                items = data.get(key)
                if isinstance(items, list):
                    data = {**data, key: [{"record": i} if isinstance(i, str) else i for i in items]}
        return data
