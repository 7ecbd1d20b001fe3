"""The HTML book's search, built on Sphinx's search page.

- ``BriefingSearch`` (registered for ``en``) cuts, folds and stems words as ``briefing.search_words`` does
  (numbers as written, Arabic folds and proclitics, irregular English forms, Porter, one-word synonyms);
  Sphinx's own index (searchindex.js) is left empty.
- The irregular forms are derived from the book's own words once all pages are read (``env-updated``),
  and the synonyms (data/search-synonyms.csv) are loaded then too.
- The query side and the page side run in the browser: language_data.js carries the same tables
  (``js_stemmer_code``) and static/briefing-stemmer.js; ``_static/briefing-search-index.js`` carries the
  text of every page cut into blocks (``search_blocks``), written once the pages are (``html-collect-pages``),
  and static/briefing-search.js matches, ranks and quotes.
- Hover-card text, the print endnotes and the appendix's repeated sentences are kept out of the blocks.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import astuple
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.search import package_dir as sphinx_search_dir
from sphinx.search.en import SearchEnglish

from .. import jsonio, search_words
from ..arabic import _tables
from ..search_words import (
    ARABIC_ARTICLE,
    CONJUNCTIONS,
    LAM_ARTICLE,
    MIN_STEM,
    PREPOSITIONS,
    STOPWORDS,
    WORDNET,
    WORDNET_LISTS,
    Synonyms,
    irregular_forms,
    key,
    load_synonyms,
    stem,
    strip_clitics,
    tokens,
)
from .assets import STATIC
from .search_blocks import Block, Page, page_blocks

__all__ = ["BriefingSearch", "js_stemmer_code", "load_synonyms", "strip_clitics", "search_index"]

INDEX_FILE = "briefing-search-index.js"


class BriefingSearch(SearchEnglish):
    """English (irregular forms, Porter) and Arabic (normalised, proclitics stripped) words, numbers as
    written, one-word synonyms."""

    irregular: dict[str, str] = {}
    synonyms: Synonyms = Synonyms()
    stopwords = set(STOPWORDS)

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.stopwords = set(STOPWORDS)
        self.js_stemmer_code = js_stemmer_code(self.synonyms, self.irregular)

    def split(self, input: str) -> list[str]:
        return [t for _, _, t in tokens(input)]

    def word_filter(self, word: str) -> bool:
        return key(word) not in self.stopwords

    def stem(self, word: str) -> str:
        return stem(word, self.irregular, self.synonyms)


def js_stemmer_code(synonyms: Synonyms | None = None, irregular: dict[str, str] | None = None) -> str:
    """Snowball's Porter stemmer as ``PorterStemmer`` (the JavaScript Sphinx ships, generated from the same
    source as the Python ``snowballstemmer`` the index side uses; Sphinx's own English ``Stemmer`` is an
    older Porter that differs on words such as "possibly"), the tables of ``briefing.search_words`` as
    ``BRIEFING_SEARCH``, and static/briefing-stemmer.js (``Stemmer``, ``briefingTokens``…)."""
    synonyms = synonyms or Synonyms()
    fold, deletable = _tables()
    data = {"fold": {chr(k): v for k, v in fold.items()}, "deletable": deletable,
            "clitics": [CONJUNCTIONS, PREPOSITIONS, ARABIC_ARTICLE, LAM_ARTICLE], "minStem": MIN_STEM,
            "irregular": irregular or {}, "stopwords": sorted(STOPWORDS), "synonyms": synonyms.words,
            "phrases": [[list(stems), group] for stems, group in sorted(synonyms.phrases.items())]}
    snowball = Path(sphinx_search_dir) / "search" / "minified-js"
    porter = "\n".join((snowball / name).read_text(encoding="utf-8") for name in ("base-stemmer.js", "porter-stemmer.js"))
    return (porter + "\nvar BRIEFING_SEARCH = " + json.dumps(data, ensure_ascii=True) + ";\n"
            + (STATIC / "briefing-stemmer.js").read_text(encoding="utf-8"))


def _configure(app: Sphinx) -> None:
    """Sphinx's own index (searchindex.js, which its search page still loads) gets the page titles only:
    the search reads briefing-search-index.js, so the page does not also download every page's words."""
    builder = app.builder
    if builder.format != "html" or not hasattr(builder, "index_page"):
        return
    original = builder.index_page

    def index_title_only(pagename: str, doctree: Any, title: str) -> None:
        original(pagename, doctree.copy(), title)  # the document node without its content

    builder.index_page = index_title_only


