"""Anchoring what an author pastes (issues 12 and 13), on the five real sources.

Every case is a real passage of a source, changed the way copying from elsewhere changes it; the
expected span is computed from the raw source text, never typed in.
"""

from __future__ import annotations

import json
import re

import pytest

from briefing import Corpus, QuoteNotFound, Registry, anchor, resolve
from briefing.anchor import not_found, word_diff
from briefing.arabic import QUOTE_MARKS
from helpers import ROOT, assert_clean_error, run
from pasted import VARIANTS


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.load()


@pytest.fixture(scope="module")
def registry(corpus) -> Registry:
    return Registry.load(corpus)


def span(corpus: Corpus, source_id: str, passage: str) -> tuple[int, int]:
    """The offsets of ``passage``, which occurs exactly once in the raw source."""
    text = corpus[source_id].text
    assert text.count(passage) == 1, (source_id, passage)
    start = text.index(passage)
    return start, start + len(passage)


# --- text copied from a PDF, typed on another keyboard, or decomposed: every cited passage -------

@pytest.mark.parametrize("variant", VARIANTS)
def test_every_cited_passage_pasted_as_a_variant_anchors_on_the_same_span(corpus, registry, variant):
    change = VARIANTS[variant]
    changed = 0
    for ev in registry:
        expected = registry.match(ev.id)
        pasted = change(ev.quote)
        changed += pasted != ev.quote
        m = resolve(corpus[ev.source], pasted, ev.occurrence)
        assert (m.start, m.end, m.exact) == (expected.start, expected.end, expected.exact), (variant, ev.id)
    assert changed >= len(registry) * 0.9  # the variant really changed the quotes


def test_lam_alef_ligatures_map_back_to_both_letters(corpus):
    source = corpus["jibal-2025-08-17"]
    passage = "لا تأثير على الأمن"
    pasted = "\ufefb \ufe97\ufe84\ufe9b\ufef4\ufeae \ufecb\ufee0\ufef0 \ufe8d\ufef7\ufee3\ufee6"  # from a PDF
    assert pasted == VARIANTS["presentation forms"](passage)
    title = source.paragraph(0)
    start = source.text.index(passage, title.start)
    m = resolve(source, pasted)
    assert (m.start, m.end, m.exact, m.paragraph) == (start, start + len(passage), passage, 0)


# --- a dropped leading conjunction (و / ف) --------------------------------------------------------

DROPPED_CONJUNCTION = [
    ("hafryat-2024-01-31", "فعلى الرغم من قيادة تكتل (الإطار"),
    ("hafryat-2024-01-31", "ويقف العراق عاجزاً إزاء الرد على"),
    ("hafryat-2024-01-31", "ويُحذّر خبراء أمنيون دوليون من انسحاب"),
    ("hafryat-2024-01-31", "ويُذكّر المراقبون باحتمالية تكرار سيناريو انسحاب"),
    ("iraqobserver-2024", "ومنذ أيام، يجري وفد أميركي اجتماعات"),
    ("iraqobserver-2024", "وحث الدول على سحب رعاياها، وغلق"),
    ("iraqobserver-2024", "ويرى الخبير العسكري الكردي، دلاور عزيز،"),
    ("iraqobserver-2024", "وفي حال خروج قوات التحالف فإن"),
    ("jibal-2025-08-17", "وقال عضو اللجنة ياسر وتوت في"),
    ("jibal-2025-08-17", "فهذا الانسحاب في هذا التوقيت قد"),
    ("jibal-2025-08-17", "ولهذا على الحكومة إيجاد آليات بديلة"),
    ("jibal-2025-08-17", "ونقلت \"الوكالة الرسمية\"، ظهر اليوم 17"),
    ("erem-2025-09", "وهذا الموعد كان قد حُدد لإنجاز"),
    ("erem-2025-09", "وأوضح الباحث في الشأن السياسي محمد"),
    ("erem-2025-09", "ورغم بدء عمليات تسليم أجزاء من"),
    ("erem-2025-09", "والتحالف الذي أسس، العام 2014، بمشاركة"),
    ("unattributed-2024-q3", "وكشف المتحدث باسم السفارة الأميركية في"),
    ("unattributed-2024-q3", "وأكد المتحدث أن هذا التحول لا"),
    ("unattributed-2024-q3", "وتنص المرحلة الأولى من هذا الاتفاق،"),
    ("unattributed-2024-q3", "وجاءت هذه التطورات بعد أكثر من"),
]


