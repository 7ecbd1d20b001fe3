"""One copy of the project grown through the command line, as authors grow it, and built once (HTML and PDF)
for the tests that need a larger corpus: tests/test_add_sources_end_to_end.py (two sources and a cited
sentence added, the notebook regenerated, the HTML) and tests/test_pdf_long_titles.py (a source with a
250-character Arabic title, the PDF). Their inputs do not conflict: every step is kept with its result, and
each test asserts on the steps it is about; the book is built once with `briefing build all`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from helpers import build_with_kernel_retry

ROOT = Path(__file__).resolve().parents[1]

# --- the long title (tests/test_pdf_long_titles.py) ---------------------------------------------------------
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
LONG_ID = "network-2025-10-10"

# --- two sources and a cited sentence (tests/test_add_sources_end_to_end.py) ------------------------------
FIRST = ("وكالة الأنباء العراقية تنشر تقريرا عن التحالف\n\n"
         "أعلنت قيادة العمليات المشتركة أن القوات العراقية تسلمت مواقع جديدة من التحالف الدولي.\n\n"
         "وقال المتحدث إن عملية التسليم جرت بحسب الجدول المتفق عليه بين الجانبين.\n")
SECOND = ("تقرير عن مستقبل العلاقة الأمنية\n\n"
          "يرى مراقبون أن العلاقة الأمنية بين بغداد وواشنطن ستستمر بصيغة ثنائية بعد انتهاء مهمة التحالف.\n")


def run(root: Path, *args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    """``python ARGS`` in the project at ``root``, output captured."""
    env = dict(os.environ, BRIEFING_ROOT=str(root))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, cwd=root, timeout=timeout)


@dataclass
class Grown:
    """The grown copy and the result of each step, in the order they ran."""

    root: Path
    steps: dict[str, subprocess.CompletedProcess] = field(default_factory=dict)
    title_ar_after_add: str | None = None
    sources_before_authoring: int = 0



def grow(root: Path) -> Grown:
    """Copy the project to ``root``, add the sources and the sentence through the command line, build."""
    shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".git", "_build", ".venv", "node_modules", ".hypothesis",
                                                               "__pycache__", ".pytest_cache"))
    grown = Grown(root)
    cli = ["-m", "briefing.cli"]
    steps = grown.steps

    text = root.parent / "long.txt"
    text.write_text(TITLE + "\n\n" + BODY, encoding="utf-8")
    steps["add long title"] = run(root, *cli, "add-source", str(text), "--id", LONG_ID,
                                  "--outlet", "Independent Iraqi Network", "--outlet-ar", OUTLET_AR,
                                  "--title-en", "An extended report on the future of the security relationship",
                                  "--published", "2025-10-10", "--as-printed", "10/10/2025")
    if steps["add long title"].returncode == 0:
        from briefing import Corpus

        grown.title_ar_after_add = Corpus.load(root)[LONG_ID].title_ar

    grown.sources_before_authoring = len(list((root / "data" / "sources").glob("*.txt")))
    (root.parent / "first.txt").write_text(FIRST, encoding="utf-8")
    (root.parent / "second.txt").write_text(SECOND, encoding="utf-8")
    steps["add first"] = run(root, *cli, "add-source", str(root.parent / "first.txt"), "--id", "ina-2025-10-05",
                             "--outlet", "Iraqi News Agency", "--outlet-ar", "وكالة الأنباء العراقية",
                             "--title-en", "The Iraqi News Agency publishes a report on the coalition",
                             "--published", "2025-10-05", "--as-printed", "5/10/2025")
    steps["add second"] = run(root, *cli, "add-source", str(root.parent / "second.txt"), "--id", "unattributed-2025-q4",
                              "--outlet", "Unidentified outlet",
                              "--title-en", "A report on the future of the security relationship",
                              "--inferred", "2025-10-01/2025-12-31", "--reason", "The article speaks of the mission as ending")
    steps["cite"] = run(root, *cli, "cite", "ina-2025-10-05", "تسلمت مواقع جديدة من التحالف الدولي", "--id",
                        "ina-handover-new-sites", "--translation", "took over new sites from the international coalition",
                        "--add")
    overview = root / "book" / "_text" / "overview.md"
    prose = overview.read_text(encoding="utf-8")
    last_heading = prose.rindex("\n## ")  # before the chapter's last section, whatever it is called
    overview.write_text(prose[:last_heading] + "\nA later report says that Iraqi forces took over new sites from the "
                        "coalition {ev}`ina-handover-new-sites`.\n" + prose[last_heading:], encoding="utf-8")
    steps["check stale"] = run(root, *cli, "check")  # the text form edited, its notebook not yet regenerated
    steps["regenerate"] = run(root, "scripts/notebooks.py", "overview")
    steps["check"] = run(root, *cli, "check")
    steps["build"] = build_with_kernel_retry(lambda: run(root, *cli, "build", "all", timeout=2400))
    return grown
