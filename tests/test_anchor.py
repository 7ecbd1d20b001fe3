"""Anchoring quotes in the real sources."""

from __future__ import annotations

import pytest

from briefing import AmbiguousQuote, Corpus, EmptyQuote, QuoteNotFound, anchor, resolve


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.load()


def test_every_source_anchors_a_passage_of_its_own_body(corpus):
    for source in corpus:
        body = [b for b in source.blocks if b.kind == "body"]
        assert body, source.id
        for block in body:
            words = source.text[block.start:block.end].split()
            quote = " ".join(words[:6])
            matches = anchor(source, quote)
            assert any(m.paragraph == block.paragraph for m in matches), (source.id, block.paragraph)


def test_variants_anchor_at_the_same_original_offsets(corpus):
    source = corpus["jibal-2025-08-17"]
    plain = resolve(source, "ستستكمل بمرحلتها الثانية في ايلول 2026")
    variants = [
        "سَتُسْتَكْمَلُ بمرحلتها الثانية في ايلول 2026",  # added diacritics
        "ستستكمل بمرحلتـــها الثانية في ايلول 2026",  # tatweel
        "ستستكمل بمرحلتها الثانية في أيلول 2026",  # hamza on alef where the source has none
        "ستستكمل\u00a0بمرحلتها  الثانية في ايلول\n2026",  # NBSP, double space, newline
        "ستستكمل بمرحلتها الثانيه في ايلول ٢٠٢٦",  # teh marbuta as heh, Arabic-Indic digits
    ]
    for variant in variants:
        m = resolve(source, variant)
        assert (m.start, m.end) == (plain.start, plain.end), variant
    assert plain.exact == source.text[plain.start:plain.end]
    assert plain.paragraph == 14
    assert source.text[plain.start - 32:plain.start] == plain.prefix
    assert source.text[plain.end:plain.end + 32] == plain.suffix


def test_altered_words_and_numbers_do_not_anchor(corpus):
    source = corpus["jibal-2025-08-17"]
    for altered in ["ستستكمل بمرحلتها الثانية في ايلول 2027",
                    "ستستكمل بمرحلتها الأولى في ايلول 2026",
                    "بمرحلتها ستستكمل الثانية في ايلول 2026"]:
        assert anchor(source, altered) == []
        with pytest.raises(QuoteNotFound) as err:
            resolve(source, altered)
        assert "jibal-2025-08-17" in str(err.value) and "¶14" in str(err.value)


def test_matches_are_whole_words(corpus):
    source = corpus["unattributed-2024-q3"]
    assert anchor(source, "202") == []  # part of 2025/2026, never a match
    assert anchor(source, "سبتمبر 2025")


def test_boilerplate_is_not_searched_so_pull_quotes_do_not_make_quotes_ambiguous(corpus):
    source = corpus["hafryat-2024-01-31"]
    quote = "مهمة التحالف ستنتهي خلال دورة حكومته الحالية"
    assert source.text.count(quote) == 2  # once in a pull-quote, once in the body
    matches = anchor(source, quote)
    assert len(matches) == 1 and matches[0].paragraph == 21


def test_ambiguous_quotes_need_an_occurrence(corpus):
    source = corpus["jibal-2025-08-17"]
    quote = "إنهاء مهام التحالف الدولي"
    matches = anchor(source, quote)
    assert len(matches) > 1
    with pytest.raises(AmbiguousQuote, match="occurrence"):
        resolve(source, quote)
    assert resolve(source, quote, occurrence=2) == matches[1]


def test_the_title_is_citable_as_paragraph_zero(corpus):
    source = corpus["erem-2025-09"]
    m = resolve(source, "الغموض يلف مصير التحالف الدولي بالعراق")
    assert m.paragraph == 0


@pytest.mark.parametrize("quote", ["", "   ", "،؛؟...", "\u064e\u0651\u0640", "عين\u202eالأسد"])
def test_empty_punctuation_only_and_bidi_quotes_are_errors(corpus, quote):
    with pytest.raises(EmptyQuote):
        resolve(corpus["erem-2025-09"], quote)
