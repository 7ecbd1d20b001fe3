"""The `speaker` of an evidence entry: whose words or position a quoted passage gives.

Validated like the other text fields (a non-empty string when present; bad input is one line naming the
file, the line and the field) and loaded into ``Evidence.speaker`` ("" when the words are the outlet's own).
"""

from __future__ import annotations

import pytest

from briefing.corpus import Corpus
from briefing.evidence import Registry
from helpers import EVIDENCE, assert_clean_error, run

SPEAKER_LINE = 6  # the line of `speaker:` in the registry written below


def _with_speaker(project, value: str) -> None:
    """The small test registry, its first entry given ``speaker: VALUE`` (YAML as written) on line 6."""
    lines = EVIDENCE.splitlines()
    assert lines[4].startswith("  translation:")
    lines.insert(5, f"  speaker: {value}")
    (project / "data" / "evidence.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_real_registry_has_speakers_and_outlet_narration():
    registry = Registry.load(Corpus.load())
    allawi = registry["jibal-allawi-committed"]
    assert allawi.speaker == "Hussein Allawi, the Prime Minister's adviser, via the official news agency"
    assert registry["erem-sept-2025-deadline"].speaker == ""  # Erem News's own narration
    with_speaker = [ev for ev in registry if ev.speaker]
    assert 0 < len(with_speaker) < len(registry)


def test_a_good_speaker_is_loaded(project):
    _with_speaker(project, '"Hussein Allawi, the Prime Minister\'s adviser"')
    registry = Registry.load(Corpus.load(project))
    assert registry["jibal-phase-two"].speaker == "Hussein Allawi, the Prime Minister's adviser"
    assert registry["erem-force-level"].speaker == ""


@pytest.mark.parametrize("value", ['""', '"   "', "42", "[Allawi]", "null", "{name: Allawi}"])
def test_a_bad_speaker_is_one_line_naming_file_line_and_field(project, value):
    _with_speaker(project, value)
    registry, problems = Registry.load_with_problems(Corpus.load(project))
    assert len(problems) == 1, [p.message for p in problems]
    message = problems[0].message
    assert f"evidence.yaml:{SPEAKER_LINE}" in message and "speaker" in message, message
    assert "\n" not in message


def test_check_reports_a_bad_speaker_in_one_clean_line(project):
    _with_speaker(project, '""')
    proc = run(project, "check")
    assert_clean_error(proc, 1, f"evidence.yaml:{SPEAKER_LINE}", "speaker")
    assert sum("speaker" in line for line in proc.stderr.splitlines()) == 1, proc.stderr
