"""Metadata, translations and table cells are untrusted: in the real chapters they render as text.

A copy of the project gets hostile values in the places authors and the command line write — a source's
outlet and title (also through `briefing add-source`, whose appendix page is generated), an evidence
translation, cells of data/positions.csv and data/events.csv — each carrying every vector an attacker has
against a MyST book: raw HTML, a Jinja substitution that runs a shell command, a `literalinclude` of a
host file, a `raw latex` block with `\\directlua` writing a file, `\\input` of a host file, a role, a
target, a link to javascript:. The table cells also carry bidi overrides, isolates and marks (which
`briefing check` refuses; the build is run without it here, so the renderers' own neutralising is what is
tested). Sources get URLs of every kind (one plain https link, the rest javascript:, data: and a
protocol-relative one), and references.bib hand-edited entries linking to javascript:, vbscript: and data:.
A journal shipped with the copy asks to install a git hook: `add-source` must refuse it and leave .git alone.
The real book is then built to HTML and PDF. Nothing may run, no host file may be read, no link may leave
http(s), no bidi control may reach a page or the PDF, and each value must appear as the characters written.
"""

from __future__ import annotations

import csv
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SECRET = "HOST-FILE-CONTENT-5d1c"


def hostile(tag: str, secret_dir: Path) -> str:
    """One value with every vector; ``tag`` tells the values apart and names the files they would create."""
    return (f"<img src=x onerror=alert('{tag}')> <script>alert('{tag}')</script> "
            f"{{{{ cycler.__init__.__globals__.os.system('touch PWNED-{tag}') }}}} "
            f"\n```{{literalinclude}} {secret_dir}/secret.txt\n```\n"
            f"```{{raw}} latex\n\\directlua{{io.open('PWNED-lua-{tag}','w'):write('x')}}\\input{{{secret_dir}/secret.tex}}\n```\n"
            f"{{ev}}`nope` (target-{tag})= [click](javascript:alert('{tag}')) $x^2$ &amp; {tag}-END")


