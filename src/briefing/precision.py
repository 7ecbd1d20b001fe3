"""Whether two values of a fact differ only in precision: one contains the other without contradicting it.

A value is a claim's ``value_key`` or an extracted fact's value: an ISO date of year, month or day
precision ("2025", "2025-09", "2025-09-17"), a count ("2500") or a range of counts ("2000-2500").
"2025" contains "2025-09" (September 2025 is in 2025); "2000-2500" contains "2500". Any other pair of
different values (two months, two counts, a date and a word) contradicts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_RANGE = re.compile(r"(\d+)-(\d+)")
_COUNT = re.compile(r"\d+")

CORROBORATED, CONFLICTING, SINGLE_SOURCE = "corroborated", "conflicting", "single-source"
DIFFERS_IN_PRECISION = "differs in precision"


def _span(value: str) -> tuple[int, int] | None:
    """A count or a range of counts as (low, high); None for anything else (a date is not a count)."""
    if (m := _RANGE.fullmatch(value)) and int(m[1]) < int(m[2]) and not _DATE.fullmatch(value):
        return int(m[1]), int(m[2])
    if _COUNT.fullmatch(value):
        return int(value), int(value)
    return None


def contains(broad: str, narrow: str) -> bool:
    """True when ``narrow`` is a more precise value inside ``broad`` (a day in its month or year, a month
    in its year, a count or narrower range within a range); a value does not contain itself."""
    broad, narrow = str(broad), str(narrow)
    if broad == narrow:
        return False
    if _DATE.fullmatch(broad) and _DATE.fullmatch(narrow):
        return narrow.startswith(broad + "-")
    outer, inner = _span(broad), _span(narrow)
    if outer is None or inner is None or outer[0] == outer[1]:
        return False  # a single count contains nothing but itself; years as counts are dates above
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def consistent(a: str, b: str) -> bool:
    """The same value, or one containing the other: the two do not contradict."""
    return str(a) == str(b) or contains(a, b) or contains(b, a)


def values_status(values: Iterable[str], outlets: int) -> str:
    """A topic's status from the values its sources give and the number of outlets that give them:
    conflicting when two values contradict, differs in precision when they differ but each pair is
    consistent, otherwise corroborated (two or more outlets) or single-source."""
    distinct = list(dict.fromkeys(str(v) for v in values))
    if len(distinct) > 1:
        pairs = [(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1:]]
        return DIFFERS_IN_PRECISION if all(consistent(a, b) for a, b in pairs) else CONFLICTING
    return CORROBORATED if outlets > 1 else SINGLE_SOURCE
