"""ISO dates at the precision the data knows them: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, or a range
``A/B`` of two of those (a period the sources name only loosely, "mid-2025", read as ``2025-05/2025-08``).
A partial date stands for its whole period: ``2025-09`` runs from 1 to 30 September 2025, so it is
"before" a day only if its last day is.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PARTIAL = re.compile(r"\A(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")


@dataclass(frozen=True)
class Span:
    """The first and last possible day of a date written at some precision."""

    earliest: dt.date
    latest: dt.date


def parse_span(text: str) -> Span:
    """``2025``, ``2025-09``, ``2025-09-17`` or ``2024-07-01/2024-09-30`` as the span of days it covers.
    Raises ValueError (with the text) when it is none of these or its range runs backwards."""
    text = text.strip()
    if "/" in text:
        first, _, last = text.partition("/")
        a, b = parse_span(first), parse_span(last)
        if b.latest < a.earliest:
            raise ValueError(f"range {text!r} ends before it starts")
        return Span(a.earliest, b.latest)
    m = _PARTIAL.match(text)
    if not m:
        raise ValueError(f"{text!r} is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return Span(dt.date(year, 1, 1), dt.date(year, 12, 31))
    mon = int(month)
    if not 1 <= mon <= 12:
        raise ValueError(f"{text!r} has no month {mon}")
    if day is None:
        return Span(dt.date(year, mon, 1), dt.date(year, mon, calendar.monthrange(year, mon)[1]))
    try:
        day_date = dt.date(year, mon, int(day))
    except ValueError:
        raise ValueError(f"{text!r} is not a day of the calendar") from None
    return Span(day_date, day_date)


def parse_day(text: str) -> dt.date:
    """A full ``YYYY-MM-DD`` date; ValueError for anything else (a horizon must name its day)."""
    text = text.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ValueError(f"{text!r} is not a YYYY-MM-DD date")
    return dt.date.fromisoformat(text)


def span_text(text: str) -> str:
    """A date of data/*.csv as readers see it, at its precision: '2025', 'September 2025', '17 September 2025';
    a range of months or days: 'May–August 2025', '1–15 September 2025', 'December 2024–March 2025'.
    Raises ValueError as ``parse_span``."""
    span, text = parse_span(text), text.strip()
    if "/" not in text:
        parts = text.count("-")
        return long_date(span.latest) if parts == 2 else month_year(span.latest) if parts == 1 else str(span.latest.year)
    first, _, last = (t.strip() for t in text.partition("/"))
    a, b = span.earliest, span.latest
    if first.count("-") == 2 or last.count("-") == 2:
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day}–{b.day} {b:%B %Y}"
        return f"{long_date(a)}–{long_date(b)}" if a.year != b.year else f"{a.day} {a:%B}–{long_date(b)}"
    if first.count("-") == 1 or last.count("-") == 1:
        return f"{a:%B}–{month_year(b)}" if a.year == b.year else f"{month_year(a)}–{month_year(b)}"
    return f"{a.year}–{b.year}"


def long_date(day: dt.date) -> str:
    """'30 September 2026' (no leading zero, month in full)."""
    return f"{day.day} {day:%B %Y}"


def month_year(day: dt.date) -> str:
    """'September 2025'."""
    return f"{day:%B %Y}"
