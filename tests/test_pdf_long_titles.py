"""A grown corpus keeps the PDF right (issue 23): in a copy of the project, an author adds through the
command line a source whose Arabic title is 250 characters long and whose Arabic outlet name is long too,
then builds the PDF. The title must wrap inside its bibliography entry with its words in order across the
lines, nothing of the English part among them; the appendix must carry the new source's section.
Builds a whole PDF in a temporary copy (several minutes)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from briefing import Corpus

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("تقرير موسع عن مستقبل العلاقة الأمنية بين بغداد وواشنطن بعد انتهاء مهمة التحالف الدولي في العراق "
         "وما يعنيه ذلك للقواعد العسكرية في الأنبار وأربيل وللفصائل المسلحة وللحكومة الاتحادية وإقليم كردستان "
         "في السنوات المقبلة بحسب مسؤولين ومراقبين").split()
TITLE = " ".join(WORDS)
while len(TITLE) < 250:
    TITLE += " " + WORDS[len(TITLE) % len(WORDS)]
TITLE = TITLE[:250].rsplit(" ", 1)[0] + " والمنطقة"
OUTLET_AR = "الشبكة العراقية المستقلة للأخبار والتحليلات السياسية والأمنية والاقتصادية في الشرق الأوسط"
BODY = ("نص المقال الأول يتحدث عن العلاقة الأمنية بين بغداد وواشنطن بعد انتهاء مهمة التحالف.\n\n"
        "ويقول مراقبون إن العلاقة ستستمر بصيغة ثنائية في السنوات المقبلة.\n")


def run(root: Path, *args: str, timeout: int = 1500) -> subprocess.CompletedProcess:
    env = dict(os.environ, BRIEFING_ROOT=str(root))
    return subprocess.run([sys.executable, "-m", "briefing.cli", *args], capture_output=True, text=True, env=env,
                          cwd=root, timeout=timeout)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("long-title") / "project"
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "_build", ".venv", "node_modules", ".hypothesis",
                                                               "__pycache__", ".pytest_cache"))
    return root


def test_a_250_character_arabic_title_wraps_in_order_in_the_pdf(project):
    assert len(TITLE) >= 250
    text = project.parent / "long.txt"
    text.write_text(TITLE + "\n\n" + BODY, encoding="utf-8")
    added = run(project, "add-source", str(text), "--id", "network-2025-10-10", "--outlet", "Independent Iraqi Network",
                "--outlet-ar", OUTLET_AR, "--title-en", "An extended report on the future of the security relationship",
                "--published", "2025-10-10", "--as-printed", "10/10/2025")
    assert added.returncode == 0, added.stderr
    assert Corpus.load(project)["network-2025-10-10"].title_ar == TITLE
    built = run(project, "build", "pdf")
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    pdf = project / "_build" / "latex" / "briefing.pdf"

    sys.path.insert(0, str(ROOT / "tests"))
    from test_pdf_layout import _bibliography_pages, arabic_title_problems

    pages = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    bib = _bibliography_pages([p for p in pages if p.strip()]).start
    titles = {s.id: s.title_ar for s in Corpus.load(project)}
    problems = arabic_title_problems(pdf, bib, len(pages), titles)
    assert not problems, problems
    # the long title takes more than one line, each line inside the text block
    assert "Independent Iraqi Network" in " ".join(pages[bib - 1:])
