"""Arabic normalisation that remembers where every character came from.

Quotes are matched on a normalised form of both the quote and the source. camel-tools decides the
Arabic folds (its diacritic set and its alef / alef maqsura / teh marbuta normalisers); this module
fills the gaps camel-tools leaves for matching (tatweel, Quranic marks, hamza carriers,
Arabic-Indic digits, quotation marks, white space and punctuation spacing) and, unlike camel-tools,
keeps an offset map: ``normalized.origin[i]`` is the index in the original text of the character
that produced ``normalized.text[i]``.

Text copied from elsewhere is folded too (``_compose``): Arabic presentation forms from PDFs
(U+FB50–FDFF, U+FE70–FEFF) become the letters they show (Unicode NFKC, applied to those characters
only); decomposed (NFD) text is composed (NFC: ا + U+0654 → أ); and the letters a Persian or Kurdish
keyboard types for Arabic ones are folded (``KEYBOARD_FOLDS``). One original character may become
several normalised ones (the lam-alef ligature ﻻ → لا): each of them maps to that character, so the
map stays monotone and a span never splits an original character.

The folds never change words, numbers or word order: ``في أيلول 2025`` never matches
``في أيلول 2026``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import unicodedata
from array import array
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

TATWEEL = "\u0640"
# Quranic annotation marks that camel-tools' dediac_ar leaves in place.
QURANIC_MARKS = [chr(c) for c in range(0x0610, 0x061B)] + [
    chr(c) for c in range(0x06D6, 0x06EE) if chr(c) not in "\u06DD\u06DE\u06E9"
]
# Bidi embedding/override/isolate controls: never folded away, so a quote or source containing
# them does not silently match; `bidi_controls()` lets callers flag them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ZERO_WIDTH = "\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"

# Letters that Persian, Urdu and Kurdish keyboards type in place of the Arabic letter of the same
# shape and sound (hand-written: camel-tools' `arclean` map also folds پ→ب, چ→ج, گ→ك, ژ→ز, ڤ→ف,
# which are different letters, and deletes ە; a changed letter must never match).
KEYBOARD_FOLDS = {
    "\u06a9": "ك",  # ک keheh (Persian kaf)
    "\u06cc": "ي",  # ی Farsi yeh (ى and ي are one class already)
    "\u06d5": "ه",  # ە ae (Kurdish keyboards' final heh)
    "\u06c0": "ه",  # ۀ heh with yeh above (ە + hamza; hamza carriers fold to the bare letter)
    "\u06be": "ه",  # ھ heh doachashmee (Kurdish and Urdu keyboards' heh)
    "\u06c1": "ه",  # ہ heh goal (Urdu)
    "\u06c2": "ه",  # ۂ heh goal with hamza above
    "\u06c3": "ه",  # ۃ teh marbuta goal (ة folds to ه)
}
# Arabic presentation forms (glyph-shaped code points that PDF text extraction produces).
PRESENTATION_FORMS = "\ufb50-\ufdff\ufe70-\ufeff"
_NEEDS_COMPOSE = re.compile(f"[{PRESENTATION_FORMS}]")

QUOTE_MARKS = "\"'“”„‟«»‘’‚‛‹›"
PUNCTUATION_FOLDS = {"،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ","}
# Characters next to which white space is dropped ("X ، Y" and "X، Y" match).
PUNCTUATION = set(".,;:?!()[]{}\"/\\-–—…%") | set(PUNCTUATION_FOLDS.values())

_SPACE_CLASS = r"\s\u00a0\u2000-\u200a\u202f\u205f\u3000"
_PUNCT_CLASS = re.escape("".join(sorted(PUNCTUATION)))


def _candidate_chars() -> list[str]:
    ranges = [(0x0600, 0x0700), (0x0750, 0x0780), (0x08A0, 0x0900)]
    return [chr(c) for lo, hi in ranges for c in range(lo, hi)]


# What the fold table is derived from: this module's source (its constants and ``_derive_tables``),
# the camel-tools modules it calls (and camel-tools' VERSION file), and the Unicode database (camel-tools
# builds its charsets from character categories). The cache file is named after a digest of all of them,
# so a change to any of them is never hidden by a table cached before it.
_CAMEL_TOOLS_FILES = ("VERSION", "utils/charsets.py", "utils/charmap.py", "utils/normalize.py")


def _camel_tools_dir() -> Path:
    """The installed camel_tools package folder (found without importing it)."""
    spec = importlib.util.find_spec("camel_tools")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("camel-tools is not installed: run `make setup`")
    return Path(next(iter(spec.submodule_search_locations)))


def _fold_inputs_digest() -> str:
    """sha256 (first 16 hex digits) of everything the fold table is derived from."""
    h = hashlib.sha256(f"unicode {unicodedata.unidata_version}\0".encode())
    h.update(Path(__file__).read_bytes())
    package = _camel_tools_dir()
    for name in _CAMEL_TOOLS_FILES:
        h.update(f"\0{name}\0".encode())
        try:
            h.update((package / name).read_bytes())
        except OSError:
            h.update(b"missing")
    return h.hexdigest()[:16]


def _cache_file() -> Path:
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "briefing" / f"fold-table-{_fold_inputs_digest()}.json"


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[int, str], str]:
    """(one-to-one fold table, deletable characters), derived from camel-tools.

    Importing camel-tools' charsets scans all of Unicode (~0.6 s), so the derived table is cached in
    the user's cache folder under a digest of everything it is derived from (``_fold_inputs_digest``);
    it is rebuilt whenever that file is missing or unreadable.
    """
    cache = _cache_file()
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
        return {int(k): v for k, v in data["fold"].items()}, data["deletable"]
    except (OSError, ValueError, KeyError, RecursionError):  # stays standalone (tests load it alone): no jsonio
        pass
    fold, deletable = _derive_tables()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"fold": fold, "deletable": deletable}), encoding="utf-8")
        tmp.replace(cache)
    except OSError:
        pass  # a read-only home: derive the table on every run instead
    return fold, deletable


def _derive_tables() -> tuple[dict[int, str], str]:
    """Apply camel-tools' diacritic set and alef / alef maqsura / teh marbuta normalisers to every
    Arabic-block character, then add the folds camel-tools leaves out."""
    from camel_tools.utils.charsets import AR_DIAC_CHARSET
    from camel_tools.utils.normalize import (
        normalize_alef_ar,
        normalize_alef_maksura_ar,
        normalize_teh_marbuta_ar,
    )

    deletable = set(AR_DIAC_CHARSET) | {TATWEEL} | set(QURANIC_MARKS) | set(ZERO_WIDTH)
    fold: dict[int, str] = {}
    for ch in _candidate_chars():
        if ch in deletable:
            continue
        folded = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(ch)))
        if folded != ch and len(folded) == 1:
            fold[ord(ch)] = folded
    fold[ord("ؤ")] = "و"
    fold[ord("ئ")] = "ي"
    fold[ord("ٱ")] = "ا"
    for ch, to in KEYBOARD_FOLDS.items():
        fold[ord(ch)] = to
    for zero in (0x0660, 0x06F0):  # Arabic-Indic and Persian digits
        for d in range(10):
            fold[zero + d] = str(d)
    for ch in QUOTE_MARKS:
        fold[ord(ch)] = '"'
    for ch, to in PUNCTUATION_FOLDS.items():
        fold[ord(ch)] = to
    for c in range(ord("A"), ord("Z") + 1):
        fold[c] = chr(c + 32)
    return fold, "".join(sorted(deletable))


@dataclass(frozen=True)
class Normalized:
    """A normalised text and, for each of its characters, the index of the original character."""

    text: str
    origin: array  # array('l') of original indices, len(origin) == len(text)
    original: str

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of the normalised text back to a span of the original text.

        The end runs on over marks (diacritics, shadda, tatweel, a decomposed hamza) that follow the
        last letter, so a match never splits a letter from its marks, and over the rest of the dots
        of an ellipsis.
        """
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside normalised text of length {len(self.text)}")
        o_start = self.origin[start]
        o_end = self.origin[end - 1] + 1
        _, deletable = _tables()
        run_on = _ELLIPSIS_CHARS if self.text[end - 1] == ELLIPSIS else ""
        original = self.original
        while o_end < len(original) and (original[o_end] in deletable or original[o_end] in run_on
                                         or unicodedata.combining(original[o_end])):
            o_end += 1
        return o_start, o_end


