"""Assemble the whole template context of one planned document (see README, "Template context").

Templates receive exactly these names: ``case``, ``doc``, ``parties``, ``applicant``, ``facts``,
``exhibits``, ``matrix``, ``gaps``, ``claims``, ``charts``, ``voices``,
``chronology``, ``recommendations``, ``submissions``, ``waivers``, ``findings`` and ``withheld``;
also ``reach`` (the States of the facts' places and their acceptance of the forum, see
:mod:`casebuilder.dossier.reach`) and ``people`` (the persons the audience may see, see
:mod:`casebuilder.dossier.persons`).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from casebuilder.validate.case import Case
from casebuilder.dossier.cite import EXHIBIT_WORD
from casebuilder.dossier.kinds import Planned
from casebuilder.checks.forum import FOUR_MONTHS_FROM, time_limit
from casebuilder.analysis.matrix import build_matrix
from casebuilder.dossier.persons import people_view
from casebuilder.dossier.protect import Redactor, make_redactor
from casebuilder.dossier.authorities import AuthorityIndex, element_law
from casebuilder.dossier.reach import reach
from casebuilder.dossier.readable import Readable
from casebuilder.forums import language_names
from casebuilder.dossier.reidentify import confidentiality_request
from casebuilder.dossier.selection import Selection, applicant_facts, select
from casebuilder.dossier.view import Exhibits, fact_views

MAX_VOICES = 3
PRONOUNS = {"female": {"subject": "she", "object": "her", "possessive": "her"},
            "male": {"subject": "he", "object": "him", "possessive": "his"},
            "": {"subject": "the applicant", "object": "the applicant", "possessive": "the applicant’s"}}
"""Pronouns from the applicant's recorded sex; neutral wording where none is recorded."""


def build_context(case: Case, planned: Planned, library, findings: list | None = None) -> dict[str, Any]:
    """The template context of one document, redacted for its audience."""
    redactor: Any = make_redactor(case, planned.audience)  # then the Readable that wraps it (same interface)
    chosen = select(case, planned, redactor, library)
    exhibits = Exhibits(case, redactor, planned.kind.style)
    charts_data = _statistics(case, chosen, court=planned.audience == "court")
    # annexes bound in volumes by kind are numbered volume after volume (kinds in the case's order)
    kinds = list(dict.fromkeys(at.item.kind for at in case.evidence.values()))
    exhibits.number_all(chosen.records | {rid for rid, _ in charts_data},
                        (lambda r: kinds.index(case.record(r).kind)) if planned.kind.volumes else None)
    redactor = Readable(redactor, case, exhibits, EXHIBIT_WORD[planned.kind.style])
    exhibits.redactor = redactor  # from here every text is read with ids rewritten for the reader
    facts = fact_views(case, chosen.facts, exhibits)
    forum = planned.kind.forum
    matrix = build_matrix(case, library, forum=forum, facts=set(chosen.facts), redact=redactor.text)
    authorities = AuthorityIndex(library, planned.kind.style)
    claims = _claims(case, library, forum, matrix, chosen.claims, authorities)
    return {
        "case": _case_view(case, redactor),
        "doc": {"kind": planned.kind.name, "title": planned.kind.title, "filename": planned.filename,
                "audience": planned.audience, "style": planned.kind.style, "forum": forum or "",
                "exhibit_word": EXHIBIT_WORD[planned.kind.style], "final": planned.final,
                "draft": not planned.final},
        "selection": {"background": sorted(chosen.background), "out_of_time": sorted(chosen.out_of_time),
                      "own": sorted(chosen.own), "notes": [redactor.text(n) for n in chosen.notes]},
        "parties": _parties(case, redactor, chosen.respondents),
        "applicant": _applicant(case, redactor, planned.applicant),
        "facts": facts,
        "exhibits": exhibits.views(),
        "exhibit_numbers": dict(exhibits.numbers),
        "footnotes": exhibits.footnotes,  # the document's footnote memory (the renderer resets it per pass)
        "matrix": matrix,
        "gaps": matrix.gaps(),
        "claims": claims,
        "authorities": authorities.table(),
        "icj_titles": _icj_titles(case, library, chosen.respondents),
        "charts": _charts(charts_data, exhibits),
        "voices": _voices(case, chosen, exhibits),
        "chronology": [{"date": f.date, "start": f.start, "title": f.title, "id": f.id} for f in facts],
        "recommendations": [{"to": redactor.text(r.to), "text": redactor.text(r.text)} for r in case.case.recommendations],
        "publish_coverage": case.case.publish_coverage,
        "language_names": language_names(),
        # Rule 33 of the Rules of Court: a court filing that names persons the case protects asks that
        # the documents identifying them not be accessible to the public
        "confidentiality_request": (redactor.text(confidentiality_request(case) or "")
                                    if planned.audience == "court" else ""),
        # the lead-in says "adjudge and declare that:", so a submission does not start with "That" again
        "submissions": [re.sub(r"^that\s+", "", redactor.text(s), flags=re.I) for s in case.case.submissions],
        "waivers": [{"check": w.check, "reason": redactor.text(w.reason), "claim": w.claim or ""}
                    for w in case.case.waivers],
        "findings": [dataclasses.replace(f, message=redactor.text(f.message)) for f in findings or []],
        "withheld": chosen.withheld,
        "reach": reach(case, library, forum, chosen.facts, redactor.text),
        "people": people_view(case, redactor, chosen.facts, chosen.records),
        # the first sentence of each fact, for statements that must be concise (the ECHR form's section E)
        "leads": {f.id: re.split(r"(?<=[.!?])\s+(?=[^\W\d_a-z])", f.description.strip(), maxsplit=1)[0]
                  for f in facts},
        # the instruments the claims rest on in this forum (first cited first), e.g. for an ICJ case caption
        "instruments": [{"id": k, "title": library.instruments[k].title, "kind": library.instruments[k].kind,
                         "short_title": library.instruments[k].short_title, "verified": library.instruments[k].verified}
                        for k in dict.fromkeys(b.ref.partition(":")[0] for c in claims for b in c["bases"])
                        if k in getattr(library, "instruments", {})],
        # every figure of the statistics produced (exhibit order), cited with its pinpoint; and the short
        # OSCOLA names of the elements' bases ('Elements of Crimes art 7(1)(d)') for the briefings
        "figures": [{"record": rid, "label": redactor.text(f.label), "value": f.value, "unit": f.unit,
                     "counts": redactor.text(f.counts), "approximate": f.approximate,
                     "breakdown": len(f.breakdown), "grade": case.record(rid).reliability.code,
                     "pinpoint": redactor.text(f.pinpoint),
                     "citation": exhibits.citation(rid, f.pinpoint),
                     "note": exhibits.note([exhibits.citation(rid, f.pinpoint)])}
                    for rid in exhibits.numbers if case.record(rid).kind == "statistic"
                    for f in getattr(case.record(rid), "figures", ())],
        "basis_short": {e.basis: library.instruments[e.basis.partition(":")[0]].citation(
                            e.basis.partition(":")[2] or None, "oscola", short=True)
                        for c in matrix.claims for e in c.elements
                        if e.basis.partition(":")[0] in getattr(library, "instruments", {})},
    }


