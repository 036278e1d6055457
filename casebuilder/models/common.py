"""Building blocks shared by every file kind: the strict base model, ids, dates, grades."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from casebuilder.dates import DateError, DateSpan, parse_date


class StrictModel(BaseModel):
    """Base of every case-file model: frozen, and unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True,
                              str_strip_whitespace=True, arbitrary_types_allowed=True)


ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"

Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=80)]
"""A stable identifier: letters, digits, '.', '_' and '-', unique across the case (e.g. ``T-014``)."""

Text = Annotated[str, Field(min_length=1, max_length=100_000)]
"""A non-empty text."""


def _to_span(value: object) -> DateSpan:
    if isinstance(value, DateSpan):
        return value
    if isinstance(value, (int, date)):
        value = value.isoformat() if isinstance(value, date) else str(value)
    if not isinstance(value, str):
        raise ValueError("A date must be written as text, e.g. 2023-09-19 or 'September 2023'.")
    try:
        return parse_date(value)
    except DateError as exc:
        raise ValueError(str(exc)) from None


Date = Annotated[
    DateSpan,
    BeforeValidator(_to_span),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({
        "type": ["string", "integer"],
        "description": "A date, approximate date or range: 2023-09-19, 2023-09, 2023, 'September 2023', "
                       "'19-20 Sept 2023', '2023-09-19/2023-09-26', 'c. 1900s'.",
        "examples": ["2023-09-19", "September 2023", "19-20 Sept 2023"],
    }),
]
"""A date, approximate date or date range (see :mod:`casebuilder.dates`)."""

Protection = Literal["none", "pseudonymise", "confidential"]
"""How a person or record is protected in public outputs."""


class Reliability(StrictModel):
    """The investigators' grading: the source (A-F) and the information (1-6), with reasons.

    A completely reliable / 1 confirmed by other sources ... F reliability cannot be judged /
    6 truth cannot be judged (the "Admiralty" or NATO system used by investigators).
    """

    source: Literal["A", "B", "C", "D", "E", "F"]
    """Reliability of the source: A completely reliable, B usually reliable, C fairly reliable,
    D not usually reliable, E unreliable, F cannot be judged."""
    information: Literal[1, 2, 3, 4, 5, 6]
    """Credibility of the information: 1 confirmed, 2 probably true, 3 possibly true,
    4 doubtful, 5 improbable, 6 cannot be judged."""
    rationale: Text
    """Why these grades, in a sentence or two."""

    @property
    def code(self) -> str:
        """The grade as investigators write it, e.g. ``B2``."""
        return f"{self.source}{self.information}"

    @property
    def is_strong(self) -> bool:
        """A source graded A or B giving information graded 1 or 2."""
        return self.source in ("A", "B") and self.information in (1, 2)


__all__ = ["Date", "DateSpan", "Id", "Protection", "Reliability", "StrictModel", "Text"]
