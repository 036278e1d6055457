"""Re-identification: what a public output must not say about a protected person, besides their name.

A pseudonym protects nobody if the text around it gives an exact age, a job, a village and a
family: together these single a person out. So in a public build, in every text that concerns a
protected person (it names them, or gives their pseudonym, id or applicant id), and unless the
person's consent covers the detail (``consent.covers``):

* an exact age becomes an age band ('aged 36' -> 'aged 30 to 39'; a child is 'a minor');
* the person's occupation becomes their sector (``sector``, else '[occupation withheld]');
* the place they live in becomes its region (``Place.region``, else its ``admin_area``);
* a protected minor's family relations are never given ('the son of V-06' -> 'a minor');
* nothing says that a pseudonymised person is an applicant ('(applicant A-02)' goes);
* a passage about them gives no pinpoint into a public source (one with a URL or a publisher)
  that names them: the reader could look the name up there.

``check`` warns (:func:`reidentification_warnings`) when a protected person's own description
combines such details, and when the case title or short name carries a protected name
(:func:`title_warnings`). Court filings that name a person the case protects as confidential
prompt a request for confidentiality (:func:`confidentiality_request`, Rule 33 of the Rules of Court).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from casebuilder.problems import Problem, Severity

if TYPE_CHECKING:
    from casebuilder.dossier.protect import Redactor
    from casebuilder.validate.case import Case

_AGE = re.compile(r"\b(?:aged|age)\s+(\d{1,3})\b(?! to \d)|(?<!-to-)\b(\d{1,3})[-\s]years?[-\s]old\b", re.IGNORECASE)
_RELATION = (r"(?:grand)?(?:son|daughter|child|children)|(?:step)?(?:son|daughter)|nephew|niece|brother|sister|"
             r"father|mother|parents?|husband|wife|grandfather|grandmother")
_FAMILY = re.compile(rf"\b(?:the |a |an |his |her |their )?(?:minor |\d{{1,3}}-year-old |young )?(?:{_RELATION}) "
                     rf"of [^,.;:()]+", re.IGNORECASE)
_KIN = re.compile(rf"\b(?:his|her|their) (?:younger |elder |older |little |late )?(?:{_RELATION})\b", re.IGNORECASE)
_APPLICANT = re.compile(r"\s*\([^()]*\bapplicants?\b[^()]*\)|[;,]?\s*\b(?:the |an? )?(?:[A-Z]{2,5} )?applicants?"
                        r"(?: [A-Z]+-?\d+| who [^,.;()]*)?\b", re.IGNORECASE)


def age_band(age: int) -> str:
    """An age as a public output may give it: 'a minor' under 18, else a band of ten years."""
    if age < 18:
        return "a minor"
    low = age // 10 * 10
    return f"aged {low} to {low + 9}"


def generalise_ages(text: str) -> str:
    """Replace every exact age in ``text`` ('aged 36', '36-year-old', '36 years old') by its band."""
    def band(match: re.Match) -> str:
        age = int(match.group(1) or match.group(2))
        if match.group(1):
            return age_band(age) if age >= 18 else "a minor"
        return "minor" if age < 18 else f"{age // 10 * 10}-to-{age // 10 * 10 + 9}-year-old"
    return _AGE.sub(band, text)


def without_family(text: str) -> str:
    """Drop the family relations ('the son of V-06') a text gives."""
    return _KIN.sub("a relative", _FAMILY.sub("a minor", text))


def without_applicant_link(text: str) -> str:
    """Drop what says that someone is an applicant ('(applicant A-02)', ', the applicant who ...')."""
    return _APPLICANT.sub("", text)


def region_of(case: Case, place_id: str | None) -> str:
    """The region a place lies in, as a public output may name it."""
    if not place_id or place_id not in case.places:
        return "[place withheld]"
    place = case.place(place_id)
    if place.region and place.region in case.places:
        return case.place(place.region).name
    return place.admin_area or "[place withheld]"


def sector_of(person) -> str:
    """The sector a public output gives instead of a protected person's job."""
    return f"worker in {person.sector}" if person.sector else "[occupation withheld]"


