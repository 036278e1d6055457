"""The legal library as frozen models: instruments and their provisions, claims with numbered
elements, and each State's participation in the instruments.

The library ships as data (``casebuilder/law/data/*.yaml``); a case may add to it or override
it in its own ``law/`` files (see :mod:`casebuilder.law.library`). Every entry says where its facts
come from (``source``) and whether they were checked against it (``verified``); the outputs flag
unverified entries.

A provision is referred to as ``INSTRUMENT:NUMBER`` (``echr:5``, ``rome-statute:7(1)(d)``,
``icc-elements:8(2)(a)(vii)-1``), or by the instrument id alone (``unga-3314``). A reference may
pinpoint deeper than the provisions listed: ``echr:5(1)(f)`` resolves to the listed ``echr:5``.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional, Union

from pydantic import Field, HttpUrl, create_model, model_validator

from casebuilder.models.case import Forum
from casebuilder.models.common import Date, StrictModel, Text
from casebuilder.models.law_authorities import Authority, AuthorityRef
from casebuilder.models.law_base import (STYLES, BasisKey, ElementId, FrenchText, LawId, Number, Ref, Sourced, Style,
                                         parent_number, styled_number)
from casebuilder.models.law_states import Declaration, Participation, StateRecord
from casebuilder.models.law_titles import Title, TitleDeclaration

_DEFAULT_TEMPLATES = {"echr": "Article {n} of {cite}", "icj": "Article {n} of {cite}", "oscola": "{cite} art {n}"}


class Styled(StrictModel):
    """A text per citation style; a style left out falls back to a default."""

    echr: str | None = None
    """The text in the ECtHR's own style."""
    icj: str | None = None
    """The text in the ICJ's own style."""
    oscola: str | None = None
    """The text in OSCOLA style."""


class Citations(StrictModel):
    """How to cite an instrument in full, in each style the dossiers use."""

    echr: Text
    """As the ECtHR writes it, e.g. 'the Convention', 'Protocol No. 1'."""
    icj: Text
    """As the ICJ writes it, e.g. 'the Charter of the United Nations'."""
    oscola: Text
    """OSCOLA: 'Title (adopted DATE, entered into force DATE) VOL UNTS PAGE (Short)'."""


class Provision(Sourced):
    """One article (or paragraph) of an instrument."""

    number: Number
    """The number as the instrument writes it: ``5``, ``2(4)``, ``7(1)(d)``, ``8 bis``."""
    heading: Text
    """Its heading, or a short title of what it covers."""
    text: Text
    """A short paraphrase of the provision, or a short quotation of it (then ``quoted: true``)."""
    quoted: bool = False
    """True when ``text`` is a verbatim quotation of the official text."""
    cite: Styled = Styled()
    """Citations of this provision that differ from the instrument's rule (rarely needed)."""


