"""Authorities of the legal library: judgments, decisions, advisory opinions and orders, cited in each
court's own style, and the links from claim elements to them (with the paragraphs relied on).

A citation is written once per style with an optional ``{pin}`` where the pinpoint goes: the ECtHR's
note on citation puts the paragraph after the application number and before the report reference
("Ilaşcu and Others v. Moldova and Russia [GC], no. 48787/99, § 392, ECHR 2004-VII"); the ICJ puts it last ("I.C.J. Reports
2011, p. 70, para. 20"). Without ``{pin}`` the pinpoint is appended at the end.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import HttpUrl, model_validator

from casebuilder.models.common import Date, StrictModel, Text
from casebuilder.models.law_base import LawId, Sourced

AUTHORITY_STYLES = ("echr", "icj", "oscola", "echr_fr", "icj_fr")
"""The styles an authority may be cited in (the French forms are optional)."""
_PIN_WORDS = {  # one paragraph / several paragraphs, per style
    "echr": ("§ {p}", "§§ {p}"), "echr_fr": ("§ {p}", "§§ {p}"),
    "icj": ("para. {p}", "paras. {p}"), "icj_fr": ("par. {p}", "par. {p}"),
    "oscola": ("para {p}", "paras {p}"),
}


class AuthorityCitations(StrictModel):
    """The full citation of an authority in each style, with ``{pin}`` where a pinpoint goes."""

    echr: Text
    """As the ECtHR's note on citation writes it, e.g. 'Ilaşcu and Others v. Moldova and Russia [GC], no. 48787/99{pin}, ECHR 2004-VII'."""
    icj: Text
    """As the ICJ's own reports write it (its 'official citation' line for ICJ decisions)."""
    oscola: Text
    """OSCOLA, e.g. 'Ilaşcu and Others v Moldova and Russia App no 48787/99 (ECtHR [GC], 8 July 2004){pin}'."""
    echr_fr: str | None = None
    """The ECtHR's French form ('Sargsyan c. Azerbaïdjan [GC], no 40167/06{pin}, CEDH 2015'), where verified."""
    icj_fr: str | None = None
    """The ICJ's 'mode officiel de citation' in French, where verified."""

    @model_validator(mode="after")
    def _check_templates(self) -> "AuthorityCitations":
        for style in AUTHORITY_STYLES:
            text = getattr(self, style)
            try:  # a bad template would otherwise fail only when a dossier cites the authority
                (text or "").format(pin="")
            except (KeyError, IndexError, ValueError):
                raise ValueError(f"'cite.{style}' may use only {{pin}} (braces are otherwise not allowed).") from None
        return self


class Authority(Sourced):
    """A judgment, decision, advisory opinion or order, and how to cite it."""

    type: Literal["authority"]
    """The kind of library item: 'authority'."""
    override: Literal[False] = False
    """False for a new authority (to change a built-in one, see the override form)."""
    id: LawId
    """Its library id, e.g. ``ilascu-v-moldova-russia``; elements and case files refer to it."""
    court: Literal["ecthr", "ecommhr", "icj", "icc", "other"]
    """The court: the ECtHR, the former European Commission of Human Rights, the ICJ, the ICC, or another."""
    short_name: Text
    """The parties or short name as the court writes it, e.g. 'Ilaşcu and Others v. Moldova and Russia'."""
    kind: Literal["judgment", "decision", "advisory-opinion", "order"]
    """What sort of ruling it is."""
    stage: str | None = None
    """The stage when it matters: 'merits', 'preliminary objections', 'provisional measures', 'just satisfaction'."""
    date: Date
    """The date it was delivered."""
    number: str | None = None
    """The application number(s) (ECtHR), General List number (ICJ) or record number (ICC)."""
    report: str | None = None
    """Where it is reported, e.g. 'ECHR 2015', 'I.C.J. Reports 2011, p. 70'; none when unreported."""
    chamber: str | None = None
    """The formation when the citation shows it: '[GC]' for the ECtHR's Grand Chamber, 'Pre-Trial Chamber I'."""
    cite: AuthorityCitations
    """How to cite it in each style."""
    url: HttpUrl | None = None
    """An official text online (HUDOC, the ICJ's or the ICC's site)."""

    def citation(self, style: str = "oscola", paragraphs: str | None = None) -> str:
        """Cite it in ``style`` (falling back from a French style to its English one), pinpointed at
        ``paragraphs`` ('134', '134-136', '§§ 134-136': the markers are the style's own)."""
        if style not in AUTHORITY_STYLES:
            raise ValueError(f"Unknown citation style '{style}': use one of {', '.join(AUTHORITY_STYLES)}.")
        template = getattr(self.cite, style) or getattr(self.cite, style.removesuffix("_fr"))
        pin = pinpoint(paragraphs, style) if paragraphs else ""
        filled = (" " if style == "oscola" else ", ") + pin if pin else ""  # OSCOLA: no comma before 'para'
        return template.format(pin=filled) if "{pin}" in template else template + filled


def pinpoint(paragraphs: str, style: str) -> str:
    """Write a paragraph pinpoint in a style: '134-136' is '§§ 134-136' (ECtHR), 'paras. 134-136' (ICJ)."""
    bare = re.sub(r"^(?:§§?|paras?\.?|par\.)\s*", "", paragraphs.strip())
    one, many = _PIN_WORDS.get(style, _PIN_WORDS["oscola"])
    several = bool(re.search(r"[-–,]|\band\b", bare))
    if style == "oscola":
        bare = bare.replace("-", "–")  # OSCOLA ranges take an en dash
    return (many if several else one).format(p=bare)


class AuthorityRef(StrictModel):
    """A link from an element (or a counsel's argument) to an authority, with the paragraphs relied on."""

    id: LawId
    """The authority's library id."""
    paragraphs: str | None = None
    """The paragraphs, e.g. '134-136' or '§§ 134-136' (written in each style's own form when cited)."""
    note: str | None = None
    """What the passage holds, in a few words."""
    verified: bool = False
    """True only when the paragraphs were read in the ruling itself."""
