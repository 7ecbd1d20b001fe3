"""Find a quote in a source: exact original spans with W3C TextQuoteSelector context."""

from __future__ import annotations

import difflib
import unicodedata
from dataclasses import asdict, dataclass

from rapidfuzz import fuzz

from .arabic import bidi_controls, is_word_char, normalize
from .corpus import Source
from .errors import AmbiguousQuote, EmptyQuote, QuoteNotFound

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


def _check_quote(source: Source, quote: str, needle: str, label: str) -> None:
    if bidi_controls(quote):
        raise EmptyQuote(label, f"quote contains bidi control characters (U+202A–202E, U+2066–2069) "
                                f"for source '{source.id}'",
                         "remove them: they are invisible and would never match the source")
    if not any(unicodedata.category(c)[0] in "LN" for c in needle):
        raise EmptyQuote(label, f"quote for source '{source.id}' is empty or has no letters or digits",
                         "quote at least one word of the source")


def anchor(source: Source, quote: str, label: str | None = None) -> list[Match]:
    """Every occurrence of ``quote`` in the title and body of ``source`` (boilerplate is skipped).

    Matching is on normalised text (see ``briefing.arabic.normalize``) and on whole words; each
    match is mapped back to the original characters.
    """
    label = label or f"source '{source.id}'"
    needle = normalize(quote).text
    _check_quote(source, quote, needle, label)
    hay = source.normalized
    text = hay.text
    matches: list[Match] = []
    pos = text.find(needle)
    while pos != -1:
        end = pos + len(needle)
        bounded = (pos == 0 or not (is_word_char(text[pos - 1]) and is_word_char(text[pos]))) and (
            end == len(text) or not (is_word_char(text[end - 1]) and is_word_char(text[end])))
        if bounded:
            o_start, o_end = hay.original_span(pos, end)
            block = source.block_at(o_start)
            if block is not None and block.searchable and o_end <= block.end:
                raw = source.text
                matches.append(Match(source.id, o_start, o_end, raw[o_start:o_end],
                                     raw[max(0, o_start - CONTEXT):o_start], raw[o_end:o_end + CONTEXT],
                                     block.paragraph or 0))
        pos = text.find(needle, pos + 1)
    return matches


def nearest(source: Source, quote: str) -> Nearest | None:
    """The title or body passage that best contains an approximation of ``quote``."""
    needle = normalize(quote).text
    if not needle:
        return None
    best: tuple[float, int, str] | None = None
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
        best = (al.score, block.paragraph or 0, raw[o_s:o_e])
    if best is None:
        return None
    score, para_no, passage = best
    return Nearest(para_no, passage, round(score, 1), word_diff(passage, quote))


def word_diff(source_text: str, quote: str) -> str:
    """Words of the source passage versus the quote: ``[-source-]`` and ``{+quote+}`` mark changes."""
    a = normalize(source_text).text.split(" ")
    b = normalize(quote).text.split(" ")
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


def not_found(source: Source, quote: str, label: str) -> QuoteNotFound:
    """The error for a quote that does not anchor, with the nearest passage and the word diff."""
    near = nearest(source, quote)
    if near is None:
        return QuoteNotFound(label, f"quote not found in source '{source.id}'", "check the source id")
    where = "title" if near.paragraph == 0 else f"¶{near.paragraph}"
    return QuoteNotFound(
        label,
        f"quote not found in source '{source.id}'; nearest passage ({where}, similarity {near.score}%): "
        f"«{near.passage}»; differences (normalised words): {near.diff}",
        "copy the words exactly as the source prints them, or cite another passage")


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
