"""The claim check's parts, in-process and asserted whole (briefing.claims): one claim against constructed
passages (numbers, fractions, hedges, dates, names and outlets: every finding's text and the count of
verified facets), the date comparisons, the claims read from a chapter and from a data table, the
acceptances file, and `briefing check --claims` as text and as JSON."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path

import pytest

from briefing.claims import (
    Acceptance,
    Claim,
    ClaimReport,
    Finding,
    Passage,
    PassageNumber,
    Passages,
    _carried,
    _date_contains,
    _english_forms,
    _name_index,
    _name_pattern,
    _outlets,
    _passage_numbers,
    _prose_claims,
    _shorten,
    _table_claims,
    accepted_findings,
    check_claim,
    check_claims,
    claims_command,
)
from briefing.claims_english import DateRef
from briefing.corpus import Corpus, Published, Source
from briefing.errors import BriefingError, DataError
from briefing.evidence import Registry
from briefing.extract import Fact, extract
from briefing.gazetteer import GazetteerEntry, gazetteer_entries
from helpers import ROOT
from test_claims import _project

FILE = "book/_text/t.md"


def _source(outlet: str, date: dt.date) -> Source:
    return Source(outlet.lower(), Path("/nonexistent"), "0" * 64, "", outlet, "", outlet, "",
                  Published("printed", date=date, as_printed=date.isoformat()))


HAFRYAT = _source("Hafryat", dt.date(2024, 1, 31))
EREM = _source("Erem News", dt.date(2025, 9, 20))


def _passage(numbers: list[PassageNumber] | None = None, dates: list[Fact] | None = None, names: set[str] = frozenset(),
             source: Source = HAFRYAT, text: str = "", paragraph: set[str] = frozenset(),
             whole: set[str] = frozenset()) -> Passage:
    return Passage("ev", source, numbers or [], dates or [], set(names), set(paragraph), set(whole), text)


def _date(value: str, exact: str = "", **attrs: str) -> Fact:
    return Fact("date", value, 0, 1, exact or value, 1, dict(attrs))


def _check(text: str, passages: list[Passage], forms: dict[str, str] | None = None,
           outlets: dict[str, str] | None = None, table_date: str = "") -> tuple[int, list[Finding], ClaimReport]:
    report = ClaimReport()
    names = _name_pattern(tuple(sorted((forms or {}).items())))
    verified, findings = check_claim(Claim(FILE, 3, text, ("ev",)), passages, outlets or {}, names, report,
                                     table_date=table_date)
    return verified, findings, report


def _f(facet: str, item: str, claim: str, message: str) -> Finding:
    return Finding(FILE, f"{FILE}:3", facet, item, claim, message)


# --- numbers, fractions and hedges -----------------------------------------------------------------

def test_a_fraction_must_be_the_passages_word_and_the_next_number_is_still_checked() -> None:
    text = "ISIS seized a third of Iraq with 500 fighters"
    ok = _passage([PassageNumber(500, "none", "500")], text="سيطر علي ثلث العراق")
    assert _check(text, [ok])[:2] == (3, [])  # the fraction, 500 and its (absent) hedge
    bad = _passage([PassageNumber(500, "none", "500")], text="سيطر علي نصف العراق")
    verified, findings, _ = _check(text, [bad])
    assert verified == 2
    assert findings == [_f("numbers", "a third", text, "no passage has the fraction (ثلث)")]


def test_a_number_no_passage_carries_lists_what_they_carry() -> None:
    text = "It had 70 states and 2,500 troops"
    two = [_passage([PassageNumber(80, "more_than", "80")]),
           _passage([PassageNumber(2500, "none", "2500"), PassageNumber(80, "more_than", "80")])]
    verified, findings, _ = _check(text, two)
    assert verified == 2
    assert findings == [_f("numbers", "70", text, "the passages carry 80 (more than), 2500")]
    verified, findings, _ = _check("It had 70 states", [_passage()])
    assert (verified, findings) == (0, [_f("numbers", "70", "It had 70 states", "the passages carry no number")])


def test_hedge_findings_list_every_matching_number_of_the_passages() -> None:
    both = _passage([PassageNumber(80, "about", "نحو 80"), PassageNumber(80, "more_than", "اكثر من 80")])
    verified, findings, _ = _check("It had 80 states", [both])
    assert verified == 1
    assert findings == [_f("hedges", "80", "It had 80 states", "hedge dropped: the passage has 80 (about), 80 (more than)")]
    plain = _passage([PassageNumber(80, "none", "80"), PassageNumber(80, "none", "(80)")])
    assert _check("It had about 80 states", [plain])[1] == [
        _f("hedges", "about 80", "It had about 80 states", "hedge added: the passage prints 80, 80 unhedged")]
    assert _check("It had fewer than 80 states", [both])[1] == [
        _f("hedges", "fewer than 80", "It had fewer than 80 states",
           "hedge differs: the passage has 80 (about), 80 (more than)")]


def test_a_back_reference_is_skipped_and_the_numbers_after_it_are_checked() -> None:
    text = "more than 80 states; the 80 are in 5 countries"
    verified, findings, _ = _check(text, [_passage([PassageNumber(80, "more_than", "80")])])
    assert verified == 3  # 80 and its hedge, the back-reference's 80
    assert findings == [_f("numbers", "5", text, "the passages carry 80 (more than)")]


# --- dates -------------------------------------------------------------------------------------------

def test_a_table_date_is_checked_to_its_month_and_day() -> None:
    passage = _passage(dates=[_date("2024-01-05")], source=EREM)
    assert _check("", [passage], table_date="2024-01")[:2] == (1, [])
    assert _check("", [passage], table_date="2024-01-05")[:2] == (1, [])
    message = "the passages carry 2024-01-05, and it is not the report date (Erem News published 20 September 2025)"
    assert _check("", [passage], table_date="2024-03")[1] == [_f("dates", "2024-03", "", message)]
    assert _check("", [passage], table_date="2024-01-31")[1] == [_f("dates", "2024-01-31", "", message)]


def test_each_date_is_counted_once_and_a_relative_one_is_noted() -> None:
    rel = _date("2024-01", "الأسبوع الماضي", relative="1", anchor="2024-01-31")
    verified, findings, report = _check("in 2024, in January 2024 and in 2023", [_passage(dates=[rel])])
    assert verified == 2
    assert [(f.facet, f.item) for f in findings] == [("dates", "2023")]
    assert report.verified == [(f"{FILE}:3", "dates", "January 2024: resolved relative date ‘الأسبوع الماضي’ → 2024-01 "
                                                     "(against 2024-01-31)"),
                               (f"{FILE}:3", "dates", "2024: resolved relative date ‘الأسبوع الماضي’ → 2024-01 "
                                                     "(against 2024-01-31)")]
    # a date printed as well as resolved is not a resolved relative date
    _, _, report = _check("in January 2024", [_passage(dates=[rel, _date("2024-01-20")])])
    assert report.verified == []


def test_report_dates_are_counted_and_every_cited_outlet_is_named() -> None:
    verified, findings, _ = _check("Hafryat (January 2024) and Erem News (September 2025) said so in 2019",
                                   [_passage(), _passage(source=EREM)])
    assert verified == 2
    assert findings == [_f("dates", "2019", "Hafryat (January 2024) and Erem News (September 2025) said so in 2019",
                           "the passages carry no date, and it is not the report date (Hafryat published 31 January "
                           "2024; Erem News published 20 September 2025)")]


def test_date_comparisons() -> None:
    sep, sep15, sep5 = DateRef(None, 9, None, "September"), DateRef(None, 9, 15, ""), DateRef(None, 9, 5, "")
    assert _date_contains(sep, "2025-09-01", "2025-09-30")
    assert not _date_contains(sep, "2025-09-01", "2025-10-01")
    assert not _date_contains(sep, "2025-08-01", "2025-09-01")
    assert not _date_contains(sep, "2025-08-01", "2025-08-30")
    assert _date_contains(sep5, "2025-09-05", "2025-09-05")
    assert not _date_contains(sep5, "2025-09-05", "2025-09-06")
    assert not _date_contains(sep5, "2025-09-06", "2025-09-05")
    assert not _date_contains(sep5, "2025-09-06", "2025-09-06")
    assert not _date_contains(DateRef(2025, 9, None, ""), "2025-09-01", "2025-10-01")
    assert _date_contains(DateRef(2025, 9, None, ""), "2025-09-01", "2025-09-30")
    assert [_carried(sep, v) for v in ("2025-09", "2025-09-30", "2025", "2025-08", "2025-08-09")] == [
        True, True, False, False, False]
    assert [_carried(sep5, v) for v in ("2025-09-05", "2025-09-15", "2025-09", "2025-08-05")] == [
        True, False, False, False]
    assert [_carried(sep15, v) for v in ("2025-09-15", "2025-09-05")] == [True, False]
    assert [_carried(DateRef(2025, 9, None, ""), v) for v in ("2025-09-02", "2025-10", "2025")] == [True, False, False]


# --- names and outlets -------------------------------------------------------------------------------

FORMS = {"US": "united-states", "Iraq": "iraq", "Barzani": "barzani", "Sudani": "sudani", "Erem News": "erem-news",
         "Erem": "erem-news", "Hafryat": "hafryat", "armed factions": "armed-factions"}
OUTLETS = {"Erem News": "erem-news", "Hafryat": "hafryat"}


def test_adjectives_and_the_setting_are_not_names_and_each_name_is_checked_once() -> None:
    text = "The US withdrawal from Iraq, Barzani said; Barzani and Sudani agreed"
    verified, findings, _ = _check(text, [_passage(names={"sudani", "kataib-hezbollah"})], FORMS, OUTLETS)
    assert verified == 1
    assert findings == [_f("names", "Barzani", text, "no cited passage (or its paragraph) names it; the passages name "
                                                     "kataib-hezbollah, sudani")]
    assert _check("Barzani spoke", [_passage()], FORMS, OUTLETS)[1] == [
        _f("names", "Barzani", "Barzani spoke", "no cited passage (or its paragraph) names it; the passages name no "
                                                "gazetteer entity")]


def test_an_outlet_by_any_of_its_names_must_be_a_cited_outlet() -> None:
    verified, findings, _ = _check("Erem reported that Erem News and Sudani agreed", [_passage(source=EREM)],
                                   FORMS, OUTLETS)
    assert verified == 1
    assert findings == [_f("names", "Sudani", "Erem reported that Erem News and Sudani agreed",
                           "no cited passage (or its paragraph) names it; the passages name no gazetteer entity")]
    text = "Hafryat said Barzani left"
    verified, findings, _ = _check(text, [_passage(source=EREM), _passage(source=_source("Al-Jibal", dt.date(2025, 8, 17)))],
                                   FORMS, OUTLETS)
    assert verified == 0
    assert [f.message for f in findings] == ["it is not the outlet of a cited passage (Al-Jibal, Erem News)",
                                             "no cited passage (or its paragraph) names it; the passages name no "
                                             "gazetteer entity"]


def test_a_group_is_carried_by_a_member_and_the_article_by_its_own_names() -> None:
    assert _check("The armed factions warned", [_passage(names={"nujaba"})], FORMS, OUTLETS)[:2] == (1, [])
    assert _check("Barzani said", [_passage(paragraph={"barzani"})], FORMS, OUTLETS)[:2] == (1, [])
    text = "The article says Barzani and Sudani spoke"
    verified, findings, _ = _check(text, [_passage(whole={"sudani"})], FORMS, OUTLETS)
    assert verified == 1
    assert [f.item for f in findings] == ["Barzani"]


# --- the claims of a chapter and of a table ----------------------------------------------------------

def test_claims_of_a_chapter(tmp_path: Path) -> None:
    path = tmp_path / "c.md"
    path.write_text("---\ntitle: x\n---\nA {ev}`ev-a` and B {ev}`ev-b; ev-c` tail.\n{ev}`ev-d` {ev}`ev-e` Only this.\n\n"
                    ":::{container} bf-analysis\nJudged {ev}`ev-f`.\n:::\n"
                    "```{code-cell} ipython3\nshow(cite(\"ev-g\"), \"*about* 2,500\")\n```\n", encoding="utf-8")
    assert _prose_claims(path, "book/_text/c.md") == [
        Claim("book/_text/c.md", 4, "A", ("ev-a",)),
        Claim("book/_text/c.md", 4, "and B tail.", ("ev-b", "ev-c")),
        Claim("book/_text/c.md", 5, "Only this.", ("ev-d",)),
        Claim("book/_text/c.md", 5, "Only this.", ("ev-e",)),
        Claim("book/_text/c.md", 8, "Judged .", ("ev-f",), analysis=True),
        Claim("book/_text/c.md", 11, "about 2,500", ("ev-g",)),
    ]


def test_claims_of_a_table_need_evidence_and_text(tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text("id,label,summary,date,evidence\n"
                    "e1,No evidence,,2024,\n"
                    "e2,Talks began,,2024-01,hafryat-us-2500; erem-x\n", encoding="utf-8")
    assert _table_claims(path, "data/events.csv", "events") == [
        Claim("data/events.csv", 3, "Talks began", ("hafryat-us-2500", "erem-x"), column="label"),
        Claim("data/events.csv", 3, "2024-01", ("hafryat-us-2500", "erem-x"), column="date")]
    assert _table_claims(path, "data/sources.csv", "sources") == []


# --- the acceptances file ----------------------------------------------------------------------------

def test_acceptances_are_read_with_their_lines_and_a_bad_file_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "schema").symlink_to(Path(__file__).resolve().parents[1] / "data" / "schema")
    path = tmp_path / "data" / "accepted-findings.yaml"
    path.write_text("- where: book/_text/a.md:3\n  facet: hedges\n  fingerprint: 0123456789ab\n  claim: the claim\n"
                    "  reason: reviewed and fine\n  reviewer: R\n  date: 2026-01-02\n"
                    "- where: data/events.csv\n  facet: dates\n  fingerprint: ba9876543210\n"
                    "  reason: reviewed and fine too\n  reviewer: S\n  date: '2026-02-03'\n", encoding="utf-8")
    assert accepted_findings(tmp_path) == [
        Acceptance("book/_text/a.md:3", "hedges", "0123456789ab", "the claim", "reviewed and fine", "R", "2026-01-02", 1),
        Acceptance("data/events.csv", "dates", "ba9876543210", "", "reviewed and fine too", "S", "2026-02-03", 8)]
    path.write_text("- where: book/_text/a.md\n  facet: hedges\n  fingerprint: 0123456789ab\n"
                    "  reason: reviewed and fine\n  reviewer: R\n", encoding="utf-8")
    with pytest.raises(DataError) as missing:
        accepted_findings(tmp_path)
    assert "date" in missing.value.what
    path.write_text("- a date in a string\n", encoding="utf-8")
    with pytest.raises(DataError):
        accepted_findings(tmp_path)


# --- the whole check, and the command ----------------------------------------------------------------

def test_check_claims_goes_on_past_unknown_ids_and_reads_table_dates(tmp_path: Path) -> None:
    root = _project(tmp_path, "Unknown {ev}`no-such-id`. Hafryat gives 2,400 US military personnel "
                              "{ev}`hafryat-us-2500`.")
    (root / "data" / "events.csv").write_text("id,label,summary,date,evidence\n"
                                              "e1,,,2013,erem-coalition-2014-80-states\n", encoding="utf-8")
    report = _check_project(root)
    assert _where_facet_item_claim(report) == [
        ("book/_text/test.md:9", "numbers", "2,400", "Hafryat gives 2,400 US military personnel ."),
        ("data/events.csv:2 (date)", "dates", "2013", "")]
    assert report.chapters["book/_text/test.md"].claims == 1
    (root / "data" / "accepted-findings.yaml").write_text("- where: nowhere\n", encoding="utf-8")
    report = _check_project(root)
    assert [type(p) for p in report.problems] == [DataError]
    assert len(report.findings) == 2


def _check_project(root: Path) -> ClaimReport:
    """check_claims over a project copy, with its own corpus and registry."""
    return check_claims(root, Registry.load(Corpus.load(root)))


def _where_facet_item_claim(report: ClaimReport) -> list[tuple[str, str, str, str]]:
    return [(f.where, f.facet, f.item, f.claim) for f in report.findings]


def _two_chapters(tmp_path: Path) -> Path:
    """a.md: two findings, one accepted; b.md: two findings, both accepted."""
    root = _project(tmp_path, "")
    (root / "book" / "_text" / "test.md").unlink()
    claim = "Hafryat gives about 2,500 US military personnel {ev}`hafryat-us-2500`."
    (root / "book" / "_text" / "a.md").write_text(f"{claim}\n\nHafryat gives 2,400 US military personnel "
                                                  "{ev}`hafryat-us-2500`.\n", encoding="utf-8")
    (root / "book" / "_text" / "b.md").write_text(f"# B\n\nHafryat’s {claim}\n\nAgain, {claim}\n", encoding="utf-8")
    findings = _check_project(root).findings
    accept = [f for f in findings if f.facet == "hedges"]
    (root / "data" / "accepted-findings.yaml").write_text("".join(
        f"- where: {f.file}\n  facet: hedges\n  fingerprint: {f.fingerprint}\n  reason: accepted for the test\n"
        "  reviewer: test\n  date: 2026-01-01\n" for f in accept), encoding="utf-8")
    return root


def test_claims_command_prints_each_chapter_and_the_totals(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _two_chapters(tmp_path)
    assert claims_command(root) == 1
    out, err = capsys.readouterr()
    width = len("book/_text/a.md")
    lines = out.splitlines()
    assert lines[:4] == [f"{'chapter':{width}}  claims  facets verified  findings  accepted",
                         f"{'book/_text/a.md':{width}}  {2:6}  {lines[1].split()[2]:>15}  {1:8}  {1:8}",
                         f"{'book/_text/b.md':{width}}  {2:6}  {lines[2].split()[2]:>15}  {0:8}  {2:8}",
                         f"{'total':{width}}  {4:6}  {int(lines[1].split()[2]) + int(lines[2].split()[2]):15}  "
                         f"{1:8}  {3:8}"]
    assert lines[4].startswith("FAILED: 1 unaccepted finding(s), 0 stale or invalid acceptance(s), "
                               "0 estimative-standard problem(s) (")
    assert err.startswith("finding: book/_text/a.md:3: [numbers]")


def test_claims_command_with_no_claims_and_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, "No citations here.")
    assert claims_command(root) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["chapter     claims  facets verified  findings  accepted",
                                                        "total            0                0         0         0"]
    assert claims_command(root, as_json=True) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert out.startswith('{\n  "ok": true,\n  "seconds": ')
    assert isinstance(data["seconds"], float) and 0 <= data["seconds"] < 600 and round(data["seconds"], 3) == data["seconds"]
    assert {k: v for k, v in data.items() if k != "seconds"} == {
        "ok": True, "chapters": {}, "findings": [], "accepted": [], "problems": [], "notes": [], "estimative": []}
    root = _two_chapters(tmp_path / "two")
    assert claims_command(root, as_json=True) == 1
    out = capsys.readouterr().out
    data = json.loads(out)
    assert data["ok"] is False
    assert "Hafryat’s" in out  # printed as written, not as a \\u escape
    assert [a["claim"] for a in data["accepted"]][1].startswith("Hafryat’s Hafryat gives about 2,500")


# --- what a cited passage carries ----------------------------------------------------------------------

def _file_source(tmp_path: Path, text: str) -> Source:
    path = tmp_path / "data" / "sources" / "t.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Source("t", path, hashlib.sha256(text.encode()).hexdigest(), "", "T", "", "T", "",
                  Published("printed", date=dt.date(2025, 9, 1), as_printed="2025-09-01"))


def test_bare_numbers_of_a_passage_with_their_hedges(tmp_path: Path) -> None:
    at_start = _file_source(tmp_path / "a", "15 مرة في العام")
    assert _passage_numbers(at_start, 0, len(at_start.text), extract(at_start)) == [PassageNumber(15, "none", "15")]
    # 12 lies before the passage (within the 30 characters read for hedges): not the passage's
    before = "وقال المسؤول في المؤتمر الصحفي يوم الاثنين 12 مرة ثم "
    text = before + "حوالي 15 مرة العدد - (2500) - فقط و 3,100 مرة وخمسة"
    source = _file_source(tmp_path / "b", text)
    assert len(before) > 30 and not [f for f in extract(source) if f.kind == "quantity"]
    assert _passage_numbers(source, len(before), len(text), extract(source)) == [
        PassageNumber(15, "about", "15"), PassageNumber(2500, "none", "(2500)"), PassageNumber(3100, "none", "3,100"),
        PassageNumber(5, "none", "وخمسه")]
    # a passage that starts on its number
    start = text.index("15")
    assert _passage_numbers(source, start, start + 2, extract(source)) == [PassageNumber(15, "about", "15")]


def test_an_extracted_quantity_keeps_its_hedge_exact_text_and_unit(tmp_path: Path) -> None:
    text = "وقال إن أكثر من 500 جندي سيغادرون"
    source = _file_source(tmp_path, text)
    [number] = _passage_numbers(source, 0, len(text), extract(source))
    assert (number.value, number.hedge, number.unit) == (500, "more_than", "soldier")
    assert "500" in number.exact and number.exact in text


def test_a_cited_passage_carries_its_own_numbers_and_names_and_those_of_its_paragraphs() -> None:
    registry = Registry.load(Corpus.load(ROOT))
    passages = Passages(registry)
    p = passages["hafryat-us-2500"]
    match = registry.match("hafryat-us-2500")
    assert p.evidence_id == "hafryat-us-2500"
    # «تنشر الولايات المتحدة (2500) عسكري في العراق … للقوات العراقية … "داعش"»
    assert p.numbers == [PassageNumber(2500, "none", "(2500) عسكري", "personnel")]
    assert re.search(r"\d", p.source.text[match.end:])  # numbers after the passage are not its numbers
    assert p.names == {"united-states", "iraq", "iraqi-forces", "isis"}
    # the paragraph and the three before it, not the next one nor those further back; the article: all of them
    assert {"united-states", "iraq"} <= p.paragraph_names
    assert "higher-military-commission" not in p.paragraph_names and "anbar" not in p.paragraph_names
    assert {"higher-military-commission", "anbar", "iraq"} <= p.source_names
    # a passage in the first paragraphs: the title is one of the paragraphs before it
    assert "iraqi-forces" in passages["hafryat-gov-appease-factions"].paragraph_names


# --- English names of the gazetteer and of the outlets ----------------------------------------------------

def test_english_forms_of_an_entry() -> None:
    def forms(name: str, *aliases: str) -> list[str]:
        return _english_forms(GazetteerEntry("x", "actor", name, aliases, ()))

    assert forms("United States government (Washington)", "US") == ["United States government", "Washington", "US"]
    assert forms("'The Art Street' (website, as transliterated)") == ["The Art Street"]
    assert forms("Xinhua (XNA) (formerly) ()") == ["Xinhua", "XNA"]
    assert forms("(Alone)") == ["Alone"]


def test_name_index_and_outlets() -> None:
    pattern, forms = _name_index([GazetteerEntry("erem-news", "actor", "Erem News", ("Eram News",), ())],
                                 {"Erem News": "erem-news", "Unidentified outlet": "Unidentified outlet"})
    assert forms == {"Erem News": "erem-news", "Eram News": "erem-news", "Unidentified outlet": "Unidentified outlet"}
    assert [m.group(0) for m in pattern.finditer("Eram News and the Unidentified outlet, not Erem-News")] == [
        "Eram News", "Unidentified outlet"]
    registry = Registry.load(Corpus.load(ROOT))
    entries = gazetteer_entries(ROOT)
    # an outlet the gazetteer lists is known by its id; one it does not list, by its own name
    assert _outlets(registry, entries) == {"Hafryat": "Hafryat", "Iraq Observer": "iraq-observer",
                                           "Al-Jibal": "al-jibal", "Erem News": "erem-news",
                                           "Unidentified outlet": "Unidentified outlet"}


def test_nationality_words_describe_unless_a_function_word_follows() -> None:
    assert _check("The US–Iraqi agreement held", [_passage()], FORMS, OUTLETS)[1] == []
    text = "Talks with the US and Barzani"
    assert [f.item for f in _check(text, [_passage(names={"barzani"})], FORMS, OUTLETS)[1]] == ["US"]


def test_check_claims_goes_on_past_a_passage_that_does_not_anchor(tmp_path: Path) -> None:
    root = _project(tmp_path, "Lost {ev}`lost-quote`. Hafryat gives 2,400 US military personnel {ev}`hafryat-us-2500`.")
    with (root / "data" / "evidence.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- id: lost-quote\n  source: hafryat-2024-01-31\n  quote: 'نص لا يرد في المقال'\n"
                 "  translation: a text the article does not have\n")
    registry = Registry.load(Corpus.load(root))
    with pytest.raises(BriefingError):
        Passages(registry)["lost-quote"]
    report = check_claims(root, registry)
    assert [(f.facet, f.item) for f in report.findings] == [("numbers", "2,400")]
    assert report.chapters["book/_text/test.md"].claims == 1


def test_a_range_is_not_read_as_one_number(tmp_path: Path) -> None:
    text = "ما بين 2000 و2500 جندي"
    source = _file_source(tmp_path, text)
    assert [(f.kind, f.value) for f in extract(source)] == [("quantity", "2000-2500")]
    numbers = _passage_numbers(source, 0, len(text), extract(source))
    # the range's value ("2000-2500") is no number; its first bound is read as a bare number. (The second,
    # attached to و, is not read: a claim restating the range gets a numbers finding for it: reported, not fixed.)
    assert PassageNumber(2000, "none", "2000") in numbers and all(isinstance(n.value, int) for n in numbers)


# --- how a date finding explains itself ------------------------------------------------------------------

def _computed(years: str) -> str:
    return (f"not printed in the passages; it looks computed ({years}) — a date computed from rhetoric is never a "
            "fact (passages carry 2011)")


NOT_COMPUTED = "the passages carry 2011, and it is not the report date (Hafryat published 31 January 2024)"


def _date_message(text: str, numbers: list[PassageNumber] | None = None) -> list[str]:
    _, findings, _ = _check(text, [_passage(numbers, dates=[_date("2011")])])
    return [f.message for f in findings if f.facet == "dates"]


def test_a_year_is_computed_from_a_passage_year_and_a_number_of_years() -> None:
    assert _date_message("in 2013", [PassageNumber(2, "none", "عامين", "year")]) == [_computed("2011 + 2 years")]
    # a number of decades is ten years each (this failed before the fix: "2011 + 2 years" for two decades)
    assert _date_message("in 2031", [PassageNumber(2, "none", "عقدين", "decade")]) == [_computed("2011 + 20 years")]
    assert _date_message("in 2013", [PassageNumber(2, "none", "عقدين", "decade")]) == [NOT_COMPUTED]
    assert _date_message("in 2031, two decades later") == [_computed("2011 + 20 years")]
    assert _date_message("in 2013", [PassageNumber(2, "none", "2", "soldier")]) == [NOT_COMPUTED]
    assert _date_message("in 2012", [PassageNumber(1, "none", "عام", "year")]) == [_computed("2011 + 1 years")]
    assert _date_message("in 1911", [PassageNumber(100, "none", "مئة عام", "year")]) == [NOT_COMPUTED]
    assert _date_message("in 2013, Two Years Later") == [_computed("2011 + 2 years")]
    assert _date_message("in 2013, 2 years later") == [_computed("2011 + 2 years")]
    assert _date_message("in 2012, many years later") == [NOT_COMPUTED]


def test_a_month_without_a_year_is_never_computed() -> None:
    assert _date_message("by September") == [
        "the passages carry 2011, and it is not the report date (Hafryat published 31 January 2024)"]


def test_unresolved_relative_dates_are_described_with_their_reason() -> None:
    dates = [Fact("date", None, 0, 1, "الشهر المقبل", 1, {"relative": True, "unresolved": "no anchor date"}),
             Fact("date", None, 0, 1, "قريبا", 1, {"relative": True}), _date("2024-01"), _date("2024-01")]
    _, findings, _ = _check("in 2019", [_passage(dates=dates)])
    assert [f.message for f in findings] == [
        "the passages carry ‘الشهر المقبل’ unresolved: no anchor date, ‘قريبا’ unresolved: , 2024-01, and it is not "
        "the report date (Hafryat published 31 January 2024)"]


def test_shorten_cuts_after_90_characters_at_a_word() -> None:
    assert _shorten("a" * 90) == "a" * 90
    assert _shorten("a" * 91) == "a" * 89 + "…"
    assert _shorten("x" * 88 + " " + "y" * 10) == "x" * 88 + "…"


def test_verified_facets_add_up_across_numbers_fractions_and_outlets() -> None:
    text = "Erem News gives 500 fighters and a third of the bases"
    passage = _passage([PassageNumber(500, "none", "500")], source=EREM, text="ثلث القواعد")
    assert _check(text, [passage], FORMS, OUTLETS)[:2] == (4, [])  # 500, its hedge, the fraction, the outlet


# --- the whole check, and the command, on a project's own data ---------------------------------------------

def test_pages_outside_text_dates_in_other_columns_and_notes(tmp_path: Path) -> None:
    root = _project(tmp_path, "In January 2024 Washington and Baghdad agreed to launch working groups "
                              "{ev}`hafryat-working-groups`.")
    (root / "book" / "extra.md").write_text("Hafryat gives 2,400 US military personnel {ev}`hafryat-us-2500`.\n",
                                            encoding="utf-8")
    (root / "data" / "claims.csv").write_text("topic,value_key,value,evidence\n"
                                              "founding,2013,2013,erem-coalition-2014-80-states\n", encoding="utf-8")
    report = _check_project(root)
    assert _where_facet_item_claim(report) == [
        ("book/extra.md:1", "numbers", "2,400", "Hafryat gives 2,400 US military personnel ."),
        ("data/claims.csv:2 (value)", "dates", "2013", "2013")]
    assert report.as_dict()["notes"] == [{
        "where": "book/_text/test.md:9", "facet": "dates",
        "note": "January 2024: resolved relative date ‘الأسبوع الماضي’ → 2024-01 (against 2024-01-31)"}]


def test_claims_command_reads_the_projects_own_evidence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = _project(tmp_path, "Hafryat gives about 2,500 US military personnel {ev}`own-us-2500`.")
    with (root / "data" / "evidence.yaml").open("a", encoding="utf-8") as fh:
        fh.write("- id: own-us-2500\n  source: hafryat-2024-01-31\n"
                 "  quote: 'تنشر الولايات المتحدة (2500) عسكري في العراق'\n"
                 "  translation: The United States deploys (2,500) military personnel in Iraq\n")
    assert claims_command(root) == 1
    assert "finding: book/_text/test.md:9: [hedges]" in capsys.readouterr().err


def test_a_span_of_zero_years_computes_nothing() -> None:
    # a report dated only to a range across a new year: "in 2024" is neither carried nor the report date
    source = Source("t", Path("/nonexistent"), "0" * 64, "", "T", "", "T", "",
                    Published("inferred", earliest=dt.date(2024, 12, 1), latest=dt.date(2025, 1, 31), reason="x"))
    _, findings, _ = _check("in 2024", [_passage([PassageNumber(0, "none", "0", "year")], source=source)])
    assert [f.message for f in findings] == [
        "the passages carry no date, and it is not the report date (T published December 2024–January 2025 (inferred))"]
