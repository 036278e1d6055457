"""What each document is about: its claims, its respondents, its facts and its records.

A court filing narrates the facts that the claims pursued *in its forum* rely on (through their
element mappings), plus the facts the case marks as background for that forum, and nothing else.
An individual application pleads only the complaints of which the applicant can claim to be a
victim (Article 34 of the Convention: at least one fact concerns the applicant). A fact outside
the forum's jurisdiction in time is not relied on (it is narrated only when marked as context),
and a respondent against whom nothing within it is relied on is not named. A filing does not
narrate, in its party's name, a fact that the case marks as against that party's interest: that
belongs to the confidential matrix. The selection is pure: it renders nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from casebuilder.dossier.kinds import Planned
from casebuilder.dossier.protect import Redactor
from casebuilder.forums import forums
from casebuilder.models.case import PursuedClaim
from casebuilder.problems import Problem
from casebuilder.validate.case import Case


@dataclass(frozen=True)
class Selection:
    """What one document may show, and why the rest was left out."""

    facts: list[str]
    """The facts it narrates, in the order of the statement of facts."""
    records: set[str]
    """The records those facts rest on."""
    claims: list[str]
    """The ids of the pursued claims it pleads."""
    respondents: list[str]
    """The ids of the respondents of those claims."""
    background: set[str] = field(default_factory=set)
    """Facts narrated as background or context only (no claim of this document relies on them)."""
    out_of_time: set[str] = field(default_factory=set)
    """Background facts that fall outside the forum's jurisdiction in time."""
    own: set[str] = field(default_factory=set)
    """For an individual application: the facts that concern the applicant."""
    notes: list[str] = field(default_factory=list)
    """Notes for counsel: what was left out of the filing and why."""
    withheld: dict[str, int] = field(default_factory=dict)
    """Counts of people, records and facts the audience may not see."""


def select(case: Case, planned: Planned, redactor: Redactor, library: Any = None) -> Selection:
    """Choose the claims, respondents, facts and records of one document."""
    forum = planned.kind.forum
    hidden_records = _hidden_records(case, redactor)
    if forum is None or not forums()[forum].judicial:
        return _everything(case, planned, redactor, hidden_records)
    notes: list[str] = []
    own = applicant_facts(case, planned.applicant) if planned.applicant else set()
    claims: list[PursuedClaim] = []
    relied: set[str] = set()
    for pursued in case.case.claims:
        if forum not in pursued.forums:
            continue
        if planned.applicant and not _complains(case, pursued, planned.applicant, own):
            notes.append(f"The claim '{_title(library, pursued)}' is not pleaded: no fact relied on for it "
                         "concerns this applicant (Article 34 of the Convention).")
            continue
        in_time, outside = _facts_in_time(case, library, pursued, forum)
        if not in_time:
            notes.append(f"The claim '{_title(library, pursued)}' against {_respondent(case, pursued)} is not "
                         f"pleaded: every fact relied on for it falls outside the Court's jurisdiction in time.")
            continue
        claims.append(pursued)
        relied |= in_time
    party = _filing_parties(case, planned)
    background = {fid for fid, at in case.facts.items() if forum in at.item.background_for} - relied
    chosen = [fid for fid in case.facts if (fid in relied or fid in background)
              and _narrated_in(case, fid, forum, party, notes)]
    if planned.applicant:
        others = {f for a in case.case.parties.applicants if a.id != planned.applicant for f in a.facts}
        chosen = [f for f in chosen if f not in others or f in own]
    out_of_time = {f for f in background if f in chosen and not _within_any(case, library, f, forum, claims)}
    facts = order_facts(case, chosen)
    records = {s.record for f in facts for s in (*case.fact(f).evidence, *case.fact(f).contradicted_by)}
    respondents = list(dict.fromkeys(c.respondent for c in claims))
    return Selection(facts, records - hidden_records, [c.id for c in claims], respondents,
                     background & set(facts), out_of_time, own & set(facts), notes,
                     {"people": len(redactor.hidden_people), "records": len(hidden_records), "facts": 0})


def applicant_facts(case: Case, applicant_id: str) -> set[str]:
    """The facts that concern an applicant: those listed for them, and those that name their person
    among the affected."""
    applicant = next(a for a in case.case.parties.applicants if a.id == applicant_id)
    listed = set(applicant.facts)
    if applicant.person:
        listed |= {fid for fid, at in case.facts.items() if applicant.person in at.item.affected}
    return listed


def order_facts(case: Case, fact_ids: list[str]) -> list[str]:
    """The order of a statement of facts: the case's chapters in their order (facts of no chapter
    first), then the chronology of the events, then the id for a stable order."""
    rank = {c.id: i for i, c in enumerate(case.case.chapters, 1)}
    return sorted(fact_ids, key=lambda f: (rank.get(case.fact(f).chapter or "", 0), case.fact(f).date.start,
                                           case.fact(f).date.end, f))


