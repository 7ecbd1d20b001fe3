"""The dropped-conjunction tolerance of anchoring (briefing.anchor) at its edges, on the real sources: only a
leading و or ف may be missing from a pasted quote, never another letter, and also at the very start of a text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import Corpus, anchor, resolve
from briefing.corpus import Source


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.load()


def _openings(corpus: Corpus) -> list[tuple[Source, str]]:
    """(source, first three words) of every body paragraph whose first word starts with a letter other than و / ف."""
    out = []
    for source in corpus:
        for block in source.blocks:
            words = source.text[block.start:block.end].split()
            if block.kind == "body" and len(words) >= 3 and re.match(r"[^\W\dوف_]", words[0]):
                out.append((source, " ".join(words[:3])))
    return out


def test_a_quote_missing_a_first_letter_other_than_a_conjunction_never_anchors(corpus: Corpus) -> None:
    openings = _openings(corpus)
    assert len(openings) >= 10  # every source contributes (15 when written)
    for source, quote in openings:
        assert anchor(source, quote), (source.id, quote)  # as printed, it anchors
        # without its first letter (the ب of بالرغم, the ت of تناقش …) the quote names another word
        assert anchor(source, quote[1:]) == [], (source.id, quote)


def test_the_conjunction_of_a_texts_very_first_word_may_be_dropped(corpus: Corpus, tmp_path: Path) -> None:
    # a real paragraph that opens with و, as the first line of a file (offset 0: no character before the clitic)
    jibal = corpus["jibal-2025-08-17"]
    line = next(jibal.text[b.start:b.end] for b in jibal.blocks if jibal.text[b.start:b.end].startswith("وقال"))
    path = tmp_path / "opening.txt"
    path.write_text(line + "\n", encoding="utf-8")
    source = Source("opening", path, "", jibal.outlet_ar, jibal.outlet_en, jibal.title_ar, jibal.title_en, "",
                    jibal.published)
    quote = " ".join(line.split()[:4])
    m = resolve(source, quote[1:])
    assert (m.start, m.end, m.exact, m.prefix) == (1, len(quote), quote[1:], "و")
    assert anchor(source, line.split()[0][1:]) == []  # one word: never