@pytest.mark.parametrize(("source_id", "passage"), DROPPED_CONJUNCTION)
def test_a_quote_that_drops_the_leading_conjunction_anchors_after_it(corpus, source_id, passage):
    start, end = span(corpus, source_id, passage)
    m = resolve(corpus[source_id], passage[1:])
    assert (m.start, m.end) == (start + 1, end)
    assert m.exact == passage[1:]
    assert m.prefix.endswith(passage[0])  # the prefix carries the clitic
    # pasted inside quotation marks as well
    assert (resolve(corpus[source_id], f"«{passage[1:]}»").start, m.end) == (start + 1, end)


@pytest.mark.parametrize(("source_id", "passage"), DROPPED_CONJUNCTION[::4])
def test_a_conjunction_the_source_does_not_have_never_anchors(corpus, source_id, passage):
    source = corpus[source_id]
    other = "ف" if passage[0] == "و" else "و"
    assert anchor(source, other + passage[1:]) == []  # و where the source has ف, or the reverse
    assert anchor(source, other + passage) == []  # an extra conjunction before the source's own


def test_an_extra_leading_conjunction_does_not_anchor(corpus):
    source = corpus["jibal-2025-08-17"]
    plain = "ستستكمل بمرحلتها الثانية في ايلول 2026"
    assert resolve(source, plain)
    for extra in ("و" + plain, "ف" + plain):
        assert anchor(source, extra) == []
        with pytest.raises(QuoteNotFound):
            resolve(source, extra)


def test_a_one_word_quote_never_drops_a_letter(corpus):
    source = corpus["hafryat-2024-01-31"]
    assert "ويقف" in source.text and not re.search(r"(?<!\w)يقف(?!\w)", source.text)
    assert anchor(source, "يقف") == []  # one word: the dropped letter could be part of the word
    assert anchor(source, "يقف العراق")  # two words: the passage is the evidence


def test_a_quote_that_anchors_as_pasted_is_never_moved_by_a_tolerance(corpus):
    source = corpus["hafryat-2024-01-31"]
    text = source.text
    quote = "الرغم من"
    bare = [m.start() for m in re.finditer(r"(?<!\w)الرغم من", text)]
    matches = anchor(source, quote)
    assert [m.start for m in matches] == [s for s in bare if source.block_at(s).searchable]


# --- a whole quote pasted inside quotation marks ------------------------------------------------

WRAPPERS = ["«{}»", "\"{}\"", "“{}”", "'{}'", "« {} »", "„{}“", "…{}…", "«{}...»"]


@pytest.mark.parametrize("wrapper", WRAPPERS)
def test_a_quote_wrapped_in_quotation_marks_anchors_on_the_words(corpus, registry, wrapper):
    tried = 0
    for ev in registry:
        if ev.quote[0] in "\"'«“" or ev.quote[-1] in "\"'»”.…":
            continue  # the source's own marks are part of these quotes
        expected = registry.match(ev.id)
        m = resolve(corpus[ev.source], wrapper.format(ev.quote), ev.occurrence)
        text = corpus[ev.source].text
        s, e = expected.start, expected.end
        if text[s - 1] in QUOTE_MARKS and text[e] in QUOTE_MARKS and "…" not in wrapper and "..." not in wrapper:
            s, e = s - 1, e + 1  # the source quotes the passage itself: its marks match the pasted ones
        assert (m.start, m.end) == (s, e), (wrapper, ev.id)
        tried += 1
    assert tried >= 14


