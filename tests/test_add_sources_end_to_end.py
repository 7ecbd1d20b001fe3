"""The authoring loop end to end, as a new author runs it: in a copy of the project, add two sources and
a cited sentence through the command line, then check, regenerate the notebook and build the HTML book.
Nothing here may assume that the corpus has five sources."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIRST = ("وكالة الأنباء العراقية تنشر تقريرا عن التحالف\n\n"
         "أعلنت قيادة العمليات المشتركة أن القوات العراقية تسلمت مواقع جديدة من التحالف الدولي.\n\n"
         "وقال المتحدث إن عملية التسليم جرت بحسب الجدول المتفق عليه بين الجانبين.\n")
SECOND = ("تقرير عن مستقبل العلاقة الأمنية\n\n"
          "يرى مراقبون أن العلاقة الأمنية بين بغداد وواشنطن ستستمر بصيغة ثنائية بعد انتهاء مهمة التحالف.\n")


def run(root: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    env = dict(os.environ, BRIEFING_ROOT=str(root))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=root, timeout=timeout)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("authoring") / "project"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "_build", ".venv", "node_modules", ".hypothesis",
                                                               "__pycache__", ".pytest_cache"))
    return root


def test_two_sources_and_a_cited_sentence_build(project):
    before = len(list((project / "data" / "sources").glob("*.txt")))
    (project.parent / "first.txt").write_text(FIRST, encoding="utf-8")
    (project.parent / "second.txt").write_text(SECOND, encoding="utf-8")
    cli = ["-m", "briefing.cli"]
    added = run(project, *cli, "add-source", str(project.parent / "first.txt"), "--id", "ina-2025-10-05",
                "--outlet", "Iraqi News Agency", "--outlet-ar", "وكالة الأنباء العراقية",
                "--title-en", "The Iraqi News Agency publishes a report on the coalition",
                "--published", "2025-10-05", "--as-printed", "5/10/2025")
    assert added.returncode == 0, added.stderr
    added = run(project, *cli, "add-source", str(project.parent / "second.txt"), "--id", "unattributed-2025-q4",
                "--outlet", "Unidentified outlet", "--title-en", "A report on the future of the security relationship",
                "--inferred", "2025-10-01/2025-12-31", "--reason", "The article speaks of the mission as ending")
    assert added.returncode == 0, added.stderr
    cited = run(project, *cli, "cite", "ina-2025-10-05", "تسلمت مواقع جديدة من التحالف الدولي", "--id",
                "ina-handover-new-sites", "--translation", "took over new sites from the international coalition",
                "--add")
    assert cited.returncode == 0, cited.stderr
    text = project / "book" / "_text" / "overview.md"
    prose = text.read_text(encoding="utf-8")
    last_heading = prose.rindex("\n## ")  # before the chapter's last section, whatever it is called
    text.write_text(prose[:last_heading] + "\nA later report says that Iraqi forces took over new sites from the "
                    "coalition {ev}`ina-handover-new-sites`.\n" + prose[last_heading:], encoding="utf-8")

    checked = run(project, *cli, "check")  # the edited text form: its notebook is stale, and check says how to fix it
    lines = checked.stderr.strip().splitlines()
    assert checked.returncode == 1 and len(lines) == 1, checked.stderr
    assert re.fullmatch(r"error: book/overview\.ipynb: is out of date with book/_text/overview\.md \(cell \d+ differs\) — "
                        r"run \.venv/bin/python scripts/notebooks\.py overview \(`briefing build` does it for you\)",
                        lines[0]), lines[0]

    regenerated = run(project, "scripts/notebooks.py", "overview")
    assert regenerated.returncode == 0, regenerated.stderr[-3000:]
    checked = run(project, *cli, "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{before + 2} sources" in checked.stdout
    built = run(project, *cli, "build", "html", timeout=1200)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]

    html = project / "_build" / "html" / "book"
    for sid in ("ina-2025-10-05", "unattributed-2025-q4"):
        assert (html / "sources" / f"{sid}.html").exists()
    overview = (html / "overview.html").read_text(encoding="utf-8")
    assert 'href="sources/ina-2025-10-05.html#ev-ina-handover-new-sites"' in overview
    assert f"The {before + 2} sources of this edition" in overview
    appendix = (html / "sources" / "ina-2025-10-05.html").read_text(encoding="utf-8")
    assert 'id="ev-ina-handover-new-sites"' in appendix and "5 October 2025" in appendix
