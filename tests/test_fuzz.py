"""Fuzzing the normaliser and anchoring: arbitrary input never crashes, only fails cleanly.

`benchmarks/fuzz.py` runs the same properties for many more examples and reports the count.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing import BriefingError, Corpus, anchor, normalize

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


def properties_of_anchor(source_index: int, quote: str) -> None:
    source = SOURCES[source_index % len(SOURCES)]
    try:
        matches = anchor(source, quote)
    except BriefingError:
        return  # a clean, named error (empty quote, bidi controls)
    for m in matches:
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
