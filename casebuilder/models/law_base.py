"""Shared building blocks of the legal library models: the ``Sourced`` base, ids, provision
numbers and references, and how a provision number is written in each citation style."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import BeforeValidator, Field, model_validator

from casebuilder.forums import FORUM_NAMES
from casebuilder.models.common import StrictModel, Text

Style = Literal["echr", "icj", "oscola"]
"""A citation style: the ECtHR's own, the ICJ's own, or OSCOLA."""

STYLES: tuple[str, ...] = ("echr", "icj", "oscola")
if TYPE_CHECKING:
    BasisKey = str
else:
    BasisKey = Literal[(*FORUM_NAMES, "general")]
"""A forum, or ``general``: the bases that briefings and summaries use when they have none of their own."""

LawId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=60)]
"""A library id in lower case and hyphens, e.g. ``rome-statute`` or ``forced-displacement``."""
Number = Annotated[str, Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z ()\-.]*$", max_length=40)]
"""A provision number as the source writes it: ``5``, ``2(4)``, ``7(1)(d)``, ``8 bis``, ``8(2)(a)(vii)-1``."""
Ref = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*(:[0-9A-Za-z][0-9A-Za-z ()\-.]*)?$", max_length=100)]
"""A reference to an instrument or one of its provisions: ``echr:5``, ``rome-statute:7(1)(d)``, ``unga-3314``."""
Iso3 = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
"""An ISO 3166 alpha-3 country code in capitals, e.g. ``FRA``."""
ElementId = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v),
                      Field(pattern=r"^[0-9A-Za-z][0-9A-Za-z.-]*$", max_length=20)]
"""An element number within its claim: ``1``, ``2`` ... (a bare number in YAML is accepted)."""

_NUMBER = re.compile(r"^(?P<head>\d+(?: ?[a-z]+)?)(?P<parts>(?:\([0-9a-z]+\))*)(?P<tail>.*)$")


def styled_number(number: str, style: str) -> str:
    """Write a provision number in a style: ``7(1)(d)`` is ``7 § 1 (d)`` (ECtHR), ``7, paragraph 1 (d)`` (ICJ)."""
    match = _NUMBER.match(number)
    if style == "oscola" or not match:
        return number  # OSCOLA keeps the source's own form: art 7(1)(d)
    parts = re.findall(r"\(([0-9a-z]+)\)", match["parts"])
    text = match["head"]
    if parts and parts[0].isdigit():  # the first numeric group is a paragraph (ECtHR: §; ICJ: paragraph)
        text += f" § {parts[0]}" if style == "echr" else f", paragraph {parts[0]}"
        parts = parts[1:]
    return text + "".join(f" ({p})" for p in parts) + match["tail"]


def parent_number(number: str) -> str | None:
    """The number one level up: ``7(1)(d)`` gives ``7(1)``, ``8(2)(a)(vii)-1`` gives ``8(2)(a)(vii)``, ``5`` None."""
    for pattern in (r"-\d+$", r"\([0-9a-z]+\)$"):
        shorter = re.sub(pattern, "", number)
        if shorter != number:
            return shorter
    return None


class Sourced(StrictModel):
    """Fields every library entry carries: its source and whether it was checked against it."""

    source: Text
    """Where the facts of this entry come from: a citation or a URL."""
    verified: bool
    """True only when every fact of this entry was checked against the source; the outputs flag the others."""
    unverified: tuple[str, ...] = ()
    """When ``verified`` is false: the fields that could not be checked (the others were). Empty means all."""
    note: str | None = None
    """A note on the entry: what remains to be checked, or how a value was derived."""

    @model_validator(mode="after")
    def _check_unverified(self) -> "Sourced":
        if self.verified and self.unverified:
            raise ValueError("An entry marked 'verified: true' cannot list 'unverified' fields.")
        unknown = [name for name in self.unverified if name not in type(self).model_fields]
        if unknown:
            raise ValueError(f"'unverified' names {', '.join(unknown)}, which is not a field of this entry.")
        return self

    def is_verified(self, field: str) -> bool:
        """True when ``field`` was checked: the whole entry is verified, or the field is not listed as unverified."""
        return self.verified or (bool(self.unverified) and field not in self.unverified)


class FrenchText(StrictModel):
    """A French title or name, with the article where French uses one, and where it was checked."""

    text: Text
    """The French form, with its article where usable: « la République d'Azerbaïdjan », « la Convention
    européenne des droits de l'homme »."""
    source: str | None = None
    """Where it was read (UN Treaty Collection, the Council of Europe's French pages, the court's French text)."""
    verified: bool = False
    """True only when ``text`` was read in ``source``."""

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: object) -> object:
        """Allow a bare string (unverified)."""
        return {"text": data} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _source_when_verified(self) -> "FrenchText":
        if self.verified and not self.source:
            raise ValueError("A French form marked 'verified: true' needs 'source'.")
        return self
