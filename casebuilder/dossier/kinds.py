"""The dossier kinds, as data (``kinds.yaml`` beside this module), and the build plan: which
documents a build of a case makes.

Each kind has its template, stylesheet, forum, default audience and page limits; its citation
style is its forum's. File names are made from the kind and the applicant's *id*, never from a name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import yaml

from casebuilder.forums import forums
from casebuilder.problems import fail
from casebuilder.validate.case import Case


@dataclass(frozen=True)
class SectionLimit:
    """A page limit on one part of a document, measured on the laid-out pages."""

    pages: int
    """The most pages the part may take."""
    rule: str
    """The rule that sets the limit, in the forum's words."""
    start: str = ""
    """The id of the part's first element (the template places it)."""
    end: str = ""
    """The id of a marker at the part's very end."""
    bundle: bool = False
    """True: the part is the exhibits' own pages in the bundle (``start`` and ``end`` unused)."""


@dataclass(frozen=True)
class Kind:
    """A kind of dossier."""

    name: str
    """The kind's name, also the file's stem (``<name>.pdf``)."""
    title: str
    """The document's title."""
    audience: str
    """The default audience: court, confidential or public."""
    forum: str | None = None
    """The forum of case.yaml that asks for it (None: built for every case with claims)."""
    template: str = ""
    """The template (default ``<name>.html``)."""
    stylesheet: str = ""
    """Its own stylesheet, relative to the templates folder."""
    per_applicant: bool = False
    """One document per individual (non-State) applicant."""
    max_pages: int | None = None
    """The most pages the whole document may have, if the forum or the audience sets a limit."""
    section_limits: tuple[SectionLimit, ...] = field(default_factory=tuple)
    """Page limits on parts of the document."""
    bundle: bool = False
    """The document is followed by the exhibit files of the records it lists (render/bundle.py)."""
    volumes: bool = False
    """The exhibits are numbered by volume: grouped by record kind (kinds in the order the case's
    evidence first gives them), chronologically within a volume."""
    help: str = ""
    """One line for the command-line help."""

    @property
    def style(self) -> str:
        """The citation style: its forum's (OSCOLA for documents of no forum)."""
        return forums()[self.forum].style if self.forum else "oscola"

    def filename(self, applicant: str | None = None) -> str:
        """The output file name, made from the applicant's id where there is one."""
        return f"{self.name}-{applicant.lower()}.pdf" if applicant else f"{self.name}.pdf"


@cache
def _load() -> dict[str, Kind]:
    text = (resources.files("casebuilder.dossier") / "kinds.yaml").read_text(encoding="utf-8")
    kinds = {}
    for entry in yaml.safe_load(text):
        limits = tuple(SectionLimit(**s) for s in entry.pop("section_limits", ()))
        kind = Kind(**entry, section_limits=limits)
        kinds[kind.name] = kind if kind.template else Kind(**{**entry, "template": f"{kind.name}.html"},
                                                          section_limits=limits)
    return kinds


KINDS: dict[str, Kind] = _load()


def kinds_help() -> str:
    """The kinds, one per line, for the command-line help."""
    return "; ".join(f"{k.name} ({k.help})" if k.help else k.name for k in KINDS.values())


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
    """For a per-applicant kind: the applicant's id."""
    final: bool = False
    """A final build: notes for counsel and placeholders are refused, no draft banner."""


def plan_documents(case: Case, kinds: tuple[str, ...] = (), audience: str | None = None,
                   final: bool = False) -> list[Planned]:
    """The documents to build: every kind the case pursues (or those asked for), one document per
    individual applicant for per-applicant kinds, plus the evidence matrix when claims are pursued."""
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
        if kind.per_applicant:
            plan += [Planned(kind, kind.filename(a.id), chosen, a.id, final)
                     for a in case.case.parties.applicants if a.kind != "state"]
        else:
            plan.append(Planned(kind, kind.filename(), chosen, None, final))
    return plan
