"""Two authors' commands at the same moment: nothing is lost (issue 13). 50 rounds: benchmarks/writers.py."""

from __future__ import annotations

import os
import subprocess

import pytest
import yaml

from helpers import start, with_appendix

ROUNDS = int(os.environ.get("BRIEFING_WRITER_ROUNDS", "6"))
ARTICLE = "عنوان الخبر\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"
QUOTES = ["قال مصدر إن القوات", "ستغادر قاعدة حرير"]  # each round cites its own two new sources


def _together(*procs: subprocess.Popen) -> None:
    for proc in procs:
        out, err = proc.communicate()
        assert proc.returncode == 0, err


@pytest.fixture
def project(project):
    with_appendix(project)
    return project


def test_simultaneous_add_source_and_cite_lose_nothing(project, tmp_path):
    for n in range(ROUNDS):
        for side in "ab":  # two different articles (the same bytes twice is refused as a duplicate source)
            (tmp_path / f"{n}{side}.txt").write_text(ARTICLE.replace("2026", f"2026 ({n}{side})"), encoding="utf-8")
        _together(*(start(project, "add-source", str(tmp_path / f"{n}{side}.txt"), "--id", f"race-{n}-{side}",
                          "--outlet", "R", "--title-en", "R", "--published", "2026-01-01") for side in "ab"))
        _together(*(start(project, "cite", f"race-{n}-{side}", quote, "--id", f"race-{n}-{side}",
                           "--translation", "t", "--add") for side, quote in zip("ab", QUOTES)))
    sources = [e["id"] for e in yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))]
    evidence = [e["id"] for e in yaml.safe_load((project / "data" / "evidence.yaml").read_text(encoding="utf-8"))]
    toc = (project / "_toc.yml").read_text(encoding="utf-8")
    for n in range(ROUNDS):
        for side in "ab":
            sid = f"race-{n}-{side}"
            assert sid in sources and sid in evidence and f"book/sources/{sid}\n" in toc
            assert (project / "book" / "sources" / f"{sid}.md").exists()
    assert len(sources) == len(set(sources)) and len(evidence) == len(set(evidence))
