"""The English reading rules of the claim check (briefing.claims_english), at their edges, asserted whole:
which digits and number words are numbers (years, days of a month, list markers, counts of sources,
"-style", "80+", "2 thousand", fractions, references such as "the two sides"), with which hedge and text;
which years, months and days are dates (day–month orders, impossible days, bare months after a
preposition, "May", years inside ids or before a counted noun); and the claim as a reader sees it."""

from __future__ import annotations

from briefing.claims_english import DateRef, Number, dates, numbers, plain


def _values(text: str) -> list[int | str]:
    return [n.value for n in numbers(text)]


def test_the_year_range_is_1900_to_2099_unless_a_counted_noun_follows() -> None:
    assert _values("in 1899, 1900, 2099 and 2100") == [1899, 2100]
    assert numbers("2000 troops") == [Number(2000, "2000", "none")]
    assert _values("2000 Troops and 1950 Soldiers") == [2000, 1950]  # the counted noun in any case


def test_a_day_next_to_a_month_is_not_a_number() -> None:
    assert _values("On 5 March 500 troops left") == [500]
    assert _values("September 15 saw 500 troops leave") == [500]
    assert _values("32 March") == [32]  # no month has a 32nd day
    assert _values("31 March") == []


def test_list_markers_and_counts_of_sources_are_not_numbers() -> None:
    assert _values("phase 2, 3 sources, 40 troops") == [40]
    assert _values("phase 2, then 40 troops") == [40]
    assert _values("Phase two, then three bases") == [3]
    assert _values("three Sources agree on 40 troops") == [40]  # the noun in any case


def test_style_and_era_after_a_number_are_not_a_quantity() -> None:
    assert _values("1800-style tactics and 80 troops") == [80]
    assert _values("the 1800 era of 80 troops") == [80]


def test_a_number_keeps_its_hedge_and_text() -> None:
    assert numbers("About 500 troops") == [Number(500, "about 500", "about")]
    assert numbers("80+ states") == [Number(80, "80+", "more than")]
    assert numbers("about two bases and a dozen sites") == [Number(2, "about two", "about"),
                                                            Number(12, "a dozen", "none")]
    assert numbers("half the force") == [Number("نصف", "half", "none")]


def test_hundred_and_thousand_after_digits_are_carried_by_the_digits() -> None:
    assert numbers("2 thousand troops") == [Number(2, "2", "none")]
    assert numbers("3 hundred troops") == [Number(3, "3", "none")]
    assert _values("a thousand troops") == [1000]
    assert _values("2 thousand troops and nine bases") == [2, 9]


def test_fractions_and_references_are_not_counts() -> None:
    assert numbers("Two Thirds of the force") == [Number("ثلثي", "Two Thirds", "none")]
    assert numbers("two thirds of the force") == [Number("ثلثي", "two thirds", "none")]
    assert _values("two thirds left, then nine bases") == ["ثلثي", 9]
    assert _values("The Two Parties met at four sites") == [4]
    assert _values("two of the bases, then nine bases") == [9]


def test_day_month_year_in_both_orders() -> None:
    assert dates("September 15, 2025") == [DateRef(2025, 9, 15, "September 15, 2025")]
    assert dates("by September 15") == [DateRef(None, 9, 15, "September 15")]
    assert dates("1 March 2024") == [DateRef(2024, 3, 1, "1 March 2024")]
    assert dates("31 March 2024") == [DateRef(2024, 3, 31, "31 March 2024")]
    assert dates("32 March 2024") == [DateRef(2024, 3, None, "March 2024")]
    assert dates("32 March and 5 April 2024") == [DateRef(2024, 4, 5, "5 April 2024")]


def test_a_bare_month_after_a_preposition_and_never_may() -> None:
    assert dates("by September") == [DateRef(None, 9, None, "by September")]
    assert dates("in May") == []
    assert dates("in May and by June") == [DateRef(None, 6, None, "by June")]
    assert dates("from March until 2026") == [DateRef(None, 3, None, "from March"), DateRef(2026, None, None, "2026")]
    assert dates("in September, 2025") == [DateRef(2025, 9, None, "September, 2025")]


def test_years_inside_ids_or_before_a_counted_noun_are_not_dates() -> None:
    assert dates("2000 troops") == []
    assert dates("the id abc-2024 here") == []
    assert dates("see x-1999 and 2014") == [DateRef(2014, None, None, "2014")]
    assert dates("mid-2025") == [DateRef(2025, None, None, "2025")]


def test_plain_removes_roles_code_links_and_emphasis() -> None:
    assert plain("a {ev}`x`  b `code` c") == "a b c"
    assert plain("as of {asof}`June 2025`, **[the plan](x.md)** _now_") == "as of June 2025, the plan now"
    assert plain("due {horizon}`2026-01-15`") == "due January 2026"
