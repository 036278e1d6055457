"""Titles of jurisdiction of the ICJ: compromissory clauses, optional-clause declarations under Article
36(2) of the Statute, special agreements; and what each State has reserved or declared about them.

A title covers the disputes about the interpretation or application of the instruments it names
(``covers``): CERD Article 22 covers CERD, not the Charter or the Geneva Conventions. An optional-clause
title covers any legal dispute of Article 36(2), between States that both accepted it, less what a
declaration excludes (reciprocity, Article 36(3)).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from casebuilder.models.common import Date, Text
from casebuilder.models.law_base import Iso3, LawId, Ref, Sourced


class TitleDeclaration(Sourced):
    """One State's reservation to a compromissory clause, or its declaration under Article 36(2)."""

    state: Iso3
    """The State, by ISO 3166 alpha-3 code."""
    kind: Literal["optional-clause", "reservation", "reservation-withdrawn"]
    """An acceptance under Article 36(2), a reservation to the clause, or the withdrawal of one."""
    text: Text
    """What it says, in short (with its reservations)."""
    made: Date | None = None
    """When it was made or deposited."""
    ends: Date | None = None
    """When it was withdrawn or terminated, if it was."""
    excludes: tuple[LawId, ...] = ()
    """For an optional-clause declaration: instruments whose disputes it excludes, by library id."""

    def in_force_on(self, day: date) -> bool:
        """Whether it applied on ``day`` (a declaration with no date counts from the start)."""
        return (self.made is None or self.made.start <= day) and (self.ends is None or day <= self.ends.end)


class Title(Sourced):
    """A title of jurisdiction of the ICJ."""

    type: Literal["title"]
    """The kind of library item: 'title'."""
    override: Literal[False] = False
    """False for a new title (to change a built-in one, see the override form)."""
    id: LawId
    """Its library id, e.g. ``cerd-22``; case.yaml names it in ``icj.titles``."""
    kind: Literal["compromissory-clause", "optional-clause", "special-agreement"]
    """Its kind (Article 36(1) treaties in force and special agreements; Article 36(2) declarations)."""
    name: Text
    """How a pleading names it, e.g. 'Article 22 of the International Convention on the Elimination of All Forms
    of Racial Discrimination'."""
    clause: Ref | None = None
    """The clause itself, e.g. ``cerd:22`` (none for the optional clause, which is Article 36(2) of the Statute)."""
    covers: tuple[LawId, ...] = ()
    """The instruments whose interpretation or application it covers; empty for the optional clause (any legal
    dispute of Article 36(2))."""
    conditions: str | None = None
    """Preconditions to seising the Court, e.g. negotiation or the Convention's procedures (CERD art 22)."""
    declarations: tuple[TitleDeclaration, ...] = ()
    """Reservations to the clause, and optional-clause declarations, per State."""

    def declarations_of(self, state: str) -> list[TitleDeclaration]:
        """The State's declarations about this title."""
        return [d for d in self.declarations if d.state == state]
