"""Extraction on sentences written for the tests, in the styles the sources use."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from briefing.corpus import Published
from briefing.extract import extract_text

PRINTED = Published("printed", date=dt.date(2025, 8, 17), as_printed="17/08/2025")
INFERRED = Published("inferred", earliest=dt.date(2024, 7, 1), latest=dt.date(2024, 9, 30), reason="test")


def dates(text, published=None):
    return [(f.exact, f.value) for f in extract_text(text, published) if f.kind == "date"]


def quantities(text):
    return [(f.exact, f.value, f.attrs["unit"], f.attrs["hedge"]) for f in extract_text(text) if f.kind == "quantity"]


@pytest.mark.parametrize("text,expected", [
    ("وقع الهجوم في تشرين الأول (أكتوبر) 2023 على الحدود", [("تشرين الأول (أكتوبر) 2023", "2023-10")]),
    ("ينتهي الانسحاب في سبتمبر/ أيلول 2025 من القاعدة", [("سبتمبر/ أيلول 2025", "2025-09")]),
    ("بتاريخ 31/01/2024 صدر البيان", [("31/01/2024", "2024-01-31")]),
    ("منذ عام 2011 وحتى العام 2014", [("عام 2011", "2011"), ("العام 2014", "2014")]),
    ("في أيلول ٢٠٢٥ تنتهي المرحلة", [("أيلول ٢٠٢٥", "2025-09")]),
    ("نُشرت في الأحد 17 أغسطس 2025 08:13 م", [("الأحد 17 أغسطس 2025", "2025-08-17")]),
    ("في إبريل 2024 وابريل 2025 وأبريل 2026", [("إبريل 2024", "2024-04"), ("ابريل 2025", "2025-04"),
                                               ("أبريل 2026", "2026-04")]),
    ("سقف زمني معلن في 2025 و2026", [("2025", "2025"), ("2026", "2026")]),
    ("الإخلاء الفعلي سيكون في منتصف عام 2025", [("منتصف عام 2025", "2025")]),
])
def test_absolute_dates(text, expected):
    assert dates(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("الانسحاب المخطط له بحلول سبتمبر المقبل", [("سبتمبر المقبل", "2025-09")]),
    ("خلال شهر أيلول المقبل", [("شهر أيلول المقبل", "2025-09")]),
    ("في تموز الماضي", [("تموز الماضي", "2025-07")]),
    ("في آب الماضي", [("آب الماضي", "2024-08")]),  # August is the current month: "last August" is a year ago
    ("الموعد خلال الشهر الحالي", [("الشهر الحالي", "2025-08")]),
    ("انسحاب القوات الشهر المقبل", [("الشهر المقبل", "2025-09")]),
    ("ينتهي منتصف العام المقبل", [("منتصف العام المقبل", "2026")]),
    ("اتفقا الأسبوع الماضي على ذلك", [("الأسبوع الماضي", "2025-08")]),
    ("وكشف المتحدث اليوم الاثنين", [("اليوم الاثنين", "2025-08-11")]),  # 17 Aug 2025 is a Sunday
])
def test_relative_dates_resolve_against_a_printed_date(text, expected):
    assert dates(text, PRINTED) == expected
    facts = [f for f in extract_text(text, PRINTED) if f.kind == "date"]
    assert all(f.attrs["relative"] and f.attrs["anchor"] == "2025-08-17" for f in facts)


def test_relative_dates_against_an_inferred_range_resolve_only_when_the_range_agrees():
    (year,) = [f for f in extract_text("ينتهي منتصف العام المقبل", INFERRED) if f.kind == "date"]
    assert year.value == "2025" and year.attrs["qualifier"] == "mid" and "inferred" in year.attrs["anchor"]
    (month,) = [f for f in extract_text("بحلول سبتمبر المقبل", INFERRED) if f.kind == "date"]
    assert month.value is None
    assert "2024-09 or 2025-09" in month.attrs["unresolved"]


def test_relative_dates_without_any_date_are_left_unresolved():
    (f,) = [f for f in extract_text("الشهر المقبل") if f.kind == "date"]
    assert f.value is None and f.attrs["unresolved"] == "no publication date"


@pytest.mark.parametrize("text,expected", [
    ("سينخفض عدد القوات من حوالي 2000 جندي إلى أقل من 500 شخص",
     [("حوالي 2000 جندي", 2000, "soldier", "about"), ("أقل من 500 شخص", 500, "person", "fewer_than")]),
    ("تنشر الولايات المتحدة (2500) عسكري في العراق", [("(2500) عسكري", 2500, "personnel", "none")]),
    ("خلايا يقدر عددهم بحدود (1000) مسلح", [("بحدود (1000) مسلح", 1000, "fighter", "about")]),
    ("هناك ما يقارب من (1000) شخص", [("ما يقارب من (1000) شخص", 1000, "person", "close_to")]),
    ("بمشاركة أكثر من 80 دولة", [("أكثر من 80 دولة", 80, "state", "more_than")]),
    ("يقدر عددها بنحو ٢٥٠٠ جندي", [("بنحو ٢٥٠٠ جندي", 2500, "soldier", "about")]),
    ("تبنت الفصائل (3) ضربات، (2) منها في العراق",
     [("(3) ضربات", 3, "strike", "none"), ("(2)", 2, "strike", "none")]),
    ("بعد أكثر من ستة أشهر من المفاوضات", [("أكثر من ستة أشهر", 6, "month", "more_than")]),
    ("بعد عامين فقط", [("عامين", 2, "year", "none")]),
    ("بعد أكثر من عقدين من الوجود", [("عقدين", 2, "decade", "more_than")]),
    ("في محافظتي الأنبار وأربيل حيث القاعدتين", [("محافظتي", 2, "province", "none"), ("القاعدتين", 2, "base", "none")]),
    ("يرتبط بقاؤهم بثلاثة أهداف أساسية", [("ثلاثة أهداف", 3, "goal", "none")]),
])
def test_quantities_with_hedges_and_units(text, expected):
    assert quantities(text) == expected


def test_a_count_is_not_taken_for_a_year():
    assert dates("من حوالي 2000 جندي") == []


def test_offsets_point_into_the_original_text():
    text = "قال إنّ الانسحاب في أيلولَ ٢٠٢٥، وبقاء نحو 2500 جنديٍّ"
    for f in extract_text(text):
        assert text[f.start:f.end] == f.exact


def test_precision_and_recall_against_the_hand_annotations_stay_above_the_floor():
    from extraction_eval import evaluate

    for kind, score in evaluate().items():
        # floors set when the extractor reached 1.00/1.00 on the annotated seeds; never lower them
        assert score.precision >= 0.90, (kind, score.precision, score.fp)
        assert score.recall >= 0.90, (kind, score.recall, score.fn)


@pytest.mark.parametrize("text,expected", [
    ("وصل الوفد إلى أربيل ثم اربيل مجددا", [("place", "erbil"), ("place", "erbil")]),
    ("انسحاب القوات الأمريكية والقوات الأميركية من قاعدة عين الأسد",
     [("place", "ain-al-asad")]),
    ("وقال السوداني في بغداد إن العراق ملتزم", [("actor", "sudani"), ("place", "baghdad"), ("place", "iraq")]),
    ("للعراق وبالعراق", [("place", "iraq"), ("place", "iraq")]),
    ("قالت السفارة الأمريكية ثم السفارة الأميركية", [("actor", "us-embassy")]),
])
def test_gazetteer_matches_variants_and_clitics(text, expected):
    found = [(f.kind, f.value) for f in extract_text(text) if f.kind in ("place", "actor")]
    for item in expected:
        assert item in found, (item, found)
    for f in extract_text(text):
        assert text[f.start:f.end] == f.exact


def test_every_claim_in_the_agreement_table_is_found_by_the_extractor_in_its_passage():
    """The curated claims (data/claims.csv) and the extractor agree on each dated or counted value."""
    from briefing import cite
    from briefing.tables import read_rows

    checked = 0
    for row in read_rows("claims"):
        key = row["value_key"].removeprefix("by-")  # "by-2025-09": the date read as a deadline (briefing.precision)
        if not re.fullmatch(r"\d{4}(-\d{2}|-start|-mid|-end)?|\d+", key):
            continue  # "pending", "none", "announced-…": not a single date or count
        c = cite(row["evidence"].split(";")[0])
        text = c.source.text
        block = c.source.block_at(c.match.start)
        facts = extract_text(text[block.start:block.end], c.source.published)
        values = {str(f.value) for f in facts if f.kind in ("date", "quantity")}
        # "2025-mid": the extractor gives the year with its qualifier ("منتصف عام 2025")
        values |= {f"{f.value}-{f.attrs['qualifier']}" for f in facts if f.kind == "date" and f.attrs.get("qualifier")}
        assert key in values, (row["_line"], key, values)
        checked += 1
    assert checked >= 12


def test_automatic_grouping_agrees_with_the_curated_claims():
    """Topics found by rules over extracted facts reach the statuses and values of data/claims.csv."""
    import pandas as pd

    from briefing import Corpus, default_registry
    from briefing.agreement import compare
    from briefing.tables import classify_claims, read_rows

    corpus = Corpus.load()
    claims = pd.DataFrame(read_rows("claims"))
    curated = classify_claims(claims).set_index("topic")["status"]
    groups = {g.topic: g for g in compare(corpus)}
    shared = set(groups) & set(curated.index)
    assert len(shared) >= 5
    for topic in shared:
        by_source = {sid: {str(f.value) for s, f in groups[topic].facts if s == sid} for sid, _ in groups[topic].facts}
        rule_values = {str(f.value) for _, f in groups[topic].facts}
        rows = claims[claims["topic"] == topic]
        # every curated value the topic's rule selects is found in its source; "by-2025-09" is 2025-09 read as a
        # deadline. A curated value the rule does not select (an officer's "mid-2025" expectation filed under the
        # deadline it nests in) is the curator's addition, and the statuses are compared only without one.
        added = [r for r in rows.itertuples() if r.value_key.removeprefix("by-") not in rule_values]
        for row in rows.itertuples():
            if row in added:
                continue
            sid = default_registry()[row.evidence.split(";")[0]].source
            assert row.value_key.removeprefix("by-") in by_source.get(sid, set()), (topic, sid, row.value_key, by_source)
        if not added:
            assert groups[topic].status(corpus) == curated[topic], topic
    # the statuses are compared on at least three real topics (the start of the negotiations is not one: its
    # "before October 2023" is a window the curator reads from قبل, which the date rules do not model)
    assert sum(1 for t in shared if not any(r.value_key.removeprefix("by-") not in {str(f.value) for _, f in
               groups[t].facts} for r in claims[claims["topic"] == t].itertuples())) >= 3


def test_every_gazetteer_entry_has_an_english_name_and_aliases():
    from briefing.corpus import find_root
    from briefing.extract import gazetteer_entries

    entries = gazetteer_entries(find_root())
    by_id = {e.id: e for e in entries}
    assert {"Erbil", "Irbil", "Arbil"} <= set(by_id["erbil"].names_en)
    assert {"ISIS", "Daesh", "Islamic State", "IS"} <= set(by_id["isis"].names_en)
    assert {"Ain al-Asad", "Ain al-Assad", "Al-Asad"} <= set(by_id["ain-al-asad"].names_en)
    for e in entries:
        assert e.name_en and e.aliases_en and e.forms_ar and e.type in ("place", "actor"), e.id


@pytest.mark.parametrize("text,expected", [
    ("قال البنتاغون ثم قال البنتاجون", ["pentagon", "pentagon"]),
    ("من قاعدة الحرير في أربيل", ["harir", "erbil"]),
    ("الجيش الأميركي والجيش الأمريكي", ["us-forces", "us-forces"]),
    ("وزير الدفاع بيت هيجسيث", ["hegseth"]),
])
def test_spelling_pairs_are_generated_for_every_gazetteer_entry(text, expected):
    found = [f.value for f in extract_text(text) if f.kind in ("place", "actor")]
    assert found == expected


def test_a_malformed_gazetteer_row_names_its_line(tmp_path):
    from briefing.errors import DataError

    bad = tmp_path / "gazetteer.csv"
    bad.write_text("id,type,name_en,aliases_en,forms_ar,note\nerbil,town,Erbil,Irbil,أربيل,\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"gazetteer.csv:2: id 'erbil' with type 'town'"):
        extract_text("أربيل", gazetteer=bad)


def test_relative_days_against_an_inferred_range_are_left_unresolved_with_both_answers():
    (f,) = [f for f in extract_text("وقال المتحدث أمس إن", INFERRED) if f.kind == "date"]
    assert f.value is None and f.attrs["pattern"] == "rel-yesterday"
    assert "2024-06-30 or 2024-09-29" in f.attrs["unresolved"]


@pytest.mark.parametrize("text", ["بتاريخ 31/02/2025 صدر", "في 2025-13-01 صدر", "في 30 شباط 2024"])
def test_a_day_that_does_not_exist_is_not_a_date(text):
    """No day-level value is invented; the month or year that is printed may still be read."""
    assert [f.exact for f in extract_text(text) if f.kind == "date" and len(str(f.value)) == 10] == []


def test_weekday_resolution_in_both_directions():
    on = Published("printed", date=dt.date(2025, 11, 12), as_printed="12/11/2025")  # a Wednesday
    assert dates("الأربعاء الماضي والأربعاء المقبل", on) == [("الأربعاء الماضي", "2025-11-05"),
                                                          ("الأربعاء المقبل", "2025-11-19")]
    assert dates("غدا الخميس وبعد غد", on) == [("غدا الخميس", "2025-11-13"), ("بعد غد", "2025-11-14")]


def test_ranges_keep_both_ends_and_the_hedge_says_range():
    (q,) = [f for f in extract_text("بين ألفين وألفين وخمسمئة عسكري") if f.kind == "quantity"]
    assert (q.value, q.attrs["low"], q.attrs["high"], q.attrs["hedge"]) == ("2000-2500", 2000, 2500, "range")
