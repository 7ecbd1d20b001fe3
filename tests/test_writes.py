"""Writes from untrusted text: YAML injection, symlinks, failed disks, crashes (issue 13)."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.characters import is_unsafe
from helpers import ROOT, assert_clean_error, run, run_python, snapshot, with_appendix

QUOTE = "قال المتحدث باسم التحالف"


@pytest.fixture
def project(project):
    with_appendix(project)
    return project


def add_text_source(project: Path, tmp_path: Path, text: str, sid: str = "noise-2026") -> subprocess.CompletedProcess:
    article = tmp_path / f"{sid}.txt"
    article.write_text(text, encoding="utf-8")
    return run(project, "add-source", str(article), "--id", sid, "--outlet", "Noise", "--title-en", "Noise",
               "--published", "2026-01-18")


def last_entry(project: Path) -> dict:
    return yaml.safe_load((project / "data" / "evidence.yaml").read_text(encoding="utf-8"))[-1]


@pytest.mark.parametrize("noise", ["\n  translation: PWNED", "\n- id: pwned\n#x", "\": x\n  note: '\\\"\n"])
def test_translation_never_becomes_yaml(project, tmp_path, noise):
    proc = add_text_source(project, tmp_path, f"عنوان الخبر\n\n{QUOTE} في بغداد اليوم\n")
    assert proc.returncode == 0, proc.stderr
    translation = f"The spokesman said{noise}"
    proc = run(project, "cite", "noise-2026", QUOTE, "--id", "noise-said", "--translation", translation, "--add")
    assert proc.returncode == 0, proc.stderr
    entry = last_entry(project)
    assert entry == {"id": "noise-said", "source": "noise-2026", "quote": QUOTE, "translation": translation}
    assert "invalid YAML" not in run(project, "check").stderr


@pytest.mark.parametrize("noise", ["\u2028  translation: PWNED", "\x1b[31m\x07\x85- id: pwned\u2029#x"])
def test_controls_in_source_or_translation_are_refused(project, tmp_path, noise):
    """Controls, line separators and NEL never reach the files: refused, shown as codes, nothing written."""
    article = tmp_path.parent / f"{tmp_path.name}-article.txt"  # outside the project (tmp_path is the project)
    article.write_text(f"عنوان الخبر\n\n{QUOTE}{noise} في بغداد اليوم\n", encoding="utf-8")
    before = snapshot(project)
    proc = run(project, "add-source", str(article), "--id", "noise-2026", "--outlet", "Noise", "--title-en", "Noise",
               "--published", "2026-01-18")
    assert_clean_error(proc, 1, "U+", "briefing strip-controls")
    assert "\x1b" not in proc.stderr and "\u2028" not in proc.stderr
    assert snapshot(project) == before
    proc = run(project, "cite", "erem-2025-09", "يقدر عددها بنحو 2500 جندي", "--id", "noise-said",
               "--translation", f"The spokesman said{noise}", "--add")
    assert_clean_error(proc, 2, "--translation", "U+")
    assert snapshot(project) == before


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """An in-process project: one source whose text the fuzz test rewrites."""
    root = tmp_path_factory.mktemp("mini")
    shutil.copytree(ROOT / "data" / "schema", root / "data" / "schema")
    (root / "data" / "sources").mkdir()
    return root


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(noise=st.text(st.characters(blacklist_characters="\r\x00", blacklist_categories=("Cs",)), max_size=30)
       .filter(lambda t: not is_unsafe(t)),
       translation=st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40)
       .filter(lambda t: t.strip() and not is_unsafe(t)))
def test_fuzz_cite_add_round_trips(mini, noise, translation):
    from briefing.authoring import append_evidence, entry_text, evidence_entry
    from briefing.corpus import Corpus
    from briefing.evidence import Registry
    from briefing.yamlio import load_yaml

    text = f"عنوان\n\n{noise} {QUOTE} {noise}\n"
    data = text.encode("utf-8")
    (mini / "data" / "sources" / "fuzz.txt").write_bytes(data)
    entry = {"id": "fuzz", "file": "sources/fuzz.txt", "sha256": hashlib.sha256(data).hexdigest(),
             "outlet": {"ar": noise, "en": "Fuzz"}, "title": {"ar": "عنوان", "en": translation}, "language": "ar",
             "url": noise, "published": {"basis": "printed", "date": "2026-01-01", "as_printed": noise + "x"},
             "segments": [{"lines": [1, 1], "kind": "title", "note": noise + "n"}]}
    (mini / "data" / "sources.yaml").write_text(entry_text(entry), encoding="utf-8")
    assert load_yaml(mini / "data" / "sources.yaml").data == [entry]
    (mini / "data" / "evidence.yaml").write_text("# fuzz\n", encoding="utf-8")
    registry = Registry.load(Corpus.load(mini))
    try:
        text_entry, match = evidence_entry(registry, "fuzz", QUOTE, "fuzz-1", translation)
    except Exception as exc:  # noise that repeats the quote makes it ambiguous: that is a clean refusal
        assert "occurs" in str(exc)
        return
    append_evidence(registry, text_entry)
    stored = load_yaml(mini / "data" / "evidence.yaml").data
    assert stored == [{"id": "fuzz-1", "source": "fuzz", "quote": match.exact, "translation": translation}]


def test_symlinked_target_is_refused_and_nothing_outside_changes(project, tmp_path):
    outside = tmp_path / "outside.yaml"
    registry = project / "data" / "evidence.yaml"
    shutil.move(registry, outside)
    registry.symlink_to(outside)
    before, outside_before = snapshot(project), outside.read_bytes()
    proc = run(project, "cite", "erem-2025-09", "يقدر عددها بنحو 2500 جندي", "--id", "erem-x",
               "--translation", "x", "--add")
    assert_clean_error(proc, 1, "evidence.yaml", "symbolic link")
    assert snapshot(project) == before and registry.is_symlink() and outside.read_bytes() == outside_before


@pytest.mark.parametrize("code,needle", [(errno.ENOSPC, "disk is full"), (errno.EROFS, "read-only"),
                                         (errno.EACCES, "permission denied")])
@pytest.mark.parametrize("where", ["tempfile.mkstemp", "os.fsync", "os.replace"])
def test_failed_write_is_one_line_and_leaves_nothing(project, monkeypatch, code, needle, where):
    import tempfile  # noqa: F401  (patched by name)

    from briefing.errors import BriefingError
    from briefing.writes import TMP_SUFFIX, atomic_write

    target = project / "data" / "evidence.yaml"
    before = snapshot(project)

    def fail(*args, **kwargs):
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(where, fail)
    with pytest.raises(BriefingError) as info:
        atomic_write({target: b"- new\n"})
    monkeypatch.undo()
    assert needle in info.value.message and "\n" not in info.value.message and "nothing was changed" in info.value.message
    assert snapshot(project) == before
    assert not list(project.rglob(f"*{TMP_SUFFIX}"))


CRASH = """
import os, sys
from briefing import cli
real, calls = os.replace, [0]
def crashing(a, b):
    if calls[0] == int(sys.argv[1]):
        os._exit(9)  # the process dies here: no cleanup runs
    calls[0] += 1
    real(a, b)
