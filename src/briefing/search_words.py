"""The words of the book's search: how text is cut into tokens, folded and stemmed, the irregular English
forms, the stop words and the transliteration synonyms. The browser does the same in
``static/briefing-stemmer.js``, which reads the tables this module builds (``briefing.sphinx.search``);
``tests/test_search.py`` checks that the two agree.

- Tokens: a number is one token as written, with its thousands separators (``2,500`` ≡ ``2500``,
  ``٢٬٥٠٠``) and a decimal part; a word keeps its diacritics; the transliterated article of ``al-Asad``
  is part of its word and is dropped, as the Arabic ``ال`` is.
- Keys: a token folded as quotes are matched (``briefing.arabic.normalize``: hamza/alef, ى/ي, ة/ه,
  diacritics, tatweel, Arabic-Indic digits), lower-cased, separators dropped.
- Stems: Arabic without its proclitics (``strip_clitics``); English by Porter after the irregular forms
  of the book's vocabulary (WordNet's exception lists: ``withdrew`` → ``withdraw``); numbers as they are.
- Synonyms (data/search-synonyms.csv): a variant of one word stands for its group wherever it occurs; a
  variant of several words stands for its group only as that whole phrase.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .arabic import normalize

ARABIC_LETTERS = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff"
ARABIC = re.compile(f"[{ARABIC_LETTERS}]")
DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
# 2,500 / ٢٬٥٠٠ / 1,234.5 (thousands groups of exactly three digits), or 2.5; otherwise a word.
NUMBER = (rf"[{DIGITS}]{{1,3}}(?:[,\u066c][{DIGITS}]{{3}})+(?:[.\u066b][{DIGITS}]+)?(?![{DIGITS}])"
          rf"|[{DIGITS}]+[.\u066b][{DIGITS}]+(?![{DIGITS}])")
ARTICLE = r"(?:[Aa][Ll]|[Ee][Ll])[-\u2010\u2011](?=[^\W\d_])"  # al-Asad, El-Sudani
WORD = rf"(?:{ARTICLE})?[^\W_]+(?:[{MARKS}][^\W_]*)*"
TOKEN = re.compile(f"{NUMBER}|{WORD}")
_ARTICLE_KEY = re.compile(r"^(?:al|el)[-\u2010\u2011]")
_NUMBER_KEY = re.compile(r"^[0-9][0-9,.]*$")

# Proclitics, stripped in this order, each only when at least MIN_STEM letters remain.
CONJUNCTIONS, PREPOSITIONS, ARABIC_ARTICLE, LAM_ARTICLE = "وف", "بكل", "ال", "لل"
MIN_STEM = 3

# Sphinx's English stop words and the Arabic particles that say nothing on their own (folded forms): a
# query needs them only inside a phrase.
ENGLISH_STOPWORDS = frozenset(
    "a and are as at be but by for if in into is it near no not of on or such that the their then there "
    "these they this to was will with".split())
ARABIC_STOPWORDS = frozenset(normalize(w).text for w in
                             "في من على إلى الى عن أن ان إن مع ما لا لم لن قد هذا هذه ذلك تلك التي الذي الذين "
                             "هو هي هم كان كانت او أو ثم بين عند".split())
STOPWORDS = ENGLISH_STOPWORDS | ARABIC_STOPWORDS

WORDNET = Path("/usr/share/wordnet")
WORDNET_LISTS = ("verb.exc", "noun.exc")  # irregular verb forms and plurals (adjectives change meaning)
# Auxiliary and modal verbs: their forms are function words, and "might" → "may" would find the month.
AUXILIARIES = frozenset({"be", "have", "do", "may", "can", "shall", "will", "must"})


def tokens(text: str) -> list[tuple[int, int, str]]:
    """(start, end, surface) of every token of ``text``."""
    return [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]


def key(surface: str) -> str:
    """A token folded for matching: Arabic folds, lower case, no thousands separator, no ``al-``."""
    folded = normalize(surface).text.lower()
    if _NUMBER_KEY.match(folded):
        return folded.replace(",", "")
    return _ARTICLE_KEY.sub("", folded)


def strip_clitics(word: str) -> str:
    """Drop the proclitics of a normalised Arabic word: و/ف, then ب/ك/ل (لل = ل + ال), then ال."""
    if word[:1] and word[0] in CONJUNCTIONS and len(word) - 1 >= MIN_STEM:
        word = word[1:]
    if word.startswith(LAM_ARTICLE) and len(word) - 2 >= MIN_STEM:
        return word[2:]
    if word[:1] and word[0] in PREPOSITIONS and len(word) - 1 >= MIN_STEM:
        word = word[1:]
    if word.startswith(ARABIC_ARTICLE) and len(word) - 2 >= MIN_STEM:
        word = word[2:]
    return word


@lru_cache(maxsize=1)
def _porter():  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


def porter(word: str) -> str:
    """Porter's stem: snowball's, which Sphinx also ships in JavaScript (minified-js/porter-stemmer.js)."""
    return _porter().stemWord(word)


def base_stem(folded: str, irregular: dict[str, str]) -> str:
    """The stem of a folded token, before synonyms."""
    if ARABIC.search(folded):
        return strip_clitics(folded)
    if folded[:1].isdigit():
        return folded
    return irregular.get(folded) or porter(folded)


def is_stopword(surface: str) -> bool:
    folded = key(surface)
    return folded in STOPWORDS


def irregular_forms(vocabulary: Iterable[str], lists: Iterable[Path] | None = None) -> dict[str, str]:
    """Irregular English forms → the Porter stem of their base form, for the words of this book.

    From WordNet's exception lists (``withdrew withdraw``, ``crises crisis``), keep a form when the book
    uses it or a form of its base (``withdrawal`` makes ``withdrew`` → ``withdraw``), unless Porter already
    gives it its base's stem, its base is ambiguous, or another word of the book regularly has the form's
    stem (``bases`` stays with ``base``, not ``basis``). ``vocabulary``: the book's folded tokens.
    """
    paths = list(lists) if lists is not None else [WORDNET / name for name in WORDNET_LISTS]
    words = {w for w in vocabulary if w.isascii() and w.isalpha()}
    by_stem: dict[str, set[str]] = defaultdict(set)
    for w in words:
        by_stem[porter(w)].add(w)
    out: dict[str, str] = {}
    for path in paths:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as e:
            raise FileNotFoundError(f"{path}: WordNet's list of irregular forms is missing ({e.strerror}): "
                                    "run `make setup` (Debian package wordnet-base)") from None
        for number, line in enumerate(lines, start=1):
            form, *bases = line.split()
            if not bases:
                raise ValueError(f"{path}: line {number}: expected 'form base…', got {line!r}")
            if not form.isascii() or not form.isalpha():
                continue
            regular = porter(form)
            if AUXILIARIES & set(bases):
                continue
            stems = {porter(b) for b in bases if b.isascii() and b.isalpha()}
            if not stems or regular in stems:
                continue  # Porter already agrees (stopped → stop), or a multi-word base
            if len(stems) > 1:
                stems &= set(by_stem)
                if len(stems) != 1:
                    continue  # ambiguous in this book
            target = stems.pop()
            if form not in words and target not in by_stem:
                continue  # neither the form nor its base is in the book
            if by_stem.get(regular, set()) - {form}:
                continue  # another word of the book has this stem regularly
            out[form] = target
    return dict(sorted(out.items()))


@dataclass
class Synonyms:
    """``words``: stem of a one-word variant → group key; ``phrases``: stems of a variant of several
    words → group key. Keys start with ``=`` so that no word's stem is one."""

    words: dict[str, str] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], str] = field(default_factory=dict)


