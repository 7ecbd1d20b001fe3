"""An incremental build writes again the appendix pages whose backlinks changed, and only those.

The appendix pages list, for each cited passage, the sentences that cite it. When a chapter changes, the
build re-reads that chapter only and re-writes the appendix pages of the sources whose citations in it
changed (benchmarks/bench_scale.py: a one-chapter edit at 200 sources re-wrote all 200 pages before)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from test_build_fails import CONFIG, ROOT, TOC, build

PAGE = ("# Page\n\nThe US force was put at about 2,500 {ev}`erem-us-2500`.\n\n"
        "Allawi said the government is committed {ev}`jibal-allawi-committed`.\n")


@pytest.fixture
def book(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    (tmp_path / "book" / "sources").mkdir(parents=True)
    shutil.copyfile(ROOT / "book" / "references.bib", tmp_path / "book" / "references.bib")
    for sid in ("erem-2025-09", "jibal-2025-08-17"):
        shutil.copyfile(ROOT / "book" / "sources" / f"{sid}.md", tmp_path / "book" / "sources" / f"{sid}.md")
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(TOC + "  - file: book/sources/jibal-2025-08-17\n", encoding="utf-8")
    (tmp_path / "book" / "page.md").write_text(PAGE, encoding="utf-8")
    return tmp_path


def test_an_edit_rewrites_the_appendix_pages_it_touches_and_no_other(book: Path) -> None:
    assert build(book).returncode == 0
    html = book / "_build" / "html" / "book" / "sources"
    erem, jibal = html / "erem-2025-09.html", html / "jibal-2025-08-17.html"
    assert "The US force was put at about 2,500" in erem.read_text(encoding="utf-8")
    jibal_before = jibal.stat().st_mtime_ns, jibal.read_text(encoding="utf-8")

    page = book / "book" / "page.md"
    page.write_text(PAGE.replace("was put at about", "was estimated at about"), encoding="utf-8")
    proc = build(book)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "The US force was estimated at about 2,500" in erem.read_text(encoding="utf-8")
    assert "was put at about" not in erem.read_text(encoding="utf-8")
    assert (jibal.stat().st_mtime_ns, jibal.read_text(encoding="utf-8")) == jibal_before  # not written again

    page.write_text(PAGE.split("\n\nAllawi")[0] + "\n", encoding="utf-8")  # the Allawi citation removed
    assert build(book).returncode == 0
    assert "Allawi said the government is committed" not in jibal.read_text(encoding="utf-8")
