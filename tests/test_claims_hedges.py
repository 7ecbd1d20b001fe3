"""Hedge direction, both ways, for every pair of the hedge vocabulary.

Every English hedge the claim checker reads (``claims_english.HEDGE_MAP``, and no hedge) is checked
against every hedge the extractor gives a passage (``extract_quantities.HEDGES`` and ``POST_HEDGES``,
and none): the pairs come from the code's vocabulary, the verdicts from this file's own reading of
what each hedge says about the true value v next to the printed number n. A claim is supported only
when what the passage says implies what the claim says ("at least 80" over "more than 80" is;
"more than 80" over "fewer than 80", or over "at least 80", is not), and always when both say the
same. The Arabic hedges are read here from their words, so a hedge mapped to the wrong meaning in
the extractor is caught too, and each is run through the real extraction of a passage.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from briefing import claims_english as en
from briefing.arabic import normalize
from briefing.claims import Claim, ClaimReport, Passage, PassageNumber, _passage_numbers, check_claim
from briefing.corpus import Published, Source
from briefing.extract import extract
from briefing.extract_quantities import HEDGES, POST_HEDGES

# What a hedge says about the true value v next to the printed number n.
EXACT, APPROX, ABOVE, AT_LEAST, BELOW, AT_MOST = "v = n", "v ≈ n", "v > n", "v ≥ n", "v < n", "v ≤ n"
# What each meaning of a passage implies: a claim is supported when its meaning is among them.
IMPLIES = {EXACT: {EXACT}, APPROX: {APPROX}, ABOVE: {ABOVE, AT_LEAST}, AT_LEAST: {AT_LEAST},
           BELOW: {BELOW, AT_MOST}, AT_MOST: {AT_MOST}}

# The extractor's hedge values (the passage side).
EXTRACTOR_MEANING = {"none": EXACT, "about": APPROX, "close_to": APPROX, "more_than": ABOVE, "at_least": AT_LEAST,
                     "fewer_than": BELOW, "up_to": AT_MOST}
# The English hedges (the claim side), read by this test.
ENGLISH_MEANING = {
    en.UNHEDGED: EXACT,
    **dict.fromkeys(["about", "around", "approximately", "roughly", "some", "an estimated", "estimated at", "nearly",
                     "almost", "close to"], APPROX),
    **dict.fromkeys(["more than", "over", "upwards of"], ABOVE),
    "at least": AT_LEAST,
    **dict.fromkeys(["fewer than", "less than", "under"], BELOW),
    **dict.fromkeys(["at most", "up to", "as many as"], AT_MOST),
}


def _arabic_meaning(phrase: str) -> str | None:
    """This test's reading of a (normalised) Arabic hedge from its words; None when it has no reading."""
    words = phrase.split()
    negated = bool({"لا", "لن", "لم"} & set(words))
    if re.search(r"يقل|تقل", phrase) and negated or phrase in ("علي الاقل", "علي اقل تقدير"):
        return AT_LEAST  # "not less than", "at least"
    if re.search(r"يتجاوز|تتجاوز|يزيد|تزيد|يتعدي|تتعدي", phrase) and negated:
        return AT_MOST  # "does not exceed"
    if re.search(r"يصل|تصل", phrase) or phrase == "حتي":
        return AT_MOST  # "reaching", "up to"
    if phrase == "اقل من":
        return BELOW
    if re.search(r"اكثر|ازيد|يزيد|تزيد|تجاوز|يتجاوز|تتجاوز|يفوق|تفوق", phrase):
        return ABOVE
    if re.search(r"يقارب|يقرب|يناهز|تناهز|قرابه|حوالي|نحو|زهاء|حدود|تقريبا", phrase):
        return APPROX
    return None


def test_the_test_reads_every_hedge_of_the_vocabulary() -> None:
    assert set(ENGLISH_MEANING) == set(en.HEDGE_MAP) | {en.UNHEDGED}, "a new English hedge: say here what it means"
    assert set(HEDGES.values()) | set(POST_HEDGES.values()) | {"none"} <= set(EXTRACTOR_MEANING)
    unread = [p for p in [*HEDGES, *POST_HEDGES] if _arabic_meaning(p) is None]
    assert unread == [], "a new Arabic hedge: teach _arabic_meaning its words"


