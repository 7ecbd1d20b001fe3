"""The search index (Python) and the search box (JavaScript, run here in Node) stem every word alike.

The words are generated, not picked: every sequence of proclitics the stemmer knows (و/ف, then ب/ك/ل,
then ال, and لل), spelled plainly and with the marks and letter forms that normalisation folds, on stems
of every length from one letter to two past the minimum stem (``MIN_STEM``), stems that themselves
begin with a clitic letter included; then a few thousand random words over the Arabic letters, marks
and folded forms, the synonym variants of data/search-synonyms.csv, and English words and numbers.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from briefing.search_words import ARABIC_ARTICLE as ARTICLE
from briefing.search_words import CONJUNCTIONS, LAM_ARTICLE, MIN_STEM, PREPOSITIONS
from briefing.sphinx.search import BriefingSearch, js_stemmer_code, load_synonyms, strip_clitics

ROOT = Path(__file__).resolve().parents[1]
# Stem letters: every clitic letter (a stem may begin with one), the article's letters, and others.
STEM_LETTERS = sorted(set(CONJUNCTIONS + PREPOSITIONS + ARTICLE) | set("عينمدسرته"))
# How a letter may be spelled in pasted text and still be the same letter once normalised.
SPELLINGS = {"ا": ["ا", "أ", "إ", "آ", "ٱ"], "ي": ["ي", "ى", "ی", "ئ"], "ه": ["ه", "ة", "ە"], "و": ["و", "ؤ"],
             "ك": ["ك", "ک"]}
MARKS = ["", "\u064e", "\u0651\u064e", "\u0640", "\u0652", "\u0670"]


def _clitic_prefixes() -> list[str]:
    """Every sequence of proclitics: an optional conjunction, then a preposition or nothing, then the
    article or nothing; and لل (ل + ال) after an optional conjunction; doubled clitics too."""
    conj = ["", *CONJUNCTIONS]
    prep = ["", *PREPOSITIONS]
    art = ["", ARTICLE]
    out = {c + p + a for c, p, a in itertools.product(conj, prep, art)}
    out |= {c + LAM_ARTICLE for c in conj}
    out |= {c + c2 for c in CONJUNCTIONS for c2 in CONJUNCTIONS} | {p + p for p in PREPOSITIONS}
    return sorted(out)


def _stems() -> list[str]:
    """Stems of every length from 1 to MIN_STEM + 2: each letter first (clitic letters included), the
    rest from a fixed cycle, plus stems that are a clitic sequence themselves."""
    out: set[str] = set()
    filler = "عينمدسر"
    for length in range(1, MIN_STEM + 3):
        for first in STEM_LETTERS:
            out.add((first + filler)[:length])
            out.add((first + ARTICLE + filler)[:length])
        out.add((LAM_ARTICLE + filler)[:length])
    return sorted(out)


def _respell(word: str, rng: random.Random) -> str:
    """``word`` with each letter in a spelling normalisation folds, and marks or tatweel after letters."""
    return "".join(rng.choice(SPELLINGS.get(c, [c])) + rng.choice(MARKS) for c in word)


def generated_words() -> list[str]:
    rng = random.Random(20261206)
    words: list[str] = []
    for prefix in _clitic_prefixes():
        for stem in _stems():
            words.append(prefix + stem)
            words.append(_respell(prefix + stem, rng))
    letters = [chr(c) for c in range(0x0621, 0x064B)] + ["ى", "ی", "ک", "ە", "ٱ", "\u0640", "\u064e", "\u0651", "٣"]
    for _ in range(3000):
        n = rng.randint(1, MIN_STEM + 5)
        words.append("".join(rng.choice(letters) for _ in range(n)))
    return words


@pytest.fixture(scope="module")
def lang() -> Iterator[BriefingSearch]:
    """The search's language with the synonyms and no irregular forms (the class default, as in a fresh process;
    the JavaScript stemmer is given the same forms). Class attributes: set here whatever an earlier file in the same
    process left, restored after this file."""
    saved = BriefingSearch.irregular, BriefingSearch.synonyms
    BriefingSearch.irregular = {}
    BriefingSearch.synonyms = load_synonyms(ROOT / "data" / "search-synonyms.csv")
    yield BriefingSearch({})
    BriefingSearch.irregular, BriefingSearch.synonyms = saved


def _javascript_stems(lang: BriefingSearch, words: list[str]) -> list[str]:
    node = shutil.which("node")
    assert node, "node is missing: run `make setup`"
    script = (js_stemmer_code(lang.synonyms, lang.irregular) + "\nconst words = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "\nconst s = new Stemmer();\nprocess.stdout.write(JSON.stringify(words.map(w => s.stemWord(w.toLowerCase()))));")
    proc = subprocess.run([node, "-e", script], input=json.dumps(words), capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout)


def test_the_generated_list_covers_every_clitic_sequence_and_stem_length() -> None:
    words = generated_words()
    prefixes = _clitic_prefixes()
    for needed in ("", "و", "ف", "ب", "ك", "ل", "ال", "لل", "وال", "فلل", "وبال", "فكال"):
        assert needed in prefixes, needed
    lengths = {len(s) for s in _stems()}
    assert {MIN_STEM - 1, MIN_STEM, MIN_STEM + 1} <= lengths
    # each proclitic is stripped down to a stem of exactly MIN_STEM letters, and kept before MIN_STEM - 1
    stems = set(_stems())
    for clitic in [*CONJUNCTIONS, *PREPOSITIONS, ARTICLE]:
        assert any(strip_clitics(clitic + s) == s and len(s) == MIN_STEM for s in stems), clitic
        assert any(strip_clitics(clitic + s) == clitic + s and len(s) == MIN_STEM - 1 for s in stems), clitic
    assert len(words) > 5000


def test_javascript_and_python_stem_every_generated_word_alike(lang) -> None:
    words = generated_words()
    synonyms = [row.split(",", 1)[1] for row in (ROOT / "data" / "search-synonyms.csv").read_text(
        encoding="utf-8").splitlines()[1:] if "," in row]
    words += synonyms + ["Withdrawal", "withdrawn", "coalitions", "ISIS", "Erbil", "2026", "٢٠٢٦", "۲۰۲۵", "ﻻ", "ﷲ"]
    js = _javascript_stems(lang, words)
    python = [lang.stem(w.lower()).lower() for w in words]
    differ = [f"{w!r}: Python {p!r}, JavaScript {j!r}" for w, p, j in zip(words, python, js) if p != j]
    assert differ == [], f"{len(differ)} of {len(words)} words differ:\n" + "\n".join(differ[:40])