def _covers(person, detail: str) -> bool:
    return bool(person.consent and detail in person.consent.covers)


def _markers(case: Case, person_id: str, redactor: Redactor) -> list[str]:
    """What in a public text shows that it concerns a person: pseudonym, id, applicant ids."""
    shown = redactor.name(person_id)
    found = [shown, person_id] + [t for t in shown.split() if any(c.isdigit() for c in t)]  # 'W-01' of 'Witness W-01'
    found += [a.id for a in case.case.parties.applicants if a.person == person_id]
    return [m for m in found if m and not m.startswith("[")]


def install(redactor: Redactor, case: Case, levels: dict[str, str]) -> None:
    """Give a public redactor its re-identification safeguards (see the module docstring)."""
    protected = [pid for pid, level in levels.items() if level != "none"]
    applicants = {a.person for a in case.case.parties.applicants if a.person}
    rules = []
    for pid in protected:
        person = case.person(pid)
        markers = _markers(case, pid, redactor)
        if not markers:
            continue
        steps = []
        if not _covers(person, "age"):
            steps.append(generalise_ages)
        if not _covers(person, "occupation"):
            steps += [_replacing(job, sector_of(person)) for job in person.occupation]
        if person.residence in case.places and not _covers(person, "residence"):
            place = case.place(person.residence)
            for name in (place.name, *(n.name for n in place.names)):
                steps.append(_replacing(name, region_of(case, person.residence)))
        if (person.minor or (person.age is not None and person.age < 18)) and not _covers(person, "family"):
            steps.append(without_family)
        if pid in applicants and not _covers(person, "applicant"):
            steps.append(without_applicant_link)
        rules.append((re.compile("|".join(re.escape(m) for m in markers)), steps))

    def generalise(text: str) -> str:
        chosen = [step for marker, steps in rules if marker.search(text) for step in steps]
        for step in dict.fromkeys(chosen):  # each safeguard once, in order
            text = step(text)
        return text

    redactor.generalise = generalise if rules else None
    redactor.pinpoint_guard = _pinpoint_guard(case, set(protected))


def _replacing(old: str, new: str):
    pattern = re.compile(re.escape(old), re.IGNORECASE)
    return lambda text: pattern.sub(new, text)


def _pinpoint_guard(case: Case, protected: set[str]):
    """(record, pinpoint, people of the passage) -> no pinpoint into a public source naming one of them."""
    def names_them(record, people: set[str]) -> bool:
        raw = " ".join([record.summary, *(q.text for q in record.quotes)]).casefold()
        listed = {p.person for p in record.persons} | {getattr(record, "witness", None)}
        return any(pid in listed or case.person(pid).name.casefold() in raw for pid in people if pid in case.people)

    def guard(record_id: str, pinpoint: str | None, about: set[str]) -> str | None:
        people = about & protected
        if not pinpoint or not people or record_id not in case.evidence:
            return pinpoint
        record = case.record(record_id)
        public_source = record.source.url is not None or bool(record.source.publisher)
        return None if public_source and names_them(record, people) else pinpoint
    return guard


def passage_people(case: Case, fact) -> set[str]:
    """The persons a fact is about: its actors, the persons it affects, and those its title or
    description names (by name, id or pseudonym)."""
    found = {p for p in (*fact.actors, *fact.affected) if p in case.people}
    text = f"{fact.title} {fact.description}"
    for pid, at in case.people.items():
        person = at.item
        marks = [pid, person.name, *([person.pseudonym] if person.pseudonym else [])]
        if any(re.search(rf"(?<![\w-]){re.escape(m)}(?![\w-])", text) for m in marks):
            found.add(pid)
    return found