class Instrument(Sourced):
    """A treaty, protocol, resolution or other instrument, with its dates and how to cite it."""

    type: Literal["instrument"]
    """The kind of library item: 'instrument'."""
    override: Literal[False] = False
    """False for a new instrument (to change a built-in one, see the override form)."""
    id: LawId
    """Its library id, e.g. ``echr``, ``rome-statute``, ``gc-iv``."""
    title: Text
    """Its full official title."""
    short_title: Text
    """Its short title, e.g. 'ECHR', 'Rome Statute'."""
    title_fr: FrenchText | None = None
    """Its French title with the article, for French dossiers (« la Convention européenne des droits de l'homme »)."""
    kind: Literal["treaty", "protocol", "resolution", "statute", "elements", "other"] = "treaty"
    """What sort of instrument it is."""
    adopted: Date
    """When it was adopted or opened for signature."""
    entry_into_force: Date | None = None
    """When it entered into force generally (none for a resolution)."""
    treaty_series: str | None = None
    """Where it is published, e.g. '213 UNTS 221; ETS No. 5'."""
    depositary: str | None = None
    """Its depositary."""
    parent: LawId | None = None
    """The instrument it supplements (a protocol's convention), by id."""
    url: HttpUrl | None = None
    """An official text online."""
    cite: Citations
    """How to cite the instrument as a whole in each style."""
    provision_cite: Styled = Styled()
    """How to cite one of its provisions, per style, with ``{n}`` (the number in that style), ``{cite}`` and
    ``{short}``. Defaults: 'Article {n} of {cite}' (ECtHR, ICJ) and '{cite} art {n}' (OSCOLA)."""
    provisions: tuple[Provision, ...] = ()
    """The provisions the claims rely on."""

    @model_validator(mode="after")
    def _check(self) -> "Instrument":
        numbers = [p.number for p in self.provisions]
        twice = sorted({n for n in numbers if numbers.count(n) > 1})
        if twice:
            raise ValueError(f"Provision {', '.join(twice)} of '{self.id}' is listed twice.")
        for style in STYLES:
            template = getattr(self.provision_cite, style)
            try:  # a bad template would otherwise fail only when a dossier cites the instrument
                (template or "").format(n="1", cite="c", short="s")
            except (KeyError, IndexError, ValueError):
                raise ValueError(f"'provision_cite.{style}' may use only {{n}}, {{cite}} and {{short}}.") from None
        return self

    def provision(self, number: str) -> Provision | None:
        """The listed provision ``number``, or the closest listed one above it (``5(1)(f)`` finds ``5``)."""
        by_number = {p.number: p for p in self.provisions}
        current: str | None = number
        while current is not None:
            if current in by_number:
                return by_number[current]
            current = parent_number(current)
        return None

    def citation(self, number: str | None = None, style: str = "oscola", *, short: bool = False) -> str:
        """Cite the instrument, or its provision ``number``, in ``style``; ``short`` gives OSCOLA's subsequent
        form ('ECHR art 5'), the other styles being short already."""
        if style not in STYLES:
            raise ValueError(f"Unknown citation style '{style}': use one of {', '.join(STYLES)}.")
        whole = self.short_title if short and style == "oscola" else getattr(self.cite, style)
        if number is None:
            return whole
        exact = next((p for p in self.provisions if p.number == number), None)
        if exact is not None and getattr(exact.cite, style):
            return getattr(exact.cite, style)
        template = getattr(self.provision_cite, style) or _DEFAULT_TEMPLATES[style]
        styled = styled_number(number, style)
        if style == "icj" and ", paragraph" in styled:
            template = template.replace("{n} of", "{n}, of")  # ICJ: 'Article 2, paragraph 4, of the Charter'
        return template.format(n=styled, cite=whole, short=self.short_title)


class Element(Sourced):
    """One numbered element of a claim: what must be shown, under which provision."""

    id: ElementId
    """Its number within the claim (``1``, ``2`` ...), unique in the claim; case files map facts to it."""
    text: Text
    """What must be shown, as the source states the element (paraphrased or quoted)."""
    basis: Ref
    """The provision it comes from, e.g. ``icc-elements:7(1)(d)`` or ``echr:5``."""
    number: str | None = None
    """Its number in its own source when that differs from ``id``, e.g. element '3' of the Elements of Crimes."""
    context: bool = False
    """True for a contextual (chapeau) element: the attack for crimes against humanity, the armed conflict for
    war crimes."""
    weight: Literal[1, 2, 3] = 2
    """How much a gap here matters: 3 the conduct or context that must be proved first, 2 a required mental or
    legal element, 1 a supporting or alternative point."""
    forums: tuple[Forum, ...] = ()
    """The forums whose test includes this element; empty means every forum of the claim."""
    authorities: tuple[AuthorityRef, ...] = ()
    """The judgments and decisions that state this element, with the paragraphs (``{id, paragraphs}``)."""


