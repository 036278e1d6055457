"""States' participation in the library's instruments: dates, status and declarations, and
whether an instrument bound a State on a given day."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import model_validator

from casebuilder.models.common import Date, DateSpan, StrictModel, Text
from casebuilder.models.law_base import FrenchText, Iso3, LawId, Sourced


class Declaration(Sourced):
    """A reservation, declaration, derogation or acceptance of jurisdiction made by a State."""

    kind: Literal["reservation", "declaration", "derogation", "art-12-3", "art-124", "optional-clause",
                  "individual-petition", "court-jurisdiction", "amendments", "other"]
    """Its kind; ``art-12-3`` is an acceptance of ICC jurisdiction, ``optional-clause`` one under ICJ Statute art 36(2),
    ``individual-petition`` and ``court-jurisdiction`` the ECHR's former Articles 25 and 46 declarations, which limit
    the facts the Court may examine (ratione temporis)."""
    text: Text
    """What it says, in short (or a short quotation)."""
    provision: str | None = None
    """The provision it concerns, by number (e.g. '22' for CERD art 22)."""
    made: Date | None = None
    """When it was made or lodged."""
    effective: Date | None = None
    """When it took effect."""
    ends: Date | None = None
    """When it was withdrawn, expired or ceased to apply."""
    covers_from: Date | None = None
    """For an acceptance of jurisdiction: the first day of the facts it covers."""
    covers_to: Date | None = None
    """The last day of the facts it covers; none when open-ended."""

    def covers(self, day: date) -> bool | None:
        """Whether facts on ``day`` fall in the period it covers (None when unknown or imprecise)."""
        if self.covers_from is None:
            return None
        return _within(day, self.covers_from, self.covers_to)


class Participation(Sourced):
    """A State's participation in one instrument, with its dates."""

    instrument: LawId
    """The instrument, by library id."""
    status: Literal["party", "former-party", "signatory", "non-party"]
    """Where the State stands: 'former-party' after withdrawal or cessation; 'non-party' includes a
    withdrawn signature."""
    signature: Date | None = None
    """When it signed."""
    consent: Date | None = None
    """When it ratified, acceded, succeeded, accepted or approved (deposit of the instrument)."""
    consent_kind: Literal["ratification", "accession", "succession", "acceptance", "approval", "membership"] | None = None
    """How it consented to be bound."""
    entry_into_force: Date | None = None
    """When the instrument entered into force for it."""
    end: Date | None = None
    """When it stopped being bound (or withdrew its signature); facts up to and including this day stay covered,
    as the ECtHR holds for Russia (Resolution of 22 March 2022)."""
    end_kind: Literal["withdrawal", "denunciation", "cessation", "expulsion", "signature-withdrawn"] | None = None
    """Why it stopped."""
    declarations: tuple[Declaration, ...] = ()
    """Its reservations, declarations, derogations and acceptances that matter to the claims."""

    @model_validator(mode="after")
    def _check_dates(self) -> "Participation":
        if self.status == "former-party" and self.end is None:
            raise ValueError("A former party needs 'end', the date it stopped being bound.")
        if self.status == "party" and self.end is not None:
            raise ValueError("A party has no 'end'; use 'status: former-party'.")
        if self.end and self.entry_into_force and self.end.end < self.entry_into_force.start:
            raise ValueError(f"'end' ({self.end}) is before 'entry_into_force' ({self.entry_into_force}).")
        return self

    def in_force_on(self, day: date) -> bool | None:
        """Whether the instrument bound the State on ``day``: None when the dates are unknown or imprecise."""
        if self.status in ("signatory", "non-party"):
            return False
        if self.entry_into_force is None:
            return None
        return _within(day, self.entry_into_force, self.end)


def _within(day: date, start: DateSpan, end: DateSpan | None) -> bool | None:
    """Whether ``day`` falls between ``start`` and ``end`` (both included); None inside an imprecise bound."""
    if day < start.start or (end is not None and day > end.end):
        return False
    if day >= start.end and (end is None or day <= end.start):
        return True
    return None


class StateRecord(StrictModel):
    """A State and its participation in the library's instruments."""

    type: Literal["state"]
    """The kind of library item: 'state'."""
    override: Literal[False] = False
    """False for a new State (to change a built-in one, see the override form)."""
    state: Iso3
    """Its ISO 3166 alpha-3 code, e.g. ``ARM``."""
    name: Text
    """Its short name in English, e.g. 'France'."""
    name_fr: FrenchText | None = None
    """Its official name in French with the article, for French dossiers (« la République française »)."""
    participations: tuple[Participation, ...] = ()
    """Its participation in each instrument the library knows of."""

    @model_validator(mode="after")
    def _unique_instruments(self) -> "StateRecord":
        ids = [p.instrument for p in self.participations]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"{self.state} lists its participation in {', '.join(twice)} twice.")
        return self

    def participation(self, instrument_id: str) -> Participation | None:
        """Its participation in the instrument, or None."""
        return next((p for p in self.participations if p.instrument == instrument_id), None)