def title_warnings(case: Case) -> list[Problem]:
    """Warn when the case title or short name carries a protected person's name (Rule 47 § 4)."""
    from casebuilder.dossier.protect import make_redactor

    redactor = make_redactor(case, "public")
    problems = []
    c = case.case
    for key, value in (("title", c.title), ("short_name", c.short_name)):
        found = None
        for text in (value, value.replace("-", " "), value.replace("-", "")):
            from casebuilder.dossier.protect import _key

            hits = [m.group(0) for m in redactor.pattern.finditer(text)] if redactor.pattern else []
            found = found or next((h for h in hits if _key(h) in redactor.replacements), None)
        if found:
            path, line, col = case.case_at.where((key,))
            problems.append(Problem(path, line, col, f"The case {key.replace('_', ' ')} carries the protected name "
                                    f"'{found}'; public outputs show it redacted.",
                                    "Name the case as the Court names anonymised cases, by initials or a letter "
                                    "(e.g. 'A.B. and Others v. State', 'X v. State').", Severity.WARNING,
                                    "protected-name-in-title"))
    return problems


def reidentification_warnings(case: Case) -> list[Problem]:
    """Warn when a protected person's description combines details (age, role, place, family)
    that together single them out, even under a pseudonym."""
    from casebuilder.dossier.protect import protection_of

    problems = []
    default = case.case.protection.default
    places = [n.casefold() for at in case.places.values() for n in (at.item.name, *(x.name for x in at.item.names))]
    for pid, at in case.people.items():
        person = at.item
        if protection_of(person, default) == "none":
            continue
        text = " ".join(filter(None, [person.role, person.description]))
        kinds = {"age": person.age is not None or bool(_AGE.search(text)),
                 "occupation": bool(person.occupation) or bool(person.role and re.search(
                     r"\b(?:adviser|advisor|teacher|doctor|officer|director|lecturer|minister|judge|journalist)\b",
                     person.role, re.IGNORECASE)),
                 "place": person.residence is not None or any(p in text.casefold() for p in places if len(p) > 3),
                 "family": bool(_FAMILY.search(text))}
        present = [k for k, v in kinds.items() if v and not _covers(person, k)]
        if len(present) >= 2:
            path, line, col = at.where(("id",))
            problems.append(Problem(path, line, col, f"The protected person '{pid}' is described by {', '.join(present)}: "
                                    "together these can single them out, even under a pseudonym.",
                                    "Keep only what the outputs need; public outputs give an age band, a sector and "
                                    "a region, and never a minor's family.", Severity.WARNING, "re-identification"))
    return problems


def confidentiality_request(case: Case) -> str | None:
    """The text of a request under Rule 33 of the Rules of Court that public access to the filing be
    restricted, when it names a person the case protects as confidential (or an applicant who asks
    for anonymity); None when there is none. Rule 33 § 3: the request must give reasons and say
    whether all or part of the documents is to be inaccessible to the public."""
    from casebuilder.dossier.protect import protection_of

    default = case.case.protection.default
    confidential = [at.item for at in case.people.values() if protection_of(at.item, default) == "confidential"]
    anonymous = [a for a in case.case.parties.applicants if a.anonymity.requested]
    if not confidential and not anonymous:
        return None
    reasons = [a.anonymity.reasons for a in anonymous if a.anonymity.reasons]
    who = [p.pseudonym or p.id for p in confidential] + [a.id for a in anonymous]
    minors = any(p.minor or (p.age is not None and p.age < 18) for p in confidential)
    grounds = ["the protection of the private life of the parties and of the persons concerned"]
    if minors:
        grounds.insert(0, "the interests of juveniles")
    return ("Request for confidentiality (Rule 33 of the Rules of Court). The applicant(s) request that public "
            "access to the parts of this application and its annexes that identify " + ", ".join(who) +
            " be restricted, " + " and ".join(grounds) + " so requiring (Rule 33 § 2). Reasons: " +
            (" ".join(reasons) if reasons else "these persons would be exposed to a risk of harm if identified.") +
            " The request concerns the documents in part: the identifying details only (Rule 33 § 3).")
