"""The book's SmartQuotes curls quotation marks and changes nothing else in data (issue 25).

Sphinx's own transform drops a backslash before - ' " . ` (it reads them as escapes) and turns "--" into a
dash; the book's transform (briefing.sphinx.smartquotes, with smartquotes_action "q") keeps every other
character as written. A small Sphinx project with the book's MyST extensions builds a page of escaped data.
"""

from __future__ import annotations

import html
import re
import string
import subprocess
import sys
from pathlib import Path

import yaml

from briefing.myst import md_text

ROOT = Path(__file__).resolve().parents[1]
CURLY = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})
VALUES = [
    string.punctuation,
    "a\\-b c\\'d e\\\"f g\\.h i\\`j k\\\\l",
    "a -- b --- c ... d",
    "'single' \"double\" it's 5'10\"",
    "path\\to\\file and a trailing backslash\\",
]


def _build(tmp: Path, extensions: list[str]) -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    action = config["sphinx"]["config"]["smartquotes_action"]
    (tmp / "conf.py").write_text(
        f"project = 'q'\nextensions = {['myst_parser', *extensions]!r}\nsmartquotes_action = {action!r}\n"
        f"myst_enable_extensions = {config['parse']['myst_enable_extensions']!r}\n", encoding="utf-8")
    body = ["# Quotes", ""]
    for k, value in enumerate(VALUES):
        body += [md_text("START{k}", k=k), "", md_text("{v}", v=value), ""]
    (tmp / "index.md").write_text("\n".join(body), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "sphinx", "-b", "html", "-q", str(tmp), str(tmp / "html")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    page = (tmp / "html" / "index.html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", "\n", page[page.index('<section id="quotes">'):page.index("</section>")]))


def _paragraphs(text: str) -> dict[str, str]:
    lines = [line for line in text.splitlines() if line.strip()]
    return {lines[i]: lines[i + 1] for i in range(len(lines) - 1) if re.fullmatch(r"START\d+", lines[i])}


def test_only_quotation_marks_change_and_they_curl(tmp_path: Path) -> None:
    shown = _paragraphs(_build(tmp_path, ["briefing.sphinx.smartquotes"]))
    for k, value in enumerate(VALUES):
        assert shown[f"START{k}"].translate(CURLY) == value, (value, shown[f"START{k}"])
    assert "“double”" in shown["START3"] and "‘single’" in shown["START3"]  # the prose gets its curly quotes


def test_sphinx_own_transform_drops_backslashes(tmp_path: Path) -> None:
    # what the book's transform is for: without it the same page loses characters
    shown = _paragraphs(_build(tmp_path, []))
    assert shown["START1"].translate(CURLY) != VALUES[1]
