"""``case.yaml``: the case itself, its parties, the forums and claims pursued, and its policy."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from casebuilder.forums import FORUM_NAMES
from casebuilder.models.law_authorities import AuthorityRef
from casebuilder.models.common import Date, Id, Protection, StrictModel, Text

if TYPE_CHECKING:
    Forum = str
else:
    Forum = Literal[FORUM_NAMES]
"""Where or for whom the case is pursued: a name from casebuilder/data/forums.yaml."""


class FinalDecision(StrictModel):
    """The final domestic decision from which the ECHR time limit runs (Article 35 § 1)."""

    date: Date
    """The date of the decision."""
    notified: Date | None = None
    """When the decision was served on the applicant or came to their knowledge, where it was not pronounced in
    their presence: the time limit then runs from this date (Article 35 § 1)."""
    court: Text
    """The court or authority that gave it."""
    description: str | None = None
    """What it decided."""


class Anonymity(StrictModel):
    """A request that the applicant's identity not be disclosed to the public (Rule 47 § 4)."""

    requested: bool = False
    """True when the applicant asks for anonymity."""
    reasons: str | None = None
    """The reasons that justify departing from public access (required when requested)."""


class Applicant(StrictModel):
    """An applicant: an individual, an organisation or a State (inter-State cases)."""

    id: Id
    """A stable id (e.g. ``A-01``)."""
    kind: Literal["individual", "organisation", "state"] = "individual"
    """What sort of applicant."""
    person: Id | None = None
    """For an individual or organisation: the id of the person in the registry."""
    state: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    """For a State: its ISO 3166 alpha-3 code (e.g. ``FRA``)."""
    name: str | None = None
    """For a State: its official name, e.g. 'Republic of Exampleland'."""
    date_of_birth: Date | None = None
    """Date of birth (Rule 47 § 1 (a))."""
    place_of_birth: str | None = None
    """Place of birth."""
    nationality: str | None = None
    """Nationality (Rule 47 § 1 (a))."""
    address: str | None = None
    """Postal address, separate from the representative's (Rule 47 § 1 (a))."""
    sex: Literal["female", "male", "other"] | None = None
    """Sex, as the application form asks."""
    representative: Id | None = None
    """The id of the representative acting for the applicant."""
    victim_status: str | None = None
    """How the applicant is directly affected (Article 34: the applicant must claim to be a victim)."""
    facts: tuple[Id, ...] = ()
    """Facts particular to this applicant, added to the case's shared facts."""
    final_decision: FinalDecision | None = None
    """The final domestic decision, if any."""
    dispatched: Date | None = None
    """When the complete application form was (or will be) sent: the date of introduction (Rule 47 § 6 (a)).
    The ECHR time limit is measured to this date; without it, to the case's date."""
    registration_date: Date | None = None
    """For an organisation: its date of incorporation or registration (Rule 47 § 1 (a))."""
    registration_number: str | None = None
    """For an organisation: its official registration number, if it has one (Rule 47 § 1 (a))."""
    forums: tuple[Forum, ...] = ()
    """The forums in which this applicant brings the case; empty means every forum of the case."""
    exhaustion: str | None = None
    """The statement on exhaustion of domestic remedies (Article 35 § 1), or why none was effective."""
    other_proceedings: str | None = None
    """Other international proceedings on the same matter, if any (form section H)."""
    anonymity: Anonymity = Anonymity()
    """Whether anonymity is requested, and why."""

    @model_validator(mode="after")
    def _check_kind(self) -> "Applicant":
        if self.kind == "state" and not self.state:
            raise ValueError("A State applicant needs 'state', its ISO 3166 alpha-3 code (e.g. FRA).")
        if self.kind != "state" and not self.person:
            raise ValueError("An individual or organisation applicant needs 'person', the id of a person in people/.")
        if self.anonymity.requested and not self.anonymity.reasons:
            raise ValueError("An anonymity request needs 'reasons' (Rule 47 § 4).")
        return self


class Respondent(StrictModel):
    """A State against which claims are brought."""

    id: Id
    """A short id used in claims, e.g. ``AZE``."""
    state: str = Field(pattern=r"^[A-Z]{3}$")
    """Its ISO 3166 alpha-3 code, used to find its treaty dates in the legal library."""
    name: Text
    """Its official name, e.g. 'Example State'."""


class Representative(StrictModel):
    """A lawyer, agent or other representative."""

    id: Id
    """A stable id."""
    name: Text
    """Full name."""
    kind: Literal["lawyer", "agent", "non-lawyer", "organisation"] = "lawyer"
    """'agent' for a State's Agent before the ICJ or the ECHR."""
    address: str | None = None
    """Postal address."""
    email: str | None = None
    """E-mail."""
    phone: str | None = None
    """Telephone."""
    represents: tuple[Id, ...] = ()
    """Ids of the applicants they act for."""


class Parties(StrictModel):
    """The parties to the case."""

    applicants: tuple[Applicant, ...] = ()
    """Applicants (individuals, organisations or States)."""
    respondents: tuple[Respondent, ...] = Field(default=(), min_length=0)
    """The States against which claims are brought."""
    representatives: tuple[Representative, ...] = ()
    """Representatives and Agents."""