@pytest.mark.parametrize("phrase", sorted([*HEDGES, *POST_HEDGES]))
def test_each_arabic_hedge_means_what_its_words_say(phrase: str) -> None:
    value = HEDGES.get(phrase) or POST_HEDGES[phrase]
    assert EXTRACTOR_MEANING[value] == _arabic_meaning(phrase), (phrase, value)


def _verdict(english: str, passage_hedge: str) -> list[str]:
    """The facets the claim checker reports for "english 500 troops" over a passage with 500 (hedged)."""
    passage = Passage("ev", None, [PassageNumber(500, passage_hedge, "500")], [], set(), set(), set(), "")  # type: ignore[arg-type]
    text = f"The force numbered {english} 500 troops." if english != en.UNHEDGED else "The force numbered 500 troops."
    [number] = en.numbers(text)
    assert (number.value, number.hedge) == (500, english), text  # the claim is read with its hedge
    verified, findings = check_claim(Claim("t.md", 1, text, ("ev",)), [passage], {}, (None, {}), ClaimReport())
    assert verified == (2 if not findings else 1), (text, passage_hedge, verified, findings)
    return [f.facet for f in findings]


@pytest.mark.parametrize("english", sorted(ENGLISH_MEANING))
def test_a_claim_hedge_is_supported_only_by_a_passage_hedge_that_implies_it(english: str) -> None:
    claim = ENGLISH_MEANING[english]
    wrong = []
    for passage_hedge, meaning in EXTRACTOR_MEANING.items():
        facets = _verdict(english, passage_hedge)
        if claim not in IMPLIES[meaning] and facets != ["hedges"]:
            wrong.append(f"“{english} 500” accepted over a passage saying {passage_hedge} 500 ({meaning})")
        if claim == meaning and facets:
            wrong.append(f"“{english} 500” refused over a passage saying {passage_hedge} 500 (the same: {meaning})")
    assert wrong == [], "\n".join(wrong)


# --- the same through the real extraction of an Arabic passage ----------------------------------

def _source(tmp_path: Path, text: str) -> Source:
    path = tmp_path / "data" / "sources" / "t.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Source("t", path, hashlib.sha256(text.encode()).hexdigest(), "", "T", "", "T", "",
                  Published("printed", date=dt.date(2025, 9, 1), as_printed="2025-09-01"))


def _arabic_passage(phrase: str) -> str:
    """A sentence with 500 soldiers hedged by ``phrase`` (before the number, or after the noun)."""
    return (f"وقال المسؤول إن {phrase} 500 جندي سيغادرون" if phrase in HEDGES
            else f"وقال المسؤول إن 500 جندي {phrase} سيغادرون")


@pytest.fixture(scope="module")
def arabic_passages(tmp_path_factory) -> dict[str, Passage]:
    out = {}
    for phrase in sorted([*HEDGES, *POST_HEDGES]):
        text = _arabic_passage(phrase)
        source = _source(tmp_path_factory.mktemp("hedge"), text)
        numbers = _passage_numbers(source, 0, len(text), extract(source))
        out[phrase] = Passage("ev", source, numbers, [], set(), set(), set(), normalize(text).text)
    return out


@pytest.mark.parametrize("phrase", sorted([*HEDGES, *POST_HEDGES]))
def test_each_arabic_hedge_is_extracted_from_a_passage(arabic_passages, phrase: str) -> None:
    [n] = [n for n in arabic_passages[phrase].numbers if n.value == 500]
    assert n.hedge == (HEDGES.get(phrase) or POST_HEDGES[phrase]), (phrase, n)


def test_every_english_hedge_over_every_arabic_passage(arabic_passages) -> None:
    wrong = []
    for phrase, passage in arabic_passages.items():
        meaning = _arabic_meaning(phrase)
        for english, claim in ENGLISH_MEANING.items():
            text = f"The force numbered {english} 500 troops." if english != en.UNHEDGED else "The force numbered 500 troops."
            _, findings = check_claim(Claim("t.md", 1, text, ("ev",)), [passage], {}, (None, {}), ClaimReport())
            if claim not in IMPLIES[meaning] and not findings:
                wrong.append(f"“{english} 500” accepted over «{_arabic_passage(phrase)}» ({meaning})")
            if claim == meaning and findings:
                wrong.append(f"“{english} 500” refused over «{_arabic_passage(phrase)}»: {findings[0].message}")
    assert wrong == [], "\n".join(wrong)
