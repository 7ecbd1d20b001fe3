"""ISO dates at the precision the data knows them: ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, or a range
``A/B`` of two of those. A partial date stands for its whole period: ``2025-09`` runs from 1 to 30
September 2025, so it is "before" a day only if its last day is.
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


def long_date(day: dt.date) -> str:
    """'30 September 2026' (no leading zero, month in full)."""
    return f"{day.day} {day:%B %Y}"


def month_year(day: dt.date) -> str:
    """'September 2025'."""
    return f"{day:%B %Y}"
