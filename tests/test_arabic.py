"""Normalisation: the folds, what is never folded, and the offset map (property tests)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from briefing.arabic import normalize
from pasted import VARIANTS


def test_folds_listed_in_the_contract():
    cases = {
        "مَهَمَّةُ": "مهمه",  # diacritics and shadda; teh marbuta
        "الـــعراق": "العراق",  # tatweel
        "أإآٱ": "اااا",  # alef forms
        "على": "علي",  # alef maqsura
        "مؤتمر رئيس": "موتمر رييس",  # hamza carriers
        "٢٠٢٦ ۲۰۲۵": "2026 2025",  # Arabic-Indic and Persian digits
        "قال«نعم»و“لا”": 'قال"نعم"و"لا"',  # quotation marks form one class
        "أولاً ، ثم ؛ لماذا ؟": "اولا,ثم;لماذا?",  # Arabic punctuation and spacing around it
        "a\u00a0 b\t\nc": "a b c",  # white space runs, NBSP
        "ذلك\u0617 ۖ": "ذلك",  # Quranic marks that dediac_ar leaves
    }
    for raw, expected in cases.items():
        assert normalize(raw).text == expected, raw


def test_numbers_and_words_are_never_folded_together():
    assert normalize("في أيلول 2025").text != normalize("في أيلول 2026").text
    assert normalize("٢٠٢٥").text != normalize("٢٠٢٦").text
    assert normalize("عين الأسد").text != normalize("الأسد عين").text


def test_offset_map_points_at_the_original_characters():
    raw = "  قاعدة عَيْن الأسد ، في أيلول ٢٠٢٥"
    n = normalize(raw)
    assert len(n.origin) == len(n.text)
    i = n.text.index("2025")
    start, end = n.original_span(i, i + 4)
    assert raw[start:end] == "٢٠٢٥"
    j = n.text.index("عين")
    start, end = n.original_span(j, j + 3)
    assert raw[start:end] == "عَيْن"  # runs on over the final sukun


MARKS = st.sampled_from(["\u064e", "\u064f", "\u0650", "\u0651", "\u0652", "\u064b", "\u0640", "\u0670"])
LETTERS = st.sampled_from(list("ابتثجحخدذرسشصضطظعغفقكلمنهويءأإآىةؤئ") + ["٢", "٥", "1"])
WORD = st.lists(st.tuples(LETTERS, st.lists(MARKS, max_size=2)), min_size=1, max_size=6).map(
    lambda parts: "".join(c + "".join(m) for c, m in parts))
SEP = st.sampled_from([" ", "  ", "\u00a0", "\n", " ، ", "، ", " «", "» "])
TEXT = st.lists(st.tuples(WORD, SEP), min_size=1, max_size=12).map(lambda ws: "".join(w + s for w, s in ws))


def _map_back_whole_words(text, n, data) -> int:
    """Draw a span of whole normalised words of ``n`` (the normalised ``text``), check that its original
    slice normalises to it, and return the slice's end."""
    words = n.text.split(" ")
    i = data.draw(st.integers(0, len(words) - 1))
    k = data.draw(st.integers(i + 1, len(words)))
    needle = " ".join(words[i:k])
    start = len(" ".join(words[:i])) + (1 if i else 0)
    o_start, o_end = n.original_span(start, start + len(needle))
    assert normalize(text[o_start:o_end]).text == needle
    return o_end


@settings(max_examples=300, deadline=None)
@given(TEXT, st.data())
def test_any_normalised_slice_maps_back_to_an_original_slice_that_normalises_to_it(text, data):
    n = normalize(text)
    if not n.text:
        return
    o_end = _map_back_whole_words(text, n, data)
    # the slice never ends between a letter and its marks
    assert o_end == len(text) or unicodedata.category(text[o_end]) != "Mn"