def _case_view(case: Case, red: Redactor) -> dict[str, Any]:
    c = case.case
    return {"title": red.text(c.title), "short_name": c.short_name, "language": c.language, "specimen": c.specimen,
            "specimen_note": red.text(c.specimen_note), "date": c.date, "version": c.version,
            "summary": red.text(c.summary), "sources_note": red.text(c.sources_note)}


def _parties(case: Case, red: Redactor, respondents: list[str]) -> dict[str, Any]:
    p = case.case.parties
    applicants = [_applicant(case, red, a.id) for a in p.applicants]
    return {"applicants": applicants,
            "respondents": [{"id": r.id, "state": r.state, "name": r.name} for r in p.respondents
                            if r.id in respondents],
            "representatives": [{"id": r.id, "name": r.name, "kind": r.kind, "address": r.address or "",
                                 "email": r.email or "", "phone": r.phone or "", "represents": list(r.represents)}
                                for r in p.representatives]}


def _applicant(case: Case, red: Redactor, applicant_id: str | None) -> dict[str, Any] | None:
    applicant = next((a for a in case.case.parties.applicants if a.id == applicant_id), None)
    if applicant is None:
        return None
    name = applicant.name or (red.name(applicant.person) if applicant.person else applicant.id)
    public = red.is_public
    final = applicant.final_decision
    return {"id": applicant.id, "kind": applicant.kind, "name": name, "state": applicant.state or "",
            "date_of_birth": "" if public else str(applicant.date_of_birth or ""),
            "place_of_birth": "" if public else red.text(applicant.place_of_birth),
            "nationality": applicant.nationality or "", "address": "" if public else red.text(applicant.address),
            "sex": applicant.sex or "", "representative": applicant.representative or "",
            "victim_status": red.text(applicant.victim_status), "exhaustion": red.text(applicant.exhaustion),
            "other_proceedings": red.text(applicant.other_proceedings),
            "final_decision": {"date": str(final.date), "court": final.court,
                               "description": red.text(final.description),
                               # the last day to apply (Article 35 § 1): four months, six before 1 February 2022
                               "last_day": str(time_limit(final.date.start)),
                               "months": 4 if final.date.start >= FOUR_MONTHS_FROM else 6} if final else None,
            "anonymity": {"requested": applicant.anonymity.requested, "reasons": red.text(applicant.anonymity.reasons)},
            "facts": sorted(applicant_facts(case, applicant.id)) if applicant.kind != "state" else [],
            "pronoun": PRONOUNS.get(applicant.sex or "", PRONOUNS[""])}


