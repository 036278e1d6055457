"""What law each forum applies: the elements of a claim a forum tests, and whether a claim's legal bases
fall within the ICJ titles of jurisdiction a case invokes.

* The ECtHR applies the Convention and its Protocols (Article 32 ECHR): its tests for the Articles pleaded,
  never the Elements of Crimes or the law of armed conflict as such.
* The ICC applies the Rome Statute and the Elements of Crimes (Article 21(1)(a)), contextual elements included.
* The ICJ decides the dispute the title of jurisdiction covers: under a compromissory clause, the treaty that
  contains it (CERD art 22 covers CERD, not the Charter nor the Geneva Conventions).
* Briefings and summaries keep every element the library marks for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Iterable

from casebuilder.models.law import Claim, Element, Title

if TYPE_CHECKING:
    from casebuilder.law.library import Library

FORUM_LAW: dict[str, tuple[str, ...]] = {
    "echr-individual": ("echr",),
    "echr-interstate": ("echr",),
    "icc": ("rome-statute", "icc-elements"),
}
"""The instruments (with every instrument whose ``parent`` they are) each court applies; the ICJ's come from
the titles invoked."""
BRIEFINGS = ("ngo-briefing", "advocacy-summary")


def lineage(library: "Library", instrument_id: str) -> set[str]:
    """The instrument and every instrument above it (a protocol's convention), by id."""
    found: set[str] = set()
    current: str | None = instrument_id
    while current and current not in found:
        found.add(current)
        instrument = library.instruments.get(current)
        current = instrument.parent if instrument else None
    return found


def forum_instruments(library: "Library", claim: Claim, forum: str, titles: Iterable[str] = ()) -> set[str] | None:
    """The instruments a forum applies to this claim; None when the forum keeps every element (briefings)."""
    if forum in FORUM_LAW:
        return set(FORUM_LAW[forum])
    if forum == "icj":
        covered = {i for t in titles if t in library.titles for i in library.titles[t].covers}
        if any(t in library.titles and library.titles[t].kind == "optional-clause" for t in titles):
            return None  # any legal dispute (Statute art 36(2)): the claim's own ICJ bases decide
        return covered or {ref.partition(":")[0] for ref in claim.bases_for("icj")}
    return None


def elements_for(library: "Library", claim: Claim | str, forum: str | None, titles: Iterable[str] = ()) -> list[Element]:
    """The elements of ``claim`` that ``forum`` applies: those whose basis belongs to an instrument of that
    forum's law (and that the library does not reserve to other forums). ``titles``: the ICJ titles invoked."""
    claim = library.claims[claim] if isinstance(claim, str) else claim
    if forum is None:
        return list(claim.elements)
    marked = claim.elements_for(forum)
    law = forum_instruments(library, claim, forum, tuple(titles))
    if law is None:
        if forum == "icj":  # optional clause: the claim's own ICJ bases
            law = {ref.partition(":")[0] for ref in claim.bases_for("icj")}
        else:
            return marked
    return [e for e in marked if lineage(library, e.basis.partition(":")[0]) & law]


@dataclass(frozen=True)
class TitleFit:
    """How a claim's ICJ bases sit with the titles invoked."""

    inside: list[str] = field(default_factory=list)
    """The references the titles cover."""
    outside: list[str] = field(default_factory=list)
    """The references no title invoked covers."""
    barred: list[str] = field(default_factory=list)
    """Why a title invoked is not available between the parties (a reservation, no declaration)."""


def title_fit(library: "Library", titles: Iterable[str], claim: Claim | str, *, applicants: Iterable[str] = (),
              respondent: str | None = None, on: date | None = None) -> TitleFit:
    """Whether the claim's ICJ legal bases fall within the titles invoked, between these States on ``on``."""
    claim = library.claims[claim] if isinstance(claim, str) else claim
    states = [s for s in (*applicants, respondent) if s]
    covers: set[str] = set()
    anything = False
    excluded: set[str] = set()
    barred: list[str] = []
    for title_id in titles:
        title = library.titles.get(title_id)
        if title is None:
            barred.append(f"there is no title '{title_id}' in the legal library")
            continue
        reason = _unavailable(title, states, on)
        if reason:
            barred.append(reason)
            continue
        if title.kind == "optional-clause":
            anything = True
            excluded |= {i for s in states for d in title.declarations_of(s) for i in d.excludes}
        covers |= set(title.covers)
    fit = TitleFit(barred=barred)
    for ref in claim.bases_for("icj"):
        family = lineage(library, ref.partition(":")[0])
        inside = bool(family & covers) or (anything and not family & excluded)
        (fit.inside if inside else fit.outside).append(ref)
    return fit


def _unavailable(title: Title, states: list[str], on: date | None) -> str | None:
    """Why ``title`` does not bind these States (a reservation in force; no optional-clause declaration)."""
    day = on or date.today()
    for state in states:
        own = [d for d in title.declarations_of(state) if d.in_force_on(day)]
        if title.kind == "optional-clause" and not any(d.kind == "optional-clause" for d in own):
            return f"{state} has no declaration under Article 36(2) of the Statute in force ({title.name})"
        if any(d.kind == "reservation" for d in own):
            return f"{state} has a reservation excluding {title.name}"
    return None