def load_synonyms(path: Path, irregular: dict[str, str] | None = None) -> Synonyms:
    """The synonym groups of ``path`` (``group,variant``); a malformed row is an error naming the file and
    line. A file that does not exist gives no synonyms."""
    irregular = irregular or {}
    out = Synonyms()
    if not path.exists():
        return out
    rows: list[tuple[int, str, list[str]]] = []
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != ["group", "variant"]:
            raise ValueError(f"{path}: line 1: the header must be 'group,variant'")
        for line, row in enumerate(reader, start=2):
            group, variant = (row.get("group") or "").strip(), (row.get("variant") or "").strip()
            words = [base_stem(key(t), irregular) for _, _, t in tokens(variant)]
            if not re.fullmatch(r"[a-z0-9-]+", group) or not words:
                raise ValueError(f"{path}: line {line}: need a group (lower-case letters, digits, '-') and a "
                                 f"variant with at least one word, got {row}")
            rows.append((line, "=" + group, words))
    seen: dict[tuple[str, ...], tuple[int, str]] = {}
    for line, group, words in rows:  # one-word variants first: phrases are written with their keys
        if len(words) == 1:
            _add(seen, (words[0],), group, line, path)
            out.words[words[0]] = group
    for line, group, words in rows:
        if len(words) > 1:
            stems = tuple(out.words.get(w, w) for w in words)
            _add(seen, stems, group, line, path)
            out.phrases[stems] = group
    return out


def _add(seen: dict[tuple[str, ...], tuple[int, str]], stems: tuple[str, ...], group: str, line: int,
         path: Path) -> None:
    if stems in seen and seen[stems][1] != group:
        raise ValueError(f"{path}: line {line}: this variant is already in group {seen[stems][1][1:]!r} "
                         f"(line {seen[stems][0]}); a variant belongs to one group")
    seen[stems] = (line, group)


def stem(surface: str, irregular: dict[str, str], synonyms: Synonyms) -> str:
    """The stem a token is indexed and searched by: its group key if it is a one-word variant."""
    base = base_stem(key(surface), irregular)
    return synonyms.words.get(base, base)
