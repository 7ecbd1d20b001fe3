"""Lookalike ids and duplicates (issue 21).

Before: an id holding a Cyrillic letter or a zero-width space was echoed looking valid; ASCII lookalikes
(`he1m` beside `helm`), the same article added twice and the same passage cited twice were accepted silently.
"""

from __future__ import annotations

import pytest

from briefing.ids import near_ids, show_id
from helpers import assert_clean_error, run, snapshot, with_appendix

ARTICLE = "عنوان الخبر الجديد\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"
EXISTING = ["helm", "erem-2025-09", "jibal-2025-08-17", "unattributed-2024-q3"]


@pytest.mark.parametrize("new,other", [("he1m", "helm"), ("heim", "helm"), ("hel", "helm"), ("hellm", "helm"),
                                       ("hlem", "helm"), ("erem-2025-o9", "erem-2025-09"), ("erem2025-09", "erem-2025-09"),
                                       ("jibal-2025-08-1", "jibal-2025-08-17"), ("unattributed-2024-q3x",
                                                                                "unattributed-2024-q3")])
def test_one_edit_is_near(new, other):
    assert other in [o for o, _ in near_ids(new, EXISTING)]


@pytest.mark.parametrize("new", ["hafryat", "erem-2025-10-01", "erem-2025-08", "unattributed-2024-q4", "helm"])
def test_other_ids_are_not_near(new):
    assert near_ids(new, EXISTING) == []  # a digit for a digit is a date or a counter; an id is not near itself


@pytest.fixture
def project(project):
    with_appendix(project)
    return project


def _article(tmp_path, text=ARTICLE):
    path = tmp_path.parent / f"{tmp_path.name}-{abs(hash(text))}.txt"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("new_id,near", [("erem-2025-o9", "erem-2025-09"), ("jibal-2025-08-1", "jibal-2025-08-17"),
                                         ("erem2025-09", "erem-2025-09")])
def test_add_source_warns_about_a_lookalike_id(project, tmp_path, new_id, near):
    proc = run(project, "add-source", str(_article(tmp_path)), "--id", new_id, "--outlet", "N", "--title-en", "N",
               "--published", "2026-01-01")
    assert proc.returncode == 0, proc.stderr
    assert f"warning: the new source id '{new_id}' is one edit from the existing id '{near}'" in proc.stderr


def test_cite_warns_about_a_lookalike_id(project):
    proc = run(project, "cite", "erem-2025-09", "يقدر عددها بنحو 2500 جندي", "--id", "erem-force-leve1",
               "--translation", "t", "--add")
    assert proc.returncode == 0, proc.stderr  # (the passage differs from erem-force-level's, which is longer)
    assert "one edit from the existing id 'erem-force-level'" in proc.stderr


@pytest.mark.parametrize("bad,code", [("h\u0435lm-2026", "U+0435"), ("helm\u200b-2026", "U+200B"),
                                      ("ｈelm-2026", "U+FF48"), ("he\u0301lm", "U+0301"), ("Helm-2026", "'H'")])
def test_non_ascii_lookalikes_are_refused_and_shown_as_codes(project, tmp_path, bad, code):
    before = snapshot(project)
    proc = run(project, "add-source", str(_article(tmp_path)), "--id", bad, "--outlet", "N", "--title-en", "N",
               "--published", "2026-01-01")
    assert proc.returncode in (1, 2) and "Traceback" not in proc.stderr
    assert code in proc.stderr and (bad.isascii() or bad not in proc.stderr), proc.stderr
    assert snapshot(project) == before


def test_a_lookalike_id_in_the_data_is_shown_as_codes(project):
    meta = project / "data" / "sources.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("- id: erem-2025-09", "- id: \"er\u0435m-2025-09\""),
                    encoding="utf-8")
    proc = run(project, "check")
    assert_clean_error(proc, 1, "er⟨U+0435⟩m-2025-09")
    assert "er\u0435m" not in proc.stderr
    assert show_id("h\u0435lm\u200b") == "h⟨U+0435⟩lm⟨U+200B⟩"


def test_the_same_article_twice_is_refused(project, tmp_path):
    copy = tmp_path.parent / f"{tmp_path.name}-copy.txt"
    copy.write_bytes((project / "data" / "sources" / "erem-2025-09.txt").read_bytes())
    before = snapshot(project)
    proc = run(project, "add-source", str(copy), "--id", "erem-copy-2026", "--outlet", "N", "--title-en", "N",
               "--published", "2026-01-01")
    assert_clean_error(proc, 1, "byte for byte the text of source 'erem-2025-09'")
    assert snapshot(project) == before
    meta = project / "data" / "sources.yaml"
    text = meta.read_text(encoding="utf-8")
    entry = text[text.index("- id: erem-2025-09"):]
    entry = entry[:entry.index("\n- id:")] if "\n- id:" in entry else entry
    meta.write_text(text.rstrip("\n") + "\n" + entry.replace("erem-2025-09", "erem-twin-2026", 1)
                    .replace("sources/erem-2025-09.txt", "sources/erem-2025-09.txt"), encoding="utf-8")
    assert_clean_error(run(project, "check"), 1, "same sha256 as source 'erem-2025-09'")


def test_the_same_passage_twice_is_refused(project):
    before = snapshot(project)
    # the registry's erem-force-level, pasted with a different spelling of the digits: the same span
    proc = run(project, "cite", "erem-2025-09", "القوات الأمريكية التي يقدر عددها بنحو ٢٥٠٠ جندي", "--id", "erem-again",
               "--translation", "t", "--add")
    assert_clean_error(proc, 1, "already evidence 'erem-force-level'", "cite 'erem-force-level'")
    assert snapshot(project) == before
    registry = project / "data" / "evidence.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + """- id: erem-again
  source: erem-2025-09
  quote: "القوات الأمريكية التي يقدر عددها بنحو 2500 جندي"
  translation: "again"
""", encoding="utf-8")
    assert_clean_error(run(project, "check"), 1, "'erem-again' quotes the same passage as 'erem-force-level'")
