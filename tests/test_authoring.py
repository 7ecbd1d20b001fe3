"""Adding a source and writing a citation: it works, and bad input changes nothing on disk."""

from __future__ import annotations

import json

import pytest

from helpers import assert_clean_error, run, snapshot, with_appendix

ARTICLE = "عنوان الخبر الجديد\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"


@pytest.fixture
def project(project):
    """The shared project copy plus the table of contents and the appendix folder."""
    proc = with_appendix(project)
    assert "created book/sources/erem-2025-09.md" in proc.stdout, proc.stderr
    return project


def add(project, path, *extra):
    return run(project, "add-source", str(path), "--id", "new-2026-01-01", "--outlet", "New Outlet",
               "--title-en", "The new article", *(extra or ("--published", "2026-01-01", "--as-printed", "1/1/2026")))


def test_add_source_copies_bytes_and_records_metadata(project, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    comments_before = (project / "data" / "sources.yaml").read_text(encoding="utf-8")
    proc = add(project, article)
    assert proc.returncode == 0, proc.stderr
    stored = project / "data" / "sources" / "new-2026-01-01.txt"
    assert stored.read_bytes() == article.read_bytes()
    meta = (project / "data" / "sources.yaml").read_text(encoding="utf-8")
    assert meta.startswith(comments_before.rstrip("\n"))  # nothing before the new entry changed
    assert "file: book/sources/new-2026-01-01" in (project / "_toc.yml").read_text(encoding="utf-8")
    assert (project / "book" / "sources" / "new-2026-01-01.md").exists()
    assert run(project, "check").returncode == 0
    located = json.loads(run(project, "locate", "new-2026-01-01", "في ايلول ٢٠٢٦", "--json").stdout)
    assert located["matches"][0]["paragraph"] == 1


def test_add_source_with_an_inferred_date_needs_a_reason(project, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(project)
    assert_clean_error(add(project, article, "--inferred", "2025-09-01/2025-09-30"), 1, "--reason")
    assert snapshot(project) == before
    proc = add(project, article, "--inferred", "2025-09-01/2025-09-30", "--reason",
               "refers to September 2026 as the deadline of the second phase")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(run(project, "sources", "--json").stdout)["sources"][-1]["published"]["basis"] == "inferred"


@pytest.mark.parametrize("content,needle", [
    (ARTICLE.encode("cp1256"), "iconv -f WINDOWS-1256 -t UTF-8"),
    (ARTICLE.encode("utf-16"), "iconv -f UTF-16 -t UTF-8"),
    (b"\xef\xbb\xbf" + ARTICLE.encode(), "byte-order mark"),
    (ARTICLE.replace("\n", "\r\n").encode(), "sed -i 's/\\r$//'"),
    (ARTICLE.encode() + b"\x00", "NUL bytes"),
    (b"", "is empty"),
    (b"  \n\n", "is empty"),
    (("\u202b" + ARTICLE).encode(), "U+202B (RIGHT-TO-LEFT EMBEDDING)"),
    (ARTICLE.encode() * 40_000, "limit"),
])
def test_bad_files_are_refused_with_the_fix_and_nothing_changes(project, tmp_path, content, needle):
    article = tmp_path / "article.txt"
    article.write_bytes(content)
    before = snapshot(project)
    assert_clean_error(add(project, article), 1, needle)
    assert snapshot(project) == before


def test_existing_ids_and_files_are_never_overwritten(project, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    before = snapshot(project)
    proc = run(project, "add-source", str(article), "--id", "erem-2025-09", "--outlet", "X", "--title-en", "T",
               "--published", "2025-09-01")
    assert_clean_error(proc, 1, "already exists")
    (project / "data" / "sources" / "stray-2026.txt").write_text("x", encoding="utf-8")
    before = snapshot(project)
    proc = run(project, "add-source", str(article), "--id", "stray-2026", "--outlet", "X", "--title-en", "T",
               "--published", "2025-09-01")
    assert_clean_error(proc, 1, "would be overwritten")
    assert snapshot(project) == before


def test_cite_prints_an_entry_and_add_appends_it_without_reformatting(project):
    registry = project / "data" / "evidence.yaml"
    original = registry.read_text(encoding="utf-8")
    proc = run(project, "cite", "erem-2025-09", "يقدر عددها بنحو ٢٥٠٠ جندي")
    assert proc.returncode == 0
    assert "source: erem-2025-09" in proc.stdout and '"يقدر عددها بنحو 2500 جندي"' in proc.stdout
    assert registry.read_text(encoding="utf-8") == original  # printing changes nothing
    proc = run(project, "cite", "erem-2025-09", "يقدر عددها بنحو 2500 جندي", "--id", "erem-us-troops",
               "--translation", "estimated at about 2,500 soldiers", "--add")
    assert proc.returncode == 0, proc.stderr
    text = registry.read_text(encoding="utf-8")
    assert text.startswith(original.rstrip("\n"))  # the comment line and every entry kept as they were
    assert run(project, "check").returncode == 0
    assert_clean_error(run(project, "cite", "erem-2025-09", "يقدر عددها", "--id", "erem-us-troops",
                           "--translation", "x", "--add"), 1, "already used")


def test_cite_refuses_ambiguous_and_missing_quotes(project):
    before = snapshot(project)
    assert_clean_error(run(project, "cite", "jibal-2025-08-17", "إنهاء مهام التحالف الدولي"), 1,
                       "occurs 2 times", "--occurrence")
    assert_clean_error(run(project, "cite", "jibal-2025-08-17", "إنهاء مهام التحالف الأممي"), 1, "nearest passage")
    assert run(project, "cite", "jibal-2025-08-17", "إنهاء مهام التحالف الدولي", "--occurrence", "2").returncode == 0
    assert snapshot(project) == before
