"""A citation that does not resolve fails the book build, naming the citation, source and nearest passage."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CONFIG = """\
title: Test book
only_build_toc_files: true
execute: {execute_notebooks: "off"}
bibtex_bibfiles: [book/references.bib]
exclude_patterns: [_build, data]
sphinx:
  extra_extensions: [briefing.sphinx]
  config: {nb_render_markdown_format: myst}
"""
TOC = """\
format: jb-book
root: book/page
chapters:
  - file: book/sources/erem-2025-09
"""


def build(root: Path) -> subprocess.CompletedProcess:
    jb = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run([str(jb), "build", str(root), "--builder", "html", "-W", "--keep-going"],
                          capture_output=True, text=True, env={"BRIEFING_ROOT": str(root), "PATH": "/usr/bin:/bin"})


@pytest.fixture
def book(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "book" / "sources").mkdir(parents=True)
    shutil.copyfile(ROOT / "book" / "references.bib", tmp_path / "book" / "references.bib")
    shutil.copyfile(ROOT / "book" / "sources" / "erem-2025-09.md", tmp_path / "book" / "sources" / "erem-2025-09.md")
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(TOC, encoding="utf-8")
    (tmp_path / "book" / "page.md").write_text(
        "# Page\n\nThe US force was put at about 2,500 {ev}`erem-us-2500`.\n", encoding="utf-8")
    return tmp_path


def test_a_resolving_citation_builds(book):
    proc = build(book)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    page = (book / "_build" / "html" / "book" / "page.html").read_text(encoding="utf-8")
    assert 'href="sources/erem-2025-09.html#ev-erem-us-2500"' in page


def test_unknown_citation_fails_the_build(book):
    page = book / "book" / "page.md"
    page.write_text(page.read_text(encoding="utf-8").replace("erem-us-2500", "erem-us-3000"), encoding="utf-8")
    proc = build(book)
    assert proc.returncode != 0
    assert "page.md:3" in proc.stderr and "erem-us-3000" in proc.stderr and "unknown evidence id" in proc.stderr


def test_quote_that_no_longer_anchors_fails_the_build_with_the_nearest_passage(book):
    registry = book / "data" / "evidence.yaml"
    text = registry.read_text(encoding="utf-8")
    assert "بنحو 2500 جندي" in text
    registry.write_text(text.replace("بنحو 2500 جندي", "بنحو 2000 جندي"), encoding="utf-8")
    proc = build(book)
    assert proc.returncode != 0
    for needle in ["erem-us-2500", "erem-2025-09", "nearest passage", "2500"]:
        assert needle in proc.stderr, needle


def test_a_rebuild_removes_the_page_of_a_source_that_left_the_book(book):
    shutil.copyfile(ROOT / "book" / "sources" / "jibal-2025-08-17.md", book / "book" / "sources" / "jibal-2025-08-17.md")
    toc = book / "_toc.yml"
    toc.write_text(TOC + "  - file: book/sources/jibal-2025-08-17\n", encoding="utf-8")
    assert build(book).returncode == 0
    stale = book / "_build" / "html" / "book" / "sources" / "jibal-2025-08-17.html"
    assert stale.exists()
    toc.write_text(TOC, encoding="utf-8")
    (book / "book" / "sources" / "jibal-2025-08-17.md").unlink()
    proc = build(book)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert not stale.exists()
    assert (book / "_build" / "html" / "book" / "sources" / "erem-2025-09.html").exists()