def _claims(case: Case, library, forum: str | None, matrix, chosen: list[str],
            index: AuthorityIndex) -> list[dict[str, Any]]:
    """The claims the document pleads, each with its matrix row, bases and the law of each element."""
    rows = {row.id: row for row in matrix.claims}
    result = []
    for pursued in case.case.claims:
        if pursued.id not in rows or pursued.id not in chosen:
            continue
        claim = library.claims[pursued.claim]
        bases = library.bases_for(claim, forum) if hasattr(library, "bases_for") else []
        law = {e.id: element_law(index, claim.element(e.id), pursued.elements.get(e.id))
               for e in rows[pursued.id].elements}
        result.append({"id": pursued.id, "title": claim.title, "respondent": rows[pursued.id].respondent_name,
                       "row": rows[pursued.id], "bases": bases, "law": law})
    return result


def _icj_titles(case: Case, library, respondents: list[str]) -> list[dict[str, Any]]:
    """The titles of jurisdiction the case invokes before the ICJ (Article 36 of its Statute), with the
    declarations and reservations the library records for the Parties."""
    states = {a.state for a in case.case.parties.applicants if a.state}
    states |= {r.state for r in case.case.parties.respondents if r.id in respondents}
    titles = []
    for title_id in case.case.icj.titles:
        title = getattr(library, "titles", {}).get(title_id)
        if title is None:
            continue
        declarations = [{"state": d.state, "kind": d.kind, "text": d.text, "verified": d.verified}
                        for d in getattr(title, "declarations", ()) if d.state in states]
        titles.append({"id": title.id, "kind": title.kind, "name": title.name,
                       "conditions": title.conditions or "", "verified": title.verified,
                       "declarations": declarations})
    return titles


def _statistics(case: Case, chosen: Selection, court: bool) -> list[tuple[str, Any]]:
    """Figures with breakdowns of the statistic records the document may show, for charts (a court
    filing charts only the statistics its own facts rest on)."""
    found = []
    for rid, at in case.evidence.items():
        record = at.item
        if record.kind != "statistic" or (rid not in chosen.records and (court or record.protection == "confidential")):
            continue
        for figure in record.figures:
            if len(figure.breakdown) >= 2 and (rid in chosen.records or record.protection != "confidential"):
                found.append((rid, figure))
    return found


def _charts(data: list[tuple[str, Any]], exhibits: Exhibits) -> list[dict[str, Any]]:
    from casebuilder.dossier.charts import bar_chart

    charts = []
    for rid, figure in data:
        items = [(exhibits.redactor.text(b.label), b.value) for b in figure.breakdown if not b.group]
        if len(items) < 2:
            items = [(exhibits.redactor.text(b.label), b.value) for b in figure.breakdown]
        title = exhibits.redactor.text(figure.label) + (f", by {figure.by}" if figure.by else "")
        svg = bar_chart(items, title=title, unit=figure.unit)
        charts.append({"title": title, "svg": Markup(svg), "citation": exhibits.citation(rid, figure.pinpoint),
                       "note": exhibits.note([exhibits.citation(rid, figure.pinpoint)]),
                       "total": figure.value, "unit": figure.unit, "approximate": figure.approximate,
                       "counts": exhibits.redactor.text(figure.counts)})
    return charts


def _voices(case: Case, chosen: Selection, exhibits: Exhibits) -> list[dict[str, Any]]:
    voices = []
    for rid in sorted(chosen.records, key=lambda r: (case.record(r).date.start, r)):
        record = case.record(rid)
        if record.kind == "testimony" and record.quotes:
            quote = record.quotes[0]
            voices.append({"speaker": exhibits.redactor.name(record.witness),
                           "text": exhibits.redactor.text(quote.text, quote=True),
                           "citation": exhibits.citation(rid, quote.pinpoint),
                           "note": exhibits.note([exhibits.citation(rid, quote.pinpoint)])})
    return voices
