"""Whether two values of a fact contradict, differ only in precision, or differ by reporting date.

A value is a claim's ``value_key`` or an extracted fact's value: an ISO date of year, month or day
precision ("2025", "2025-09", "2025-09-17"), a qualified year ("2025-start", "2025-mid", "2025-end":
early, mid- or late 2025, read as the thirds of the year, January–April, May–August, September–December),
a deadline ("by-2025-09": at the latest in September 2025, the Arabic بحلول, or the date an agreement sets
for a step), a count ("2500") or a range of counts ("2000-2500"). "2025" contains "2025-09" (September 2025
is in 2025) and "2025-mid"; "2025-mid" contains "2025-06" but not "2025-09"; "2000-2500" contains "2500".
A deadline is the window up to its date: "by-2025-09" contains any date that ends by then ("2025-mid",
"2025-09-17"), so an expected date before a deadline for the same step agrees with it, whether one report
gives both or two; it contains no later date ("2025-end") and no other deadline (a moved deadline is a
different value). Any other pair of different values (two months, two counts, a date and a word)
contradicts.

Some facts hold only as of their report: the state of a process ("no timetable yet", "awaiting
announcement", "announced") or a date set or expected for a step. Two reports of such a fact made on
different dates may give different values without contradicting each other: they *differ by reporting
date*. Values given on the same reporting date that contradict still conflict.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence

_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_RANGE = re.compile(r"(\d+)-(\d+)")
_COUNT = re.compile(r"\d+")
_QUALIFIED_YEAR = re.compile(r"(\d{4})-(start|mid|end)")
_DEADLINE = re.compile(r"by-(.+)")
#: the months a qualified year covers: the thirds of the year
THIRDS = {"start": (1, 4), "mid": (5, 8), "end": (9, 12)}

CORROBORATED, CONFLICTING, SINGLE_SOURCE = "corroborated", "conflicting", "single-source"
DIFFERS_IN_PRECISION = "differs in precision"
DIFFERS_BY_REPORTING_DATE = "differs by reporting date"
#: what each status says, for a table's legend (a plan's corroborated date is agreement on the schedule only)
STATUS_MEANINGS = {
    CORROBORATED: "two or more outlets give the same date (for a plan, the same schedule, not its completion)",
    DIFFERS_IN_PRECISION: "the dates differ without contradicting each other (one within the other's span, or an "
                          "earlier step before a deadline)",
    DIFFERS_BY_REPORTING_DATE: "the dates differ, each true as of the day it was reported",
    CONFLICTING: "the dates cannot both hold as printed",
    SINGLE_SOURCE: "one outlet only",
}


def _span(value: str) -> tuple[int, int] | None:
    """A count or a range of counts as (low, high); None for anything else (a date is not a count)."""
    if (m := _RANGE.fullmatch(value)) and int(m[1]) < int(m[2]) and not _DATE.fullmatch(value):
        return int(m[1]), int(m[2])
    if _COUNT.fullmatch(value):
        return int(value), int(value)
    return None


def _last_day(value: str) -> tuple[int, int, int] | None:
    """The last day a date or qualified year covers, as (year, month, day; 31 for a whole month); None for
    anything else."""
    if q := _QUALIFIED_YEAR.fullmatch(value):
        return int(q[1]), THIRDS[q[2]][1], 31
    if _DATE.fullmatch(value):
        parts = [int(p) for p in value.split("-")]
        return (parts[0], parts[1] if len(parts) > 1 else 12, parts[2] if len(parts) > 2 else 31)
    return None


def contains(broad: str, narrow: str) -> bool:
    """True when ``narrow`` is a more precise value inside ``broad`` (a day in its month or year, a month
    in its year, a count or narrower range within a range, a date by a deadline); a value does not contain
    itself."""
    broad, narrow = str(broad), str(narrow)
    if broad == narrow:
        return False
    if d := _DEADLINE.fullmatch(broad):  # "by-2025-09" holds every date that ends by September 2025
        due, end = _last_day(d[1]), _last_day(narrow)
        return due is not None and end is not None and end <= due
    if q := _QUALIFIED_YEAR.fullmatch(broad):  # "2025-mid" holds May–August 2025 and the days in them
        first, last = THIRDS[q[2]]
        return bool(_DATE.fullmatch(narrow)) and len(narrow) >= 7 and narrow[:4] == q[1] \
            and first <= int(narrow[5:7]) <= last
    if (q := _QUALIFIED_YEAR.fullmatch(narrow)) and _DATE.fullmatch(broad):
        return broad == q[1]  # only its year contains a third of it
    if _DATE.fullmatch(broad) and _DATE.fullmatch(narrow):
        return narrow.startswith(broad + "-")
    outer, inner = _span(broad), _span(narrow)
    if outer is None or inner is None or outer[0] == outer[1]:
        return False  # a single count contains nothing but itself; years as counts are dates above
    return outer[0] <= inner[0] and inner[1] <= outer[1]


def consistent(a: str, b: str) -> bool:
    """The same value, or one containing the other: the two do not contradict."""
    return str(a) == str(b) or contains(a, b) or contains(b, a)


def values_status(values: Iterable[str], outlets: int, reported: Sequence[Hashable] | None = None) -> str:
    """A topic's status from the values its sources give and the number of outlets that give them:
    differs in precision when the values differ but each pair is consistent; for a fact that holds as of
    its report (``reported``: each value's reporting date, in the order of ``values``), differs by
    reporting date when no two contradicting values were reported on the same date; conflicting when two
    values contradict otherwise; else corroborated (two or more outlets) or single-source."""
    values = [str(v) for v in values]
    if reported is not None and len(reported) != len(values):
        raise ValueError(f"{len(values)} values but {len(reported)} reporting dates")
    distinct = list(dict.fromkeys(values))
    if len(distinct) == 1:
        return CORROBORATED if outlets > 1 else SINGLE_SOURCE
    pairs = [(a, b) for i, a in enumerate(distinct) for b in distinct[i + 1:]]
    if all(consistent(a, b) for a, b in pairs):
        return DIFFERS_IN_PRECISION
    if reported is not None:
        dated = list(zip(values, reported))
        if all(consistent(a, b) or da != db for a, da in dated for b, db in dated):
            return DIFFERS_BY_REPORTING_DATE
    return CONFLICTING


def statement_status(key: str, others: Sequence[str], date: Hashable | None = None,
                     other_dates: Sequence[Hashable] | None = None) -> str:
    """One source's value within its topic, against the values the other sources give (``other_dates``:
    their reporting dates, for a fact that holds as of its report): corroborated, differs in precision,
    differs by reporting date, conflicting, or single-source when no other source speaks."""
    if not others:
        return SINGLE_SOURCE
    if key in others:
        return CORROBORATED
    if all(consistent(key, o) for o in others):
        return DIFFERS_IN_PRECISION
    if other_dates is not None and all(consistent(key, o) or d != date for o, d in zip(others, other_dates)):
        return DIFFERS_BY_REPORTING_DATE
    return CONFLICTING
