"""Values that differ only in precision (a date within a broader date, a count within a range) are not a
conflict, in every classifier: the curated claims, the extracted facts and the grid."""

from __future__ import annotations

import pandas as pd
import pytest

from briefing.precision import (
    CONFLICTING,
    CORROBORATED,
    DIFFERS_BY_REPORTING_DATE,
    DIFFERS_IN_PRECISION,
    SINGLE_SOURCE,
    consistent,
    contains,
    values_status,
)
from briefing.tables import classify_claims, read_rows


@pytest.mark.parametrize("broad, narrow", [("2025", "2025-09"), ("2025", "2025-09-17"), ("2025-09", "2025-09-17"),
                                           ("2000-2500", "2500"), ("2000-2500", "2100-2400"), ("900-1000", "1000"),
                                           ("2025", "2025-mid"), ("2025-mid", "2025-06"), ("2025-mid", "2025-08-31"),
                                           ("2025-start", "2025-01"), ("2025-end", "2025-09"),
                                           ("by-2025-09", "2025-mid"), ("by-2025-09", "2025-09"),
                                           ("by-2025-09", "2025-09-30"), ("by-2025-09", "2024"),
                                           ("by-2025", "2025-end"), ("by-2025-mid", "2025-06")])
def test_a_broader_value_contains_the_narrower(broad, narrow):
    assert contains(broad, narrow) and not contains(narrow, broad)
    assert consistent(broad, narrow) and consistent(narrow, broad)


@pytest.mark.parametrize("a, b", [("2025-08", "2025-09"), ("2024", "2025-09"), ("2025-09-16", "2025-09-17"),
                                  ("2500", "2000"), ("2000-2400", "2500"), ("2000-2500", "2400-2600"),
                                  ("2025", "pending"), ("2025", "2025"), ("2500", "2025"),
                                  ("2025-mid", "2025-09"), ("2025-mid", "2025-04"), ("2024", "2025-mid"),
                                  ("2025-mid", "2025-end"), ("2025-mid", "2026-06"),
                                  ("by-2025-09", "2025-end"), ("by-2025-09", "2025-10"), ("by-2025-09", "2025"),
                                  ("by-2025-09", "by-2025-06"), ("by-2025-09", "pending"), ("by-2025-09", "2500")])
def test_other_pairs_are_not_contained(a, b):
    assert not contains(a, b) and not contains(b, a)
    assert consistent(a, b) == (a == b)


def test_values_status():
    assert values_status(["2025", "2025-09"], 2) == DIFFERS_IN_PRECISION
    assert values_status(["2025", "2025-09", "2025-09-17"], 3) == DIFFERS_IN_PRECISION
    assert values_status(["2025", "2025-09", "2025-10"], 3) == CONFLICTING  # both in 2025, not in each other
    assert values_status(["2023-01", "2024-01"], 2) == CONFLICTING
    assert values_status(["2500", "2500"], 2) == CORROBORATED
    assert values_status(["2500"], 1) == SINGLE_SOURCE


def test_values_of_a_fact_that_holds_as_of_its_report():
    """A state or a scheduled date reported on different dates differs by reporting date; the same
    contrary values reported on one date, or a fact that does not hold as of its report, conflict."""
    assert values_status(["none", "pending", "announced-2024-09"], 3, [1, 2, 3]) == DIFFERS_BY_REPORTING_DATE
    assert values_status(["none", "pending", "announced-2024-09"], 3, [1, 2, 2]) == CONFLICTING
    assert values_status(["none", "pending"], 2) == CONFLICTING
    assert values_status(["2025-mid", "2025-09"], 2, [1, 2]) == DIFFERS_BY_REPORTING_DATE
    assert values_status(["2025-mid", "2025-09"], 2) == CONFLICTING  # mid-2025 does not contain September
    assert values_status(["2025", "2025-09"], 2, [1, 1]) == DIFFERS_IN_PRECISION
    assert values_status(["2025-09", "2025-09"], 2, [1, 2]) == CORROBORATED
    with pytest.raises(ValueError):
        values_status(["a", "b"], 2, [1])


def test_an_expected_date_before_a_deadline_agrees_with_it_whichever_report_gives_them():
    """An expectation that falls inside a deadline for the same step is not a disagreement, neither when one
    report gives both nor when a later report restates the deadline; an expectation after the deadline is
    one (by reporting date across reports, conflicting within one report), and so is a moved deadline."""
    assert values_status(["2025-mid", "by-2025-09"], 1, [1, 1]) == DIFFERS_IN_PRECISION  # one report
    assert values_status(["2025-mid", "by-2025-09", "by-2025-09"], 2, [1, 1, 2]) == DIFFERS_IN_PRECISION
    assert values_status(["2025-end", "by-2025-09"], 1, [1, 1]) == CONFLICTING
    assert values_status(["2025-end", "by-2025-09"], 2, [1, 2]) == DIFFERS_BY_REPORTING_DATE
    assert values_status(["by-2025-06", "by-2025-09"], 2, [1, 2]) == DIFFERS_BY_REPORTING_DATE


def test_curated_claims_are_classed_by_what_they_are():
    """On data/claims.csv: nested values differ in precision; contrary values of a fact that holds as of its
    report differ by reporting date (the sources' dates differ); contrary values of a fixed fact conflict."""
    claims = pd.DataFrame(read_rows("claims"))
    status = classify_claims(claims).set_index("topic")["status"]
    for topic, group in claims.groupby("topic", sort=False):
        keys = list(group["value_key"])
        if len(set(keys)) > 1 and all(consistent(a, b) for a in keys for b in keys):
            assert status[topic] == DIFFERS_IN_PRECISION, (topic, keys)
        elif len(set(keys)) > 1:
            expected = DIFFERS_BY_REPORTING_DATE if set(group["holds"]) == {"as of report"} else CONFLICTING
            assert status[topic] == expected, (topic, keys)
    # the real data exercise the class: an expected date inside a deadline (mid-2025 by September 2025)
    nested = [t for t, g in claims.groupby("topic") if len(set(g["value_key"])) > 1
              and all(consistent(a, b) for a in g["value_key"] for b in g["value_key"])]
    assert nested and all(status[t] == DIFFERS_IN_PRECISION for t in nested)
    assert status["Announcement of the timetable"] == DIFFERS_BY_REPORTING_DATE
    # contrary values of a fixed fact conflict: the real start of the negotiations (January 2023 as printed, inside
    # "before October 2023") given instead a January 2024 start
    start = claims[claims["topic"] == "Start of the negotiations"]
    assert status["Start of the negotiations"] == DIFFERS_IN_PRECISION
    clash = start.assign(value_key=[start["value_key"].iloc[0]] + ["2024-01"] * (len(start) - 1))
    assert classify_claims(clash).set_index("topic")["status"]["Start of the negotiations"] == CONFLICTING


def test_a_topic_must_say_once_whether_it_holds_as_of_its_report():
    from briefing.errors import DataError

    claims = pd.DataFrame(read_rows("claims"))
    mixed = claims.copy()
    mixed.loc[mixed["topic"] == "Announcement of the timetable", "holds"] = ["as of report", "fixed", "as of report"]
    with pytest.raises(DataError, match="data/claims.csv:7.*mixes holds"):
        classify_claims(mixed)