WORDS_ATTR = "briefing_search_words"  # env: docname -> the English words of the page (for the irregular forms)
IRREGULAR_ATTR = "briefing_search_irregular"  # env: (key of the words and WordNet's lists, irregular forms)


def _record_words(app: Sphinx, doctree: Any) -> None:
    """``doctree-read``: the page's English words, kept in the environment with the page."""
    words = {t.lower() for _, _, t in tokens(doctree.astext()) if t.isascii() and t.isalpha()}
    _words_of(app.env)[app.env.docname] = sorted(words)


def _words_of(env: Any) -> dict[str, list[str]]:
    store = getattr(env, WORDS_ATTR, None)
    if store is None:
        store = {}
        setattr(env, WORDS_ATTR, store)
    return store


def _purge_words(app: Sphinx, env: Any, docname: str) -> None:
    getattr(env, WORDS_ATTR, {}).pop(docname, None)


def _merge_words(app: Sphinx, env: Any, docnames: set[str], other: Any) -> None:
    _words_of(env).update({d: w for d, w in getattr(other, WORDS_ATTR, {}).items() if d in docnames})


def _learn_words(app: Sphinx, env: Any) -> None:
    """``env-updated``: the irregular forms of the book's words (recomputed only when the words or
    WordNet's lists change), and the synonyms, before language_data.js is written."""
    from .state import corpus

    if app.builder.format != "html":
        return
    pages = _words_of(env)
    for docname in env.found_docs - set(pages):  # an environment pickled before the words were recorded
        pages[docname] = sorted({t.lower() for _, _, t in tokens(env.get_doctree(docname).astext())
                                 if t.isascii() and t.isalpha()})
    vocabulary = {w for docname in env.found_docs for w in pages[docname]}
    # the cache key: the words, the code deriving the forms, the stemmer, WordNet's lists
    digest = hashlib.sha256("\n".join(sorted(vocabulary)).encode())
    digest.update(Path(search_words.__file__).read_bytes())
    digest.update(version("snowballstemmer").encode())
    try:
        for name in WORDNET_LISTS:
            digest.update((WORDNET / name).read_bytes())
        cached = getattr(env, IRREGULAR_ATTR, None)
        if cached and cached[0] == digest.hexdigest():
            irregular = cached[1]
        else:
            irregular = irregular_forms(vocabulary)
            setattr(env, IRREGULAR_ATTR, (digest.hexdigest(), irregular))
        BriefingSearch.irregular = irregular
        BriefingSearch.synonyms = load_synonyms(corpus(app).root / "data" / "search-synonyms.csv", irregular)
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        raise ExtensionError(f"{where}WordNet's list of irregular forms cannot be read ({e.strerror or e}): "
                             "run `make setup` (Debian package wordnet-base)") from None
    except ValueError as e:
        raise ExtensionError(str(e)) from None


BLOCKS_CACHE = "briefing-search-blocks.json"


def _extractor_version() -> str:
    """A digest of the code that cuts pages into blocks: a cached page is reused only by the same code."""
    from . import search_blocks

    code = Path(search_blocks.__file__).read_bytes() + version("beautifulsoup4").encode()
    return hashlib.sha256(code).hexdigest()