def test_quotation_marks_the_source_has_stay_in_the_span(corpus):
    source = corpus["jibal-2025-08-17"]
    for pasted in ("\"عواقب كارثية\"", "«عواقب كارثية»", "“عواقب كارثية”"):
        m = resolve(source, pasted)
        assert m.exact == "\"عواقب كارثية\"" and m.paragraph == 0


# --- ellipses ------------------------------------------------------------------------------------

def test_three_dots_and_the_ellipsis_character_are_one_class(corpus):
    source = corpus["hafryat-2024-01-31"]
    passage = "جدولة الانسحاب الأمريكي... هل تصمد القوات العراقية"
    for pasted in (passage, passage.replace("...", "…"), passage.replace("...", " … "),
                   passage.replace("...", "..")):
        m = resolve(source, pasted)
        assert m.exact == passage and m.paragraph == 0, pasted
    m = resolve(source, "بعد مناقشة جدولة الانسحاب الأمريكي…")  # ends on the ellipsis: all three dots
    assert m.exact == "بعد مناقشة جدولة الانسحاب الأمريكي..."


def test_an_ellipsis_inside_a_quote_is_refused_with_both_parts_located(corpus):
    source = corpus["erem-2025-09"]
    first, second = "ورغم بدء عمليات تسليم", "قاعدة عين الأسد"
    for mark in (" … ", "...", " ... ", "…"):
        quote = f"«{first}{mark}{second}»"
        assert anchor(source, quote) == []
        err = not_found(source, quote, "test")
        s1, e1 = span(corpus, source.id, first)
        assert "ellipsis" in err.what and "separate evidence entries" in err.fix
        assert f"part 1 «{first}»: ¶{source.block_at(s1).paragraph} [{s1}:{e1}]" in err.what
        assert f"part 2 «{second}»: " in err.what


# --- loanword spellings: never folded, pointed at -----------------------------------------------

LOANWORDS = [  # (source, the word as printed, the spelling an author pasted)
    ("hafryat-2024-01-31", "الأمريكية", "الأميركية"),
    ("hafryat-2024-01-31", "الأمريكيين", "الأميركيين"),
    ("hafryat-2024-01-31", "جوناثان", "غوناثان"),
    ("erem-2025-09", "الأمريكي", "الأميركي"),
    ("erem-2025-09", "الأمريكية", "الأميركية"),
    ("unattributed-2024-q3", "الأميركية", "الأمريكية"),
    ("unattributed-2024-q3", "الأميركي", "الأمريكي"),
    ("iraqobserver-2024", "أميركي", "أمريكي"),
    ("iraqobserver-2024", "واللوجستي", "واللوغستي"),
    ("jibal-2025-08-17", "والاستراتيجية", "والاستراتيغية"),
    ("jibal-2025-08-17", "والتكنولوجيا", "والتكنولوغيا"),
]


def _window(corpus: Corpus, source_id: str, word: str) -> tuple[str, int, int]:
    """A passage of five words around the first body occurrence of ``word``, and the word's span."""
    source = corpus[source_id]
    for block in source.blocks:
        if block.kind != "body":
            continue
        line = source.text[block.start:block.end]
        for m in re.finditer(rf"(?<!\w){word}(?!\w)", line):
            before = line[:m.start()].split()[-2:]
            after = line[m.end():].split()[:2]
            return " ".join([*before, "{}", *after]), block.start + m.start(), block.start + m.end()
    raise AssertionError((source_id, word))


@pytest.mark.parametrize(("source_id", "printed", "pasted"), LOANWORDS)
def test_a_loanword_spelled_differently_does_not_anchor_and_the_message_points_at_it(
        corpus, source_id, printed, pasted):
    source = corpus[source_id]
    passage, start, end = _window(corpus, source_id, printed)
    assert anchor(source, passage.format(printed))  # the passage itself anchors
    assert anchor(source, passage.format(pasted)) == []  # the source's spelling is the evidence
    err = not_found(source, passage.format(pasted), "test")
    assert f"the quote's «{pasted}» is spelled «{printed}» in the source" in err.what
    assert f"characters {start}–{end}" in err.what
    assert "spelling" in err.fix