@settings(max_examples=200, deadline=None)
@given(TEXT, st.lists(MARKS, min_size=1, max_size=3), st.integers(0, 10_000))
def test_inserting_foldable_characters_does_not_change_the_normal_form(text, marks, where):
    # insert marks after a letter (never at the start, where a mark has no letter to sit on)
    letters = [i for i, c in enumerate(text) if unicodedata.category(c).startswith("L")]
    if not letters:
        return
    pos = letters[where % len(letters)] + 1
    noisy = text[:pos] + "".join(marks) + text[pos:]
    assert normalize(noisy).text == normalize(text).text


def test_cached_fold_table_is_what_camel_tools_derives(tmp_path, monkeypatch):
    from briefing import arabic

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    arabic._tables.cache_clear()
    try:
        derived = arabic._derive_tables()
        assert arabic._tables() == derived  # built from camel-tools and written to the cache
        assert arabic._cache_file().is_file()
        arabic._cache_file().write_text("{not json", encoding="utf-8")  # a corrupt cache is rebuilt
        arabic._tables.cache_clear()
        assert arabic._tables() == derived
    finally:
        arabic._tables.cache_clear()


def test_tokenize_keeps_offsets_and_agrees_with_camel_tools():
    from camel_tools.tokenizers.word import simple_word_tokenize

    from briefing.arabic import tokenize

    text = "قال المتحدث، إنَّ الانسحاب «المخطط» في أيلول ٢٠٢٥."
    tokens = tokenize(text)
    assert [t.text for t in tokens] == simple_word_tokenize(text)
    for t in tokens:
        assert text[t.start:t.end] == t.text
    assert tokens[3].norm == "ان" and tokens[-2].norm == "2025"


# --- text copied from elsewhere: presentation forms, NFD, other keyboards -----------------------

def test_presentation_forms_fold_to_letters_and_map_back_exactly():
    pdf = "\ufe8d\ufef7\ufee3\ufeae\ufef3\ufedc\ufef4\ufe94"  # الأمريكية as a PDF's text layer gives it
    n = normalize(pdf)
    assert n.text == "الامريكيه"
    assert list(n.origin) == [0, 1, 1, 2, 3, 4, 5, 6, 7]  # the lam-alef ligature gives two letters
    assert n.original_span(1, 2) == (1, 2) and n.original_span(2, 3) == (1, 2)
    assert normalize("\ufe76\u0628").text == "ب"  # an isolated fatha: NFKC's leading space is not kept
    assert normalize("قال \ufdf2").text == "قال الله"


def test_nfd_is_composed_before_matching():
    for composed in ("أ", "إ", "آ", "ؤ", "ئ", "ۀ"):
        decomposed = unicodedata.normalize("NFD", composed)
        assert len(decomposed) == 2
        n = normalize("قال " + decomposed + "ب")
        assert n.text == normalize("قال " + composed + "ب").text
        assert n.original_span(4, 5) == (4, 6)  # the base letter and its combining hamza or madda


def test_keyboard_letters_fold_and_other_letters_do_not():
    assert normalize("کتاب یوم ھذە").text == normalize("كتاب يوم هذه").text == "كتاب يوم هذه"
    assert normalize("ۀ ہ ۂ ۃ").text == "ه ه ه ه"
    for letter, arabic in [("پ", "ب"), ("چ", "ج"), ("گ", "ك"), ("ژ", "ز"), ("ڤ", "ف")]:
        assert normalize(letter).text != normalize(arabic).text  # different letters, never folded


def test_dots_and_the_ellipsis_character_are_one_class():
    for text in ("a...b", "a…b", "a .. b", "a … b", "a.…b"):
        assert normalize(text).text == "a…b", text
    assert normalize("a.b").text == "a.b"
    n = normalize("x ...")
    assert n.original_span(0, len(n.text)) == (0, 5)  # the span runs on over every dot


VARIANT = st.sampled_from(sorted(VARIANTS))


@settings(max_examples=300, deadline=None)
@given(TEXT, VARIANT)
def test_pasted_variants_normalise_to_the_same_text(text, variant):
    assert normalize(VARIANTS[variant](text)).text == normalize(text).text


