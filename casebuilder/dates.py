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

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
"""The months in English, whatever the machine's locale (``calendar.month_name`` follows the locale: a build
on a French machine would write 'février' into an English filing)."""
MONTHS = {name.lower(): i for i, name in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, start=1)})
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
        year_text, month_text, day_text = match.groups()
        return _from_parts(text, int(year_text), int(month_text) if month_text else None,
                           int(day_text) if day_text else None)
    match = _WORDS.match(text)
    if match:
        day_text, month_name, year_text = match.groups()
        month = MONTHS.get(month_name.lower())
        if month is None:
            raise DateError(f"'{month_name}' in '{text}' is not a month name.")
        return _from_parts(text, int(year_text), month, int(day_text) if day_text else None)
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
        name = MONTH_NAMES[month - 1]
        raise DateError(f"{name} {year} has no day {day} (it has {last_day} days).")
    one = date(year, month, day)
    return one, one, "day"


def format_date(value: date | DateSpan, *, short: bool = False, precision: str = "day") -> str:
    """The one date formatter: a date as lawyers write it, ``19 September 2023`` (``19 Sep 2023`` when
    ``short``), in English whatever the locale.

    A plain date is written to ``precision`` (``day``, ``month``: ``September 2023``, ``year``: ``2023``); a
    :class:`DateSpan` to its own precision, as a range when it is one (``19\u201320 September 2023``,
    ``19 September \u2013 3 October 2023``) and with ``c.`` when approximate.
    """
    if isinstance(value, DateSpan):
        return ("c. " if value.approximate else "") + _span_text(value, short)
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{_month(value, short)} {value.year}"
    return f"{value.day} {_month(value, short)} {value.year}"


def _month(day: date, short: bool) -> str:
    name = MONTH_NAMES[day.month - 1]
    return name[:3] if short else name


def _span_text(span: DateSpan, short: bool) -> str:
    start, end = span.start, span.end
    if span.precision == "decade":
        return _APPROX.sub("", span.text)
    if span.precision == "year":
        return str(start.year) if start.year == end.year else f"{start.year}\u2013{end.year}"
    if span.precision == "month":
        first = format_date(start, short=short, precision="month")
        last = format_date(end, short=short, precision="month")
        return first if first == last else f"{first} \u2013 {last}"
    last = format_date(end, short=short)
    if start == end:
        return last
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}\u2013{last}"
    if start.year == end.year:
        return f"{start.day} {_month(start, short)} \u2013 {last}"
    return f"{format_date(start, short=short)} \u2013 {last}"
