"""Consistency of the legal library: every reference points at a known entry (instruments and
provisions, authorities, titles), and the claims a case pursues exist in the library."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from casebuilder.problems import Problem, Severity
from casebuilder.validate.errors import Located

if TYPE_CHECKING:
    from casebuilder.law.library import Library

BUILTIN_PREFIX = "builtin:law/"


def _lookup(table: dict, what: str) -> Any:
    """A resolver for a table of entries by id, raising KeyError like ``Library.resolve``."""
    def resolve(key: str) -> Any:
        if key not in table:
            raise KeyError(f"No {what} '{key}' in the legal library.")
        return table[key]
    return resolve


def check_library(library: "Library") -> list[Problem]:
    """Check the library's internal references; each problem points at the file that wrote the reference."""
    problems: list[Problem] = []

    def check(ref: str, entry: tuple[str, str], locate: Any, what: str, resolve: Any = None,
              known: Any = None) -> None:
        try:
            (resolve or library.resolve)(ref)
        except KeyError as exc:
            # the last file that wrote this reference is the one to fix
            found = ((o, locate(o.item)) for o in reversed(library.origins.get(entry, ())))
            at, loc = next(((o, loc) for o, loc in found if loc is not None), (None, ()))
            # point at the value, as validation does for a wrong value
            path, line, col = (at.file.path, *at.file.where(at.prefix + tuple(loc), key=False)) if at else (
                BUILTIN_PREFIX, 0, 0)
            instrument_id = ref.partition(":")[0]
            close = difflib.get_close_matches(instrument_id, list(known if known is not None else library.instruments),
                                              n=1)
            hint = (f"Did you mean '{close[0]}'?" if close and close[0] != instrument_id
                    else "Add it to a law file, or correct the reference.")
            problems.append(Problem(path, line, col, f"{what} '{ref}': {exc.args[0]}", hint, code="unknown-ref"))

    def position(items: Any, match: Any, *tail: str) -> Any:
        return next(((i, *tail) for i, x in enumerate(items or ()) if match(x)), None)

    for cid, claim in library.claims.items():
        for forum, refs in claim.bases.items():
            for ref in refs:
                check(ref, ("claim", cid), lambda it, f=forum, r=ref: (
                    ("bases", f, list((it.bases or {}).get(f) or ()).index(r))
                    if r in ((it.bases or {}).get(f) or ()) else None), f"Claim '{cid}' has the {forum} basis")
        for el in claim.elements:
            check(el.basis, ("claim", cid), lambda it, e=el: (
                ("elements", *pos) if (pos := position(it.elements, lambda x: x.id == e.id and x.basis == e.basis,
                                                       "basis")) else None),
                  f"Element {el.id} of claim '{cid}' has the basis")
            for k, authority in enumerate(el.authorities):
                check(authority.id, ("claim", cid), lambda it, e=el, n=k: (
                    ("elements", *pos) if (pos := position(it.elements, lambda x: x.id == e.id and
                                                           len(x.authorities or ()) > n, "authorities", n, "id"))
                    else None), f"Element {el.id} of claim '{cid}' cites the authority",
                      resolve=_lookup(library.authorities, "authority"), known=library.authorities)
    for tid, title in library.titles.items():
        if title.clause:
            check(title.clause, ("title", tid), lambda it: ("clause",) if it.clause else None,
                  f"Title '{tid}' has the clause")
        for k, iid in enumerate(title.covers):
            check(iid, ("title", tid), lambda it, n=k: ("covers", n) if len(it.covers or ()) > n else None,
                  f"Title '{tid}' covers")
    for iid, instrument in library.instruments.items():
        if instrument.parent:
            check(instrument.parent, ("instrument", iid), lambda it: ("parent",) if it.parent else None,
                  f"Instrument '{iid}' has the parent")
    for state, record in library.states.items():
        for p in record.participations:
            check(p.instrument, ("state", state), lambda it, i=p.instrument: (
                ("participations", *pos) if (pos := position(it.participations, lambda x: x.instrument == i,
                                                             "instrument")) else None),
                  f"{state} has a participation in")
    return problems


def check_pursued(case_at: Located, library: "Library") -> list[Problem]:
    """Check the claims pursued in case.yaml against the library: known claims, known element numbers,
    and a legal basis for every forum (a forum without one is a warning)."""
    problems: list[Problem] = []
    for i, pursued in enumerate(case_at.item.claims):
        claim = library.claims.get(pursued.claim)
        if claim is None:
            close = difflib.get_close_matches(pursued.claim, list(library.claims), n=1)
            problems.append(Problem(*case_at.where(("claims", i, "claim")),
                                    f"There is no claim '{pursued.claim}' in the legal library.",
                                    f"Did you mean '{close[0]}'?" if close else
                                    f"Use one of: {', '.join(sorted(library.claims))}, or add it in law/.",
                                    code="unknown-ref"))
            continue
        for number in pursued.elements:
            if claim.element(number) is None:
                problems.append(Problem(*case_at.where(("claims", i, "elements", number)),
                                        f"Claim '{claim.id}' has no element {number}.",
                                        f"Its elements are numbered 1 to {len(claim.elements)}.", code="unknown-ref"))
            for k, ref in enumerate(pursued.elements[number].authorities):
                if ref.id not in library.authorities:
                    problems.append(Problem(*case_at.where(("claims", i, "elements", number, "authorities", k, "id")),
                                            f"There is no authority '{ref.id}' in the legal library.",
                                            "Use the id of an authority (law/data/authorities.yaml) or add it in "
                                            "a law/ file of the case.", code="unknown-ref"))
        for j, forum in enumerate(pursued.forums):
            if not claim.bases_for(forum):
                problems.append(Problem(*case_at.where(("claims", i, "forums", j)),
                                        f"The library gives claim '{claim.id}' no legal basis in the forum {forum}.",
                                        "Add one in a law/ file (override the claim's 'bases'), or drop the forum.",
                                        severity=Severity.WARNING, code="law-no-basis"))
    return problems
