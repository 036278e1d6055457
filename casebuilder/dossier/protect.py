"""Protection of people: audiences, pseudonyms and the redaction of every protected string.

A build is for an audience: ``court`` (the filing: real names, anonymity requests where asked),
``confidential`` (the team's copy: everything) or ``public`` (anything published). In a public
build a person marked ``pseudonymise`` appears under a stable pseudonym, and their names, other
spellings and identifying details are replaced everywhere; a ``confidential`` person or record is
left out. Redaction removes the text itself: what is not in the HTML cannot reach the PDF.

Every text is redacted alike: titles, short names, running heads, file names and document
properties too. A name is found wherever it stands, also glued to letters, digits or
underscores, across line breaks and double spaces, through soft hyphens and zero-width
characters (Unicode format characters), in composed or decomposed form, in any case and in
every script its ``other_names`` give. A name part is left alone only when it is not this
person's alone: borne by someone who is named, by a place or a party, or declared shared in
``protection.shared_name_parts`` (the redaction audit, which is independent of this module,
excuses only the declared ones: the build stops on the others). What else a public text must
not give away (ages, jobs, villages, a minor's family, who is an applicant) is in
:mod:`casebuilder.dossier.reidentify`.
"""

from __future__ import annotations

from collections.abc import Sequence

import base64
import functools
import hashlib
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Literal

from casebuilder.models import Person
from casebuilder.validate.case import Case

Audience = Literal["court", "confidential", "public"]
AUDIENCES: tuple[str, ...] = ("court", "confidential", "public")
NAME_WITHHELD = "[name withheld]"
DETAIL_WITHHELD = "[withheld]"
_MIN_TOKEN = 4  # a surname or given name shorter than this is too likely to be an ordinary word
_PART = re.compile(r"[^\W\d_]+")  # a run of letters, in any script


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


