"""Values that differ only in precision (a date within a broader date, a count within a range) are not a
conflict, in every classifier: the curated claims, the extracted facts and the grid."""

from __future__ import annotations

import pandas as pd
import pytest

from briefing.precision import CONFLICTING, CORROBORATED, DIFFERS_IN_PRECISION, SINGLE_SOURCE, consistent, \
    contains, values_status
from briefing.tables import classify_claims, read_rows


@pytest.mark.parametrize("broad, narrow", [("2025", "2025-09"), ("2025", "2025-09-17"), ("2025-09", "2025-09-17"),
                                           ("2000-2500", "2500"), ("2000-2500", "2100-2400"), ("900-1000", "1000")])
def test_a_broader_value_contains_the_narrower(broad, narrow):
    assert contains(broad, narrow) and not contains(narrow, broad)
    assert consistent(broad, narrow) and consistent(narrow, broad)


@pytest.mark.parametrize("a, b", [("2025-08", "2025-09"), ("2024", "2025-09"), ("2025-09-16", "2025-09-17"),
                                  ("2500", "2000"), ("2000-2400", "2500"), ("2000-2500", "2400-2600"),
                                  ("2025", "pending"), ("2025", "2025"), ("2500", "2025")])
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


def test_curated_claims_call_nested_values_differing_in_precision_not_conflicting():
    claims = pd.DataFrame(read_rows("claims"))
    status = classify_claims(claims).set_index("topic")["status"]
    for topic, group in claims.groupby("topic", sort=False):
        keys = list(group["value_key"])
        if len(set(keys)) > 1 and all(consistent(a, b) for a in keys for b in keys):
            assert status[topic] == DIFFERS_IN_PRECISION, (topic, keys)
        elif len(set(keys)) > 1:
            assert status[topic] == CONFLICTING, (topic, keys)
    assert status["Date for the Baghdad sites"] == DIFFERS_IN_PRECISION
    assert status["Start of the formal negotiations"] == CONFLICTING
