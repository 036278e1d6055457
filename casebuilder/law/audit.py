"""Counts of verified and unverified points in the legal library, for the audit note and its tests.

A *point* is one sourced entry: an instrument, a provision, a claim, an element, a State's
participation, a declaration, an authority, a title of jurisdiction, or a French title. It counts as
verified only when its own ``verified`` flag is true.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterator

from casebuilder.models.law_base import Sourced


def sourced_points(library: Any) -> Iterator[tuple[str, str, Any]]:
    """Every sourced entry of the library as (kind, key, entry), nested entries included."""
    for iid, instrument in library.instruments.items():
        yield "instrument", iid, instrument
        for provision in instrument.provisions:
            yield "provision", f"{iid}:{provision.number}", provision
        if getattr(instrument, "title_fr", None) is not None:
            yield "french", f"{iid}:title_fr", instrument.title_fr
    for cid, claim in library.claims.items():
        yield "claim", cid, claim
        for element in claim.elements:
            yield "element", f"{cid}:{element.id}", element
    for state, record in library.states.items():
        if getattr(record, "name_fr", None) is not None:
            yield "french", f"{state}:name_fr", record.name_fr
        for part in record.participations:
            yield "participation", f"{state}:{part.instrument}", part
            for i, declaration in enumerate(part.declarations):
                yield "declaration", f"{state}:{part.instrument}:{i}", declaration
    for aid, authority in getattr(library, "authorities", {}).items():
        yield "authority", aid, authority
    for tid, title in getattr(library, "titles", {}).items():
        yield "title", tid, title
        for declaration in getattr(title, "declarations", ()):
            yield "declaration", f"{tid}:{declaration.state}", declaration


def count_points(library: Any) -> dict[str, Counter]:
    """For each kind of point, how many are verified and unverified (``total`` sums them)."""
    counts: dict[str, Counter] = {}
    for kind, _, entry in sourced_points(library):
        flag = "verified" if isinstance(entry, Sourced) and entry.verified or getattr(entry, "verified", False) \
            else "unverified"
        counts.setdefault(kind, Counter())[flag] += 1
        counts.setdefault("total", Counter())[flag] += 1
    return counts


if __name__ == "__main__":  # python -m casebuilder.law.audit
    from casebuilder.law.library import load_library

    lib, problems = load_library()
    for name, counter in sorted(count_points(lib).items()):
        print(f"{name:14} verified {counter['verified']:4}  unverified {counter['unverified']:4}")
