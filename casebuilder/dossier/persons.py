"""The registry of persons as one document's audience may see it: for indexes of persons, and for
lists of the persons at risk that a filing keeps apart from its main text.

In a public build a protected person appears only under the name the audience sees (their
pseudonym) and without their identifying details; a confidential person is left out entirely.
"""

from __future__ import annotations

from typing import Any

from casebuilder.dossier.protect import Redactor, pseudonym_of, protection_of
from casebuilder.validate.case import Case

_VOICES = ("witness", "speaker", "expert")


def people_view(case: Case, redactor: Redactor, fact_ids: list[str], record_ids: set[str]) -> list[dict[str, Any]]:
    """Every person the audience may see, with where they appear among the document's facts and records.

    ``protection`` is the level that applies to them (none, pseudonymise, confidential: see
    :func:`protection_of`); ``at_risk`` is true for every private person who is protected."""
    default = case.case.protection.default
    shown_facts = [case.fact(f) for f in fact_ids]
    result = []
    for person_id, at in case.people.items():
        if person_id in redactor.hidden_people:
            continue
        person = at.item
        level = protection_of(person, default)
        records = sorted(r for r in record_ids if _appears(case.record(r), person_id))
        result.append({
            "id": person_id, "name": redactor.name(person_id), "kind": person.kind,
            "role": redactor.text(person.role), "description": redactor.text(person.description),
            "public_figure": person.public_figure, "protection": level, "at_risk": level != "none",
            "pseudonym": pseudonym_of(person) if level != "none" else "",
            "consent": bool(person.consent and person.consent.recorded),
            "consent_note": redactor.text(person.consent.note) if person.consent else "",
            "identifying_details": [] if redactor.is_public else list(person.identifying_details),
            "records": records,
            "acted_in": [f.id for f in shown_facts if person_id in f.actors],
            "affected_by": [f.id for f in shown_facts if person_id in f.affected]})
    return result


def _appears(record, person_id: str) -> bool:
    if any(getattr(record, field, None) == person_id for field in _VOICES):
        return True
    return any(p.person == person_id for p in record.persons) or any(q.speaker == person_id for q in record.quotes)
