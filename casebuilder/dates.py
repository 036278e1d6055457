"""Dates as lawyers and sources write them: exact, approximate, partial, or a range.

A :class:`DateSpan` is parsed from text such as ``2023-09-19``, ``September 2023``,
``19-20 Sept 2023``, ``19 September - 3 October 2023``, ``2023-09-19/2023-09-26``,
``c. 1900s`` or ``~2020``. It keeps the original text and knows its first and last day, so
that facts can be ordered and checked against treaty dates.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9

_APPROX = re.compile(r"^(?:c\.|ca\.|circa|about|around|approx\.?|~)\s*", re.I)
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_DECADE = re.compile(r"^(\d{3,4}0)s$")
_WORDS = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\.?\s+(\d{4})$")
_DAY_RANGE = re.compile(r"^(\d{1,2})\s*[-–]\s*(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})$")
_RANGE_SPLIT = re.compile(r"\s*/\s*|\s+(?:to|until)\s+|\s*\.\.\s*|\s+[-–]\s+")


class DateError(ValueError):
    """A date text that cannot be read, or names a day that does not exist."""


@dataclass(frozen=True)
class DateSpan:
    """A date or a range of dates, with its precision and whether it is approximate."""

    text: str
    start: date
    end: date
    precision: str  # day, month, year or decade (of the coarser bound)
    approximate: bool = False

    @property
    def is_exact_day(self) -> bool:
        """True for a single, exact day."""
        return self.start == self.end and not self.approximate

    def __str__(self) -> str:
        return self.text


def parse_date(text: str) -> DateSpan:
    """Parse a date text into a :class:`DateSpan`, raising :class:`DateError` with a readable reason."""
    raw = " ".join(str(text).split())
    if not raw:
        raise DateError("The date is empty.")
    body = _APPROX.sub("", raw)
    approximate = body != raw
    match = _DAY_RANGE.match(body)
    if match:
        day1, day2, month, year = match.groups()
        first = _bound(f"{day1} {month} {year}")
        last = _bound(f"{day2} {month} {year}")
        return _span(raw, first, last, approximate)
    parts = _RANGE_SPLIT.split(body)
    if len(parts) == 2:
        year = re.search(r"\d{4}$", parts[1])
        if year and not re.search(r"\d{4}", parts[0]):  # "19 September - 3 October 2023"
            parts[0] = f"{parts[0]} {year.group(0)}"
        first, last = _bound(parts[0]), _bound(parts[1])
        return _span(raw, first, last, approximate)
    if len(parts) > 2:
        raise DateError(f"'{raw}' has more than two ends.")
    start, end, precision = _bound(body)
    return DateSpan(raw, start, end, precision, approximate)


def _span(raw: str, first: tuple, last: tuple, approximate: bool) -> DateSpan:
    if last[1] < first[0]:
        raise DateError(f"The range '{raw}' ends ({last[1].isoformat()}) before it starts ({first[0].isoformat()}).")
    order = ["day", "month", "year", "decade"]
    precision = max(first[2], last[2], key=order.index)
    return DateSpan(raw, first[0], last[1], precision, approximate)


def _bound(text: str) -> tuple[date, date, str]:
    """Read one end of a range: its first day, its last day and its precision."""
    text = text.strip()
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) if g else None for g in match.groups())
        return _from_parts(text, year, month, day)
    match = _WORDS.match(text)
    if match:
        day, month_name, year = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is None:
            raise DateError(f"'{month_name}' in '{text}' is not a month name.")
        return _from_parts(text, int(year), month, int(day) if day else None)
    match = _DECADE.match(text)
    if match:
        first = int(match.group(1))
        width = 100 if first % 100 == 0 and len(match.group(1)) == 4 and text.endswith("00s") else 10
        return date(first, 1, 1), date(first + width - 1, 12, 31), "decade"
    raise DateError(f"'{text}' is not a date. Write 2023-09-19, 2023-09, 2023, 'September 2023' or '19-20 September 2023'.")


def _from_parts(text: str, year: int, month: int | None, day: int | None) -> tuple[date, date, str]:
    if month is not None and not 1 <= month <= 12:
        raise DateError(f"'{text}' has no month {month}.")
    if month is None:
        return date(year, 1, 1), date(year, 12, 31), "year"
    last_day = calendar.monthrange(year, month)[1]
    if day is None:
        return date(year, month, 1), date(year, month, last_day), "month"
    if not 1 <= day <= last_day:
        name = calendar.month_name[month]
        raise DateError(f"{name} {year} has no day {day} (it has {last_day} days).")
    one = date(year, month, day)
    return one, one, "day"
