"""The edition date (set in data, overridable for one build) and the evidence horizon (computed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefing.corpus import Corpus
from briefing.dates import parse_span, span_text
from briefing.edition import BY_EVIDENCE_NOTE, ENV, PASSED_NOTE, Edition, load_edition
from briefing.errors import DataError
from helpers import make_project

ROOT = Path(__file__).resolve().parents[1]


def test_real_edition_date_is_set_in_data_and_horizon_is_the_newest_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    edition = load_edition(ROOT)
    # read from the data files here, not from the corpus, so the test holds for any corpus the schema accepts
    # (a source added through the CLI moves the horizon; issue 23): the edition date is the one set by hand, and
    # the horizon the last possible day of the newest source (Erem News, inferred 1–30 September 2025, today)
    import yaml

    assert edition.edition_date == yaml.safe_load((ROOT / "data" / "edition.yaml").read_text())["edition_date"]
    sources = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    latest = [parse_span(str(s["published"].get("latest") or s["published"]["date"])).latest for s in sources]
    assert edition.evidence_horizon == max(latest)
    months = "January February March April May June July August September October November December".split()
    assert edition.line() == (f"Evidence to {months[edition.evidence_horizon.month - 1]} {edition.evidence_horizon.year}"
                              f" · Edition {edition.edition_date.day} {months[edition.edition_date.month - 1]}"
                              f" {edition.edition_date.year}")


def test_environment_overrides_the_file_for_one_build(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "2026-01-15")
    edition = load_edition(ROOT)
    assert edition.edition_date == dt.date(2026, 1, 15)
    assert edition.horizon_status(dt.date(2026, 9, 30)) == "open"
    monkeypatch.setenv(ENV, "2026-10-01")
    edition = load_edition(ROOT)
    assert edition.horizon_status(dt.date(2026, 9, 30)) == "passed"
    assert edition.horizon_status(dt.date(2026, 10, 1)) == "open"  # due that day: not yet passed
    assert edition.horizon_text(dt.date(2026, 9, 30)) == \
        "30 September 2026 (horizon passed; this corpus holds no outcome)"


def test_bad_override_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV, "December 2026")
    with pytest.raises(DataError) as err:
        load_edition(ROOT)
    assert err.value.message == ("$BRIEFING_EDITION_DATE: edition_date 'December 2026' is not a date — write it as "
                                 "YYYY-MM-DD, e.g. edition_date: 2026-12-06")


@pytest.mark.parametrize("content, message", [
    (None, "data/edition.yaml: file not found (the edition date is set there, never read from the clock) — create "
           "it with one line: edition_date: YYYY-MM-DD"),
    ("edition: 2026-12-06\n", "data/edition.yaml:1: must be a mapping with the key edition_date — write one line: "
                              "edition_date: YYYY-MM-DD"),
    ("# c\nedition_date: 2026-13-01\n", "data/edition.yaml:2: edition_date '2026-13-01' is not a date — write it as "
                                        "YYYY-MM-DD, e.g. edition_date: 2026-12-06"),
    ("edition_date: 2026-12-06\ntoday: 2026-12-07\n", "data/edition.yaml:2: unknown key 'today' — the file holds "
                                                      "only edition_date"),
])
def test_malformed_edition_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str | None,
                                message: str) -> None:
    monkeypatch.delenv(ENV, raising=False)
    root = make_project(tmp_path)
    if content is None:
        (root / "data" / "edition.yaml").unlink()
    else:
        (root / "data" / "edition.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(DataError) as err:
        load_edition(root)
    assert err.value.message == message


def test_nothing_reads_the_clock() -> None:
    """The edition date is never today: no module of the package asks the clock for the date."""
    package = ROOT / "src" / "briefing"
    offenders = [str(p.relative_to(ROOT)) for p in package.rglob("*.py")
                 if any(s in p.read_text(encoding="utf-8") for s in ("date.today(", "datetime.now(", "time.localtime("))]
    assert offenders == []


@pytest.mark.parametrize("text, earliest, latest", [
    ("2025", "2025-01-01", "2025-12-31"),
    ("2025-09", "2025-09-01", "2025-09-30"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2025-08-17", "2025-08-17", "2025-08-17"),
    ("2024-07-01/2024-09-30", "2024-07-01", "2024-09-30"),
    ("2024-01/2025", "2024-01-01", "2025-12-31"),
])
def test_partial_dates_stand_for_their_whole_period(text: str, earliest: str, latest: str) -> None:
    span = parse_span(text)
    assert (span.earliest.isoformat(), span.latest.isoformat()) == (earliest, latest)


@pytest.mark.parametrize("text", ["", "Sept 2025", "2025-9", "2025-13", "2025-02-30", "2025-10/2025-09", "2025/"])
def test_not_a_date(text: str) -> None:
    with pytest.raises(ValueError):
        parse_span(text)


def test_the_passed_dates_notice_counts_distinct_plans_and_forecasts(tmp_path: Path) -> None:
    """The view-time notice says "N dated plans and forecasts … have passed". It counted every horizon of the
    book (judgments, risks, scenarios, indicators' check-by dates) and each source's report of one deadline:
    35 for this edition. One plan reported by three sources counts once; judgments and indicators not at all."""
    from analytic_project import analytic_project, judgment, write_table
    from briefing.standards.horizons import plans_and_forecasts

    root = analytic_project(tmp_path)
    event = {"kind": "plan", "date": "2026-09", "precision": "month", "summary": "s", "evidence": "",
             "date_note": ""}
    write_table(root, "events",
                {**event, "id": "plan-a", "label": "Phase two due (source A)"},
                {**event, "id": "plan-b", "label": "Phase two"},
                {**event, "id": "plan-c", "label": "Phase two by September 2026 (source C)"},
                {**event, "id": "plan-d", "date": "2025-09", "label": "Phase one"},
                {**event, "id": "fc-a", "kind": "forecast", "date": "2026-09", "label": "Exit expected"},
                {**event, "id": "fc-b", "kind": "forecast", "date": "2026-09", "label": "Another expectation"},
                {**event, "id": "ev-a", "kind": "event", "date": "2026-09", "label": "Something happened"})
    write_table(root, "judgments", judgment())
    write_table(root, "indicators", {"id": "ind-a", "indicator": "Harir vacated", "threshold": "A statement",
                                     "check_by": "2026-09-30", "moves": "kj-test", "direction": "lowers",
                                     "status": "open", "outcome_evidence": ""})
    found = [(h.kind, h.label, h.when) for h in plans_and_forecasts(root)]
    assert found == [("deadline", "Phase one", "September 2025"),
                     ("deadline", "Phase two (3 reports)", "September 2026"),
                     ("forecast horizon", "Another expectation", "September 2026"),
                     ("forecast horizon", "Exit expected", "September 2026")]


def test_the_real_notice_counts_the_dated_plans_and_forecasts_the_corpus_may_not_have_seen_end() -> None:
    """This edition: phase one (three reports) and phase two (three reports) are what the corpus may not have seen
    end; the officer's forecast of an evacuation in mid-2025 (May–August 2025) ended before the newest source
    (September 2025, day unknown) surely began."""
    import yaml

    from briefing.standards.horizons import plans_and_forecasts

    dated = [(h.kind, h.when, h.date) for h in plans_and_forecasts(ROOT)]
    # every plan and forecast the tables date (they do not change when a source is added)...
    assert dated == [("forecast horizon", "31 January 2024", dt.date(2024, 1, 31)),
                     ("forecast horizon", "2024", dt.date(2024, 12, 31)),
                     ("forecast horizon", "May–August 2025", dt.date(2025, 8, 31)),
                     ("deadline", "September 2025", dt.date(2025, 9, 30)),
                     ("deadline", "September 2026", dt.date(2026, 9, 30))]
    # ...and those ending on or after the day the corpus surely reached, whatever the newest source (issue 23):
    # the latest of the sources' earliest possible dates, read here from data/sources.yaml, not the corpus
    sources = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    reached = max(parse_span(str(s["published"].get("earliest") or s["published"]["date"])).earliest for s in sources)
    assert Corpus.load(ROOT).surely_reached == reached
    due = [(h.kind, h.when) for h in plans_and_forecasts(ROOT) if h.date >= reached]
    if reached == dt.date(2025, 9, 1):
        assert due == [("deadline", "September 2025"), ("deadline", "September 2026")]
    assert all(h.label.endswith("(3 reports)") for h in plans_and_forecasts(ROOT) if h.kind == "deadline")


def test_passed_by_the_newest_source_only_before_the_day_the_corpus_surely_reached() -> None:
    """A constructed edition: newest source dated only to September 2025 (reached 1 September, horizon 30
    September), edition 6 December 2026. A deadline ending in that month is passed, not passed by the source."""
    edition = Edition(dt.date(2026, 12, 6), dt.date(2025, 9, 30), dt.date(2025, 9, 1))
    assert edition.passed_note(dt.date(2025, 8, 31)) == BY_EVIDENCE_NOTE  # mid-2025, read as May–August
    assert edition.passed_note(dt.date(2025, 9, 1)) == PASSED_NOTE  # the source may be of that very day
    assert edition.passed_note(dt.date(2025, 9, 30)) == PASSED_NOTE  # the month still running
    assert edition.passed_note(dt.date(2026, 9, 30)) == PASSED_NOTE
    assert edition.passed_note(dt.date(2026, 12, 6)) == ""  # not before the edition: open
    # a source printed with its day: the corpus reached that day, so a deadline the day before is passed by it
    printed = Edition(dt.date(2026, 12, 6), dt.date(2025, 9, 17), dt.date(2025, 9, 17))
    assert printed.passed_note(dt.date(2025, 9, 16)) == BY_EVIDENCE_NOTE
    assert printed.passed_note(dt.date(2025, 9, 17)) == PASSED_NOTE


@pytest.mark.parametrize("text, shown", [
    ("2025", "2025"), ("2025-09", "September 2025"), ("2025-09-17", "17 September 2025"),
    ("2025-05/2025-08", "May–August 2025"), ("2024-12/2025-03", "December 2024–March 2025"),
    ("2025-09-01/2025-09-15", "1–15 September 2025"), ("2024-07-01/2024-09-30", "1 July–30 September 2024"),
])
def test_a_date_reads_at_its_precision(text: str, shown: str) -> None:
    assert span_text(text) == shown


def test_an_events_range_needs_precision_range(tmp_path: Path) -> None:
    """A loosely printed period ("mid-2025") is a range A/B with precision range; a range with another precision,
    or precision range on a single date, is refused naming the line."""
    from analytic_project import analytic_project, write_table
    from briefing.evidence import Registry
    from briefing.tables import read_rows

    root = analytic_project(tmp_path)
    event = {"id": "fc-a", "kind": "forecast", "label": "Exit expected", "summary": "s", "evidence": "",
             "date_note": "printed as mid-2025"}
    write_table(root, "events", {**event, "date": "2025-05/2025-08", "precision": "range"})
    registry = Registry.load(Corpus.load(root))  # not default_registry: that would replace the real one
    assert read_rows("events", registry, root)[0]["date"] == "2025-05/2025-08"
    for date, precision in (("2025-05/2025-08", "year"), ("2025", "range")):
        write_table(root, "events", {**event, "date": date, "precision": precision})
        with pytest.raises(DataError, match=r"data/events.csv:2: .*precision"):
            read_rows("events", registry, root)
