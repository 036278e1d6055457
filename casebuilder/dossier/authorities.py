"""The law of each element as a filing argues it: the authorities that state the test (from the legal
library) and those counsel relies on (from case.yaml), cited in the forum's style, each citation
anchored so that the table of authorities can give the pages where it is cited; and counsel's
argument. Pure: it renders nothing (the templates lay it out).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

STYLE_OF = {"echr": "echr", "icj": "icj", "oscola": "oscola"}
COURT_GROUP = {"ecthr": "European Court of Human Rights", "ecommhr": "European Commission of Human Rights",
               "icj": "International Court of Justice", "icc": "International Criminal Court",
               "other": "Other courts and bodies"}


@dataclass(frozen=True)
class AuthorityCite:
    """One citation of an authority in a filing."""

    id: str
    """The authority's id in the legal library."""
    anchor: str
    """The element id placed on the citation (the table of authorities counts its page)."""
    html: Markup
    """The citation in the forum's style, the case name in italics."""
    verified: bool
    """Whether the library marks the authority verified against its source."""


@dataclass
class AuthorityIndex:
    """Cites authorities for one document and remembers where, for its table of authorities."""

    library: Any
    style: str
    uses: dict[str, list[str]] = field(default_factory=dict)

    def cite(self, authority_id: str, paragraphs: str | None) -> AuthorityCite | None:
        """Cite one authority (None when the library does not hold it: ``check`` reports that)."""
        authority = getattr(self.library, "authorities", {}).get(authority_id)
        if authority is None:
            return None
        anchors = self.uses.setdefault(authority_id, [])
        anchor = f"auth-{authority_id}-{len(anchors) + 1}"
        anchors.append(anchor)
        text = authority.citation(STYLE_OF.get(self.style, "oscola"), paragraphs)
        return AuthorityCite(authority_id, anchor, _italic_name(text, authority.short_name),
                             authority.verified)

    def table(self) -> list[dict[str, Any]]:
        """The table of authorities: grouped by court, alphabetical, each with the anchors of its citations."""
        rows = []
        for authority_id, anchors in self.uses.items():
            authority = self.library.authorities[authority_id]
            full = authority.citation(STYLE_OF.get(self.style, "oscola"))
            rows.append({"id": authority_id, "group": COURT_GROUP.get(authority.court, COURT_GROUP["other"]),
                         "html": _italic_name(full, authority.short_name), "anchors": anchors,
                         "sort": authority.short_name.casefold(), "verified": authority.verified})
        rows.sort(key=lambda r: (list(COURT_GROUP.values()).index(r["group"]), r["sort"]))
        return rows


def element_law(index: AuthorityIndex, library_element: Any, link: Any) -> dict[str, Any]:
    """The law of one element: the authorities for its test, those counsel adds, and the argument."""
    refs = [*getattr(library_element, "authorities", ()), *(getattr(link, "authorities", ()) if link else ())]
    seen: set[tuple[str, str]] = set()
    cites = []
    for ref in refs:
        key = (ref.id, ref.paragraphs or "")
        if key in seen:
            continue
        seen.add(key)
        cited = index.cite(ref.id, ref.paragraphs)
        if cited is not None:
            cites.append(cited)
    return {"authorities": cites, "argument": (link.argument or "") if link else ""}


def _italic_name(text: str, name: str) -> Markup:
    if name and text.startswith(name):
        return Markup("<i>{}</i>{}").format(name, text[len(name):])
    return Markup(escape(text))
