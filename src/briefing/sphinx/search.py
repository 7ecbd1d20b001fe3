"""Arabic-aware search for the HTML book, hooked into Sphinx's own search (searchindex.js).

- ``BriefingSearch`` (registered for ``en``) splits words with their diacritics, and stems an Arabic
  word with the project's normalisation (``briefing.arabic.normalize``: hamza/alef, ى/ي, ة/ه,
  diacritics, tatweel, digits) and clitic stripping (``strip_clitics``); English words keep
  Sphinx's Porter stemmer. Transliteration synonyms (data/search-synonyms.csv) map every variant to
  one key. Numbers are indexed.
- The query side is the same code in JavaScript (static/briefing-search.js): the fold table and the
  synonym map are written into language_data.js from the Python tables, so both sides agree.
- The hover-card text (``.bf-pop``) is kept out of the index and of the result snippets; an Arabic
  query ranks the source pages first, and a hit inside a cited passage links to that passage.
"""

from __future__ import annotations

import copy
import csv
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.search.en import SearchEnglish, js_porter_stemmer

from ..arabic import _tables, normalize
from .assets import STATIC
from .html import ARABIC_SCRIPT

ARABIC = re.compile(f"[{ARABIC_SCRIPT}]")
WORD = re.compile(r"[^\W_]+(?:[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640][^\W_]*)*", re.UNICODE)
# Proclitics, stripped in this order, each only when at least MIN_STEM letters remain.
CONJUNCTIONS, PREPOSITIONS, ARTICLE, LAM_ARTICLE = "وف", "بكل", "ال", "لل"
MIN_STEM = 3


def strip_clitics(word: str) -> str:
    """Drop the proclitics of a normalised Arabic word: و/ف, then ب/ك/ل (لل = ل + ال), then ال."""
    if word[:1] and word[0] in CONJUNCTIONS and len(word) - 1 >= MIN_STEM:
        word = word[1:]
    if word.startswith(LAM_ARTICLE) and len(word) - 2 >= MIN_STEM:
        return word[2:]
    if word[:1] and word[0] in PREPOSITIONS and len(word) - 1 >= MIN_STEM:
        word = word[1:]
    if word.startswith(ARTICLE) and len(word) - 2 >= MIN_STEM:
        word = word[2:]
    return word


def load_synonyms(path: Path) -> dict[str, str]:
    """variant stem → group key (the stem of the group's first variant); a malformed row is an error
    naming the file and line."""
    base = BriefingSearch.base_stem
    out: dict[str, str] = {}
    keys: dict[str, str] = {}
    if not path.exists():  # a project without transliteration synonyms
        return out
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["group", "variant"]:
            raise ValueError(f"{path}: line 1: the header must be 'group,variant'")
        for line, row in enumerate(reader, start=2):
            group, variant = (row.get("group") or "").strip(), (row.get("variant") or "").strip()
            if not group or not variant or len(WORD.findall(variant)) != 1:
                raise ValueError(f"{path}: line {line}: need a group and a single-word variant, got {row}")
            key = keys.setdefault(group, base(variant))
            out[base(variant)] = key
    return out


class BriefingSearch(SearchEnglish):
    """English (Porter) and Arabic (normalised, clitics stripped) words, with synonyms."""

    synonyms: dict[str, str] = {}

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.js_stemmer_code = js_stemmer_code(self.synonyms)

    def split(self, input: str) -> list[str]:
        return WORD.findall(input)

    @staticmethod
    def base_stem(word: str) -> str:
        if ARABIC.search(word):
            return strip_clitics(normalize(word).text)
        import snowballstemmer

        return _porter(snowballstemmer).stemWord(normalize(word).text.lower())

    def stem(self, word: str) -> str:
        base = self.base_stem(word)
        return self.synonyms.get(base, base)


_PORTER: list[Any] = []


def _porter(snowballstemmer: Any) -> Any:
    if not _PORTER:
        _PORTER.append(snowballstemmer.stemmer("porter"))
    return _PORTER[0]


def js_stemmer_code(synonyms: dict[str, str]) -> str:
    """Sphinx's Porter stemmer as ``PorterStemmer`` and a ``Stemmer`` doing the same as ``stem``."""
    fold, deletable = _tables()
    table = {chr(k): v for k, v in fold.items()}
    data = {"fold": table, "deletable": deletable, "synonyms": synonyms,
            "clitics": [CONJUNCTIONS, PREPOSITIONS, ARTICLE, LAM_ARTICLE], "minStem": MIN_STEM}
    porter = js_porter_stemmer.replace("var Stemmer = function", "var PorterStemmer = function")
    return (porter + "\nvar BRIEFING_SEARCH = " + json.dumps(data, ensure_ascii=True) + ";\n"
            + (STATIC / "briefing-stemmer.js").read_text(encoding="utf-8"))


class _TextOutsideCards(HTMLParser):
    """The text of an HTML fragment without hover cards, the print-only endnotes (which repeat the cards),
    scripts and styles (entities decoded)."""

    SKIP = {"script", "style"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0  # > 0 inside a skipped element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth or tag in self.SKIP or "bf-pop" in classes or "bf-endnotes" in classes:
            if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr"):
                self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def text_outside_cards(fragment: str) -> str:
    parser = _TextOutsideCards()
    parser.feed(fragment)
    parser.close()
    return " ".join(parser.parts)


def _index_without_cards(builder: Any) -> None:
    """Feed the indexer a copy of each page whose raw HTML is reduced to its text outside hover cards."""
    original = builder.index_page

    def index_page(pagename: str, doctree: nodes.document, title: str) -> None:
        tree = doctree
        raws = [n for n in doctree.findall(nodes.raw) if "html" in n.get("format", "").split()]
        if raws:
            tree = copy.deepcopy(doctree)
            for node in list(tree.findall(nodes.raw)):
                if "html" in node.get("format", "").split():
                    node.replace_self(nodes.inline("", text_outside_cards(node.astext())))
        original(pagename, tree, title)
        indexer = getattr(builder, "indexer", None)
        if indexer is not None and pagename in getattr(indexer, "_all_titles", {}):
            # Sphinx 7.4 stores section titles as plain text and searchtools.js shows them with innerHTML:
            # a heading from data (a source's outlet) would become markup on the search page. Store them
            # escaped, as the page titles already are.
            indexer._all_titles[pagename] = [(html.escape(t, quote=False), anchor)
                                             for t, anchor in indexer._all_titles[pagename]]

    builder.index_page = index_page


def _configure(app: Sphinx) -> None:
    from .state import corpus

    BriefingSearch.synonyms = load_synonyms(corpus(app).root / "data" / "search-synonyms.csv")
    if getattr(app.builder, "indexer", None) is not None or app.builder.format == "html":
        _index_without_cards(app.builder)


def _search_page_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == "search":
        app.add_js_file("briefing-search.js", loading_method="defer", priority=900)


def setup(app: Sphinx) -> None:
    app.add_search_language(BriefingSearch)
    app.connect("builder-inited", _configure)
    # before assets.dedupe_scripts (priority 100), which replaces the page's script list
    app.connect("html-page-context", _search_page_script, priority=50)
