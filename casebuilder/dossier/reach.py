"""Where the facts of a document took place, by State, and whether each State had accepted the
document's forum on the facts' dates: what a template needs to reason on territorial jurisdiction
(e.g. Rome Statute art 12(2)(a) and 12(3); ECHR art 1 read with the dates of ratification).

A place names its State in free text (``country``); the State is recognised when that text is
one of the library's State codes or names, alone or followed by a note in brackets or after a
semicolon ("Exampleland (see ...)"). A text that only describes a status ("Internationally
recognised as part of ...") names no State: the reach leaves such places unresolved rather than
guess, and templates must say so.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from casebuilder.forums import forums
from casebuilder.validate.case import Case

_NOTE = re.compile(r"^\s*(?P<name>[^(;,]+?)\s*(?:[(;,].*)?$", re.DOTALL)


def state_of(country: str | None, names: dict[str, str]) -> str | None:
    """The State code a place's ``country`` text names, or None (``names``: casefolded name -> code)."""
    if not country:
        return None
    match = _NOTE.match(country)
    return names.get(match.group("name").casefold()) if match else None


def _periods(participation) -> list[dict[str, Any]]:
    """The spans of facts a State's participation covers: while the instrument is in force, and
    under each declaration accepting jurisdiction for facts from a date (e.g. art 12(3))."""
    if participation is None:
        return []
    found = []
    if participation.status not in ("signatory", "non-party") and participation.entry_into_force:
        found.append({"basis": "party", "since": participation.entry_into_force.start,
                      "until": participation.end.end if participation.end else None, "declaration": None})
    for d in participation.declarations:
        if d.covers_from is not None:
            found.append({"basis": "declaration", "since": d.covers_from.start,
                          "until": d.covers_to.end if d.covers_to else None, "declaration": d.kind})
    return found


def _state_view(library, code: str, instrument: str | None) -> dict[str, Any]:
    record = library.states.get(code)
    part = record.participation(instrument) if record and instrument else None
    return {"state": code, "name": record.name if record else code, "known": part is not None,
            "status": part.status if part else "unknown",
            "in_force_from": part.entry_into_force.start if part and part.entry_into_force else None,
            "end": part.end.start if part and part.end else None,
            "consent": part.consent.start if part and part.consent else None,
            "verified": bool(part.verified) if part else False, "source": part.source if part else "",
            "declarations": [{"kind": d.kind, "provision": d.provision or "", "text": d.text,
                              "made": d.made.start if d.made else None,
                              "covers_from": d.covers_from.start if d.covers_from else None,
                              "covers_to": d.covers_to.end if d.covers_to else None,
                              "verified": bool(d.verified), "source": d.source} for d in part.declarations]
            if part else [],
            "periods": _periods(part)}


def _accepted(periods: list[dict[str, Any]], start: date, end: date) -> dict[str, Any] | None:
    """The first period that overlaps the fact's span, with whether it covers the whole span."""
    for period in sorted(periods, key=lambda p: p["since"]):
        until = period["until"] or date.max
        if end >= period["since"] and start <= until:
            return {**period, "whole": start >= period["since"] and end <= until}
    return None


def reach(case: Case, library, forum: str | None, fact_ids: list[str], redact=str) -> dict[str, Any]:
    """``{"instrument", "states": {code: view}, "facts": {fact id: {"start", "end", "places",
    "states", "unresolved", "accepted": {code: period or None}}}}`` for the facts of a document
    (``redact``: the audience's text function, applied to place names)."""
    instrument = forums()[forum].instrument if forum and forum in forums() else None
    states = getattr(library, "states", {})
    names = {s.name.casefold(): code for code, s in states.items()} | {code.casefold(): code for code in states}
    codes = {r.state for r in case.case.parties.respondents} | {a.state for a in case.case.parties.applicants if a.state}
    facts: dict[str, dict[str, Any]] = {}
    for fact_id in fact_ids:
        fact = case.fact(fact_id)
        places = []
        for pid in fact.places:
            place = case.place(pid) if pid in case.places else None
            if place is not None:
                places.append({"id": pid, "name": redact(place.name), "country": redact(place.country or ""),
                               "state": state_of(place.country, names)})
        found = list(dict.fromkeys(p["state"] for p in places if p["state"]))
        codes |= set(found)
        facts[fact_id] = {"start": fact.date.start, "end": fact.date.end, "places": places, "states": found,
                          "unresolved": [p["name"] for p in places if not p["state"]]}
    views = {code: _state_view(library, code, instrument) for code in sorted(codes)}
    for entry in facts.values():
        entry["accepted"] = {code: _accepted(views[code]["periods"], entry["start"], entry["end"])
                             for code in views}
    return {"instrument": instrument or "", "states": views, "facts": facts}
