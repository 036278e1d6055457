"""The dossier kinds, and which documents a build of a case makes (the build plan).

Each kind has its template, its forum, its citation style, its default audience and its page
limits. File names are made from the kind and the applicant's *id*, never from a name.
"""

from __future__ import annotations

from dataclasses import dataclass

from casebuilder.validate.case import Case
from casebuilder.problems import fail


@dataclass(frozen=True)
class Kind:
    """A kind of dossier."""

    name: str
    """The kind's name, also the template's (``<name>.html``) and the file's stem."""
    title: str
    """The document's title."""
    forum: str | None
    """The forum of case.yaml that asks for it (None: built for every case with claims)."""
    style: str
    """The citation style: echr, icj or oscola."""
    audience: str
    """The default audience: court, confidential or public."""
    max_pages: int | None = None
    """The most pages the whole document may have, if the forum or the audience sets a limit."""


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("echr-application", "Application under Article 34 of the Convention", "echr-individual", "echr", "court"),
    Kind("echr-interstate", "Inter-State application under Article 33 of the Convention", "echr-interstate", "echr",
         "court"),
    Kind("icj-memorial", "Memorial", "icj", "icj", "court"),
    Kind("ngo-briefing", "Briefing", "ngo-briefing", "oscola", "public"),
    Kind("advocacy-summary", "Advocacy summary", "advocacy-summary", "oscola", "public", max_pages=2),
    Kind("evidence-matrix", "Evidence matrix", None, "oscola", "confidential"),
)}


@dataclass(frozen=True)
class Planned:
    """One document a build will make."""

    kind: Kind
    """Its kind."""
    filename: str
    """Its file name in the output folder."""
    audience: str
    """The audience it is built for."""
    applicant: str | None = None
    """For an individual ECHR application: the applicant's id."""


def plan_documents(case: Case, kinds: tuple[str, ...] = (), audience: str | None = None) -> list[Planned]:
    """The documents to build: every kind the case pursues (or those asked for), one ECHR
    application per individual applicant, plus the evidence matrix when claims are pursued."""
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise fail("--kind", f"'{unknown[0]}' is not a kind of dossier.", f"Use one of: {', '.join(KINDS)}.",
                   "unknown-kind")
    wanted = [k for k in KINDS.values() if (k.forum in case.case.forums or (k.forum is None and case.case.claims))]
    if kinds:
        wanted = [KINDS[k] for k in kinds]
    plan = []
    for kind in wanted:
        chosen = audience or kind.audience
        if kind.name == "echr-application":
            for applicant in case.case.parties.applicants:
                if applicant.kind != "state":
                    slug = applicant.id.lower()
                    plan.append(Planned(kind, f"{kind.name}-{slug}.pdf", chosen, applicant.id))
        else:
            plan.append(Planned(kind, f"{kind.name}.pdf", chosen))
    return plan