class BlocksCache:
    """Each built page's blocks, keyed on the sha256 of the page's HTML and of the extracting code, kept
    between builds (an incremental build re-writes few pages; cutting every page again grew with the
    corpus: 24 s of a one-chapter edit at 200 sources)."""

    def __init__(self, path: Path | None) -> None:
        self.path, self.version, self.entries = path, _extractor_version(), {}
        if path is not None and path.is_file():
            try:
                data = jsonio.loads(path.read_text(encoding="utf-8"))
                if data.get("version") == self.version:
                    self.entries = data.get("pages", {})
            except (OSError, ValueError, AttributeError):
                self.entries = {}  # a damaged cache is rebuilt
        self.used: dict[str, Any] = {}

    def page(self, docname: str, html: str) -> Page | None:
        digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
        hit = self.entries.get(docname)
        if isinstance(hit, dict) and hit.get("sha256") == digest:
            self.used[docname] = hit
            return None if hit["page"] is None else Page(hit["page"][0], [Block(*b) for b in hit["page"][1]])
        page = page_blocks(html)
        stored = None if page is None else [page.title, [astuple(b) for b in page.blocks]]
        self.used[docname] = {"sha256": digest, "page": stored}
        return page

    def save(self) -> None:
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"version": self.version, "pages": self.used}, ensure_ascii=False),
                           encoding="utf-8")
            tmp.replace(self.path)
        except OSError:
            pass  # the next build cuts the pages again


def search_index(outdir: Path, docnames: list[str], suffix: str = ".html",
                 cache: BlocksCache | None = None) -> dict[str, Any]:
    """The blocks of every built page, as briefing-search.js reads them: pages [[docname, title]], sections
    [title], blocks [[page, kind, anchor, section, text, marks]]."""
    cache = cache or BlocksCache(None)
    pages: list[list[str]] = []
    sections: list[str] = [""]
    section_ids: dict[str, int] = {"": 0}
    blocks: list[list[Any]] = []
    for docname in docnames:
        path = outdir / f"{docname}{suffix}"
        if not path.is_file():
            continue
        page = cache.page(docname, path.read_text(encoding="utf-8"))
        if page is None or not page.blocks:
            continue
        number = len(pages)
        pages.append([docname, page.title])
        for b in page.blocks:
            if b.section not in section_ids:
                section_ids[b.section] = len(sections)
                sections.append(b.section)
            blocks.append([number, b.kind, b.anchor, section_ids[b.section], b.text, b.marks])
    return {"pages": pages, "sections": sections, "blocks": blocks}


def _write_index(app: Sphinx) -> list[Any]:
    """``html-collect-pages`` (every document page is written by then, the search page not yet)."""
    if app.builder.format != "html" or getattr(app.builder, "search", True) is False:
        return []
    outdir = Path(app.outdir)
    cache = BlocksCache(Path(app.doctreedir) / BLOCKS_CACHE)
    data = search_index(outdir, sorted(app.env.found_docs), app.builder.out_suffix, cache)
    cache.save()
    target = outdir / "_static" / INDEX_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_text("var BRIEFING_SEARCH_INDEX = " + json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                   + ";\n", encoding="utf-8")
    tmp.replace(target)
    return []


def _search_page_script(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    if pagename == "search":
        app.add_js_file(INDEX_FILE, loading_method="defer", priority=890)
        app.add_js_file("briefing-search.js", loading_method="defer", priority=900)
        app.add_css_file("briefing-search.css", priority=900)


def setup(app: Sphinx) -> None:
    app.add_search_language(BriefingSearch)
    app.connect("builder-inited", _configure)
    app.connect("doctree-read", _record_words)
    app.connect("env-purge-doc", _purge_words)
    app.connect("env-merge-info", _merge_words)
    app.connect("env-updated", _learn_words)
    app.connect("html-collect-pages", _write_index)
    # before assets.dedupe_scripts (priority 100), which replaces the page's script list
    app.connect("html-page-context", _search_page_script, priority=50)
