"""Metadata, translations and table cells are untrusted: in the real chapters they render as text.

A copy of the project gets hostile values in the places authors and the command line write — a source's
outlet and title (also through `briefing add-source`, whose appendix page is generated), an evidence
translation, cells of data/positions.csv and data/events.csv — each carrying every vector an attacker has
against a MyST book: raw HTML, a Jinja substitution that runs a shell command, a `literalinclude` of a
host file, a `raw latex` block with `\\directlua` writing a file, `\\input` of a host file, a role, a
target, a link to javascript:. The real book is then built to HTML and PDF. Nothing may run, no host
file may be read, and each value must appear as the characters written.
"""

from __future__ import annotations

import csv
import os
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
    _dump_yaml(root / "data" / "sources.yaml", sources)
    evidence = _load_yaml(root / "data" / "evidence.yaml")
    evidence[0]["translation"] = hostile("translation", secret_dir)
    _dump_yaml(root / "data" / "evidence.yaml", evidence)
    _edit_csv(root / "data" / "positions.csv", "summary", hostile("positions", secret_dir))
    _edit_csv(root / "data" / "events.csv", "label", hostile("events", secret_dir))
    # a new source through the command line: its appendix page is written by add-source
    article = root.parent / "article.txt"
    article.write_text("عنوان تجريبي للخبر\n\nقالت مصادر إن القوات ستنسحب في الموعد المحدد.\n", encoding="utf-8")
    env = dict(os.environ, BRIEFING_ROOT=str(root))
    added = subprocess.run([sys.executable, "-m", "briefing.cli", "add-source", str(article), "--id", "hostile-2025-10-01",
                            "--outlet",
                            "<img src=x onerror=alert('cli')> {{ cycler.__init__.__globals__.os.system('touch PWNED-cli') }}",
                            "--title-en", "<script>alert('cli')</script> (x)= {ev}`nope` cli-END",
                            "--published", "2025-10-01"], capture_output=True, text=True, env=env, cwd=root)
    assert added.returncode == 0, added.stderr
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
