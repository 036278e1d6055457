"""The evidence matrix: for every claim pursued, each element with the facts and evidence behind
it, the best and weakest grades, what contradicts it, and its status.

Corroboration counts two things separately: *originators* (the people or bodies the information comes
from: the witness, speaker or expert, else the author) and *channels* (the body that gathered or published
it: the recording or publishing organisation). Two witnesses heard by one NGO are two originators and one
channel. Status follows the case's ``corroboration`` setting (default: ``supported`` with at least two
independent channels, or one source graded A/B giving information graded 1/2); ``weak`` for anything less;
``gap`` for nothing. Each forum's matrix shows only the elements that forum applies
(:func:`casebuilder.law.forums.elements_for`).

The same :class:`Matrix` feeds the terminal table, the JSON and CSV forms and the PDF.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from casebuilder.law.forums import elements_for
from casebuilder.validate.case import Case

STATUS_ORDER = {"gap": 0, "weak": 1, "supported": 2}


@dataclass(frozen=True)
class ElementRow:
    """One element of a claim, as the evidence bears on it."""

    id: str
    text: str
    status: str
    facts: list[str]
    evidence: list[str]
    contradicting: list[str]
    best_grade: str
    weakest_grade: str
    sources: int
    """The number of originators (kept under its old name for the JSON and CSV forms)."""
    reasoning: str
    weight: int
    context: bool
    verified: bool
    basis: str
    channels: int = 0
    """The number of independent channels (bodies that gathered or published the information)."""

    @property
    def originators(self) -> int:
        """The number of independent originators of the information."""
        return self.sources


@dataclass(frozen=True)
class ClaimRow:
    """A claim pursued against a respondent in some forums, element by element."""

    id: str
    claim: str
    title: str
    respondent: str
    respondent_name: str
    forum: list[str]
    elements: list[ElementRow]

    @property
    def counts(self) -> dict[str, int]:
        """How many elements have each status."""
        return {s: sum(1 for e in self.elements if e.status == s) for s in STATUS_ORDER}


@dataclass(frozen=True)
class Matrix:
    """The matrix of every claim pursued, and its gaps ranked by how much they matter."""

    claims: list[ClaimRow]

    def gaps(self) -> list[tuple[ClaimRow, ElementRow]]:
        """Elements that are gaps or weak: gaps first, then by weight (context elements and the
        core conduct of a crime weigh most), then in claim order."""
        rows = [(c, e) for c in self.claims for e in c.elements if e.status != "supported"]
        order = {c.id: i for i, c in enumerate(self.claims)}
        return sorted(rows, key=lambda r: (STATUS_ORDER[r[1].status], -r[1].weight, order[r[0].id]))

    def to_json(self) -> dict:
        """The documented JSON form: ``{"claims": [{"id", "title", "respondent", "forum", "elements": [...]}]}``."""
        claims = []
        for claim in self.claims:
            data = asdict(claim)
            data["counts"] = claim.counts
            claims.append(data)
        gaps = [{"claim": c.id, "element": e.id, "status": e.status, "weight": e.weight} for c, e in self.gaps()]
        return {"claims": claims, "gaps": gaps}


def grade_key(code: str) -> tuple[str, int]:
    """Order grades from best (A1) to worst (F6)."""
    return code[0], int(code[1:])


def build_matrix(case: Case, library, *, forum: str | None = None, facts: set[str] | None = None,
                 redact=None) -> Matrix:
    """Build the matrix of the claims pursued (in ``forum`` only, if given), counting only
    the facts in ``facts`` when given (e.g. what a public build may show); ``redact`` (a text
    function) is applied to the reasoning lines, which may name people."""
    rows = []
    respondents = {r.id: r for r in case.case.parties.respondents}
    for pursued in case.case.claims:
        if forum and forum not in pursued.forums:
            continue
        claim = library.claims.get(pursued.claim)
        if claim is None:
            continue
        titles = case.case.icj.titles
        if forum:
            wanted = elements_for(library, claim, forum, titles)
        else:  # every element some forum of the claim applies, in claim order
            keep = {e.id for f in pursued.forums for e in elements_for(library, claim, f, titles)}
            wanted = [e for e in claim.elements if e.id in keep]
        elements = [_element_row(case, element, pursued.elements.get(element.id), facts) for element in wanted]
        if redact is not None:
            elements = [replace(e, reasoning=redact(e.reasoning)) for e in elements]
        respondent = respondents.get(pursued.respondent)
        rows.append(ClaimRow(pursued.id, claim.id, claim.title, pursued.respondent,
                             respondent.name if respondent else pursued.respondent, list(pursued.forums), elements))
    return Matrix(rows)


def _element_row(case: Case, element, link, allowed: set[str] | None) -> ElementRow:
    fact_ids = [f for f in (link.facts if link else ()) if f in case.facts and (allowed is None or f in allowed)]
    against = [f for f in (link.against if link else ()) if f in case.facts and (allowed is None or f in allowed)]
    records = _records_of(case, fact_ids)
    contradicting = list(dict.fromkeys(against + [s.record for f in fact_ids for s in case.fact(f).contradicted_by]))
    grades = sorted((case.record(r).reliability.code for r in records), key=grade_key)
    sources = len({_source_key(case.record(r)) for r in records})
    channels = len({_channel_key(case.record(r)) for r in records})
    rule = case.case.corroboration
    strong = rule.strong_source_suffices and any(case.record(r).reliability.is_strong for r in records)
    status = "gap" if not records else ("supported" if channels >= rule.min_channels or strong else "weak")
    return ElementRow(element.id, element.text, status, fact_ids, records, contradicting,
                      grades[0] if grades else "", grades[-1] if grades else "", sources,
                      (link.reasoning or "") if link else "", getattr(element, "weight", 1),
                      bool(getattr(element, "context", False)), bool(getattr(element, "verified", True)),
                      str(getattr(element, "basis", "") or ""), channels)


def _records_of(case: Case, fact_ids: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for fact_id in fact_ids:
        for support in case.fact(fact_id).evidence:
            if support.record in case.evidence:
                seen[support.record] = None
    return list(seen)


def _source_key(record) -> str:
    """Where the information originates: the witness, speaker or expert; else the author; else the
    publisher. Two witnesses heard by one NGO are two sources; one body's figures relayed by two
    reports are one."""
    origin = getattr(record, "witness", None) or getattr(record, "speaker", None) or getattr(record, "expert", None)
    src = record.source
    return (origin or src.author or src.publisher or src.title).strip().casefold()


def _channel_key(record) -> str:
    """The channel the information came through: the organisation that recorded a testimony, else the
    publisher, else the author or title. Fragments of one report share one channel."""
    src = record.source
    recorded = getattr(record, "recorded_by", None)
    return (recorded or src.publisher or src.author or src.title).strip().casefold()