def _rewrite(text: str, origin: array, pattern: re.Pattern[str], repl: str) -> tuple[str, array]:
    """Replace every match of ``pattern`` by ``repl`` (at most one character), keeping the map."""
    parts: list[str] = []
    new_origin = array("l")
    pos = 0
    for m in pattern.finditer(text):
        s, e = m.span()
        parts.append(text[pos:s])
        new_origin.extend(origin[pos:s])
        if repl:
            parts.append(repl)
            new_origin.append(origin[s])
        pos = e
    parts.append(text[pos:])
    new_origin.extend(origin[pos:])
    return "".join(parts), new_origin


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    _, deletable = _tables()
    delete = re.compile("[" + re.escape(deletable) + "]+")
    space_by_punct = re.compile(
        rf"[{_SPACE_CLASS}]+(?=[{_PUNCT_CLASS}])|(?<=[{_PUNCT_CLASS}])[{_SPACE_CLASS}]+"
    )
    space_run = re.compile(rf"[{_SPACE_CLASS}]{{2,}}|[^\S ]|[\u00a0\u2000-\u200a\u202f\u205f\u3000]")
    return delete, space_by_punct, space_run


def _compose(text: str) -> tuple[str, array]:
    """Presentation forms → NFKC, then NFC within each letter-and-marks cluster, keeping the map.

    Text that is NFC and has no presentation forms (every stored source so far) is returned as it
    is. Otherwise each original character is expanded (a ligature to its letters, all mapped to
    the ligature; an isolated haraka form to the haraka alone, without NFKC's leading space) and
    each cluster (a character and the combining marks after it) is composed; a composed character
    maps to the first character of its cluster and the marks it absorbed are covered by the run-on
    of ``Normalized.original_span``.
    """
    if not _NEEDS_COMPOSE.search(text) and unicodedata.is_normalized("NFC", text):
        return text, array("l", range(len(text)))
    chars: list[str] = []
    where = array("l")
    for i, ch in enumerate(text):
        if _NEEDS_COMPOSE.match(ch):
            out = unicodedata.normalize("NFKC", ch)
            if out[:1] == " " and len(out) > 1 and all(unicodedata.combining(c) for c in out[1:]):
                out = out[1:]
            chars.extend(out)
            where.extend([i] * len(out))
        else:
            chars.append(ch)
            where.append(i)
    parts: list[str] = []
    origin = array("l")
    i = 0
    while i < len(chars):
        j = i + 1
        while j < len(chars) and unicodedata.combining(chars[j]):
            j += 1
        cluster = "".join(chars[i:j])
        composed = unicodedata.normalize("NFC", cluster)
        parts.append(composed)
        if composed == cluster:
            origin.extend(where[i:j])
        else:
            origin.extend(where[i + min(k, j - i - 1)] for k in range(len(composed)))
        i = j
    return "".join(parts), origin


