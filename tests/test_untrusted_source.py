"""Source text is untrusted: markup and LaTeX specials in a source render as text in HTML and PDF."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.pdfbuild import hardened_env

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ('عنوان الخبر <b>عريض</b>\n\n'
           'قال المصدر <script>alert("x")</script> إن الكلفة 100% & أكثر، و&amp; و&lt;i&gt; '
           'ورموز \\ { } % # & _ $ ^ ~ \\textbf{x} في النص.\n')
QUOTE = 'قال المصدر <script>alert("x")</script> إن الكلفة 100% & أكثر'
SPECIALS = r'ورموز \ { } % # & _ $ ^ ~ \textbf{x} في النص'


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    (root / "data" / "sources").mkdir(parents=True)
    shutil.copytree(ROOT / "data" / "schema", root / "data" / "schema")
    shutil.copyfile(ROOT / "data" / "edition.yaml", root / "data" / "edition.yaml")
    data = HOSTILE.encode("utf-8")
    (root / "data" / "sources" / "hostile-2025.txt").write_bytes(data)
    (root / "data" / "sources.yaml").write_text(f"""\
- id: hostile-2025
  file: sources/hostile-2025.txt
  sha256: {hashlib.sha256(data).hexdigest()}
  outlet: {{ar: "", en: "Test <i>outlet</i> & co"}}
  title: {{ar: "عنوان الخبر", en: "Title with $math$ and <tags>"}}
  language: ar
  url: ""
  published: {{basis: printed, date: "2025-01-01", as_printed: "1/1/2025 <br>"}}
  segments: [{{lines: [1, 1], kind: title}}]
""", encoding="utf-8")
    (root / "data" / "evidence.yaml").write_text(f"""\
- id: hostile-script
  source: hostile-2025
  quote: {QUOTE!r}
  translation: "the source said <script>alert(1)</script> the cost is 100% & more"
- id: hostile-specials
  source: hostile-2025
  quote: {SPECIALS!r}
  translation: "symbols \\\\ {{ }} % # & _ $ ^ ~ in the text"
""".replace("'", '"').replace('"x"', "'x'"), encoding="utf-8")
    (root / "book" / "sources").mkdir(parents=True)
    (root / "book" / "page.md").write_text("# Page\n\nA claim {ev}`hostile-script`, another {ev}`hostile-specials`.\n",
                                           encoding="utf-8")
    (root / "book" / "sources" / "hostile-2025.md").write_text("# Hostile\n\n```{source-text} hostile-2025\n```\n",
                                                               encoding="utf-8")
    config = (ROOT / "_config.yml").read_text(encoding="utf-8").replace("title: \"Ending", "title: \"Test")
    config = config.replace("bibtex_bibfiles: [book/references.bib]", "bibtex_bibfiles: [book/references.bib]")
    (root / "_config.yml").write_text(config, encoding="utf-8")
    # the LaTeX and Lua files the configuration lists (the sandbox among them), at the same paths
    shutil.copytree(ROOT / "src" / "briefing" / "static" / "latex", root / "src" / "briefing" / "static" / "latex")
    (root / "book" / "references.bib").write_text("", encoding="utf-8")
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/page\nchapters:\n  - file: book/sources/hostile-2025\n",
                                   encoding="utf-8")
    jb = str(Path(sys.executable).parent / "jupyter-book")
    env = {"BRIEFING_ROOT": str(root), "PATH": "/usr/bin:/bin", "HOME": str(Path.home())}
    for builder in ("html", "pdflatex"):
        run_env = hardened_env(env) if builder == "pdflatex" else env  # as `briefing build pdf` runs it
        proc = subprocess.run([jb, "build", str(root), "--builder", builder], capture_output=True, text=True,
                              env=run_env)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return root


def test_html_shows_markup_as_text(book):
    for page in ("page.html", "sources/hostile-2025.html"):
        html = (book / "_build" / "html" / "book" / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html and '<script>alert("x")' not in html
        assert "&lt;script&gt;alert" in html
        assert "<i>outlet</i>" not in html
    appendix = (book / "_build" / "html" / "book" / "sources" / "hostile-2025.html").read_text(encoding="utf-8")
    assert "&amp;amp;" in appendix  # the entity in the source is shown as written, not decoded
    assert "&lt;b&gt;" in appendix


def test_pdf_shows_latex_specials_as_text(book):
    pdf = book / "_build" / "latex" / "briefing.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    # pdftotext reorders the runs of a mixed right-to-left line (and mirrors the braces of a Latin run set
    # inside Arabic), so each literal is checked on its own; "textbf" next to "x" and a brace means the
    # command was printed, not executed
    assert re.search(r"textbf[{}]x", flat), "\\textbf{x} was not printed as text"
    for literal in ["\\", "$", "^", "~", "_", "#", "&", "%", "{", "}", "100%", "<script>", "alert"]:
        assert literal in flat, literal


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f", "\x1b[2J"])
def test_a_source_with_bidi_or_terminal_controls_is_refused_by_the_build(tmp_path, control):
    """A source whose text reorders what readers see (U+202E …) or drives a terminal is never built: the reader
    would see a passage that says the opposite of the stored text every check verifies."""
    import os

    root = tmp_path / "project"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "_build", ".venv", "node_modules", "tests",
                                                               "benchmarks", ".hypothesis", "__pycache__"))
    path = root / "data" / "sources" / "erem-2025-09.txt"
    old = path.read_bytes()
    text = old.decode("utf-8")
    new = text.replace("2500", f"{control}0052{control}", 1).encode("utf-8")
    path.write_bytes(new)
    meta = root / "data" / "sources.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace(hashlib.sha256(old).hexdigest(),
                                                             hashlib.sha256(new).hexdigest()), encoding="utf-8")
    env = dict(os.environ, BRIEFING_ROOT=str(root))
    proc = subprocess.run([sys.executable, "-m", "briefing.cli", "build", "html"], capture_output=True, text=True,
                          env=env, cwd=root)
    code = f"U+{ord(control[0]):04X}"
    assert proc.returncode == 1 and "not building" in proc.stderr and code in proc.stderr, proc.stderr[-2000:]
    assert "erem-2025-09.txt:" in proc.stderr and control not in proc.stderr
    assert not (root / "_build" / "html" / "index.html").exists()
