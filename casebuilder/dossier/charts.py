"""Vector charts drawn from the case's data as inline SVG, so every figure is computed, never typed.

The functions return SVG text to place in the HTML (WeasyPrint draws it as vectors, and its text
stays selectable and extractable). Labels come from evidence, so they are XML-escaped and
stripped of characters XML forbids. Output is deterministic: the same data gives the same bytes
(coordinates are rounded to 0.01 and ties are broken by label), which keeps PDFs reproducible.
Text widths are estimated (SVG cannot measure text), so long labels are shortened with an ellipsis.
"""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from typing import Any
from xml.sax.saxutils import escape

from casebuilder.dates import format_date

FONT_FAMILY = "Noto Serif,serif"  # other scripts: Pango falls back on the installed Noto fonts
"""The font stack of the charts: the body text's (see templates/style.css). No quotes and no
spaces after commas: WeasyPrint 70 splits the SVG attribute on commas and strips only quotes."""

INK, BAR, RULE, MUTED = "#1a1a1a", "#3d4f63", "#8a8a8a", "#555555"
_PAD = 3.0  # between an event's leader line and its label
_CHAR = 0.56  # average advance of a serif glyph, in ems: enough for digits and most Latin text
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def bar_chart(items: list[tuple[str, float]], *, title: str = "", unit: str = "", width: float = 500,
              height: float | None = None, decimals: int = 0, font_size: float = 11) -> str:
    """Horizontal bars with their values, one row per item, in the given order.

    ``items`` are ``(label, value)`` pairs with finite values >= 0; ``unit`` is shown under the
    bars (e.g. ``persons``); ``height`` defaults to what the rows need. Returns ``<svg>`` text.
    """
    values = [_check_value(label, value) for label, value in items]
    texts = [_format(v, decimals) for v in values]
    top = font_size * 2.2 if title else 4
    row = max(font_size * 1.9, ((height - top - font_size * 2) / max(len(items), 1)) if height else 0)
    label_w = min(max((_width(label, font_size) for label, _ in items), default=0), width * 0.38) + 8
    value_w = max((_width(t, font_size) for t in texts), default=0) + 8
    bar_x, bar_max = label_w, max(width - label_w - value_w, 10)
    scale = bar_max / (max(values, default=0) or 1)
    total_h = height or top + row * len(items) + font_size * 2
    parts = [_open(width, total_h, title), _title(title, font_size)]
    for i, ((label, _), value, text) in enumerate(zip(items, values, texts)):
        y = top + i * row
        mid = y + row / 2 + font_size * 0.35
        parts.append(_text(_fit(label, label_w - 8, font_size), bar_x - 6, mid, font_size, anchor="end"))
        parts.append(f'<rect x="{_n(bar_x)}" y="{_n(y + row * 0.18)}" width="{_n(value * scale)}" '
                     f'height="{_n(row * 0.64)}" fill="{BAR}"/>')
        parts.append(_text(text, bar_x + value * scale + 4, mid, font_size))
    bottom = top + row * len(items)
    parts.append(_line(bar_x, top, bar_x, bottom, RULE, 0.75))
    if unit:
        parts.append(_text(f"({unit})", bar_x, bottom + font_size * 1.4, font_size * 0.85, fill=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def timeline(events: list[tuple[Any, str]], *, title: str = "", width: float = 500, font_size: float = 10,
             max_label: int = 42) -> str:
    """Events on a horizontal time axis, each label on the lowest free lane above the axis.

    ``events`` are ``(date, label)`` pairs; a date may be a ``date`` or anything with a ``start``
    date (a :class:`~casebuilder.dates.DateSpan`). Labels longer than ``max_label`` characters
    are shortened. Returns ``<svg>`` text.
    """
    points = sorted(((_day(when), str(label)) for when, label in events), key=lambda e: (e[0], e[1]))
    if not points:
        return _open(width, font_size * 3, title) + _title(title, font_size) + "</svg>"
    first, last = points[0][0], points[-1][0]
    left, right = 12.0, width - 12.0
    span = max((last - first).days, 1)

    def x_of(day: date) -> float:
        return (left + right) / 2 if first == last else left + (day - first).days / span * (right - left)

    placed, lanes = _place_labels(points, x_of, font_size, max_label, (left, right))
    top = font_size * 2.2 if title else 4
    axis_y = top + lanes * font_size * 2.6 + font_size * 0.8
    parts = [_open(width, axis_y + font_size * 2.4, title), _title(title, font_size),
             _line(left, axis_y, right, axis_y, INK, 0.75)]
    for day, text in _ticks(first, last):
        parts.append(_line(x_of(day), axis_y, x_of(day), axis_y + 4, INK, 0.75))
        parts.append(_text(text, x_of(day), axis_y + font_size * 1.5, font_size * 0.85, anchor="middle", fill=MUTED))
    for day, label, lane, anchor in placed:
        parts.append(_event(x_of(day), axis_y, axis_y - font_size * (0.8 + lane * 2.6), day, label, anchor, font_size))
    parts.append("</svg>")
    return "".join(parts)


def _event(x: float, axis_y: float, y: float, day: date, label: str, anchor: str, font_size: float) -> str:
    """One event: its dot on the axis, a leader line up to its lane, its date and label."""
    text_x = x + _PAD if anchor == "start" else x - _PAD
    return "".join((_line(x, axis_y, x, y - font_size * 1.8, RULE, 0.5),
                    f'<circle cx="{_n(x)}" cy="{_n(axis_y)}" r="2.6" fill="{BAR}"/>',
                    _text(_short_date(day), text_x, y - font_size * 1.05, font_size * 0.85, anchor=anchor,
                          fill=MUTED, weight="bold"),
                    _text(label, text_x, y, font_size, anchor=anchor)))


def _place_labels(points, x_of, font_size, max_label, bounds):
    """Put each label on the lowest lane where it overlaps no earlier label and no leader line.

    A label starts just right of its event (or ends just left of it near the right edge). The
    leader line of event j crosses label i when j's date lies under i's label and i's lane is
    lower, so such i must sit above j. Relaxed until stable; a cycle (rare) leaves a crossing.
    """
    items = []
    for day, label in points:
        label = _clip(label, max_label)
        width = max(_width(label, font_size), _width(_short_date(day), font_size * 0.85))
        x = x_of(day)
        if x + _PAD + width <= bounds[1] or x - _PAD - width < bounds[0]:
            items.append([day, label, "start", x, x + _PAD, x + _PAD + width, 0])
        else:
            items.append([day, label, "end", x, x - _PAD - width, x - _PAD, 0])
    gap = font_size * 0.6
    for _ in range(len(items) + 1):
        changed = False
        for i, item in enumerate(items):
            lane = max([other[6] + 1 for j, other in enumerate(items)
                        if j != i and item[4] - 1 <= other[3] <= item[5] + 1] or [0])
            while any(other[6] == lane and other[4] < item[5] + gap and item[4] < other[5] + gap
                      for other in items[:i]):
                lane += 1
            changed |= lane != item[6]
            item[6] = lane
        if not changed:
            break
    else:  # no stable layout: a descending staircase crosses at most end-anchored labels
        for lane, item in enumerate(reversed(items)):
            item[6] = lane
    placed = [(day, label, lane, anchor) for day, label, anchor, _, _, _, lane in items]
    return placed, max(item[6] for item in items) + 1


def _ticks(first: date, last: date) -> list[tuple[date, str]]:
    """Up to about eight ticks on year, month or day boundaries, whichever suits the span."""
    days = (last - first).days
    if days > 3 * 365:
        step = math.ceil((last.year - first.year + 1) / 8)
        return [(date(y, 1, 1), str(y)) for y in range(first.year + 1, last.year + 1, step)]
    if days > 62:
        months = [(y, m) for y in range(first.year, last.year + 1) for m in range(1, 13)]
        months = [ym for ym in months if first < date(*ym, 1) <= last]
        step = math.ceil(len(months) / 8) or 1
        ticks = [date(y, m, 1) for y, m in months[::step]]
        return [(day, format_date(day, short=True, precision="month")) for day in ticks]
    step = max(math.ceil(days / 8), 1)
    return [(first + timedelta(d), _short_date(first + timedelta(d))) for d in range(0, days + 1, step)]


# --- small helpers -------------------------------------------------------------------------------

def _open(width: float, height: float, title: str) -> str:
    label = _esc(title or "Chart")
    return (f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{label}" '
            f'width="{_n(width)}" height="{_n(height)}" viewBox="0 0 {_n(width)} {_n(height)}" '
            f'font-family="{FONT_FAMILY}">')


def _title(title: str, font_size: float) -> str:
    if not title:
        return ""
    return _text(title, 0, font_size * 1.2, font_size * 1.05, weight="bold")


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float) -> str:
    return (f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{colour}" '
            f'stroke-width="{_n(width)}"/>')


def _text(text: str, x: float, y: float, size: float, *, anchor: str = "start", fill: str = INK,
          weight: str = "normal") -> str:
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" fill="{fill}" '
            f'font-weight="{weight}">{_esc(text)}</text>')


def _esc(text: str) -> str:
    """XML-escape untrusted text, quotes included, after dropping characters XML forbids."""
    return escape(_XML_FORBIDDEN.sub("", str(text)), {'"': "&quot;", "'": "&apos;"})


def _n(value: float) -> str:
    """A coordinate rounded to 0.01, without trailing zeros, so the output is stable."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _width(text: str, size: float) -> float:
    return len(text) * size * _CHAR


def _fit(text: str, room: float, size: float) -> str:
    """Shorten ``text`` with an ellipsis to fit ``room`` (estimated)."""
    return _clip(text, max(int(room / (size * _CHAR)), 4))


def _clip(text: str, limit: int) -> str:
    """Shorten at a word boundary: a word cut in half can read as another word (or a name)."""
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "\u2026"


def _format(value: float, decimals: int) -> str:
    return f"{value:,.{decimals}f}"


def _check_value(label: str, value: float) -> float:
    number = float(value)
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"bar_chart: the value of '{label}' must be a finite number >= 0, not {value!r}")
    return number


def _day(when: Any) -> date:
    return when if isinstance(when, date) else when.start


def _short_date(day: date) -> str:
    return format_date(day, short=True)
