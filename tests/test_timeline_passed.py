"""The timeline's list of entries (the text under the figure, and a phone's only view of it) says when a
plan or forecast is past: every entry dated by a target whose last day is before the edition date carries
the book's own words for a passed horizon, judged against the edition (data/edition.yaml), never the clock.
Checked on the real events table and the real edition."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import charts
from briefing.dates import parse_span
from briefing.edition import BY_EVIDENCE_NOTE, PASSED_NOTE, PLAN_PASSED_NOTE, Edition, load_edition
from briefing.evidence import default_registry
from briefing.standards.horizons import dates_a_target
from briefing.tables import load_table


@pytest.fixture(scope="module")
def registry():
    return default_registry()


@pytest.fixture(scope="module")
def events():
    return load_table("events")


def _headings(events, registry, edition: Edition) -> dict[str, str]:
    """Each merged row's first event id -> the heading of its entry in the list."""
    fig = charts.timeline(events, registry, edition)
    rows = charts.merge_events(events, registry)
    assert len(rows) == len(fig.entries)
    return {r.members[0].id: entry.heading for r, entry in zip(rows.itertuples(), fig.entries)}


def _expected(row, edition: Edition) -> str:
    """The note a reader must see on this events.csv row, worked out from the data and the edition."""
    if not dates_a_target(row["kind"], row["date_note"] if isinstance(row["date_note"], str) else ""):
        return ""
    last = parse_span(row["date"]).latest
    if last >= edition.edition_date:
        return ""
    if last < edition.evidence_reached:
        return BY_EVIDENCE_NOTE
    return PLAN_PASSED_NOTE if row["kind"] == "plan" else PASSED_NOTE


def _check(events, registry, edition: Edition) -> dict[str, int]:
    """Every list entry carries the note its row's dates call for on ``edition``; the count of each note."""
    headings = _headings(events, registry, edition)
    seen = {PASSED_NOTE: 0, PLAN_PASSED_NOTE: 0, BY_EVIDENCE_NOTE: 0}
    for _, row in events.iterrows():
        if row["id"] not in headings:
            continue  # a plan merged into the row of another report of the same deadline
        note, heading = _expected(row, edition), headings[row["id"]]
        if note:
            seen[note] += 1
            assert heading.endswith(f" ({note})"), (row["id"], heading)
        else:
            assert not [n for n in seen if n in heading], (row["id"], heading)
    return seen


def test_every_passed_plan_or_forecast_says_so_in_the_list(events, registry):
    edition = load_edition(registry.corpus.root, registry.corpus)
    seen = _check(events, registry, edition)
    # the real data and edition have horizons the corpus may not have seen end (September 2025, September 2026)
    # and one that ended before the newest source surely began (the forecast for mid-2025)
    assert seen[PLAN_PASSED_NOTE] >= 2 and seen[BY_EVIDENCE_NOTE] >= 1, seen


def test_a_deadline_in_the_month_of_an_undated_newest_source_is_not_passed_by_it(events, registry):
    """The newest source is dated only to September 2025: it may predate 30 September, so the September 2025
    deadline is 'deadline passed; this corpus reports no completion', not 'passed by the newest source'; the forecast
    printed as mid-2025 (May–August 2025) ended before it began."""
    corpus = registry.corpus
    assert corpus.surely_reached <= corpus.as_of
    edition = load_edition(corpus.root, corpus)
    headings = _headings(events, registry, edition)
    for _, row in events.iterrows():
        if row["id"] not in headings or not _expected(row, edition):
            continue
        last = parse_span(row["date"]).latest
        if corpus.surely_reached <= last <= corpus.as_of:  # the newest source's own window
            assert headings[row["id"]].endswith(f" ({_expected(row, edition)})"), headings[row["id"]]
            assert BY_EVIDENCE_NOTE not in headings[row["id"]]


def test_the_list_follows_the_edition_not_the_clock(events, registry):
    """Editions the day the corpus surely reached and the day after the newest source: each entry says what its
    dates call for on that edition, never on the clock's day."""
    corpus = registry.corpus
    first = Edition(corpus.surely_reached, corpus.as_of, corpus.surely_reached)
    assert _check(events, registry, first)[PASSED_NOTE] == 0  # nothing the corpus may not have seen is passed
    early = Edition(corpus.as_of + dt.timedelta(days=1), corpus.as_of, corpus.surely_reached)
    _check(events, registry, early)
