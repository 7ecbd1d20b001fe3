"""Bounded, clean failure on bad input (issue 13) and the authoring friction of issue 12.

Each case: a one-line error naming the file, line or flag and what to do; no traceback; and, where the
command refused, nothing on disk changed.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import time

import pytest
import yaml

from helpers import assert_clean_error, run, snapshot, with_appendix

ARTICLE = "عنوان الخبر الجديد\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"
FLAGS = ["--id", "new-2026", "--outlet", "New", "--title-en", "New", "--published", "2026-01-18"]


@pytest.fixture
def project(project):
    with_appendix(project)
    return project


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _flags(**changes: str) -> list[str]:
    flags = list(FLAGS)
    for flag, value in changes.items():
        flags[flags.index("--" + flag.replace("_", "-")) + 1] = value
    return flags


@pytest.mark.parametrize("changes,needle", [
    ({"published": "20251002"}, "write it as YYYY-MM-DD"),
    ({"published": "2025-W40-4"}, "write it as YYYY-MM-DD"),
    ({"published": "٢٠٢٥-١٠-٠٢"}, "write it as YYYY-MM-DD"),
    ({"outlet": ""}, "--outlet: must not be empty"),
    ({"title_en": "  "}, "--title-en: must not be empty"),
    ({"id": "abc\n"}, "lower-case words joined by hyphens"),
    ({"id": "a" * 250}, "limit 80"),
])
def test_add_source_validates_like_check(project, article, changes, needle):
    before = snapshot(project)
    assert_clean_error(run(project, "add-source", str(article), *_flags(**changes)), 1, needle)
    assert snapshot(project) == before


def test_inferred_range_is_strict(project, article):
    before = snapshot(project)
    flags = FLAGS[:-2] + ["--inferred", "20250101/20250201", "--reason", "the text names next month as the deadline"]
    assert_clean_error(run(project, "add-source", str(article), *flags), 1, "YYYY-MM-DD")
    assert snapshot(project) == before


@pytest.mark.parametrize("kind", ["directory", "fifo", "device"])
def test_non_regular_file_refused_before_reading(project, tmp_path, kind):
    path = {"directory": tmp_path / "d", "fifo": tmp_path / "f", "device": "/dev/zero"}[kind]
    if kind == "directory":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    before = snapshot(project)
    t0 = time.perf_counter()
    proc = run(project, "add-source", str(path), *FLAGS)
    assert time.perf_counter() - t0 < 30
    assert_clean_error(proc, 1, "not a regular file")
    assert snapshot(project) == before


def test_cr_only_fix_command_fixes_the_file(project, tmp_path):
    path = tmp_path / "mac.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r").encode("utf-8"))
    proc = run(project, "add-source", str(path), *FLAGS)
    assert_clean_error(proc, 1, "CR line ends")
    command = re.search(r"convert them: (.*)$", proc.stderr.strip()).group(1)
    subprocess.run(["bash", "-c", command], check=True)
    assert b"\r" not in path.read_bytes()
    assert run(project, "add-source", str(path), *FLAGS).returncode == 0


def test_dateline_is_not_taken_as_title(project, tmp_path):
    path = tmp_path / "dated.txt"
    path.write_text("الأربعاء 01 أكتوبر 2025\n\nعنوان الخبر الحقيقي\n\n" + ARTICLE, encoding="utf-8")
    before = snapshot(project)
    proc = run(project, "add-source", str(path), *FLAGS)
    assert_clean_error(proc, 1, ":1:", "is a dateline", "--title 'عنوان الخبر الحقيقي'")
    assert snapshot(project) == before
    proc = run(project, "add-source", str(path), *FLAGS, "--title", "عنوان الخبر الحقيقي")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"title \(ar\) +عنوان الخبر الحقيقي", proc.stdout)  # the metadata is shown before writing
    entry = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))[-1]
    assert entry["segments"] == [{"lines": [1, 1], "kind": "dateline"}, {"lines": [3, 3], "kind": "title"}]


def test_edit_source_rewrites_only_that_entry(project, article):
    assert run(project, "add-source", str(article), *FLAGS).returncode == 0
    meta = project / "data" / "sources.yaml"
    before = meta.read_text(encoding="utf-8")
    proc = run(project, "edit-source", "new-2026", "--title-en", "A better title", "--inferred",
               "2026-01-18/2026-01-18", "--reason", "the dateline of the agency names this day")
    assert proc.returncode == 0, proc.stderr
    after = meta.read_text(encoding="utf-8")
    head = before[:before.index("- id: new-2026")]
    assert after.startswith(head)  # every other entry and comment unchanged
    entry = yaml.safe_load(after)[-1]
    assert entry["title"]["en"] == "A better title" and entry["published"]["basis"] == "inferred"
    page = (project / "book" / "sources" / "new-2026.md").read_text(encoding="utf-8")
    assert page.startswith("# New, 18 January 2026 \\(inferred\\)\n")  # one day, not "18–18", not ISO
    assert "A better title" in page


def test_page_heading_uses_the_book_date_style(project, article):
    assert run(project, "add-source", str(article), *FLAGS).returncode == 0
    assert (project / "book" / "sources" / "new-2026.md").read_text(encoding="utf-8").startswith(
        "# New, 18 January 2026\n")


def test_references_bib_regenerated_and_staleness_reported(project, article):
    from briefing.bibliography import bibtex
    from briefing.corpus import Corpus

    bib = project / "book" / "references.bib"
    bib.write_text(bibtex(Corpus.load(project)), encoding="utf-8")
    assert run(project, "add-source", str(article), *FLAGS).returncode == 0
    assert "@misc{new-2026," in bib.read_text(encoding="utf-8")
    bib.write_text(bib.read_text(encoding="utf-8").replace("new-2026", "old"), encoding="utf-8")
    assert_clean_error(run(project, "check"), 1, "book/references.bib", "briefing refresh")
    assert run(project, "refresh").returncode == 0
    assert "references.bib" not in run(project, "check").stderr


def _write(path, text: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))


BROKEN = {
    "yaml alias bomb": (lambda p: _write(p / "data/evidence.yaml", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"),
                        ["evidence.yaml:2", "alias"]),
    "duplicate key": (lambda p: _write(p / "data/evidence.yaml", (p / "data/evidence.yaml").read_text(encoding="utf-8")
                                       + "  quote: \"other\"\n"), ["evidence.yaml:10", "appears twice"]),
    "deep nesting": (lambda p: _write(p / "data/evidence.yaml", "[" * 100_000), ["evidence.yaml:1", "nested"]),
    "absurd segment": (lambda p: _write(p / "data/sources.yaml", (p / "data/sources.yaml").read_text(encoding="utf-8")
                                        .replace("{lines: [1, 1], kind: title}", "{lines: [2, 1000000000], kind: title}", 1)),
                       ["sources.yaml:"]),
    "unquoted comma": (lambda p: _write(p / "data/evidence.yaml", (p / "data/evidence.yaml").read_text(encoding="utf-8")
                                        .replace("source: erem-2025-09", "source: [erem, 2025")),
                       ["evidence.yaml:", "invalid YAML", "double quotes"]),
    "csv not utf-8": (lambda p: _write(p / "data/claims.csv", b"topic,value_key,value,evidence\n"
                                       + "قوات,1,قوات,erem-force-level\n".encode("cp1256")), ["data/claims.csv:2", "not UTF-8"]),
    "csv 200 kB field": (lambda p: _write(p / "data/claims.csv", "topic,value_key,value,evidence\nx,1,\"" + "y" * 200_000
                                          + "\",erem-force-level\n"), ["data/claims.csv:", "longer than"]),
    "csv formula": (lambda p: _write(p / "data/claims.csv", "topic,value_key,value,evidence\nForce,2500,"
                                     "\"=HYPERLINK(\"\"http://x\"\")\",erem-force-level\n"),
                    ["data/claims.csv:2", "column 'value'", "apostrophe"]),
    "invalid notebook": (lambda p: _write(p / "book/overview.ipynb", "{\n"), ["book/overview.ipynb", "notebook"]),
    "broken schema": (lambda p: _write(p / "data/schema/evidence.schema.json", "{\"type\": \"nope\"}"),
                      ["data/schema/evidence.schema.json", "not a valid JSON Schema"]),
    "schema not json": (lambda p: _write(p / "data/schema/sources.schema.json", "{"),
                        ["data/schema/sources.schema.json:1", "not valid JSON"]),
    "source is a directory": (lambda p: ((p / "data/sources/erem-2025-09.txt").unlink(),
                                         (p / "data/sources/erem-2025-09.txt").mkdir()),
                              ["erem-2025-09"]),
    "deleted table": (lambda p: _write(p / "book/_text/timeline.md", "events = load_table(\"events\")\n"),
                      ["data/events.csv", "file not found"]),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_input_gives_one_clean_error(project, case):
    breaking, needles = BROKEN[case]
    breaking(project)
    before = snapshot(project)
    t0 = time.perf_counter()
    proc = run(project, "check")
    assert time.perf_counter() - t0 < 60
    assert_clean_error(proc, 1, *needles)
    assert snapshot(project) == before


def test_a_yaml_syntax_error_is_reported_once(project):
    BROKEN["unquoted comma"][0](project)
    report = json.loads(run(project, "check", "--json").stdout)
    assert len(report["problems"]) == 1, report["problems"]
    assert re.search(r"evidence\.yaml:\d+:\d+", report["problems"][0]["where"])
