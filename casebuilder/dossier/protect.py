"""Protection of people: audiences, pseudonyms and the redaction of every protected string.

A build is for an audience: ``court`` (the filing: real names, anonymity requests where asked),
``confidential`` (the team's copy: everything) or ``public`` (anything published). In a public
build a person marked ``pseudonymise`` appears under a stable pseudonym, and their names, other
spellings and identifying details are replaced everywhere; a ``confidential`` person or record is
left out. Redaction removes the text itself: what is not in the HTML cannot reach the PDF.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal

from casebuilder.validate.case import Case
from casebuilder.models import Person

Audience = Literal["court", "confidential", "public"]
AUDIENCES: tuple[str, ...] = ("court", "confidential", "public")
NAME_WITHHELD = "[name withheld]"
DETAIL_WITHHELD = "[withheld]"
_MIN_TOKEN = 4  # a surname or given name shorter than this is too likely to be an ordinary word


def protection_of(person: Person, default: str) -> str:
    """The protection that applies to a person: their own decision, else the case default for
    private individuals; public figures, organisations and consenting persons are named."""
    if person.consent and person.consent.recorded:
        return "none"
    if person.protection is not None:
        return person.protection
    if person.public_figure or person.kind != "individual":
        return "none"
    return default


def pseudonym_of(person: Person) -> str:
    """The person's pseudonym: the one the case assigns, else one derived from the id (stable)."""
    if person.pseudonym:
        return person.pseudonym
    code = base64.b32encode(hashlib.sha256(person.id.encode()).digest()).decode()[:4]
    return f"Person {code}"


@dataclass
class Redactor:
    """Replaces protected names and details in every text of one build, and says who is left out."""

    audience: str
    display: dict[str, str] = field(default_factory=dict)
    hidden_people: set[str] = field(default_factory=set)
    _names: list[tuple[re.Pattern, str, str, str]] = field(default_factory=list)

    @property
    def is_public(self) -> bool:
        """True for public builds, where protection applies."""
        return self.audience == "public"

    def name(self, person_id: str) -> str:
        """How a person is named in this build."""
        return self.display.get(person_id, person_id)

    def text(self, value: str | None, *, quote: bool = False) -> str:
        """Redact one text. Inside a quote a name becomes '[name withheld]'; elsewhere the pseudonym."""
        if not value or not self._names:
            return value or ""
        for pattern, pseudonym, kind, _ in self._names:
            replacement = DETAIL_WITHHELD if kind == "detail" else (NAME_WITHHELD if quote else pseudonym)
            value = pattern.sub(replacement, value)
        return value

    def secrets(self) -> list[str]:
        """Every protected string of this build (for the redaction audit)."""
        return [raw for _, _, _, raw in self._names]


def make_redactor(case: Case, audience: str) -> Redactor:
    """Build the redactor of one audience from the case's registry of people."""
    redactor = Redactor(audience)
    default = case.case.protection.default
    shared = _shared_name_parts(case)
    entries = []
    for person_id, at in case.people.items():
        person = at.item
        level = protection_of(person, default)
        if audience != "public" or level == "none":
            redactor.display[person_id] = person.name
            continue
        shown = pseudonym_of(person) if level == "pseudonymise" else "[identity withheld]"
        redactor.display[person_id] = shown
        if level == "confidential":
            redactor.hidden_people.add(person_id)
        entries += [(n, shown, "name") for n in _name_variants(person, shared)]
        entries += [(d, shown, "detail") for d in person.identifying_details]
    # longest first, so that a full name is replaced before its parts
    for text, shown, kind in sorted(set(entries), key=lambda e: (-len(e[0]), e[0])):
        pattern = re.compile(rf"(?<!\w){re.escape(text)}(?!\w)", re.IGNORECASE)
        redactor._names.append((pattern, shown, kind, text))
    return redactor


def _parts(name: str) -> set[str]:
    return {part for part in re.split(r"[\s,]+", name) if len(part) >= _MIN_TOKEN}


def _shared_name_parts(case: Case) -> set[str]:
    """Name parts that are not one person's alone: borne by two persons of the case, or part of
    another name the outputs print (a party, a representative, a place), e.g. 'Example' of
    'Anna Example' in 'Example State'.

    Such a part cannot be redacted on its own without garbling other names; the full names still
    are, and short forms a source uses can be listed in ``other_names``.
    """
    seen: dict[str, str] = {}
    shared = set()
    for person_id, at in case.people.items():
        person = at.item
        for part in {p.casefold() for n in (person.name, *(o.name for o in person.other_names)) for p in _parts(n)}:
            if seen.setdefault(part, person_id) != person_id:
                shared.add(part)
    parties = case.case.parties
    others = [r.name for r in parties.respondents] + [a.name or "" for a in parties.applicants]
    others += [r.name for r in parties.representatives] + [case.case.title]
    others += [n for at in case.places.values() for n in (at.item.name, *(x.name for x in at.item.names))]
    shared |= {p.casefold() for name in others for p in _parts(name)}
    return shared


def _name_variants(person: Person, shared: set[str]) -> set[str]:
    """The full names of a person and, for individuals, the longer name parts no one else bears."""
    names = {person.name, *(n.name for n in person.other_names)}
    if person.kind == "individual":
        names |= {part for n in list(names) for part in _parts(n) if part.casefold() not in shared}
    return {n.strip() for n in names if n.strip()}