os.replace = crashing
sys.exit(cli.main(sys.argv[2:]))
"""


@pytest.mark.parametrize("crash_at", range(5))  # before the journal is in place, after it, between the 4 renames
def test_add_source_crash_is_detected_and_recovered(project, tmp_path, crash_at):
    article = tmp_path / "a.txt"
    article.write_text(f"عنوان\n\n{QUOTE} في بغداد\n", encoding="utf-8")
    args = ["add-source", str(article), "--id", "crash-2026", "--outlet", "C", "--title-en", "C",
            "--published", "2026-01-01"]
    env = dict(os.environ, BRIEFING_ROOT=str(project))
    proc = run_python(["-c", CRASH, str(crash_at), *args], env, project)
    assert proc.returncode == 9, proc.stderr
    check = run(project, "check")
    assert check.returncode == 1 and "briefing recover" in check.stderr, check.stderr
    recovered = run(project, "recover")
    assert recovered.returncode == 0, recovered.stderr
    added = (project / "data" / "sources" / "crash-2026.txt").exists()
    assert added == (crash_at > 0)  # a journalled change is rolled forward, an unjournalled one back
    if not added:
        assert run(project, *args).returncode == 0  # the retry is not refused
    problems = run(project, "check").stderr
    assert "recover" not in problems and "crash-2026" not in problems, problems
    assert not list(project.rglob("*.briefing-tmp")) and not (project / "data" / ".briefing-journal.json").exists()


def test_partial_states_are_named_with_their_repair(project, tmp_path):
    (project / "data" / "sources" / "orphan-2026.txt").write_text("x\n", encoding="utf-8")
    (project / "book" / "sources" / "erem-2025-09.md").unlink()
    (project / "book" / "sources" / "ghost-2026.md").write_text("# Ghost\n", encoding="utf-8")
    toc = project / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8").replace("      - file: book/sources/jibal-2025-08-17\n", ""),
                   encoding="utf-8")
    err = run(project, "check").stderr
    assert "data/sources/orphan-2026.txt: is not recorded" in err and "rm data/sources/orphan-2026.txt" in err
    assert "'erem-2025-09' has no appendix page" in err and "'jibal-2025-08-17' is not listed in _toc.yml" in err
    assert "book/sources/ghost-2026.md" in err and "rm book/sources/ghost-2026.md" in err
    out = run(project, "recover").stdout
    assert "created book/sources/erem-2025-09.md" in out and "added book/sources/jibal-2025-08-17" in out
    err = run(project, "check").stderr
    assert "erem-2025-09' has no" not in err and "jibal-2025-08-17' is not listed" not in err
    assert (project / "data" / "sources" / "orphan-2026.txt").exists()  # never deleted for the author
