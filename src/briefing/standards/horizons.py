"""Horizons: the date by which each judgment, risk, scenario and indicator is resolved.

``horizon_problems`` is the rule (every judgment, scenario and indicator names its horizon as a
YYYY-MM-DD day; the risks' horizon is checked with the rest of the risk schema by
``briefing.estimative.risk_problems``). ``horizons`` lists every dated horizon of the book, with the
plans and forecasts of data/events.csv; ``plans_and_forecasts`` lists the distinct dated plans and
forecasts alone (one plan reported by several sources counted once), for the view-time notice of passed
dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from ..dates import long_date, parse_day, parse_span, span_text
from ..errors import BriefingError, DataError
from .data import table, where

# table -> (its horizon column, the column that says what it is, the kind shown to readers)
HORIZON_COLUMNS = {
    "judgments": ("horizon", "judgment", "judgment horizon"),
    "risks": ("horizon", "risk", "risk horizon"),
    "scenarios": ("horizon", "scenario", "scenario horizon"),
    "indicators": ("check_by", "indicator", "check-by date"),
}
CHECKED = ("judgments", "scenarios", "indicators")  # risks: estimative.risk_problems


@dataclass(frozen=True)
class Horizon:
    """A dated horizon: what it is (``kind``), its id, a label for readers, the last day it covers."""

    kind: str
    id: str
    label: str
    date: dt.date
    when: str  # as readers see it: "30 September 2026", "September 2026", "2026", "May–August 2025"


def horizon_problems(root: Path) -> list[BriefingError]:
    """A judgment, scenario or indicator without a YYYY-MM-DD horizon, named by file, line and column."""
    problems: list[BriefingError] = []
    for name in CHECKED:
        column, _, _ = HORIZON_COLUMNS[name]
        for row in table(root, name):
            value = row[column]
            try:
                parse_day(value)
            except ValueError:
                what = "has no horizon" if not value else f"horizon '{value[:40]}' is not a day"
                problems.append(DataError(where(name, row, column), f"{name[:-1]} '{row['id']}' {what}",
                                          "write the date by which it is resolved as YYYY-MM-DD"))
    return problems


REPORT_DATE_NOTE = "placed at the date of the report"


def dates_a_target(kind: str, date_note: str) -> bool:
    """Whether an entry of data/events.csv is dated by when it was due or expected (a plan's deadline, a
    forecast's target), so that its date is a horizon the edition can pass; a forecast placed at the date of
    the report ("more than three years", with no starting point) is not."""
    return kind == "plan" or (kind == "forecast" and not date_note.strip().startswith(REPORT_DATE_NOTE))


def _event_horizons(root: Path) -> list[Horizon]:
    out = []
    for row in table(root, "events"):
        if row["kind"] not in ("plan", "forecast"):
            continue
        try:
            span = parse_span(row["date"])
        except ValueError:
            continue  # reported by the events table's own checks
        when = span_text(row["date"])
        out.append(Horizon("deadline" if row["kind"] == "plan" else "forecast horizon", row["id"], row["label"],
                           span.latest, when))
    return out


def plans_and_forecasts(root: Path) -> list[Horizon]:
    """The distinct dated plans and forecasts of data/events.csv: plans with the same deadline (one plan as
    several sources report it, as the timeline merges them) count once, labelled with the shortest of their
    labels and the number of reports; forecasts stay apart (different expectations)."""
    merged: dict[tuple[str, dt.date], list[Horizon]] = {}
    for h in _event_horizons(root):
        key = (h.kind, h.date) if h.kind == "deadline" else (h.id, h.date)
        merged.setdefault(key, []).append(h)
    out = []
    for group in merged.values():
        first = min(group, key=lambda h: (len(h.label), h.label))
        label = first.label + (f" ({len(group)} reports)" if len(group) > 1 else "")
        out.append(Horizon(first.kind, first.id, label, first.date, first.when))
    return sorted(out, key=lambda h: (h.date, h.kind, h.label))


def horizons(root: Path) -> list[Horizon]:
    """Every dated horizon of the book: plans and forecasts (data/events.csv), judgments, risks, scenarios
    and indicators; rows without a valid date are left out (the rules report them)."""
    out = _event_horizons(root)
    for name, (column, label, kind) in HORIZON_COLUMNS.items():
        for row in table(root, name):
            try:
                day = parse_day(row[column])
            except ValueError:
                continue
            out.append(Horizon(kind, row["id"], row[label], day, long_date(day)))
    return sorted(out, key=lambda h: (h.date, h.kind, h.label))
