"""Data through briefing.myst into built pages, HTML and PDF, reads exactly as written.

A small Sphinx project parses a page made of ``md_text`` outputs with myst-parser and the book's MyST
extensions, and builds it to HTML and, with the book's babel and font set-up (_config.yml), to a PDF with
LuaLaTeX. Each value — every ASCII punctuation character, markup of every kind, TeX ligature sequences —
must come out as the characters written: in the HTML page's text (and as a plain paragraph, never a
heading, list, code span or link) and in the PDF's text layer (poppler).

The project here turns Sphinx's SmartQuotes off. The book still has it on (Sphinx's default), and it
changes data after escaping: '"' and "'" become curly, "--" and "---" dashes, "..." an ellipsis, and
a backslash before one of - ' " . ` is dropped ("\\" prints as "\"). Reported with the fix
(``smartquotes: false`` in _config.yml, with the prose's apostrophes typed as ’).
"""

from __future__ import annotations

import html
import re
import shutil
import string
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from briefing.myst import md_text

ROOT = Path(__file__).resolve().parents[1]
VALUES = [
    string.punctuation,
    "`code` ``two`` a`b \\` x\\",
    "*em* **strong** _u_ __uu__ ~~s~~",
    "[link](https://example.invalid) <https://example.invalid> ![i](x.png)",
    "<b>bold</b> &amp; &#x41; &copy; <!-- c -->",
    "$x^2$ $$y$$ {{ sub }} {ev}`nope` (target)= [^1]",
    "# heading",
    "1. item",
    "- item",
    "> quote",
    ":::{note} x",
    "| a | b |",
    "a -- b --- c ``q'' 'x' \"y\" !` ?` << >> ,,",
    "50% of 2,500 (est.) ~ ^ _ # & $ { } \\\\",
]


def _page() -> str:
    parts = ["# Data as written", ""]
    for k, value in enumerate(VALUES):
        parts += [md_text("START{k}", k=k), "", md_text("{v}", v=value), "", md_text("MID{k}: {v} :END", k=k, v=value), ""]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    elements = config["sphinx"]["config"]["latex_elements"]
    extensions = config["parse"]["myst_enable_extensions"]
    src = tmp_path_factory.mktemp("as-written")
    (src / "conf.py").write_text(
        "project = 'as written'\nextensions = ['myst_parser']\nsmartquotes = False\n"
        f"myst_enable_extensions = {extensions!r}\n"
        "latex_engine = 'lualatex'\n"
        f"latex_elements = {{'babel': {elements['babel']!r}, 'fontpkg': {elements['fontpkg']!r}, 'papersize': 'a4paper'}}\n"
        "latex_documents = [('index', 'page.tex', 'as written', 'test', 'howto')]\n", encoding="utf-8")
    (src / "index.md").write_text(_page(), encoding="utf-8")
    for builder in ("html", "latex"):
        proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", builder, "-q", "-W", str(src), str(src / builder)],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr[-3000:]
    return src


class _Blocks(HTMLParser):
    """(tag, text) of each block element of the page body."""

    BLOCKS = {"p", "h1", "h2", "h3", "li", "blockquote", "pre", "td", "th", "dt", "dd", "div"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, list[str]]] = []
        self.stack: list[tuple[str, list[str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag in self.BLOCKS:
            self.stack.append((tag, [], []))
        elif self.stack:
            self.stack[-1][2].append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.BLOCKS and self.stack and self.stack[-1][0] == tag:
            name, text, inner = self.stack.pop()
            self.blocks.append((name, "".join(text), inner))
            if self.stack:
                self.stack[-1][1].append("".join(text))

    def handle_data(self, data: str) -> None:
        if self.stack:
            self.stack[-1][1].append(data)


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_each_value_is_a_plain_paragraph_of_the_characters_written_in_html(project: Path) -> None:
    page = (project / "html" / "index.html").read_text(encoding="utf-8")
    parser = _Blocks()
    parser.feed(page[page.index('<section id="data-as-written">'):])
    paragraphs = [(text, inner) for tag, text, inner in parser.blocks if tag == "p"]
    texts = [text for text, _ in paragraphs]
    wrong = []
    for k, value in enumerate(VALUES):
        at = texts.index(f"START{k}")
        alone, inner = paragraphs[at + 1]
        if (alone, inner) != (value, []):
            wrong.append(f"{value!r} alone: {alone!r} with tags {inner}")
        mid, inner = paragraphs[at + 2]
        if (mid, inner) != (f"MID{k}: {value} :END", []):
            wrong.append(f"{value!r} in a sentence: {mid!r} with tags {inner}")
    assert wrong == [], "\n".join(wrong)
    assert "<code" not in page[page.index('<section id="data-as-written">'):page.index("</section>")]
    assert html.unescape(string.punctuation) == string.punctuation


def test_each_value_prints_as_written_in_the_pdf(project: Path) -> None:
    lualatex, pdftotext = shutil.which("lualatex"), shutil.which("pdftotext")
    assert lualatex and pdftotext, "lualatex or pdftotext is missing: run `make setup`"
    latex = project / "latex"
    proc = subprocess.run([lualatex, "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "page.tex"],
                          cwd=latex, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]
    text = _flat(subprocess.run([pdftotext, "-enc", "UTF-8", str(latex / "page.pdf"), "-"], capture_output=True,
                                text=True, check=True).stdout)
    # compared without white space: poppler guesses word spaces from glyph positions (it reads "| a | b |"
    # at the start of a line as "|a|b|"); every other character must be there, in order
    bare = "".join(text.split())
    missing = []
    for k, value in enumerate(VALUES):
        for expected in (f"START{k}{value}", f"MID{k}:{value}:END"):
            expected = "".join(expected.split())
            if expected not in bare:
                at = bare.find(f"START{k}")
                missing.append(f"{expected!r} printed as {bare[at:at + len(expected) + 40]!r}")
    assert missing == [], "\n".join(missing)
    assert not re.search(r"[“”‘’–—«»„¡¿]", text), "a TeX ligature or font mapping changed the data"
