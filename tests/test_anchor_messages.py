"""What anchoring says when a quote does not anchor (briefing.anchor), asserted whole and in-process on the real
sources: the place, the problem and the fix of every error, the nearest passage as whole words of the source,
and the few edge cases of the tolerances (a text's first character, a character that expands to several).

The places (paragraphs, offsets) are computed from the source text here, never typed in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing import AmbiguousQuote, Corpus, EmptyQuote, QuoteNotFound, anchor, resolve
from briefing.anchor import nearest, not_found
from briefing.corpus import Source

FIX_COPY = "copy the words exactly as the source prints them, or cite another passage"
FIX_BODY = "cite the body passage, or, if the line is article text, correct its segment in data/sources.yaml"
SIMILARITY = r"similarity \d{1,3}\.\d%"  # one decimal, as rounded for readers


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.load()


def _place(source: Source, passage: str) -> str:
    start = source.text.index(passage)
    block = source.block_at(start)
    return f"{'title' if block.paragraph == 0 else f'¶{block.paragraph}'} [{start}:{start + len(passage)}]"


def _body_places(source: Source, word: str) -> str:
    out = []
    for block in source.blocks:
        if block.searchable:
            for m in re.finditer(rf"(?<!\w){word}(?!\w)", source.text[block.start:block.end]):
                s = block.start + m.start()
                out.append(f"{'title' if block.paragraph == 0 else f'¶{block.paragraph}'} [{s}:{s + len(word)}]")
    return ", ".join(out)


# --- the errors, whole ---------------------------------------------------------------------------

def test_a_quote_with_bidi_controls_or_without_words_is_refused_where_the_caller_says(corpus: Corpus) -> None:
    source = corpus["jibal-2025-08-17"]
    with pytest.raises(EmptyQuote) as err:
        resolve(source, "\u202eستستكمل بمرحلتها", label="data/evidence.yaml:7")
    assert err.value.as_dict() == {
        "where": "data/evidence.yaml:7", "kind": "EmptyQuote",
        "problem": "quote contains bidi control characters (U+202A–202E, U+2066–2069) for source 'jibal-2025-08-17'",
        "fix": "remove them: they are invisible and would never match the source"}
    with pytest.raises(EmptyQuote) as err:
        anchor(source, "«…»")  # no label: the source names the place
    assert err.value.as_dict() == {
        "where": "source 'jibal-2025-08-17'", "kind": "EmptyQuote",
        "problem": "quote for source 'jibal-2025-08-17' is empty or has no letters or digits",
        "fix": "quote at least one word of the source"}


def test_an_ambiguous_quote_lists_every_place_and_an_occurrence_must_exist(corpus: Corpus) -> None:
    source = corpus["hafryat-2024-01-31"]
    quote = "مهمة التحالف"
    matches = anchor(source, quote)
    assert len(matches) >= 2
    places = ", ".join(f"¶{m.paragraph} at {m.start}" for m in matches)
    with pytest.raises(AmbiguousQuote) as err:
        resolve(source, quote, label="L")
    assert err.value.as_dict() == {
        "where": "L", "kind": "AmbiguousQuote",
        "problem": f"quote occurs {len(matches)} times in 'hafryat-2024-01-31' ({places})",
        "fix": "lengthen the quote or add `occurrence: N`"}
    assert resolve(source, quote, occurrence=1) == matches[0]
    assert resolve(source, quote, occurrence=len(matches)) == matches[-1]
    for wrong in (0, len(matches) + 1):
        with pytest.raises(AmbiguousQuote) as err:
            resolve(source, quote, occurrence=wrong, label="L")
        assert err.value.as_dict() == {
            "where": "L", "kind": "AmbiguousQuote",
            "problem": f"occurrence {wrong} asked for, but the quote occurs {len(matches)} time(s) in "
                       "'hafryat-2024-01-31'",
            "fix": f"use an occurrence from 1 to {len(matches)}"}


def test_a_changed_number_shows_the_nearest_passage_and_the_word_diff(corpus: Corpus) -> None:
    source = corpus["jibal-2025-08-17"]
    printed = "ستستكمل بمرحلتها الثانية في ايلول 2026"
    with pytest.raises(QuoteNotFound) as err:
        resolve(source, printed.replace("2026", "2027"), label="L")
    near = nearest(source, printed.replace("2026", "2027"))
    assert near is not None and printed in near.passage
    paragraph = source.block_at(source.text.index(printed)).paragraph
    assert err.value.where == "L" and err.value.fix == FIX_COPY
    assert err.value.what == (
        f"quote not found in source 'jibal-2025-08-17'; nearest passage (¶{paragraph}, similarity {near.score}%): "
        f"«{near.passage}»; differences (normalised words, punctuation ignored): {near.diff}")
    assert re.search(SIMILARITY, err.value.what)
    assert near.diff.endswith("ستستكمل بمرحلتها الثانيه في ايلول [-2026-] {+2027+}")


def test_an_elided_quote_locates_each_part_or_says_it_is_not_found(corpus: Corpus) -> None:
    source = corpus["erem-2025-09"]
    first = "ورغم بدء عمليات تسليم"
    err = not_found(source, f"«{first} … الأسد»", "L")  # a one-word second part is a part too
    assert err.as_dict() == {
        "where": "L", "kind": "QuoteNotFound",
        "problem": "quote contains an ellipsis (elided words) and a citation quotes one continuous passage of "
                   f"source 'erem-2025-09'; part 1 «{first}»: {_place(source, first)}; part 2 «الأسد»: "
                   f"{_body_places(source, 'الأسد')}",
        "fix": "cite the parts as separate evidence entries, one continuous passage each"}
    assert _body_places(source, "الأسد").count("¶") >= 2
    bare = not_found(source, f"{first} … الأسد", "L").what  # without quotation marks: the last part is one word
    assert bare.endswith(f"part 2 «الأسد»: {_body_places(source, 'الأسد')}")
    absent = "كلمات لا توجد في المصدر أبدا"
    what = not_found(source, f"{first}...{absent}", "L").what
    near = nearest(source, absent)
    assert what.endswith(f"; part 2 «{absent}»: not found (nearest: ¶{near.paragraph}, similarity {near.score}%)")
    title = corpus["jibal-2025-08-17"]
    words = title.text[title.paragraph(0).start:title.paragraph(0).end].split()
    assert f"part 1 «{' '.join(words[:3])}»: title [" in not_found(title, " ".join(words[:3]) + " … " + " ".join(
        words[4:6]), "L").what


def test_a_quote_only_in_a_caption_names_the_line_and_the_nearest_body_passage(corpus: Corpus) -> None:
    source = corpus["hafryat-2024-01-31"]
    caption = "الناطق الرسمي للحكومة العراقية باسم العوادي"
    near = nearest(source, caption)
    assert near is not None and near.score < 85
    assert not_found(source, f"«{caption}»", "L").as_dict() == {
        "where": "L", "kind": "QuoteNotFound",
        "problem": "quote is only in a non-body line of source 'hafryat-2024-01-31' (caption, line 56), which is not "
                   "article text and cannot be cited; no body passage says the same (nearest: "
                   f"¶{near.paragraph}, similarity {near.score}%)",
        "fix": FIX_BODY}
    pull = "مثال الألوسي: واشنطن قالت لبغداد إنّها مستعدة لسماع كل الآراء"
    near = nearest(source, pull)
    assert near is not None and near.score >= 85
    assert not_found(source, pull, "L").what == (
        "quote is only in a non-body line of source 'hafryat-2024-01-31' (pull-quote, line 66), which is not article "
        f"text and cannot be cited; the body passage that says the same: ¶{near.paragraph} «{near.passage}» "
        f"(similarity {near.score}%)")


def test_a_quote_of_no_words_found_nowhere_says_so(corpus: Corpus) -> None:
    assert not_found(corpus["jibal-2025-08-17"], "", "L").as_dict() == {
        "where": "L", "kind": "QuoteNotFound", "problem": "quote not found in source 'jibal-2025-08-17'",
        "fix": "check the source id"}


def test_a_spelling_note_names_the_title_when_the_passage_is_the_title(corpus: Corpus) -> None:
    source = corpus["hafryat-2024-01-31"]
    title = source.text[source.paragraph(0).start:source.paragraph(0).end]
    printed = "بعد مناقشة جدولة الانسحاب الأمريكي"
    assert title.startswith(printed)
    err = not_found(source, printed.replace("الأمريكي", "الأميركي"), "L")
    assert "; nearest passage (title, similarity" in err.what
    assert "is spelled «الأمريكي» in the source (title, characters" in err.what
    assert err.fix == "quote the source's own spelling: spellings are evidence and are never folded into a match"
    # a part of an elided quote that is nearest to the title says so in words too
    what = not_found(source, printed.replace("الأمريكي", "الأميركي") + " … القوات العراقية", "L").what
    assert "(nearest: title, similarity" in what and "¶0" not in what


# --- the nearest passage: whole words, the earliest of equals -------------------------------------

def test_the_nearest_passage_is_whole_words_of_the_source(corpus: Corpus) -> None:
    checked = 0
    for source in corpus:
        for block in source.blocks:
            if block.kind != "body":
                continue
            words = source.text[block.start:block.end].split()
            if len(words) < 8:
                continue
            for quote in (" ".join(words[:5]), " ".join(words[2:7])):  # at the paragraph's start, and inside it
                changed = quote[:-1] + ("ب" if quote[-1] != "ب" else "ت")
                near = nearest(source, changed)
                assert near is not None and near.score >= 80, (source.id, quote)
                lines = [b for b in source.blocks if b.searchable and b.paragraph == near.paragraph]
                start = source.text.index(near.passage, lines[0].start)
                end = start + len(near.passage)
                assert end <= lines[0].end, (source.id, quote)
                assert start == lines[0].start or source.text[start - 1].isspace(), (source.id, near.passage)
                assert end == lines[0].end or source.text[end].isspace(), (source.id, near.passage)
                assert near.passage.split()[0] and near.passage == near.passage.strip()
                checked += 1
    assert checked >= 50


def test_of_equally_near_passages_the_first_is_shown(corpus: Corpus) -> None:
    source = corpus["erem-2025-09"]
    phrase = "القوات الأمريكية"  # in several paragraphs, as printed
    paragraphs = [b.paragraph for b in source.blocks if b.kind == "body" and phrase in source.text[b.start:b.end]]
    assert len(paragraphs) >= 3
    assert nearest(source, phrase + "ة").paragraph == paragraphs[0]


# --- the edges of the tolerances ------------------------------------------------------------------

def _one_line_source(tmp_path: Path, corpus: Corpus, text: str) -> Source:
    jibal = corpus["jibal-2025-08-17"]
    path = tmp_path / "one.txt"
    path.write_text(text, encoding="utf-8")
    return Source("one", path, "", jibal.outlet_ar, jibal.outlet_en, jibal.title_ar, jibal.title_en, "",
                  jibal.published)


def test_a_dropped_conjunction_at_the_very_start_of_a_text_without_a_final_newline(corpus: Corpus,
                                                                                    tmp_path: Path) -> None:
    line = "وقال عضو اللجنة ياسر وتوت"  # words of Al-Jibal's ¶, as the whole file, ending on a letter
    source = _one_line_source(tmp_path, corpus, line)
    m = resolve(source, line[1:])
    assert (m.source, m.start, m.end, m.exact, m.prefix, m.suffix, m.paragraph) == ("one", 1, len(line), line[1:],
                                                                                   "و", "", 1)
    assert m.as_dict() == {"start": 1, "end": len(line), "exact": line[1:], "prefix": "و", "suffix": "",
                           "paragraph": 1}


def test_a_quote_never_splits_a_character_that_stands_for_several_words(corpus: Corpus, tmp_path: Path) -> None:
    # U+FDFA, one character that shows (and normalises to) the four words صلى الله عليه وسلم
    source = _one_line_source(tmp_path, corpus, "قال النبي \ufdfa في الحديث.")
    whole = resolve(source, "النبي صلى الله عليه وسلم في")
    assert source.text[whole.start:whole.end] == "النبي \ufdfa في"
    assert resolve(source, "صلى الله عليه وسلم").exact == "\ufdfa"
    assert resolve(source, "في الحديث").exact == "في الحديث"  # ends one character before the text does
    for part in ("النبي صلى الله", "الله عليه وسلم في", "عليه وسلم", "صلى الله"):
        assert anchor(source, part) == [], part


def test_the_word_diff_marks_insertions_deletions_and_replacements_of_several_words() -> None:
    from briefing.anchor import word_diff

    source = "قال الوزير إن الانسحاب سيكتمل في أيلول"
    assert word_diff(source, "قال الوزير اليوم إن الانسحاب سيكتمل في أيلول") == \
        "قال الوزير {+اليوم+} ان الانسحاب سيكتمل في ايلول"
    assert word_diff(source, "قال إن الانسحاب سيكتمل في أيلول") == "قال [-الوزير-] ان الانسحاب سيكتمل في ايلول"
    assert word_diff(source, "قال الوزير إن التسليم سيبدأ في أيلول") == \
        "قال الوزير ان [-الانسحاب سيكتمل-] {+التسليم سيبدا+} في ايلول"
