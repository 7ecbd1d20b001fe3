"""camel-tools is installed without its declared dependencies (requirements-nodeps.lock).

The book uses only its character sets and normalisers. These tests import exactly those parts in a
fresh interpreter and check what they compute on real source text, so that a camel-tools upgrade that
starts importing something the lean environment lacks, or changes a fold, fails here loudly.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("torch", "transformers", "scipy", "sklearn", "sympy", "kenlm")


def test_the_parts_the_book_uses_import_in_a_fresh_interpreter():
    code = (
        "import sys\n"
        "from camel_tools.utils.charsets import AR_DIAC_CHARSET\n"
        "from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar\n"
        "from camel_tools.tokenizers.word import simple_word_tokenize\n"
        f"heavy = [m for m in {HEAVY!r} if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "print(len(AR_DIAC_CHARSET))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) >= 8  # fatha, damma, kasra, the three tanween, shadda, sukun at least


@pytest.mark.parametrize("module", HEAVY)
def test_the_neural_stack_is_not_installed(module):
    # The environment stays lean: nothing the book runs needs these (issue 24: 2.0 GB -> 740 MB).
    assert importlib.util.find_spec(module) is None, f"{module} is installed; see requirements-nodeps.lock"


def test_camel_tools_folds_are_the_ones_the_matcher_relies_on():
    from camel_tools.utils.charsets import AR_DIAC_CHARSET
    from camel_tools.utils.normalize import normalize_alef_ar, normalize_alef_maksura_ar, normalize_teh_marbuta_ar

    assert {normalize_alef_ar(c) for c in "أإآا"} == {"ا"}
    assert normalize_alef_maksura_ar("ى") == "ي"
    assert normalize_teh_marbuta_ar("ة") == "ه"
    assert set("\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652") <= set(AR_DIAC_CHARSET)
    assert not set("ابتثجحخدذرزسشصضطظعغفقكلمنهوي") & set(AR_DIAC_CHARSET)  # no letter is a diacritic


def test_normalising_a_real_source_sentence_through_camel_tools(tmp_path, monkeypatch):
    from briefing import arabic

    # a fresh fold table, derived from camel-tools now, not read from a cache
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    arabic._tables.cache_clear()
    arabic._patterns.cache_clear()
    try:
        text = (ROOT / "data/sources/hafryat-2024-01-31.txt").read_text(encoding="utf-8")
        assert "الأمريكية" in text
        norm = arabic.normalize(text).text
        assert "الامريكيه" in norm and "الأمريكية" not in norm
        assert not set(norm) & set("أإآىةًٌٍَُِّْـ")  # every folded or deletable character is gone
        # the fold is lossless in position: every normalised character maps back into the text
        n = arabic.normalize(text)
        assert len(n.origin) == len(n.text) and max(n.origin) < len(text)
    finally:
        arabic._tables.cache_clear()
        arabic._patterns.cache_clear()