class Claim(Sourced):
    """A forum-independent claim: its legal bases per forum and its numbered elements."""

    type: Literal["claim"]
    """The kind of library item: 'claim'."""
    override: Literal[False] = False
    """False for a new claim (to change a built-in one, see the override form)."""
    id: LawId
    """Its library id, e.g. ``forced-displacement``; case.yaml refers to it."""
    title: Text
    """Its title, e.g. 'Deportation or forcible transfer of population'."""
    summary: Text
    """What the claim is about, in a sentence or two."""
    bases: dict[BasisKey, tuple[Ref, ...]]
    """Its legal bases per forum (``general`` serves briefings and summaries that have none of their own)."""
    elements: tuple[Element, ...] = Field(min_length=1)
    """Its elements, in order, grouped by basis (ids unique in the claim)."""

    @model_validator(mode="after")
    def _unique_elements(self) -> "Claim":
        ids = [e.id for e in self.elements]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"Element {', '.join(twice)} of claim '{self.id}' is numbered twice.")
        return self

    def element(self, element_id: str) -> Element | None:
        """The element with this id, or None."""
        return next((e for e in self.elements if e.id == str(element_id)), None)

    def bases_for(self, forum: str | None) -> tuple[str, ...]:
        """The references of the bases for ``forum`` (briefings and summaries fall back to ``general``)."""
        if forum is None:
            return tuple(dict.fromkeys(r for refs in self.bases.values() for r in refs))
        if forum in self.bases:
            return self.bases[forum]
        return self.bases.get("general", ()) if forum in ("ngo-briefing", "advocacy-summary") else ()

    def elements_for(self, forum: str | None) -> list[Element]:
        """The elements of the test in ``forum`` (all of them when ``forum`` is None)."""
        return [e for e in self.elements if forum is None or not e.forums or forum in e.forums]


def _override_model(model: type[StrictModel], key: str, doc: str) -> type[StrictModel]:
    """The override form of ``model``: the key and ``override: true`` required, every other field optional."""
    fields: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        annotation = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        if name == "override":
            fields[name] = (Literal[True], Field(description="True: change the built-in entry with this id; "
                                                             "only the fields given replace its own."))
        elif name in (key, "type"):
            fields[name] = (annotation, Field(description=info.description))
        else:
            fields[name] = (Optional[annotation], Field(default=None, description=info.description))
    return create_model(f"{model.__name__}Override", __base__=StrictModel, __doc__=doc, **fields)


InstrumentOverride = _override_model(Instrument, "id", "A change to a built-in instrument: provisions merge by "
                                     "number, citation styles by style, other fields replace.")
ClaimOverride = _override_model(Claim, "id", "A change to a built-in claim: elements merge by id, bases by "
                                "forum, other fields replace.")
AuthorityOverride = _override_model(Authority, "id", "A change to a built-in authority: citation styles merge by "
                                    "style, other fields replace.")
TitleOverride = _override_model(Title, "id", "A change to a built-in title of jurisdiction: declarations merge "
                                "by State, other fields replace.")
StateOverride = _override_model(StateRecord, "state", "A change to a built-in State: participations merge by "
                                "instrument, other fields replace.")

ITEM_MODELS: dict[str, tuple[type[StrictModel], type[StrictModel], str]] = {
    "instrument": (Instrument, InstrumentOverride, "id"),
    "claim": (Claim, ClaimOverride, "id"),
    "state": (StateRecord, StateOverride, "state"),
    "authority": (Authority, AuthorityOverride, "id"),
    "title": (Title, TitleOverride, "id"),
}
"""For each ``type`` of law item: its model, its override model and its key field."""

LawItem = Annotated[Union[Instrument, Claim, StateRecord, Authority, Title, InstrumentOverride,  # type: ignore[valid-type]
                          ClaimOverride, StateOverride, AuthorityOverride, TitleOverride],  # type: ignore[valid-type]
                    Field(description="An item of a law file: an instrument, a claim, a State, an authority or a "
                                      "title of jurisdiction, new or overriding.")]
"""One item of a ``law/`` file (used for the JSON Schema; the loader picks the model from ``type`` and ``override``)."""


__all__ = ["STYLES", "Authority", "AuthorityOverride", "AuthorityRef", "Citations", "FrenchText", "Title",
           "TitleDeclaration", "TitleOverride", "Claim", "ClaimOverride", "Declaration", "Element", "ITEM_MODELS", "Instrument",
           "InstrumentOverride", "LawItem", "Participation", "Provision", "Ref", "StateOverride", "StateRecord",
           "Style", "Styled", "Sourced", "parent_number", "styled_number"]
