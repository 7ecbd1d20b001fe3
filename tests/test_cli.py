"""The `briefing` command line as scripts and CI use it: exit codes, JSON, and bad input.

Each bad-input case runs on a copy of the real project data, checks the one-line error (what and
where, no traceback) and that nothing on disk changed.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import pytest
import yaml

from helpers import ROOT, assert_clean_error, run, snapshot


def test_check_passes_on_the_real_project():
    proc = run(ROOT, "check", "--json")
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, report["problems"]
    recorded = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text(encoding="utf-8"))
    assert report["ok"] and report["counts"]["sources"] == len(recorded) == len(list((ROOT / "data" / "sources").glob("*.txt")))
    assert report["counts"]["anchored"] == report["counts"]["evidence"] > 0


def test_locate_json_contract(project):
    proc = run(project, "locate", "erem-2025-09", "يقدر عددها بنحو ٢٥٠٠ جندي", "--json")
    assert proc.returncode == 0
    out = json.loads(proc.stdout)
    assert out["source"] == "erem-2025-09"
    (m,) = out["matches"]
    assert set(m) == {"start", "end", "exact", "prefix", "suffix", "paragraph"}
    text = (project / "data/sources/erem-2025-09.txt").read_text(encoding="utf-8")
    assert text[m["start"]:m["end"]] == m["exact"] == "يقدر عددها بنحو 2500 جندي"


def test_locate_not_found_shows_nearest_passage(project):
    proc = run(project, "locate", "erem-2025-09", "يقدر عددها بنحو 2000 جندي")
    assert_clean_error(proc, 1, "erem-2025-09", "nearest passage", "2500")


def test_locate_unknown_source_is_usage_error(project):
    assert_clean_error(run(project, "locate", "nope", "x"), 2, "unknown source id", "erem-2025-09")


def test_sources_json_lists_metadata(project):
    out = json.loads(run(project, "sources", "--json").stdout)
    recorded = yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))
    assert [s["id"] for s in out["sources"]] == [e["id"] for e in recorded]  # however many sources there are
    seeds = ["hafryat-2024-01-31", "iraqobserver-2024", "jibal-2025-08-17", "erem-2025-09", "unattributed-2024-q3"]
    ids = [s["id"] for s in out["sources"]]
    assert [i for i in ids if i in seeds] == seeds  # sources are never removed; new ones may be added
    inferred = {s["id"] for s in out["sources"] if s["published"]["basis"] == "inferred"}
    assert inferred == {e["id"] for e in recorded if e["published"]["basis"] == "inferred"} >= {"erem-2025-09"}
    latest = max(e["published"].get("date") or e["published"]["latest"] for e in recorded)
    assert out["as_of"] == latest


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BAD_INPUTS = {
    "checksum drift": (lambda p: (p / "data/sources/erem-2025-09.txt").open("a", encoding="utf-8").write("x"),
                       ["erem-2025-09.txt", "checksum drift", "erem-force-level"]),
    "quote no longer anchors": (lambda p: _replace(p / "data/evidence.yaml", "2026", "2027"),
                                ["evidence.yaml:2", "jibal-phase-two", "nearest passage"]),
    "duplicate evidence id": (lambda p: _replace(p / "data/evidence.yaml", "id: erem-force-level",
                                                 "id: jibal-phase-two"),
                              ["evidence.yaml:6", "duplicate evidence id 'jibal-phase-two' (first at line 2)"]),
    "malformed yaml": (lambda p: _replace(p / "data/evidence.yaml", "  source: erem", "source: [erem"),
                       ["evidence.yaml:", "invalid YAML"]),
    "missing field": (lambda p: _replace(p / "data/sources.yaml", "  language: ar\n", ""),
                      ["sources.yaml:", "'language' is a required property"]),
    "unknown source in registry": (lambda p: _replace(p / "data/evidence.yaml", "source: erem-2025-09",
                                                      "source: erem-2025"),
                                   ["evidence.yaml:7", "unknown source 'erem-2025'"]),
    "unknown citation in the book": (lambda p: _replace(p / "book/page.md", "jibal-phase-two", "jibal-phase-3"),
                                     ["book/page.md:3", "unknown evidence id 'jibal-phase-3'"]),
    "ambiguous quote": (lambda p: _replace(p / "data/evidence.yaml", "ستستكمل بمرحلتها الثانية في ايلول 2026",
                                           "إنهاء مهام التحالف الدولي"),
                        ["jibal-phase-two", "occurs", "occurrence: N"]),
    "empty quote": (lambda p: _replace(p / "data/evidence.yaml", '"ستستكمل بمرحلتها الثانية في ايلول 2026"',
                                       '"،  ؟"'),
                    ["jibal-phase-two", "no letters or digits"]),
}


@pytest.mark.parametrize("case", list(BAD_INPUTS))
def test_bad_input_gets_a_clear_error_and_changes_nothing(project, case):
    break_it, needles = BAD_INPUTS[case]
    break_it(project)
    before = snapshot(project)
    proc = run(project, "check")
    assert_clean_error(proc, 1, *needles)
    assert snapshot(project) == before


@pytest.mark.parametrize("content,needle", [
    ("نص".encode("cp1256"), "not UTF-8"),
    ("\ufeffنص\n".encode("utf-8"), "byte-order mark"),
    ("نص\r\nنص\r\n".encode(), "CR (Windows) line ends"),
    ("نص\n".encode("utf-16-le"), "NUL bytes"),
    ("نص \u202eمقلوب\u202c\n".encode("utf-8"), "U+202E (RIGHT-TO-LEFT OVERRIDE)"),
])
def test_sources_that_are_not_clean_utf8_are_refused(project, content, needle):
    path = project / "data/sources/erem-2025-09.txt"
    path.write_bytes(content)
    _replace(project / "data/sources.yaml", "e1fea75b747b77bce926c6af34df68053be03c341581b41fd5472aac874a601e",
             hashlib.sha256(content).hexdigest())
    proc = run(project, "check")
    assert_clean_error(proc, 1, "erem-2025-09.txt", needle)


def test_bad_usage_exits_2(project):
    assert run(project, "locate").returncode == 2
    assert run(project, "frobnicate").returncode == 2


def test_malformed_table_is_reported_with_its_line(project):
    # the real table's header (its columns change), a good row, then a row whose value has an unquoted comma
    header = (ROOT / "data" / "claims.csv").read_text(encoding="utf-8").splitlines()[0]
    columns = next(csv.reader([header]))
    n = len(columns)
    fill = {"topic": "Force", "value_key": "2500", "holds": "fixed", "evidence": "erem-force-level"}
    good = ",".join('"about 2,500"' if c == "value" else fill.get(c, "") for c in columns)
    bad = ",".join("about 2,000" if c == "value" else fill.get(c, "") for c in columns)
    (project / "data" / "claims.csv").write_text(f"{header}\n{good}\n{bad}\n", encoding="utf-8")
    assert_clean_error(run(project, "check"), 1, "data/claims.csv:3", f"has {n + 1} fields, expected {n}")
