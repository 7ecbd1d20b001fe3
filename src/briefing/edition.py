"""The edition: the two dates that frame what the book can know.

- The **edition date** is set by hand in ``data/edition.yaml`` when an edition is published. It is never
  read from the clock, so the committed notebook outputs do not change with the calendar (nbval stays
  exact). ``BRIEFING_EDITION_DATE=YYYY-MM-DD`` overrides the file for one build (the tests build the
  book once before and once after the horizons).
- The **evidence horizon** is computed from the corpus: the latest possible publication date of the
  newest source (``Corpus.as_of``). The day the corpus **surely reached** is the latest of the sources'
  *earliest* possible publication dates (``Corpus.surely_reached``): an article dated only to September 2025
  may have been written on 1 September, so it has not passed a deadline of 30 September.

A horizon (the date by which a judgment, risk, scenario or indicator is resolved) before the edition
date has *passed*: the book says so, and that this corpus holds no outcome, unless its last day is before
the day the corpus surely reached (then the sources may report what happened).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .dates import long_date, month_year
from .errors import DataError

FILE = "data/edition.yaml"
ENV = "BRIEFING_EDITION_DATE"
HorizonStatus = Literal["open", "passed"]
PASSED_NOTE = "horizon passed; this corpus holds no outcome"
#: a scheduled plan's passed deadline: what the corpus lacks is a report that the step was completed (it may report
#: the step begun or partly done, as a separate event)
PLAN_PASSED_NOTE = "deadline passed; this corpus reports no completion"
#: a passed date whose last day is before the day the corpus surely reached: the sources may report what happened
BY_EVIDENCE_NOTE = "date passed by the newest source"


@dataclass(frozen=True)
class Edition:
    """The edition date (set), the evidence horizon (the newest source's latest possible date) and the day the
    corpus surely reached (the latest of the sources' earliest possible dates; never after the horizon)."""

    edition_date: dt.date
    evidence_horizon: dt.date
    evidence_reached: dt.date

    def horizon_status(self, horizon: dt.date) -> HorizonStatus:
        """"passed" when ``horizon`` is before the edition date, else "open"."""
        return "passed" if horizon < self.edition_date else "open"

    def passed_note(self, last_day: dt.date, scheduled: bool = False) -> str:
        """What a reader is told about a dated horizon, plan or forecast whose last day is ``last_day``: ''
        while it is open; BY_EVIDENCE_NOTE when it ended before the day the corpus surely reached (the sources
        may report its outcome); PASSED_NOTE otherwise, once the edition is after it, or PLAN_PASSED_NOTE for
        a ``scheduled`` step (a plan's deadline). A deadline in the month of a source dated only to that month
        is not passed by it: the source may predate its last day."""
        if self.horizon_status(last_day) != "passed":
            return ""
        if last_day < self.evidence_reached:
            return BY_EVIDENCE_NOTE
        return PLAN_PASSED_NOTE if scheduled else PASSED_NOTE

    def line(self) -> str:
        """'Evidence to September 2025 · Edition 6 December 2026': the line at the top of every page."""
        return f"Evidence to {month_year(self.evidence_horizon)} · Edition {long_date(self.edition_date)}"

    def horizon_text(self, horizon: dt.date) -> str:
        """'30 September 2026', or '30 September 2026 (horizon passed; this corpus holds no outcome)'."""
        text = long_date(horizon)
        return f"{text} ({PASSED_NOTE})" if self.horizon_status(horizon) == "passed" else text


def _as_date(value: object, where: str) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise DataError(where, f"edition_date {str(value)[:40]!r} is not a date",
                        "write it as YYYY-MM-DD, e.g. edition_date: 2026-12-06") from None


def edition_date(root: Path) -> dt.date:
    """The edition date: $BRIEFING_EDITION_DATE when set, else ``edition_date`` in data/edition.yaml."""
    override = os.environ.get(ENV)
    if override:
        return _as_date(override, f"${ENV}")
    from .yamlio import load_yaml

    path = root / FILE
    if not path.exists():
        raise DataError(FILE, "file not found (the edition date is set there, never read from the clock)",
                        "create it with one line: edition_date: YYYY-MM-DD")
    try:
        located = load_yaml(path)
    except ValueError:  # PyYAML builds a date from YYYY-MM-DD and raises ValueError for 2026-13-01
        text = path.read_text(encoding="utf-8", errors="replace").split("\n")
        line = next((n for n, t in enumerate(text, 1) if t.lstrip().startswith("edition_date")), 1)
        value = text[line - 1].partition(":")[2].strip() if line <= len(text) else ""
        raise DataError(f"{FILE}:{line}", f"edition_date {value[:40]!r} is not a date",
                        "write it as YYYY-MM-DD, e.g. edition_date: 2026-12-06") from None
    data = located.data
    if not isinstance(data, dict) or "edition_date" not in data:
        raise DataError(f"{FILE}:1", "must be a mapping with the key edition_date",
                        "write one line: edition_date: YYYY-MM-DD")
    unknown = sorted(str(k) for k in data if k != "edition_date")
    if unknown:
        raise DataError(f"{FILE}:{located.line(unknown[0])}", f"unknown key '{unknown[0]}'",
                        "the file holds only edition_date")
    return _as_date(data["edition_date"], f"{FILE}:{located.line('edition_date')}")


def load_edition(root: Path, corpus: object | None = None) -> Edition:
    """The edition of the project at ``root`` (``corpus``: an already loaded ``Corpus``, to save a load)."""
    from .corpus import Corpus

    loaded = corpus if isinstance(corpus, Corpus) else Corpus.load(root)
    return Edition(edition_date(root), loaded.as_of, loaded.surely_reached)
