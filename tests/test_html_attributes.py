"""Data in the HTML's attributes (briefing.sphinx.html.marker): a citation marker and its card carry the outlet,
date and passage in attributes (aria-label) and content. With an outlet and a translation holding every ASCII
punctuation character (both quotation marks included), an HTML parser reads back exactly the characters
written, each attribute whole: nothing from data can close an attribute or start one."""

from __future__ import annotations

import dataclasses
import string
from html.parser import HTMLParser

from briefing.cite import cite
from briefing.corpus import Corpus
from briefing.evidence import Registry
from briefing.sphinx.html import marker
from briefing.typography import curly_quotes

PUNCTUATION = string.punctuation  # !"#$%&'()*+,-./:;<=>?@[\]^_`{|}~


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_every_punctuation_character_reads_back_from_attributes_and_text() -> None:
    registry = Registry.load(Corpus.load())
    real = cite("jibal-allawi-phase-two", registry)
    outlet = f'Al-Jibal {PUNCTUATION} "quoted" x" onmouseover="alert(1)'
    translation = f"the second phase {PUNCTUATION} ends' onfocus='alert(2)"
    c = dataclasses.replace(real, source=dataclasses.replace(real.source, outlet_en=outlet),
                            evidence=dataclasses.replace(real.evidence, translation=translation))
    parser = _Tags()
    parser.feed(marker(c, 3, "bf-c-3", c.href))
    parser.close()
    anchors = [attrs for tag, attrs in parser.tags if tag == "a" and attrs.get("class") == "bf-ref"]
    assert [a["aria-label"] for a in anchors] == [f"Source 3: {c.label()}"]
    assert c.label().startswith(outlet)
    for _, attrs in parser.tags:  # no attribute an author did not write
        assert not any(name.startswith("on") for name in attrs), attrs
    text = "".join(parser.text)
    # the card prints the translation as the PDF does, its own quotation marks curled (briefing.typography)
    assert c.label() in text and f"“{curly_quotes(translation, True)}”" in text and real.match.exact in text


def test_the_card_names_whose_words_the_passage_gives() -> None:
    """A passage with a speaker in the registry shows it under the card's head; the outlet's own narration
    has none."""
    registry = Registry.load(Corpus.load())
    spoken, narrated = cite("jibal-allawi-phase-two", registry), cite("erem-phase-two-harir", registry)
    assert spoken.evidence.speaker and not narrated.evidence.speaker
    parser = _Tags()
    parser.feed(marker(spoken, 1, "bf-c-1", spoken.href))
    parser.close()
    assert ("span", {"class": "bf-pop-who"}) in parser.tags and spoken.evidence.speaker in "".join(parser.text)
    assert 'class="bf-pop-who"' not in marker(narrated, 2, "bf-c-2", narrated.href)