def complaint_problems(case: Case) -> list[Problem]:
    """A claim pleaded for an applicant of whom none of its facts speaks is refused (Article 34)."""
    problems = []
    for i, pursued in enumerate(case.case.claims):
        for j, applicant_id in enumerate(pursued.applicants):
            if not any(a.id == applicant_id for a in case.case.parties.applicants):
                continue
            if not _complains(case, pursued, applicant_id, applicant_facts(case, applicant_id)):
                path, line, col = case.case_at.where(("claims", i, "applicants", j))
                problems.append(Problem(path, line, col, f"The claim '{pursued.id}' is pleaded for the applicant "
                                        f"'{applicant_id}', but none of its facts concerns that applicant, who "
                                        "cannot claim to be its victim (Article 34 of the Convention).",
                                        "Link a fact that concerns the applicant (their 'facts', or a fact whose "
                                        "'affected' names them), or remove the applicant from the claim.",
                                        code="echr-victim"))
    return problems


def _complains(case: Case, pursued: PursuedClaim, applicant_id: str, own: set[str]) -> bool:
    if pursued.applicants and applicant_id not in pursued.applicants:
        return False
    return any(f in own for f in _relied(case, pursued))


def _relied(case: Case, pursued: PursuedClaim) -> set[str]:
    """The facts a claim relies on: its element mappings, and facts that name it in ``relied_on_for``."""
    mapped = {f for link in pursued.elements.values() for f in link.facts if f in case.facts}
    return mapped | {fid for fid, at in case.facts.items() if pursued.id in at.item.relied_on_for}


def _facts_in_time(case: Case, library: Any, pursued: PursuedClaim, forum: str) -> tuple[set[str], set[str]]:
    """The facts relied on for a claim, split into those within the forum's jurisdiction in time
    against its respondent and those outside it."""
    relied = _relied(case, pursued)
    outside = {f for f in relied if _within(case, library, f, forum, pursued) is False}
    return relied - outside, outside


def _within(case: Case, library: Any, fact_id: str, forum: str, pursued: PursuedClaim) -> bool | None:
    """Whether the forum's instrument bound the respondent during the fact (None: unknown, which the
    forum checks report; the fact is then kept)."""
    instrument = forums()[forum].instrument if forums()[forum].respondent_bound else None
    respondent = next((r for r in case.case.parties.respondents if r.id == pursued.respondent), None)
    if library is None or instrument is None or respondent is None:
        return None
    span = case.fact(fact_id).date
    ends = [library.in_force_for(respondent.state, instrument, day) for day in (span.start, span.end)]
    if True in ends:
        return True
    return False if ends == [False, False] else None


def _within_any(case: Case, library: Any, fact_id: str, forum: str, claims: list[PursuedClaim]) -> bool:
    return any(_within(case, library, fact_id, forum, c) is not False for c in claims) if claims else True


def _narrated_in(case: Case, fact_id: str, forum: str, party: set[str], notes: list[str]) -> bool:
    fact = case.fact(fact_id)
    if (fact.forums and forum not in fact.forums) or forum in fact.exclude_forums:
        return False
    if party & set(fact.against_interest_of):
        notes.append(f"The fact '{fact.title}' is left to the confidential matrix: the case marks it as against "
                     "the interest of the party filing.")
        return False
    return True


def _filing_parties(case: Case, planned: Planned) -> set[str]:
    if planned.applicant:
        return {planned.applicant}
    return {a.id for a in case.case.parties.applicants}


def _everything(case: Case, planned: Planned, redactor: Redactor, hidden_records: set[str]) -> Selection:
    """Briefings, summaries and the matrix: every fact the audience may see (and the forum allows)."""
    forum, public = planned.kind.forum, redactor.is_public
    facts, hidden_facts = [], 0
    for fact_id, at in case.facts.items():
        fact = at.item
        if forum and ((fact.forums and forum not in fact.forums) or forum in fact.exclude_forums):
            continue
        usable = [s for s in fact.evidence if s.record not in hidden_records]
        if public and (fact.protection == "confidential" or not usable):
            hidden_facts += 1
            continue
        facts.append(fact_id)
    facts = order_facts(case, facts)
    records = {s.record for f in facts for s in (*case.fact(f).evidence, *case.fact(f).contradicted_by)}
    claims = [c.id for c in case.case.claims if forum is None or forum in c.forums or not forums()[forum].judicial]
    respondents = list(dict.fromkeys(c.respondent for c in case.case.claims if c.id in claims))
    withheld = {"people": len(redactor.hidden_people), "records": len(hidden_records), "facts": hidden_facts}
    return Selection(facts, records - hidden_records, claims, respondents, withheld=withheld)


def _hidden_records(case: Case, redactor: Redactor) -> set[str]:
    if not redactor.is_public:
        return set()
    hidden = set()
    for rid, at in case.evidence.items():
        record = at.item
        voices = [getattr(record, f, None) for f in ("witness", "speaker", "expert")]
        if record.protection == "confidential" or any(v in redactor.hidden_people for v in voices if v):
            hidden.add(rid)
    return hidden


def _title(library: Any, pursued: PursuedClaim) -> str:
    claim = getattr(library, "claims", {}).get(pursued.claim)
    return claim.title if claim else pursued.id


def _respondent(case: Case, pursued: PursuedClaim) -> str:
    return next((r.name for r in case.case.parties.respondents if r.id == pursued.respondent), pursued.respondent)