@settings(max_examples=300, deadline=None)
@given(TEXT, VARIANT, st.data())
def test_the_map_of_a_pasted_variant_is_monotone_and_whole_words_map_back(text, variant, data):
    pasted = VARIANTS[variant](text)
    n = normalize(pasted)
    assert len(n.origin) == len(n.text)
    assert list(n.origin) == sorted(n.origin)
    assert all(0 <= i < len(pasted) for i in n.origin)
    if not n.text:
        return
    o_end = _map_back_whole_words(pasted, n, data)
    assert o_end == len(pasted) or not unicodedata.combining(pasted[o_end])


# --- the fold-table cache is keyed on what the table is derived from ---------------------------

def _load_arabic_from(path, name):
    """A fresh copy of briefing.arabic loaded from ``path`` (its own lru caches, its own __file__)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    # no .pyc: a copy rewritten within the same second at the same size (one fold line for another) would
    # otherwise be loaded from the bytecode of the previous copy
    dont_write, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = dont_write
        del sys.modules[name]
    return module


def test_a_change_to_the_fold_code_is_seen_through_a_warm_cache(tmp_path, monkeypatch):
    """Each fold of the module, removed from a copy of its source, changes what ``normalize`` returns
    even though a table cached by the unchanged code is already on disk."""
    from briefing import arabic

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    source = Path(arabic.__file__).read_text(encoding="utf-8")
    module_file = tmp_path / "arabic_copy.py"
    module_file.write_text(source, encoding="utf-8")
    original = _load_arabic_from(module_file, "arabic_original")
    assert original.normalize("رئيس مؤتمر ٢٠٢٥").text == "رييس موتمر 2025"
    assert list((tmp_path / "cache" / "briefing").glob("fold-table-*.json"))  # the warm cache
    for line, word, folded in [('    fold[ord("ئ")] = "ي"\n', "رئيس", "رييس"),
                               ('    fold[ord("ؤ")] = "و"\n', "مؤتمر", "موتمر"),
                               ('    "\\u06a9": "ك",  # ک keheh (Persian kaf)\n', "کتاب", "كتاب")]:
        assert source.count(line) == 1, line
        module_file.write_text(source.replace(line, ""), encoding="utf-8")
        changed = _load_arabic_from(module_file, "arabic_changed")
        assert original.normalize(word).text == folded
        assert changed.normalize(word).text == word, f"{line.strip()} removed, but {word} still folds: a stale cache"
        module_file.write_text(source, encoding="utf-8")
    assert _load_arabic_from(module_file, "arabic_again").normalize("رئيس").text == "رييس"


def test_the_cache_key_covers_camel_tools_and_the_unicode_database(monkeypatch, tmp_path):
    """The cache file's name changes with each camel-tools file the table is derived from (its VERSION
    file included) and with the Unicode version (camel-tools derives its charsets from categories)."""
    import shutil
    from types import SimpleNamespace

    from briefing import arabic

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    key = arabic._cache_file().name
    real = arabic._camel_tools_dir()
    copy = tmp_path / "camel_tools"
    for name in arabic._CAMEL_TOOLS_FILES:
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(real / name, copy / name)
    monkeypatch.setattr(arabic, "_camel_tools_dir", lambda: copy)
    assert arabic._cache_file().name == key  # the same files: the same key
    for name in arabic._CAMEL_TOOLS_FILES:
        original = (copy / name).read_bytes()
        (copy / name).write_bytes(original + b"\n")
        assert arabic._cache_file().name != key, f"camel_tools/{name} changed, the cache key did not"
        (copy / name).write_bytes(original)
    assert arabic._cache_file().name == key
    monkeypatch.setattr(arabic, "unicodedata", SimpleNamespace(unidata_version="0.0.0"))
    assert arabic._cache_file().name != key


# --- the parts the mutation run found untested --------------------------------------------------

def test_the_cache_lives_in_xdg_cache_home_or_in_the_home_folder(tmp_path, monkeypatch):
    import re

    from briefing import arabic

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert arabic._cache_file().parent == tmp_path / "xdg" / "briefing"
    assert re.fullmatch(r"fold-table-[0-9a-f]{16}\.json", arabic._cache_file().name)
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert arabic._cache_file().parent == tmp_path / "home" / ".cache" / "briefing"


def test_a_missing_camel_tools_is_a_clear_error_and_a_missing_file_changes_the_key(tmp_path, monkeypatch):
    import importlib.util
    from types import SimpleNamespace

    import pytest

    from briefing import arabic

    key = arabic._fold_inputs_digest()
    monkeypatch.setattr(arabic, "_camel_tools_dir", lambda: tmp_path)  # none of its files there
    assert arabic._fold_inputs_digest() != key
    monkeypatch.undo()
    for spec in (None, SimpleNamespace(submodule_search_locations=[])):
        monkeypatch.setattr(importlib.util, "find_spec", lambda name, spec=spec: spec)
        with pytest.raises(ImportError, match=r"^camel-tools is not installed: run `make setup`$"):
            arabic._camel_tools_dir()


def test_the_candidate_characters_are_the_three_arabic_blocks():
    from briefing.arabic import _candidate_chars

    chars = _candidate_chars()
    assert len(chars) == 256 + 48 + 96 and len(set(chars)) == len(chars)
    for inside in ("\u0600", "\u06ff", "\u0750", "\u077f", "\u08a0", "\u08ff"):
        assert inside in chars
    for outside in ("\u05ff", "\u0700", "\u074f", "\u0780", "\u089f", "\u0900"):
        assert outside not in chars


def test_ascii_letters_fold_to_lower_case_and_nothing_next_to_them_does():
    assert normalize("ABCXYZ abc").text == "abcxyz abc"
    assert normalize("@[`{").text == "@[`{"  # the characters before A and after Z (and a, z) stay
    assert normalize("\u06fa\u066b").text == "\u06fa."  # after the ten digits: a letter, and the decimal sign


def test_keyboard_punctuation_and_quote_folds_each_apply():
    from briefing.arabic import KEYBOARD_FOLDS, PUNCTUATION_FOLDS, QUOTE_MARKS

    for raw, folded in {**KEYBOARD_FOLDS, **PUNCTUATION_FOLDS}.items():
        assert normalize(raw).text == folded, raw
    for mark in QUOTE_MARKS:
        assert normalize(f"a{mark}b").text == 'a"b', mark


def test_spans_run_on_only_over_marks_and_the_dots_of_an_ellipsis():
    import pytest

    n = normalize("abX")
    assert n.text == "abx" and n.original_span(0, 2) == (0, 2)  # an ASCII letter after the span is not run over
    n = normalize("ab.X")
    assert n.original_span(0, 2) == (0, 2)
    for start, end in ((2, 2), (1, 0), (-1, 1), (0, 4)):
        with pytest.raises(ValueError, match=rf"^span {start}:{end} outside normalised text of length 3$"):
            normalize("abX").original_span(start, end)


def test_leading_and_trailing_white_space_is_dropped_and_the_map_kept():
    """The normalised text starts at its first letter; each character still maps to its original."""
    n = normalize("  عين الأسد ")
    assert n.text == "عين الاسد"
    assert n.origin[0] == 2 and n.original_span(0, 3) == (2, 5)


def test_a_letter_after_a_decomposed_hamza_maps_to_itself():
    """Alef + combining hamza (U+0654) composes to one letter; the letter after it keeps its own place."""
    n = normalize("\u0627\u0654\u062a")  # ا + ٔ + ت, as a keyboard or an older CMS may store أت
    assert n.text == "\u0627\u062a"
    assert list(n.origin) == [0, 2]
    assert n.original_span(1, 2) == (2, 3)
