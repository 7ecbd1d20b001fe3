"""The appendix's highlighting of cited passages (briefing.sphinx.appendix._paragraph) on the real sources: every
cited passage gets exactly one element with its id (the target of every citation's link), also when passages
overlap or nest, and the line's text comes out exactly once, escaped, nothing lost or doubled."""

from __future__ import annotations

import html
import re

import pytest

from briefing.corpus import Corpus
from briefing.evidence import Registry
from briefing.sphinx.appendix import _paragraph


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load(Corpus.load())


def _lines_with_marks(registry: Registry):  # noqa: ANN202 — yields (line text, marks)
    """Each cited passage's line, with the passage, one that overlaps its end and one nested in it."""
    for ev in registry:
        m = registry.match(ev.id)
        source = registry.corpus[ev.source]
        block = source.block_at(m.start)
        text = source.text[block.start:block.end]
        s, e = m.start - block.start, m.end - block.start
        if e - s < 6:
            continue
        middle = (s + e) // 2
        # a passage overlapping this one's end (or, at the line's end, its start)
        overlap = (middle, min(len(text), e + 3)) if e < len(text) else (max(0, s - 3), middle)
        yield text, [(s, e, ev.id, ""), (*overlap, ev.id + "-overlap", ""), (s + 1, s + 3, ev.id + "-nested", "")]


def test_every_passage_gets_its_target_even_when_passages_overlap(registry: Registry) -> None:
    checked = 0
    for text, marks in _lines_with_marks(registry):
        out = _paragraph(text, marks)
        for _, _, eid, _ in marks:
            assert out.count(f'id="ev-{eid}"') == 1, (eid, out)
        first = min(marks, key=lambda mark: (mark[0], -mark[1]))[2]  # the earliest is highlighted
        assert re.search(rf'<mark class="bf-mark" id="ev-{re.escape(first)}"[^>]*>', out)
        assert html.unescape(re.sub(r"<[^>]*>", "", out)) == text  # every character once, in order
        checked += 1
    assert checked >= len(registry) * 0.9


def test_marks_given_out_of_order_come_out_in_text_order(registry: Registry) -> None:
    text, marks = next(_lines_with_marks(registry))
    assert _paragraph(text, marks[::-1]) == _paragraph(text, marks)