class ElementLink(StrictModel):
    """How the facts of the case bear on one element of a claim."""

    facts: tuple[Id, ...] = ()
    """Facts that support the element."""
    against: tuple[Id, ...] = ()
    """Facts that cut against it."""
    reasoning: str | None = None
    """A short line of reasoning, where the link is not obvious."""
    argument: str | None = None
    """Counsel's argument that the facts meet the element, in counsel's own words (printed in the
    law chapter of the filings; an element pleaded without one is a note for counsel in a draft)."""
    authorities: tuple[AuthorityRef, ...] = ()
    """The authorities counsel relies on for this element, with the paragraphs."""


class PursuedClaim(StrictModel):
    """A claim of the legal library pursued against a respondent, with its elements mapped to facts."""

    id: Id
    """A stable id for this claim in the case, e.g. ``displacement-AZE``."""
    claim: Id
    """The id of the claim in the legal library, e.g. ``forced-displacement``."""
    respondent: Id
    """The id of the respondent (``parties.respondents``) it is brought against."""
    forums: tuple[Forum, ...] = Field(min_length=1)
    """The forums in which it is pursued."""
    elements: dict[str, ElementLink] = {}
    """For each element number of the claim (as the library numbers it): the facts for and against."""
    applicants: tuple[Id, ...] = ()
    """In an individual application, the applicants who complain of it (empty: every applicant
    concerned by one of its facts). Each must be concerned by at least one of its facts (Article 34)."""


class Chapter(StrictModel):
    """A chapter of the statement of facts."""

    id: Id
    """Its id, named by facts' ``chapter``."""
    title: Text
    """Its heading."""


class Recommendation(StrictModel):
    """A recommendation or request addressed to someone."""

    to: Text
    """To whom: 'The Government of ...', 'The Council of Europe' ..."""
    text: Text
    """What is asked."""


class IcjSettings(StrictModel):
    """How the case is brought before the ICJ."""

    titles: tuple[Id, ...] = ()
    """The titles of jurisdiction invoked, by library id (e.g. ``cerd-22``); a claim pleaded at the ICJ must
    fall within them (Statute art 36)."""


class Corroboration(StrictModel):
    """When the matrix calls an element ``supported``."""

    min_channels: int = Field(default=2, ge=1)
    """How many independent channels (the bodies that gathered or published the information) suffice."""
    strong_source_suffices: bool = True
    """True: one source graded A/B giving information graded 1/2 suffices on its own."""


class Waiver(StrictModel):
    """A forum check the case chooses to set aside, with its reason (shown in the dossier)."""

    check: Id
    """The id of the check, as ``casebuilder check`` prints it."""
    reason: Text
    """Why it does not apply or is accepted."""
    claim: Id | None = None
    """Limit the waiver to one pursued claim."""


class ProtectionPolicy(StrictModel):
    """How persons are protected by default."""

    default: Protection = "pseudonymise"
    """The protection of private individuals who have no decision of their own."""
    shared_name_parts: tuple[str, ...] = ()
    """Parts of protected persons' names that are not theirs alone and may appear in public
    outputs, e.g. a surname shared with a public figure or a place ('Example' of 'Anna Example'
    and 'Example State'). Any other part of a protected name found in a public output stops the
    build (the redaction audit excuses only these)."""


class CaseFile(StrictModel):
    """The case: ``case.yaml`` at the root of the case folder."""

    title: Text
    """The full title of the case."""
    short_name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)
    """A short name in lower case and hyphens; the output folder is named after it."""
    language: str = "en"
    """The language of the outputs (BCP 47 tag)."""
    specimen: bool = False
    """True when the case is a specimen: every page of every output then says SPECIMEN."""
    specimen_note: str | None = None
    """Why it is a specimen, shown on the cover."""
    date: Date
    """The date of the dossiers (used as their build date, so that rebuilds are identical)."""
    version: str = "1"
    """The version of the dossiers."""
    summary: Text
    """The situation in at most three sentences (used on covers and in the advocacy summary)."""
    parties: Parties = Parties()
    """Applicants, respondents and representatives."""
    forums: tuple[Forum, ...] = Field(min_length=1)
    """The forums and audiences pursued; one dossier kind each, plus the evidence matrix."""
    claims: tuple[PursuedClaim, ...] = ()
    """The claims pursued, against whom, with their elements mapped to facts."""
    recommendations: tuple[Recommendation, ...] = ()
    """Recommendations (briefings, summaries)."""
    submissions: tuple[Text, ...] = ()
    """The submissions asked of a court ('adjudge and declare that ...'), in order."""
    protection: ProtectionPolicy = ProtectionPolicy()
    """The default protection policy."""
    waivers: tuple[Waiver, ...] = ()
    """Forum checks set aside, each with its reason."""
    chapters: tuple[Chapter, ...] = ()
    """The chapters of the statement of facts, in order (facts name theirs with ``chapter``)."""
    publish_coverage: bool = False
    """Whether public outputs (briefing, summary) show how much of each claim the evidence covers
    and its gaps; off by default, since gaps are for counsel, not the public."""
    icj: IcjSettings = IcjSettings()
    """The ICJ titles of jurisdiction invoked (when the case pursues the ICJ)."""
    corroboration: Corroboration = Corroboration()
    """The rule for ``supported`` in the evidence matrix (default: two independent channels, or one A/B source
    with information graded 1/2)."""
    sources_note: str | None = None
    """A note on the sources as a whole (shown in the briefing)."""
