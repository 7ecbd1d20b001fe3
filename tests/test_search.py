"""Arabic-aware search: the Python stemmer (index) and the JavaScript one (query) agree word for word,
and a table of queries finds its expected pages in the built book's search index.

The index tests run on the built book (BRIEFING_BUILD, default ROOT/_build): `make html` first.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from briefing.sphinx.search import BriefingSearch, js_stemmer_code, load_synonyms, strip_clitics, text_outside_cards

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("BRIEFING_BUILD", ROOT / "_build")) / "html"
WORDS = ["الإنسحاب", "الانسحاب", "للانسحاب", "بالانسحاب", "والانسحاب", "اربيل", "أربيل", "وأربيل", "بأربيل",
         "عين", "الأسد", "الاسد", "الامريكية", "الأمريكيّة", "الأمريكيـــة", "مستشفى", "مستشفي", "بغداد", "وبغداد",
         "داعش", "لداعش", "٢٠٢٦", "2026", "۲۰۲۵", "Erbil", "Irbil", "ISIS", "Daesh", "withdrawal", "withdrawn",
         "Ain", "al", "Asad", "Harir", "coalition", "Coalitions", "ﻻ", "إيران", "ايران", "التحالف", "فالتحالف",
         "كالأسد", "قوات", "الولايات", "المتحدة", "sept", "Kuwait", "الكويت"]


@pytest.fixture(scope="module")
def lang() -> BriefingSearch:
    BriefingSearch.synonyms = load_synonyms(ROOT / "data" / "search-synonyms.csv")
    return BriefingSearch({})


def test_clitics_and_folds(lang):
    assert strip_clitics("والانسحاب") == "انسحاب" and strip_clitics("للانسحاب") == "انسحاب"
    assert strip_clitics("بغداد") == strip_clitics("وبغداد")
    assert lang.stem("الإنسحاب") == lang.stem("الانسحاب") == lang.stem("بالانسحاب")
    assert lang.stem("عين") == lang.stem("Ain") and lang.stem("الأسد") == lang.stem("Asad")
    assert lang.stem("Irbil") == lang.stem("Erbil") == lang.stem("أربيل") == lang.stem("اربيل")
    assert lang.stem("Daesh") == lang.stem("ISIS") == lang.stem("داعش")
    assert lang.stem("٢٠٢٦") == "2026" and lang.stem("2025") != lang.stem("2026")
    assert lang.split("الأمْرِيكِيَّة و 2026") == ["الأمْرِيكِيَّة", "و", "2026"]


def test_synonym_file_errors_name_the_line(tmp_path):
    bad = tmp_path / "s.csv"
    bad.write_text("group,variant\nerbil,Erbil\nerbil,Ain al-Asad\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"s\.csv: line 3"):
        load_synonyms(bad)


def test_card_text_is_kept_out_of_the_index():
    html = ('<p>Before <sup class="bf-cite"><a>[1]</a><span class="bf-pop"><span>hidden</span>'
            '<span lang="ar">مخفي</span></span></sup> after &amp; more</p>')
    assert text_outside_cards(html).split() == ["Before", "[1]", "after", "&", "more"]


def test_javascript_stemmer_matches_python(lang):
    node = shutil.which("node")
    assert node, "node is missing: run `make setup`"
    words = json.dumps(WORDS)
    js = js_stemmer_code(lang.synonyms) + f"\nconsole.log(JSON.stringify({words}.map(w => new Stemmer().stemWord(w.toLowerCase()))));"
    out = subprocess.run([node, "-e", js], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [lang.stem(w.lower()).lower() for w in WORDS]


# query, a page expected among the results (sources/ pages for Arabic passages)
QUERIES = [
    ("الإنسحاب", "sources/"), ("الانسحاب", "sources/"), ("انسحاب", "sources/"), ("اربيل", "sources/"),
    ("أربيل", "sources/"), ("عين الاسد", "sources/"), ("عين الأسد", "sources/"), ("الامريكية", "sources/"),
    ("الأمريكية", "sources/"), ("الأمريكيّة", "sources/"), ("والتحالف", "sources/"), ("بغداد", "sources/"),
    ("داعش", "sources/"), ("حرير", "sources/"), ("Irbil", "book/timeline"), ("Erbil", "book/timeline"),
    ("Daesh", "book/background"), ("ISIS", "book/background"), ("2026", "book/timeline"),
    ("2025", "book/timeline"), ("٢٠٢٦", "book/timeline"), ("Ain al-Asad", "book/timeline"),
    ("Harir", "book/timeline"), ("withdrawal", "book/overview"), ("coalition mission", "book/overview"),
    ("Sudani", "book/background"), ("sanctions", "book/timeline"), ("Kuwait", "book/timeline"),
    ("phase two", "book/timeline"), ("risk", "book/risks"), ("Peshmerga", "book/"), ("Hafryat", "book/"),
]


@pytest.fixture(scope="module")
def index():
    path = HTML / "searchindex.js"
    if not path.exists():
        pytest.fail(f"the HTML book is not built in {HTML}: run `make html` first (or set BRIEFING_BUILD)")
    text = path.read_text(encoding="utf-8")
    return json.loads(re.match(r"Search\.setIndex\((.*)\)\s*$", text, re.DOTALL).group(1))


def search(index, lang, query: str) -> list[str]:
    """Sphinx's full-text search: every term in the page's words or titles (AND), as searchtools.js."""
    docs = None
    for word in lang.split(query):
        if word.lower() in lang.stopwords:
            continue
        term = lang.stem(word.lower()).lower()
        found = set()
        for table in (index["terms"], index["titleterms"]):
            hit = table.get(term, [])
            found |= set(hit if isinstance(hit, list) else [hit])
        docs = found if docs is None else docs & found
    return sorted(index["docnames"][i] for i in (docs or set()))


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_query_table(index, lang, query, expected):
    pages = search(index, lang, query)
    assert any(p.startswith(expected) or ("/" + expected) in p for p in pages), (query, pages)


def test_card_text_not_indexed_on_chapters(index, lang):
    # words that occur on a chapter only inside its citation cards (and the print endnotes that repeat them)
    # must not make the chapter a hit; the words are found from the built page, not chosen by hand
    checked = 0
    for chapter in ("overview", "positions", "risks"):
        page = (HTML / "book" / f"{chapter}.html").read_text(encoding="utf-8")
        cards = " ".join(re.findall(r'<span class="bf-ar" id="bf-pop-[^"]*" lang="ar" dir="rtl">([^<]*)</span>', page))
        outside = {lang.stem(w.lower()) for w in lang.split(text_outside_cards(page))}
        only_in_cards = sorted({w for w in lang.split(cards) if len(w) > 4 and lang.stem(w.lower()) not in outside})
        assert only_in_cards, chapter
        for word in only_in_cards[:15]:
            assert f"book/{chapter}" not in search(index, lang, word), (chapter, word)
            checked += 1
    assert checked >= 30
