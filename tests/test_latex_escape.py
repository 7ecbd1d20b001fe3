"""Data as LaTeX (briefing.sphinx.latex.escape): every character printed as written in the PDF.

The unit tests say what each special character becomes; the compile test sets escaped strings with the
book's own babel and font set-up (read from _config.yml) in LuaLaTeX and reads the PDF's text back with
poppler, so a TeX ligature or font mapping that changes data ("--" into an en dash, '"' into a curly
quote, "<<" into a guillemet) is caught as well as a special character that runs.
"""

from __future__ import annotations

import shutil
import string
import subprocess
from pathlib import Path

import pytest
import yaml

from briefing.sphinx.latex import arabic, escape

ROOT = Path(__file__).resolve().parents[1]
SPECIALS = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "#": r"\#", "&": r"\&", "_": r"\_",
            "$": r"\$", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}
BREAKS = ["\n", "\r", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]
CONTROLS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, *range(0x80, 0x85), *range(0x86, 0xA0)]]


@pytest.mark.parametrize("ch", sorted(SPECIALS))
def test_each_special_character_is_printed_not_interpreted(ch: str) -> None:
    assert escape(ch) == SPECIALS[ch]
    assert escape(f"a{ch}{ch}b") == f"a{SPECIALS[ch]}{SPECIALS[ch]}b"


def test_other_characters_are_left_as_they_are() -> None:
    plain = "".join(c for c in string.printable if c not in SPECIALS and c not in "\n\r\x0b\x0c\t")
    assert escape(plain) == plain
    assert escape("عين الأسد، «قال» ٢٠٢٥ — é\t") == "عين الأسد، «قال» ٢٠٢٥ — é\t"


@pytest.mark.parametrize("brk", BREAKS)
def test_line_and_paragraph_breaks_become_spaces(brk: str) -> None:
    assert escape(f"a{brk}{brk}b") == "a  b"  # never \par: a blank line in TeX source would start a paragraph
    assert escape("a\u00a0b") == "a b"  # NBSP: TeX's ~ would be a tie; a plain space is what the data means


def test_controls_are_dropped() -> None:
    for ch in CONTROLS:
        assert escape(f"a{ch}b") == "ab", repr(ch)


def test_arabic_wraps_escaped_text_in_the_language() -> None:
    assert arabic("قال {x} 50%") == r"\foreignlanguage{arabic}{قال \{x\} 50\%}"


# --- compiled with the book's fonts ------------------------------------------------------------

CASES = [string.punctuation, "a -- b --- c", "``q'' 'x' \"y\" !` ?` << >> ,, ,,,", r"\directlua{x} \input{y} \par",
         "~^ _ % # & $ { } \\ \\\\", "50% of 2,500 (est.) -- 'about' \"2,500\""]


def _preamble() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    elements = config["sphinx"]["config"]["latex_elements"]
    return elements["babel"] + elements["fontpkg"]


@pytest.fixture(scope="module")
def pdf_text(tmp_path_factory) -> str:
    lualatex, pdftotext = shutil.which("lualatex"), shutil.which("pdftotext")
    assert lualatex and pdftotext, "lualatex or pdftotext is missing: run `make setup`"
    tmp = tmp_path_factory.mktemp("latex-escape")
    body = "\n\n".join(f"CASE{k}: {escape(c)} END{k}" for k, c in enumerate(CASES))
    body += "\n\nARABIC: " + arabic("قال \"نعم\" -- 'لا' << 2,500 >>") + " END"
    (tmp / "t.tex").write_text("\\documentclass{article}\n" + _preamble() + "\\begin{document}\n" + body
                               + "\n\\end{document}\n", encoding="utf-8")
    proc = subprocess.run([lualatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "t.tex"],
                          cwd=tmp, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-2000:]
    return subprocess.run([pdftotext, "-enc", "UTF-8", str(tmp / "t.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.parametrize("k", range(len(CASES)))
def test_escaped_data_prints_exactly_as_written(pdf_text: str, k: int) -> None:
    flat = " ".join(pdf_text.split())
    expected = f"CASE{k}: {' '.join(CASES[k].split())} END{k}"
    assert expected in flat, (expected, flat[flat.find(f"CASE{k}:"):][:200])


def test_ascii_punctuation_inside_arabic_prints_as_written(pdf_text: str) -> None:
    """Inside an Arabic run poppler reads the glyphs in visual order, so each piece is looked for alone."""
    flat = " ".join(pdf_text.split())
    run = flat[flat.find("ARABIC:"):flat.find("END", flat.find("ARABIC:"))]
    assert run.count('"') == 2 and run.count("'") == 2, run
    for piece in ("نعم", "لا", "--", "<<", ">>", "2,500"):
        assert piece in run, (piece, run)
    for changed in ("“", "”", "–", "’", "‘", "«", "»"):
        assert changed not in run, (changed, run)
