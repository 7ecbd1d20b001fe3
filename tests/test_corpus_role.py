"""The {corpus} role prints the number of sources and their span from data/sources.yaml when the page is
written, so the prose follows the corpus (a small project built with the book's extension)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from briefing import Corpus
from briefing.dates import month_year
from helpers import project_without_citations
from test_horizon_roles import _build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_without_citations(tmp_path)


PAGE = "# Sources\n\nThe evidence is {corpus}`count` articles from {corpus}`first` to {corpus}`last`.\n"


def _expected(root: Path) -> str:
    corpus = Corpus.load(root)
    words = "zero one two three four five six seven eight nine ten".split()
    first = month_year(min(s.published.earliest_possible for s in corpus))
    return f"The evidence is {words[len(corpus)]} articles from {first} to {month_year(corpus.as_of)}."


def test_the_role_prints_the_corpus_in_html_and_latex(project: Path) -> None:
    proc = _build(project, "html", "2026-12-06", page=PAGE)
    assert proc.returncode == 0, proc.stderr
    assert _expected(project) in (project / "out-html-2026-12-06" / "index.html").read_text(encoding="utf-8")
    proc = _build(project, "latex", "2026-12-06", page=PAGE)
    assert proc.returncode == 0, proc.stderr
    tex = next((project / "out-latex-2026-12-06").glob("*.tex")).read_text(encoding="utf-8")
    assert _expected(project) in tex


def test_the_prose_follows_a_source_removed_from_the_corpus(project: Path) -> None:
    """Drop the newest source from the metadata: the count and the last month change with it, untouched prose."""
    meta = project / "data" / "sources.yaml"
    entries = yaml.safe_load(meta.read_text(encoding="utf-8"))
    before = _expected(project)
    newest = max(entries, key=lambda e: str(e["published"].get("date") or e["published"].get("latest")))
    meta.write_text(yaml.safe_dump([e for e in entries if e is not newest], allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    (project / "data" / "sources" / f"{newest['id']}.txt").unlink()
    evidence = project / "data" / "evidence.yaml"
    kept = [e for e in yaml.safe_load(evidence.read_text(encoding="utf-8")) or [] if e["source"] != newest["id"]]
    evidence.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
    after = _expected(project)
    assert after != before
    proc = _build(project, "html", "2026-12-06", page=PAGE)
    assert proc.returncode == 0, proc.stderr
    assert after in (project / "out-html-2026-12-06" / "index.html").read_text(encoding="utf-8")


def test_an_unknown_fact_fails_the_build(project: Path) -> None:
    proc = _build(project, "html", "2026-12-06", page="# Sources\n\n{corpus}`outlets` outlets.\n")
    assert "write {corpus}`count`, {corpus}`first` or {corpus}`last`" in proc.stderr, proc.stderr
