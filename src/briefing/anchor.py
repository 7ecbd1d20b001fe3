"""Find a quote in a source: exact original spans with W3C TextQuoteSelector context.

What a pasting author can expect (each a test in tests/test_pasted_quotes.py):

- spelling noise anchors on the exact original span: diacritics, hamza, ى/ي, ة/ه, tatweel, digits
  of either script, white space, presentation forms, NFD, Persian keyboard letters, ``...`` for ``…``
  (see ``briefing.arabic.normalize``);
- only when a quote does not anchor as pasted, two tolerances are tried, in this order: the quote's
  outer quotation marks (``«…»``, ``"…"``, ``“…”``, ``'…'``) and an excerpt's leading or trailing
  ellipsis are dropped where the source has none;
  then a quote of two or more words may have lost the conjunction و or ف of its first word: it
  anchors with ``exact`` starting after the clitic, which the prefix then carries. The opposite (a
  quote with a و or ف that the source does not have) never anchors: the quote would print a word the
  source does not;
- anything else does not anchor, and ``not_found`` says why: an ellipsis inside the quote (elided
  words; a citation is one continuous passage, so the two parts are located and must be cited
  separately), a quote found only in a non-body line (caption, pull-quote, related headline …: which
  kind, which line, and the body passage that says the same), or the nearest body passage with a
  word diff that ignores punctuation and points at loanword spellings (أمريكي/أميركي, غ/ج) by the
  source's own spelling, which is evidence and never folded into a match.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import asdict, dataclass

from rapidfuzz import fuzz

from .arabic import ELLIPSIS, QUOTE_MARKS, Normalized, bidi_controls, is_word_char, normalize
from .corpus import Block, Source
from .errors import AmbiguousQuote, AnchorError, EmptyQuote, QuoteNotFound

CONTEXT = 32  # characters of prefix and suffix, as in the W3C TextQuoteSelector examples


@dataclass(frozen=True)
class Match:
    """One occurrence of a quote: original offsets (Python str indices into the decoded raw file)."""

    source: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str
    paragraph: int  # 0 is the title

    def as_dict(self) -> dict:
        d = asdict(self)
        d.pop("source")
        return d


@dataclass(frozen=True)
class Nearest:
    """The passage of a source closest to a quote that did not anchor, and how the two differ."""

    paragraph: int
    passage: str
    score: float
    diff: str  # word diff: [-source word-] {+quote word+}
    spellings: tuple[Spelling, ...] = ()  # words that differ only in a loanword spelling


@dataclass(frozen=True)
class Spelling:
    """A quote word that the source spells differently (أميركي for the source's أمريكي)."""

    quoted: str  # the word as the quote has it
    printed: str  # the word as the source prints it
    start: int  # its offsets in the source text
    end: int


def _check_quote(source: Source, quote: str, needle: str, label: str) -> None:
    if bidi_controls(quote):
        raise EmptyQuote(label, f"quote contains bidi control characters (U+202A–202E, U+2066–2069) "
                                f"for source '{source.id}'",
                         "remove them: they are invisible and would never match the source")
    if not any(unicodedata.category(c)[0] in "LN" for c in needle):
        raise EmptyQuote(label, f"quote for source '{source.id}' is empty or has no letters or digits",
                         "quote at least one word of the source")


CLITICS = "وف"  # the conjunctions an author may drop from the first word of a pasted quote


def _bounded(text: str, pos: int, end: int) -> bool:
    """The span ``pos:end`` of normalised text starts and ends on word boundaries."""
    return (pos == 0 or not (is_word_char(text[pos - 1]) and is_word_char(text[pos]))) and (
        end == len(text) or not (is_word_char(text[end - 1]) and is_word_char(text[end])))


def _whole_characters(hay: Normalized, pos: int, end: int) -> bool:
    """The span does not start or end inside one original character expanded to several (ﷺ)."""
    origin = hay.origin
    return (pos == 0 or origin[pos] != origin[pos - 1]) and (end == len(origin) or origin[end] != origin[end - 1])


def _after_clitic(text: str, pos: int) -> bool:
    """``text[pos]`` starts a word right after a leading و or ف that is itself at a word start."""
    return (pos >= 1 and text[pos - 1] in CLITICS and is_word_char(text[pos])
            and (pos == 1 or not is_word_char(text[pos - 2])))


def _spans(source: Source, needle: str, clitic: bool) -> Iterator[tuple[int, int, Block | None]]:
    """Original spans (with their line block) of whole-word occurrences of a normalised needle,
    in every line of the source; with ``clitic``, only those right after a dropped و or ف."""
    hay = source.normalized
    text = hay.text
    pos = text.find(needle)
    while pos != -1:
        end = pos + len(needle)
        if clitic:
            ok = _after_clitic(text, pos) and _bounded(text, pos - 1, end)
        else:
            ok = _bounded(text, pos, end)
        if ok and _whole_characters(hay, pos, end):
            o_start, o_end = hay.original_span(pos, end)
            block = source.block_at(o_start)
            if block is None or o_end <= block.end:
                yield o_start, o_end, block
        pos = text.find(needle, pos + 1)


def _strip_quote_marks(needle: str) -> str:
    """The normalised quote without the quotation marks (all fold to ``"``) and the ellipses
    (an excerpt's ``…`` before or after it) around it."""
    return needle.strip('"' + ELLIPSIS)


def _candidates(needle: str) -> list[tuple[str, bool]]:
    """(needle, clitic) pairs in the order tried: as pasted, outer marks dropped, first clitic dropped."""
    stripped = _strip_quote_marks(needle)
    tries = [(needle, False)]
    if stripped and stripped != needle:
        tries.append((stripped, False))
    if " " in stripped and is_word_char(stripped[0]):
        tries.append((stripped, True))
    return tries


def _occurrences(source: Source, needle: str, searchable: bool) -> list[tuple[int, int, Block]]:
    """Spans in searchable lines (title, body) or, with ``searchable=False``, in the other lines,
    for the first candidate form of the needle that has any."""
    for form, clitic in _candidates(needle):
        found = [(s, e, b) for s, e, b in _spans(source, form, clitic)
                 if b is not None and b.searchable == searchable]
        if found:
            return found
    return []


def anchor(source: Source, quote: str, label: str | None = None) -> list[Match]:
    """Every occurrence of ``quote`` in the title and body of ``source`` (boilerplate is skipped).

    Matching is on normalised text (see ``briefing.arabic.normalize``) and on whole words; each
    match is mapped back to the original characters. Only when the quote does not occur as pasted
    are its outer quotation marks dropped, and then a dropped leading و / ف of its first word
    allowed (see the module docstring).
    """
    label = label or f"source '{source.id}'"
    needle = normalize(quote).text
    _check_quote(source, quote, needle, label)
    raw = source.text
    return [Match(source.id, s, e, raw[s:e], raw[max(0, s - CONTEXT):s], raw[e:e + CONTEXT], b.paragraph or 0)
            for s, e, b in _occurrences(source, needle, searchable=True)]


def nearest(source: Source, quote: str) -> Nearest | None:
    """The title or body passage that best contains an approximation of ``quote``."""
    needle = _strip_quote_marks(normalize(quote).text)
    if not needle:
        return None
    best: tuple[float, Block, int, int] | None = None
    for block in source.blocks:
        if not block.searchable:
            continue
        para = normalize(source.text[block.start:block.end])
        al = fuzz.partial_ratio_alignment(needle, para.text)
        if al is None or (best is not None and al.score <= best[0]):
            continue
        s, e = max(al.dest_start, 0), min(al.dest_end, len(para.text))
        if e <= s:
            continue
        # widen to whole words of the original
        o_s, o_e = para.original_span(s, e)
        raw = source.text[block.start:block.end]
        while o_s > 0 and not raw[o_s - 1].isspace():
            o_s -= 1
        while o_e < len(raw) and not raw[o_e].isspace():
            o_e += 1
        best = (al.score, block, block.start + o_s, block.start + o_e)
    if best is None:
        return None
    score, block, start, end = best
    passage = source.text[start:end]
    source_words, quote_words = _words(passage, start), _words(quote, 0)
    return Nearest(block.paragraph or 0, passage, round(score, 1),
                   _diff([w for w, _, _ in source_words], [w for w, _, _ in quote_words]),
                   _spellings(source_words, source.text, quote_words, quote))


def _words(text: str, offset: int) -> list[tuple[str, int, int]]:
    """The normalised words of ``text`` (punctuation left out) with their original offsets + ``offset``."""
    n = normalize(text)
    words = []
    for m in _WORD_RUN.finditer("".join(c if is_word_char(c) else " " for c in n.text)):
        s, e = n.original_span(m.start(), m.end())
        words.append((m.group(), offset + s, offset + e))
    return words


_WORD_RUN = re.compile(r"[^ ]+")


def _diff(a: list[str], b: list[str]) -> str:
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(a[i1:i2])
        else:
            if i2 > i1:
                out.append("[-" + " ".join(a[i1:i2]) + "-]")
            if j2 > j1:
                out.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(out)


def word_diff(source_text: str, quote: str) -> str:
    """Words of the source passage versus the quote: ``[-source-]`` and ``{+quote+}`` mark changes.

    Words are compared in normalised form; punctuation is left out (a trailing comma is no change).
    """
    return _diff([w for w, _, _ in _words(source_text, 0)], [w for w, _, _ in _words(quote, 0)])


# Letters that transliterate one foreign sound (g: غ ج گ ق; v: ف ڤ), and the long vowels that a
# loanword is written with or without (أمريكي / أميركي). Used only to explain a failed match.
_SOUND_CLASS = {"غ": "g", "ج": "g", "گ": "g", "ق": "g", "ڤ": "v", "ف": "v"}
_LONG_VOWELS = "اوي"


def _spelling_key(word: str) -> str:
    """The word with sound classes merged and the long vowels inside it (not in its first letter or
    its last two, where inflection lives: -ون / -ين) left out."""
    merged = "".join(_SOUND_CLASS.get(c, c) for c in word)
    return merged[:1] + "".join(c for c in merged[1:-2] if c not in _LONG_VOWELS) + merged[-2:]


def _is_spelling_variant(a: str, b: str) -> bool:
    """Two different (normalised) words that are one loanword spelled two ways: letters for the same
    foreign sound swapped (البنتاغون / البنتاجون), or a long vowel added, left out or moved inside
    the word (الأمريكية / الأميركية)."""
    return (a != b and min(len(a), len(b)) >= 4 and not any(c.isdigit() for c in a + b)
            and _spelling_key(a) == _spelling_key(b))


def _spellings(source_words: list[tuple[str, int, int]], text: str,
               quote_words: list[tuple[str, int, int]], quote: str) -> tuple[Spelling, ...]:
    """Quote words that a replaced source word spells differently, both as printed."""
    a, b = [w for w, _, _ in source_words], [w for w, _, _ in quote_words]
    found: list[Spelling] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "replace":
            continue
        for j in range(j1, j2):
            for i in range(i1, i2):
                if _is_spelling_variant(a[i], b[j]):
                    _, s, e = source_words[i]
                    _, qs, qe = quote_words[j]
                    found.append(Spelling(quote[qs:qe], text[s:e], s, e))
                    break
    return tuple(found)


def _locate_part(source: Source, part: str) -> str:
    """Where one part of an elided quote is: ``¶3 [120:140]``, several places, or not found."""
    try:
        matches = anchor(source, part)
    except AnchorError as exc:
        return exc.what
    if not matches:
        near = nearest(source, part)
        return "not found" + (f" (nearest: {_where_near(near)}, similarity {near.score}%)" if near else "")
    return ", ".join(f"{'title' if m.paragraph == 0 else f'¶{m.paragraph}'} [{m.start}:{m.end}]" for m in matches)


_ELLIPSIS_SPLIT = re.compile(r"\s*(?:[.…]{2,}|…)\s*")


def _elided_parts(quote: str, needle: str) -> list[str]:
    """The parts of a quote around an ellipsis inside it (none when it has no inner ellipsis)."""
    if ELLIPSIS not in _strip_quote_marks(needle).strip(ELLIPSIS):
        return []
    return [p.strip().strip(QUOTE_MARKS).strip() for p in _ELLIPSIS_SPLIT.split(quote)
            if any(unicodedata.category(c)[0] in "LN" for c in p)]


def not_found(source: Source, quote: str, label: str) -> QuoteNotFound:
    """The error for a quote that does not anchor, saying why as precisely as it can.

    An ellipsis inside the quote is refused: a citation quotes one continuous passage (one span,
    one highlight), so the message locates each part and asks for two citations. A quote found
    only in a non-body line names the line's kind and number and the body passage that says the
    same, if any. Otherwise the nearest passage is shown with a word diff, and words that differ
    only in a loanword spelling are pointed at in the source's own spelling.
    """
    needle = normalize(quote).text
    fix = "copy the words exactly as the source prints them, or cite another passage"
    parts = _elided_parts(quote, needle)
    if len(parts) >= 2:
        located = "; ".join(f"part {i} «{p}»: {_locate_part(source, p)}" for i, p in enumerate(parts, start=1))
        return QuoteNotFound(
            label, f"quote contains an ellipsis (elided words) and a citation quotes one continuous "
                   f"passage of source '{source.id}'; {located}",
            "cite the parts as separate evidence entries, one continuous passage each")
    near = nearest(source, quote)
    elsewhere = _occurrences(source, needle, searchable=False) if needle else []
    if elsewhere:
        _, _, block = elsewhere[0]
        lines = ", ".join(f"{b.kind}, line {b.line}" for _, _, b in elsewhere)
        said = (f"the body passage that says the same: {_where_near(near)} «{near.passage}» "
                f"(similarity {near.score}%)" if near and near.score >= SAYS_THE_SAME
                else "no body passage says the same" + (f" (nearest: {_where_near(near)}, similarity "
                                                         f"{near.score}%)" if near else ""))
        return QuoteNotFound(
            label, f"quote is only in a non-body line of source '{source.id}' ({lines}), which is not "
                   f"article text and cannot be cited; {said}",
            "cite the body passage, or, if the line is article text, correct its segment in data/sources.yaml")
    if near is None:
        return QuoteNotFound(label, f"quote not found in source '{source.id}'", "check the source id")
    spelled = "".join(f"; the quote's «{sp.quoted}» is spelled «{sp.printed}» in the source "
                      f"({_where_near(near)}, characters {sp.start}–{sp.end})" for sp in near.spellings)
    if near.spellings:
        fix = "quote the source's own spelling: spellings are evidence and are never folded into a match"
    return QuoteNotFound(
        label,
        f"quote not found in source '{source.id}'; nearest passage ({_where_near(near)}, similarity "
        f"{near.score}%): «{near.passage}»; differences (normalised words, punctuation ignored): "
        f"{near.diff}{spelled}", fix)


SAYS_THE_SAME = 85.0  # similarity (rapidfuzz partial ratio) above which a body passage "says the same"


def _where_near(near: Nearest) -> str:
    return "title" if near.paragraph == 0 else f"¶{near.paragraph}"


def resolve(source: Source, quote: str, occurrence: int | None = None, label: str | None = None) -> Match:
    """Exactly one match for ``quote``: raise when it is missing or ambiguous."""
    label = label or f"source '{source.id}'"
    matches = anchor(source, quote, label)
    if not matches:
        raise not_found(source, quote, label)
    if occurrence is not None:
        if not 1 <= occurrence <= len(matches):
            raise AmbiguousQuote(label, f"occurrence {occurrence} asked for, but the quote occurs "
                                        f"{len(matches)} time(s) in '{source.id}'",
                                 f"use an occurrence from 1 to {len(matches)}")
        return matches[occurrence - 1]
    if len(matches) > 1:
        places = ", ".join(f"¶{m.paragraph} at {m.start}" for m in matches)
        raise AmbiguousQuote(label, f"quote occurs {len(matches)} times in '{source.id}' ({places})",
                             "lengthen the quote or add `occurrence: N`")
    return matches[0]