def test_a_changed_word_is_not_reported_as_a_spelling(corpus):
    source = corpus["erem-2025-09"]
    err = not_found(source, "القوات الأمريكية التي يقدر عددها بنحو 2000 جندي", "test")
    assert "spelled" not in err.what and "[-2500-] {+2000+}" in err.what


# --- a quote that sits only in a non-body line -------------------------------------------------

NON_BODY = [  # (source, passage, kind, line, the body paragraph that says the same or None)
    ("hafryat-2024-01-31", "السوداني قدّم تعهداً بأنّ مهمة التحالف ستنتهي خلال دورة حكومته", "pull-quote", 44, 21),
    ("hafryat-2024-01-31", "مثال الألوسي: واشنطن قالت لبغداد إنّها مستعدة لسماع كل الآراء", "pull-quote", 66, 10),
    ("hafryat-2024-01-31", "السوداني يرعى انطلاق الجولة الأولى للحوار الثنائي", "related", 22, None),
    ("hafryat-2024-01-31", "الناطق الرسمي للحكومة العراقية باسم العوادي", "caption", 56, None),
    ("jibal-2025-08-17", "قوات التحالف الدولي تجري تحضيرات لمغادرة العراق", "caption", 4, None),
    ("erem-2025-09", "القوات الأمريكية تبدأ الانسحاب من قاعدة", "related", 32, None),
    ("erem-2025-09", "مصادر عراقية تؤكد انسحاب القوات الأمريكية من بغداد", "related", 58, None),
]


@pytest.mark.parametrize(("source_id", "passage", "kind", "line", "body"), NON_BODY)
def test_a_quote_only_in_a_non_body_line_says_where_it_is(corpus, source_id, passage, kind, line, body):
    source = corpus[source_id]
    start, _ = span(corpus, source_id, passage)
    assert source.block_at(start).line == line
    assert anchor(source, passage) == []
    err = not_found(source, passage, "test")
    assert f"({kind}, line {line})" in err.what and "non-body line" in err.what
    if body is None:
        assert "no body passage says the same" in err.what
    else:
        assert f"the body passage that says the same: ¶{body} «" in err.what
    # the same, pasted in quotation marks
    assert f"({kind}, line {line})" in not_found(source, f"«{passage}»", "test").what


# --- the word diff ---------------------------------------------------------------------------

def test_the_word_diff_leaves_punctuation_out():
    assert word_diff("قال الوزير، إن الانسحاب.", "قال الوزير إن الانسحاب") == "قال الوزير ان الانسحاب"
    assert word_diff("«بدء» الانسحاب؛ الآن", "بدء الانسحاب غدا") == "بدء الانسحاب [-الان-] {+غدا+}"


def test_a_trailing_comma_is_not_shown_as_a_difference(corpus):
    source = corpus["jibal-2025-08-17"]
    err = not_found(source, "ستستكمل بمرحلتها الثالثة في ايلول 2026،", "test")
    assert err.what.endswith("[-الثانيه-] {+الثالثه+} في ايلول 2026")


# --- the command line --------------------------------------------------------------------------

def test_locate_anchors_a_quote_pasted_from_a_pdf_in_quotation_marks():
    passage = "ويقف العراق عاجزاً إزاء الرد على"
    pasted = "«" + VARIANTS["presentation forms"](passage[1:]) + "»"
    proc = run(ROOT, "locate", "hafryat-2024-01-31", pasted, "--json")
    assert proc.returncode == 0, proc.stderr
    (match,) = json.loads(proc.stdout)["matches"]
    assert match["exact"] == passage[1:] and match["prefix"].endswith("و")


def test_locate_reports_a_caption_quote_as_a_non_body_line():
    proc = run(ROOT, "locate", "hafryat-2024-01-31", "الناطق الرسمي للحكومة العراقية باسم العوادي")
    assert_clean_error(proc, 1, "non-body line", "(caption, line 56)")