def _load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump_yaml(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def _edit_csv(path: Path, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
        fields = list(rows[0].keys())
    rows[0][column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


BIDI = " \u202efrom fewer than 500 to about 2,000\u202c \u2067RTL-ISOLATE\u2069 \u200f20/01/2025\u200e "
SAFE_URL = "https://example.com/report?id=1&x=%3Cb%3E"
BAD_URLS = ["JaVaScRiPt:alert(document.domain)", "data:text/html,<script>alert(1)</script>", "//evil.example/x"]
BIB = """
@misc{evil-js,
  author = {{Evil}}, title = {{Hostile bibliography entry one}}, howpublished = {{x}}, year = {2025},
  url = {javascript:alert(document.domain)}
}
@misc{evil-vbs,
  author = {{Evil}}, title = {{Hostile bibliography entry two}}, howpublished = {{x}}, year = {2025},
  url = { VBScript:msgbox(1)}
}
@misc{evil-data,
  author = {{Evil}}, title = {{Hostile bibliography entry three}}, howpublished = {{x}}, year = {2025},
  url = {data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==}
}
"""


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("hostile-data") / "project"
    secret_dir = root.parent / "host"
    secret_dir.mkdir()
    (secret_dir / "secret.txt").write_text(SECRET + "\n", encoding="utf-8")
    (secret_dir / "secret.tex").write_text(SECRET + "\n", encoding="utf-8")
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "_build", ".venv", "node_modules", "tests",
                                                               "benchmarks", ".hypothesis", "__pycache__"))
    sources = _load_yaml(root / "data" / "sources.yaml")
    cited_source = sources[0]
    cited_source["outlet"]["en"] = hostile("outlet", secret_dir)
    cited_source["title"]["en"] = hostile("title", secret_dir)
    sources[1]["url"] = SAFE_URL
    for entry, url in zip(sources[2:], BAD_URLS):
        entry["url"] = url
    _dump_yaml(root / "data" / "sources.yaml", sources)
    evidence = _load_yaml(root / "data" / "evidence.yaml")
    evidence[0]["translation"] = hostile("translation", secret_dir)
    _dump_yaml(root / "data" / "evidence.yaml", evidence)
    _edit_csv(root / "data" / "positions.csv", "summary", hostile("positions", secret_dir) + BIDI)
    _edit_csv(root / "data" / "events.csv", "label", hostile("events", secret_dir) + BIDI)
    # a new source through the command line: its appendix page is written by add-source
    article = root.parent / "article.txt"
    article.write_text("عنوان تجريبي للخبر\n\nقالت مصادر إن القوات ستنسحب في الموعد المحدد.\n", encoding="utf-8")
    env = dict(os.environ, BRIEFING_ROOT=str(root), BRIEFING_STATE_DIR=str(root.parent / "state"))
    # a journal shipped with the copy that would install a git hook from a committed script
    (root / ".git" / "hooks").mkdir(parents=True)
    (root / "data" / "hook.sh").write_bytes(b"#!/bin/sh\ntouch PWNED-hook\n")
    (root / "data" / ".briefing-journal.json").write_text(json.dumps([{
        "target": ".git/hooks/pre-commit", "temp": "data/hook.sh",
        "sha256": hashlib.sha256(b"#!/bin/sh\ntouch PWNED-hook\n").hexdigest()}]), encoding="utf-8")
    refused = subprocess.run([sys.executable, "-m", "briefing.cli", "refresh"], capture_output=True, text=True,
                             env=env, cwd=root)
    assert refused.returncode == 1 and ".git/hooks/pre-commit" in refused.stderr, refused.stderr
    assert not (root / ".git" / "hooks" / "pre-commit").exists()
    dropped = subprocess.run([sys.executable, "-m", "briefing.cli", "recover", "--discard"], capture_output=True,
                             text=True, env=env, cwd=root)
    assert dropped.returncode == 0, dropped.stderr
    refreshed = subprocess.run([sys.executable, "-m", "briefing.cli", "refresh"], capture_output=True, text=True,
                               env=env, cwd=root)  # references.bib from the new urls: only the https one is kept
    assert refreshed.returncode == 0, refreshed.stderr
    added = subprocess.run([sys.executable, "-m", "briefing.cli", "add-source", str(article), "--id", "hostile-2025-10-01",
                            "--outlet",
                            "<img src=x onerror=alert('cli')> {{ cycler.__init__.__globals__.os.system('touch PWNED-cli') }}",
                            "--title-en", "<script>alert('cli')</script> (x)= {ev}`nope` cli-END",
                            "--published", "2025-10-01"], capture_output=True, text=True, env=env, cwd=root)
    assert added.returncode == 0, added.stderr
    with (root / "book" / "references.bib").open("a", encoding="utf-8") as bib:  # and hand-edited entries
        bib.write(BIB)
    jb = str(Path(sys.executable).parent / "jupyter-book")
    for builder in ("html", "pdflatex"):
        proc = subprocess.run([jb, "build", str(root), "--builder", builder], capture_output=True, text=True,
                              env=env, cwd=root)
        assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return root


def _pages(root: Path) -> dict[str, str]:
    html = root / "_build" / "html"
    return {str(p.relative_to(html)): p.read_text(encoding="utf-8") for p in html.rglob("*.html")}


def test_nothing_ran_during_the_builds(book):
    planted = [p for p in [*book.rglob("PWNED*"), *book.parent.rglob("PWNED*"), *Path.cwd().glob("PWNED*")]]
    assert planted == []


def test_no_markup_from_data_reaches_the_html(book):
    pages = _pages(book)
    index = (book / "_build" / "html" / "searchindex.js").read_text(encoding="utf-8")
    assert "<img src=x" not in index and "<script>" not in index  # search results show titles as HTML
    for name, page in pages.items():
        assert "<img src=x" not in page, name
        assert "<script>alert(" not in page, name
        assert 'href="javascript:' not in page, name
        assert SECRET not in page, name
    text = "".join(pages.values())
    for tag in ("outlet", "title", "translation", "positions", "events"):
        assert f"{tag}-END" in text, f"the hostile {tag} value is not shown at all"
        assert f"touch PWNED-{tag}" in text, f"the {tag} value's substitution was not shown as text"
    assert "&lt;img src=x onerror=alert(&#x27;positions&#x27;)&gt;" in text or "&lt;img src=x onerror=alert('positions')&gt;" in text
    appendix = pages["book/sources/hostile-2025-10-01.html"]
    assert "&lt;script&gt;alert(" in appendix and "cli-END" in appendix


def test_no_latex_from_data_runs_in_the_pdf(book):
    pdf = book / "_build" / "latex" / "briefing.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = " ".join(text.split())
    assert SECRET not in flat
    assert "directlua" in flat and "literalinclude" in flat  # printed as text, not executed
    tex = (book / "_build" / "latex" / "briefing.tex").read_text(encoding="utf-8")
    assert "\\directlua{io.open" not in tex and "\\input{" + str(book.parent / "host") not in tex


def test_no_link_leaves_http(book):
    pages = _pages(book)
    for name, page in pages.items():
        for href in re.findall(r"""(?:href|formaction|xlink:href)\s*=\s*["']?([^"'>]*)""", page, re.IGNORECASE):
            target = re.sub(r"[\x00-\x20]", "", html.unescape(href)).lower()
            scheme = re.match(r"([a-z][a-z0-9+.-]*):", target)
            assert not target.startswith(("//", "\\\\", "/\\")), (name, href)
            assert scheme is None or scheme.group(1) in ("http", "https", "mailto"), (name, href)
    bibliography = pages["book/sources/index.html"]
    assert f'href="{html.escape(SAFE_URL)}"' in bibliography  # the plain https URL is a link
    for title in ("Hostile bibliography entry one", "two", "three"):
        assert title in bibliography  # the entries are listed, without their links
    assert "evil.example" not in " ".join(re.findall(r'href="([^"]*)"', bibliography))
    references = (book / "book" / "references.bib").read_text(encoding="utf-8")
    generated = references.split("@misc{evil-js")[0]  # what add-source and refresh wrote
    assert SAFE_URL in generated and not any(url in generated for url in BAD_URLS)


def test_no_bidi_control_reaches_a_page_or_the_pdf(book):
    controls = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
    for name, page in _pages(book).items():
        assert not controls.search(page), (name, controls.search(page))
    text = "".join(_pages(book).values())
    assert "[U+202E]from fewer than 500 to about 2,000[U+202C]" in text  # shown, in stored order
    tex = (book / "_build" / "latex" / "briefing.tex").read_text(encoding="utf-8")
    assert not controls.search(tex)
    pdf = subprocess.run(["pdftotext", "-enc", "UTF-8", str(book / "_build" / "latex" / "briefing.pdf"), "-"],
                         capture_output=True, text=True, check=True).stdout
    # poppler itself wraps right-to-left runs in U+202A/202B…202C (2,378 of them in the real PDF): look for the rest
    assert not re.search("[\u061c\u200e\u200f\u202d\u202e\u2066-\u2069]", pdf) and "U+202E" in pdf


def test_the_shipped_journal_touched_nothing(book):
    assert not (book / ".git" / "hooks" / "pre-commit").exists()
    assert not list(book.parent.rglob("PWNED-hook"))
    assert not (book / "data" / ".briefing-journal.json").exists()


def test_briefing_build_refuses_bidi_in_metadata(tmp_path):
    """`briefing build` runs check first: a bidi override in any YAML field stops it with the field and the code."""
    root = tmp_path / "project"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "_build", ".venv", "node_modules", "tests",
                                                               "benchmarks", ".hypothesis", "__pycache__"))
    evidence = _load_yaml(root / "data" / "evidence.yaml")
    evidence[3]["translation"] = "by September \u202e6202\u202c"
    _dump_yaml(root / "data" / "evidence.yaml", evidence)
    env = dict(os.environ, BRIEFING_ROOT=str(root))
    proc = subprocess.run([sys.executable, "-m", "briefing.cli", "build", "html"], capture_output=True, text=True,
                          env=env, cwd=root)
    assert proc.returncode == 1 and "not building" in proc.stderr, proc.stderr[-2000:]
    assert "evidence.yaml:" in proc.stderr and "entry 4" in proc.stderr and "translation" in proc.stderr
    assert "U+202E" in proc.stderr and "\u202e" not in proc.stderr
    assert not (root / "_build" / "html" / "index.html").exists()
