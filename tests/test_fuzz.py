"""Fuzzing the normaliser and anchoring: arbitrary input never crashes, only fails cleanly.

`benchmarks/fuzz.py` runs the same properties for many more examples and reports the count.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import Corpus, EmptyQuote, anchor, normalize
from briefing.anchor import Match
from briefing.arabic import bidi_controls
from pasted import VARIANTS

ARABIC = st.characters(min_codepoint=0x0600, max_codepoint=0x06FF)
NOISE = st.sampled_from(list("\u0640\u064b\u0651\u0670\u06d6\u202b\u202e\u2067\u200f\u00a0\t\n\r\x00«»“”\"'،؛؟()[]{}<>&%$#\\"))
TEXT = st.text(st.one_of(ARABIC, NOISE, st.characters(blacklist_categories=("Cs",))), max_size=200)
CORPUS = Corpus.load()
SOURCES = list(CORPUS)


def properties_of_normalize(text: str) -> None:
    n = normalize(text)
    assert len(n.origin) == len(n.text)
    assert list(n.origin) == sorted(n.origin)
    assert all(0 <= i < len(text) for i in n.origin)
    if n.text:
        s, e = n.original_span(0, len(n.text))
        assert normalize(text[s:e]).text == n.text


def refused(quote: str) -> bool:
    """Whether anchoring must refuse ``quote`` with EmptyQuote: it has bidi controls, or no letter or
    digit once normalised. Any other quote must anchor or not without an error."""
    return bool(bidi_controls(quote)) or not any(unicodedata.category(c)[0] in "LN" for c in normalize(quote).text)


def anchor_or_refuse(source, quote: str) -> list[Match] | None:  # noqa: ANN001 — a briefing Source
    """``anchor(source, quote)``; None when the quote is one anchoring must refuse, after checking that it
    does, with an EmptyQuote naming the source. Any other error propagates and fails the test."""
    if refused(quote):
        with pytest.raises(EmptyQuote) as err:
            anchor(source, quote)
        assert source.id in err.value.what
        return None
    return anchor(source, quote)


def properties_of_anchor(source_index: int, quote: str) -> None:
    source = SOURCES[source_index % len(SOURCES)]
    matches = anchor_or_refuse(source, quote)
    for m in matches or []:
        assert source.text[m.start:m.end] == m.exact
        assert normalize(m.exact).text == normalize(quote).text


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_normalize_never_crashes_and_keeps_its_map(text):
    properties_of_normalize(text)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 4), TEXT)
def test_anchor_of_arbitrary_quotes_fails_cleanly(i, quote):
    properties_of_anchor(i, quote)


@settings(max_examples=500, deadline=None)
@given(st.integers(0, 4), st.data())
def test_anchor_finds_mutated_slices_of_real_sources(i, data):
    source = SOURCES[i]
    body = [b for b in source.blocks if b.kind == "body"]
    block = body[data.draw(st.integers(0, len(body) - 1))]
    words = source.text[block.start:block.end].split()
    a = data.draw(st.integers(0, len(words) - 1))
    b = data.draw(st.integers(a + 1, min(len(words), a + 12)))
    quote = " ".join(words[a:b])
    noisy = "".join(c + data.draw(st.sampled_from(["", "", "", "\u064e", "\u0640"])) for c in quote)
    properties_of_anchor(i, noisy)
    if any(ch.isalpha() for ch in quote):
        assert anchor(source, noisy), quote  # diacritics and tatweel never stop a real passage anchoring


# --- pasted variants of real passages, and changed letters or digits ---------------------------

# Letters that normalisation treats as one (hamza forms, yeh forms, heh / teh marbuta, keyboard
# letters); any other change of letter is a different word.
FOLD_CLASS = {**dict.fromkeys("اأإآٱ", "ا"), **dict.fromkeys("يىئی", "ي"), **dict.fromkeys("هةەۀھ", "ه"),
              "ؤ": "و", "ک": "ك"}
BASE_LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءپچگ"
DIGITS = "0123456789٠١٢٣٤٥٦٧٨٩"


def real_passage(data: st.DataObject) -> tuple[int, str]:
    """A run of one to twelve words of a body paragraph of one of the real sources."""
    i = data.draw(st.integers(0, len(SOURCES) - 1))
    body = [b for b in SOURCES[i].blocks if b.kind == "body"]
    block = body[data.draw(st.integers(0, len(body) - 1))]
    words = SOURCES[i].text[block.start:block.end].split()
    a = data.draw(st.integers(0, len(words) - 1))
    b = data.draw(st.integers(a + 1, min(len(words), a + 12)))
    return i, " ".join(words[a:b])


def properties_of_variant(source_index: int, quote: str, variant: str) -> None:
    """A pasted variant of a quote anchors exactly where the quote does."""
    source = SOURCES[source_index]
    matches = anchor_or_refuse(source, quote)
    if matches is None:
        return
    assert matches, f"a passage of the source's body does not anchor: {quote!r}"
    expected = [(m.start, m.end) for m in matches]
    assert [(m.start, m.end) for m in anchor(source, VARIANTS[variant](quote))] == expected


def changed(quote: str, position: int, replacement: int) -> str | None:
    """``quote`` with one letter or digit changed into one that normalisation keeps apart."""
    places = [i for i, c in enumerate(quote) if c in FOLD_CLASS or c in BASE_LETTERS or c in DIGITS]
    if not places:
        return None
    i = places[position % len(places)]
    old = quote[i]
    if old in DIGITS:
        value = DIGITS.index(old) % 10
        options = [d for d in DIGITS if DIGITS.index(d) % 10 != value]
    else:
        options = [c for c in BASE_LETTERS if FOLD_CLASS.get(c, c) != FOLD_CLASS.get(old, old)]
    return quote[:i] + options[replacement % len(options)] + quote[i + 1:]


def properties_of_changed(source_index: int, quote: str, position: int, replacement: int, variant: str) -> None:
    """A quote with one letter or digit changed never anchors where the real passage is, even when
    pasted as a variant (PDF forms, NFD, another keyboard)."""
    source = SOURCES[source_index]
    other = changed(quote, position, replacement)
    if other is None:
        return
    matches = anchor_or_refuse(source, quote)
    assert matches, f"the unchanged passage does not anchor, so the property would hold trivially: {quote!r}"
    real = {(m.start, m.end) for m in matches}
    found = anchor_or_refuse(source, VARIANTS[variant](other)) or []
    for m in found:
        assert (m.start, m.end) not in real, (quote, other)
        assert normalize(m.exact).text.strip('"…') in normalize(other).text


@settings(max_examples=300, deadline=None)
@given(st.data(), st.sampled_from(sorted(VARIANTS)))
def test_pasted_variants_of_real_passages_anchor_on_the_same_span(data, variant):
    i, quote = real_passage(data)
    properties_of_variant(i, quote, variant)


@settings(max_examples=300, deadline=None)
@given(st.data(), st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(sorted(VARIANTS)))
def test_a_changed_letter_or_digit_never_anchors(data, position, replacement, variant):
    i, quote = real_passage(data)
    properties_of_changed(i, quote, position, replacement, variant)