@functools.cache
def _invisible() -> str:
    """A regex class body of every Unicode format character (Cf: soft hyphen, zero-width space ...)."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Cf"]
    return "".join(re.escape(c) for c in chars)


def _key(text: str) -> str:
    """What two spellings of one name have in common: no format characters, no line-break hyphens,
    one form of white space, composed, case-folded."""
    text = re.sub(f"[{_invisible()}]", "", unicodedata.normalize("NFC", text))
    text = re.sub(r"[-\u2010\u2011][ \t]*\r?\n\s*", "", text)
    return " ".join(unicodedata.normalize("NFC", text.casefold()).split())


def name_pattern(names: list[str], keep: Sequence[str] = ()) -> re.Pattern | None:
    """One pattern finding any of ``names`` anywhere: between any two letters may stand format
    characters or a line-break hyphen, and any run of white space stands for a space. A name
    shorter than ``_MIN_TOKEN`` letters is found only where no letter touches it ('Ann' is not in
    'Hannover'). ``keep`` are words found so that they are left as they are ('Marino' is not
    'Marin' + 'o'): the longest alternative wins at each place."""
    between = rf"(?:[{_invisible()}]|-[ \t]*\r?\n\s*)*"
    spelled = {" ".join(unicodedata.normalize("NFC", n).split()) for n in [*names, *keep]}
    alternatives = []
    for name in sorted((n for n in spelled if _key(n)), key=lambda n: (-len(n), n)):
        body = between.join(r"\s+" if ch == " " else re.escape(ch) for ch in name)
        if len(name) < _MIN_TOKEN:
            body = rf"(?<![^\W\d_]){body}(?![^\W\d_])"
        alternatives.append(body)
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


@dataclass
class Redactor:
    """Replaces protected names and details in every text of one build, and says who is left out."""

    audience: str
    display: dict[str, str] = field(default_factory=dict)
    hidden_people: set[str] = field(default_factory=set)
    replacements: dict[str, tuple[str, str]] = field(default_factory=dict)
    """The key (:func:`_key`) of every protected string -> (pseudonym, 'name' or 'detail')."""
    originals: list[str] = field(default_factory=list)
    """Every protected string as the case spells it."""
    pattern: re.Pattern | None = None
    generalise: Callable[[str], str] | None = None
    """Re-identification safeguards applied to every public text (set by reidentify.install)."""
    pinpoint_guard: Callable[[str, str | None, set[str]], str | None] | None = None
    """(record id, pinpoint, person ids of the passage) -> the pinpoint a public output may give."""

    @property
    def is_public(self) -> bool:
        """True for public builds, where protection applies."""
        return self.audience == "public"

    def name(self, person_id: str) -> str:
        """How a person is named in this build."""
        return self.display.get(person_id, person_id)

    def text(self, value: str | None, *, quote: bool = False) -> str:
        """Redact one text. Inside a quote a name becomes '[name withheld]'; elsewhere the pseudonym."""
        if not value or not self.is_public:
            return value or ""
        value = unicodedata.normalize("NFC", value)
        if self.pattern is not None:
            value = self.pattern.sub(lambda m: self._replace(m.group(0), quote), value)
        return self.generalise(value) if self.generalise else value

    def _replace(self, found: str, quote: bool) -> str:
        if _key(found) not in self.replacements:
            return found  # a word kept as it is (see name_pattern)
        shown, kind = self.replacements[_key(found)]
        if kind == "detail":
            return DETAIL_WITHHELD
        return NAME_WITHHELD if quote else shown

    def url(self, value: str) -> str:
        """A link target as a public output may give it: withheld whole when it carries a protected
        name (a redacted URL would be a broken link, and a link target is text too)."""
        if not value or not self.is_public or self.pattern is None:
            return value
        hidden = any(_key(m.group(0)) in self.replacements for m in self.pattern.finditer(unicodedata.normalize("NFC", value)))
        return "[link withheld]" if hidden else value

    def pinpoint(self, record_id: str, pinpoint: str | None, about: set[str]) -> str | None:
        """The pinpoint a passage about ``about`` may give into a record (none into a public source
        that names a protected person of the passage)."""
        if self.is_public and self.pinpoint_guard is not None:
            return self.pinpoint_guard(record_id, pinpoint, about)
        return pinpoint

    def secrets(self) -> list[str]:
        """Every protected string of this build (for the build's cross-check with the audit)."""
        return sorted(set(self.originals), key=lambda s: (-len(s), s))


def make_redactor(case: Case, audience: str) -> Redactor:
    """Build the redactor of one audience from the case's registry of people."""
    redactor = Redactor(audience)
    default = case.case.protection.default
    levels = {pid: protection_of(at.item, default) for pid, at in case.people.items()}
    shared, among_protected, shared_words = _shared_name_parts(case, levels)
    for person_id, at in case.people.items():
        person, level = at.item, levels[person_id]
        if audience != "public" or level == "none":
            redactor.display[person_id] = person.name
            continue
        shown = pseudonym_of(person) if level == "pseudonymise" else "[identity withheld]"
        redactor.display[person_id] = shown
        if level == "confidential":
            redactor.hidden_people.add(person_id)
        for variant in _name_variants(person, shared):
            # a part borne by two protected persons says nothing about which: it is withheld, not pseudonymised
            tag = NAME_WITHHELD if _key(variant) in among_protected else shown
            redactor.replacements.setdefault(_key(variant), (tag, "name"))
            redactor.originals.append(variant)
        for detail in person.identifying_details:
            redactor.replacements.setdefault(_key(detail), (shown, "detail"))
            redactor.originals.append(detail)
    redactor.replacements.pop("", None)
    redactor.pattern = name_pattern(redactor.originals, [w for w in shared_words if _key(w) not in redactor.replacements])
    if audience == "public":
        from casebuilder.dossier.reidentify import install

        install(redactor, case, levels)
    return redactor


def name_parts(name: str) -> set[str]:
    """The parts of a name long enough to be looked for on their own (runs of letters)."""
    return {part for part in _PART.findall(name) if len(part) >= _MIN_TOKEN}


def _shared_name_parts(case: Case, levels: dict[str, str]) -> tuple[set[str], set[str], list[str]]:
    """Name parts that are not one protected person's alone, those borne by two protected persons,
    and the words (as written) that are kept as they are.

    A part also borne by someone who is named, by a party, a representative or a place cannot be
    redacted on its own without garbling that other name, e.g. 'Example' of 'Anna Example' in
    'Example State' (the audit then stops the build unless the case declares it shared in
    ``protection.shared_name_parts``). The case title is *not* such a name: a protected person's
    name in it is redacted like any text.
    """
    owners: dict[str, set[str]] = {}
    words = list(case.case.protection.shared_name_parts)
    for person_id, at in case.people.items():
        person = at.item
        parts = {p for n in (person.name, *(o.name for o in person.other_names)) for p in name_parts(n)}
        words += sorted(parts) if levels[person_id] == "none" else []
        for part in {_key(p) for p in parts}:
            owners.setdefault(part, set()).add(person_id)
    shared = {_key(p) for p in case.case.protection.shared_name_parts}
    shared |= {part for part, who in owners.items() if any(levels[p] == "none" for p in who)}
    parties = case.case.parties
    others = [r.name for r in parties.respondents] + [a.name or "" for a in parties.applicants]
    others += [r.name for r in parties.representatives]
    others += [n for at in case.places.values() for n in (at.item.name, *(x.name for x in at.item.names))]
    shared |= {_key(p) for name in others for p in name_parts(name)}
    words += [p for name in others for p in name_parts(name)]
    among = {part for part, who in owners.items() if len(who) > 1 and part not in shared}
    return shared, among, words


def _name_variants(person: Person, shared: set[str]) -> set[str]:
    """The full names of a person and, for individuals, the longer name parts not shared."""
    names = {person.name, *(n.name for n in person.other_names)}
    if person.kind == "individual":
        names |= {part for n in list(names) for part in name_parts(n) if _key(part) not in shared}
    return {n.strip() for n in names if n.strip()}