ELLIPSIS = "…"
_ELLIPSIS_CHARS = ".…"
_ELLIPSIS_RE = re.compile(r"[.…]{2,}|…")


def normalize(text: str) -> Normalized:
    """Normalise Arabic text for matching and keep a map back to the original characters.

    Folds: presentation forms → letters (NFKC), NFD → NFC; diacritics, tatweel, Quranic marks and
    zero-width characters are dropped; أ إ آ ٱ → ا; ى → ي; ة → ه; ؤ → و; ئ → ي; the Persian and
    Kurdish keyboard letters of ``KEYBOARD_FOLDS`` (ک → ك, ی → ي, ە ۀ ھ → ه …); Arabic-Indic and
    Persian digits → ASCII; all quotation marks → ``"``; ، ؛ ؟ → , ; ?; ``…`` and any run of two or
    more dots → one ``…``; every run of white space → one space; white space next to punctuation
    is dropped; ASCII letters are lower-cased. Leading and trailing white space is dropped.
    """
    fold, _ = _tables()
    composed, origin = _compose(text)
    folded = composed.translate(fold)  # one-to-one, so offsets are unchanged
    delete, space_by_punct, space_run = _patterns()
    out, origin = _rewrite(folded, origin, delete, "")
    out, origin = _rewrite(out, origin, _ELLIPSIS_RE, ELLIPSIS)
    out, origin = _rewrite(out, origin, space_by_punct, "")
    out, origin = _rewrite(out, origin, space_run, " ")
    # strip leading/trailing space
    lead = len(out) - len(out.lstrip(" "))
    trail = len(out.rstrip(" "))
    return Normalized(out[lead:trail], origin[lead:trail], text)


_BIDI_RE = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")


def bidi_controls(text: str) -> list[int]:
    """Indices of bidi embedding, override and isolate controls (U+202A–202E, U+2066–2069)."""
    return [m.start() for m in _BIDI_RE.finditer(text)]


def is_word_char(ch: str) -> bool:
    """Letters, digits and marks count as word characters for match boundaries."""
    return unicodedata.category(ch)[0] in "LNM"


_TOKEN_RE = re.compile(r"[^\W_]+(?:[\u064B-\u0652\u0640\u0670][^\W_]*)*|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Token:
    """A word or punctuation mark with its offsets in the original text and its normalised form."""

    text: str
    start: int
    end: int
    norm: str


def tokenize(text: str) -> list[Token]:
    """Words and punctuation with offsets (camel-tools' simple_word_tokenize splits the same way but
    returns no offsets). Diacritics and tatweel stay inside their word; ``norm`` is the normalised word."""
    return [Token(m.group(), m.start(), m.end(), normalize(m.group()).text) for m in _TOKEN_RE.finditer(text)]
