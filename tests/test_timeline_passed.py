"""The timeline's list of entries (the text under the figure, and a phone's only view of it) says when a
plan or forecast is past: every entry dated by a target whose last day is before the edition date carries
the book's own words for a passed horizon, judged against the edition (data/edition.yaml), never the clock.
Checked on the real events table and the real edition."""

from __future__ import annotations

import datetime as dt

import pytest

from briefing import charts
from briefing.dates import parse_span
from briefing.edition import BY_EVIDENCE_NOTE, PASSED_NOTE, Edition, load_edition
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
    return BY_EVIDENCE_NOTE if last <= edition.evidence_horizon else PASSED_NOTE


def test_every_passed_plan_or_forecast_says_so_in_the_list(events, registry):
    edition = load_edition(registry.corpus.root, registry.corpus)
    headings = _headings(events, registry, edition)
    passed = 0
    for _, row in events.iterrows():
        if row["id"] not in headings:
            continue  # a plan merged into the row of another report of the same deadline
        note, heading = _expected(row, edition), headings[row["id"]]
        if note:
            passed += note == PASSED_NOTE
            assert heading.endswith(f" ({note})"), (row["id"], heading)
        else:
            assert PASSED_NOTE not in heading and BY_EVIDENCE_NOTE not in heading, (row["id"], heading)
    # the real data and edition have horizons past the newest source (mid-2025, September 2026)
    assert passed >= 2


def test_the_list_follows_the_edition_not_the_clock(events, registry):
    """An edition the day after the newest source: nothing the sources had not reached is marked passed."""
    as_of = registry.corpus.as_of
    early = Edition(as_of + dt.timedelta(days=1), as_of)
    headings = _headings(events, registry, early)
    assert not any(PASSED_NOTE in h for h in headings.values())
    mid_2025 = next(h for i, h in headings.items() if "mid-2025" in h)
    assert mid_2025.endswith("mid-2025"), mid_2025  # its year, 2025, is not over on that edition
