"""The crash journal is untrusted input (issue 21): a clone can ship data/.briefing-journal.json.

Observed before: a journal whose target was .git/hooks/pre-commit and whose temporary file was a committed
executable installed a git hook the first time its user ran `briefing cite … --add`; absolute and ../ targets
were overwritten too. Now a journal may only name the files the project writes (resolved, no symlink, no .git,
never absolute, no ..), anything else is refused in one line saying what it asked for, and a journal that
this clone did not sign is only shown until the author applies (--apply-foreign) or drops (--discard) it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from helpers import ROOT, assert_clean_error, run, run_python, snapshot, with_appendix

JOURNAL = Path("data/.briefing-journal.json")
PAYLOAD = b"#!/bin/sh\ntouch PWNED-hook\n"
ARTICLE = "عنوان الخبر الجديد\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"
CITE = ["cite", "erem-2025-09", "يقدر عددها بنحو 2500 جندي", "--id", "erem-new", "--translation", "t", "--add"]


@pytest.fixture(autouse=True)
def own_state_dir(tmp_path_factory, monkeypatch):
    """Each test's journal keys in a folder of its own (never the user's ~/.local/state)."""
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path_factory.mktemp("state")))


@pytest.fixture
def project(project):
    with_appendix(project)
    (project / ".git" / "hooks").mkdir(parents=True)  # a clone's git folder, which no journal may reach
    return project


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _plant(project: Path, records: list[dict], signed: object = "absent") -> None:
    content = records if signed == "absent" else {"version": 2, "records": records, "signature": signed}
    (project / JOURNAL).write_text(json.dumps(content), encoding="utf-8")


def _outside_world(project: Path) -> dict[str, object]:
    """What must never change: files outside the project and the clone's .git."""
    outside = project.parent / f"{project.name}-outside"
    return {"outside": sorted(p.name for p in outside.iterdir()) if outside.exists() else [],
            "hooks": sorted(p.name for p in (project / ".git" / "hooks").iterdir()),
            "pwned": list(project.parent.rglob("PWNED*"))}


def _hostile_cases(project: Path) -> dict[str, list[dict]]:
    outside = project.parent / f"{project.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "victim.txt").write_text("keep me\n", encoding="utf-8")
    evil = project / "data" / "evil.sh"  # a committed file the journal names as its "temporary file"
    evil.write_bytes(PAYLOAD)
    evil.chmod(0o755)
    temp = project / "data" / ".sources.yaml.abcd1234.briefing-tmp"
    temp.write_bytes(PAYLOAD)
    (project / "book" / "linked").symlink_to(outside, target_is_directory=True)
    link = project / "data" / ".evidence.yaml.abcd1234.briefing-tmp"
    link.symlink_to(outside / "victim.txt")
    sha = _sha(PAYLOAD)
    return {
        "git hook": [{"target": ".git/hooks/pre-commit", "temp": "data/evil.sh", "sha256": sha}],
        "git hook, upper case": [{"target": ".GIT/hooks/pre-commit", "temp": "data/evil.sh", "sha256": sha}],
        "absolute target": [{"target": str(outside / "victim.txt"), "temp": "data/evil.sh", "sha256": sha}],
        "dot-dot target": [{"target": f"../{outside.name}/victim.txt", "temp": "data/evil.sh", "sha256": sha}],
        "dot-dot inside": [{"target": f"data/../../{outside.name}/victim.txt", "temp": "data/evil.sh", "sha256": sha}],
        "temp outside": [{"target": "data/sources.yaml", "temp": f"../{outside.name}/victim.txt", "sha256": sha}],
        "temp not a sibling": [{"target": "data/sources.yaml", "temp": "data/evil.sh", "sha256": sha}],
        "project file it never writes": [{"target": "_config.yml", "temp": "data/evil.sh", "sha256": sha}],
        "makefile": [{"target": "Makefile", "temp": ".Makefile.abcd1234.briefing-tmp", "sha256": sha}],
        "symlinked folder": [{"target": "book/linked/x.md", "temp": "book/linked/.x.md.abcd1234.briefing-tmp",
                              "sha256": sha}],
        "temp is a symlink": [{"target": "data/evidence.yaml", "temp": str(link.relative_to(project)), "sha256": sha}],
        "bidi in the path": [{"target": "data/sources/a\u202etxt.md", "temp": "data/evil.sh", "sha256": sha}],
        "not a record": [{"target": "data/sources.yaml", "temp": str(temp.relative_to(project)), "sha256": sha,
                          "mode": "0755"}],
    }


CASES = ["git hook", "git hook, upper case", "absolute target", "dot-dot target", "dot-dot inside", "temp outside",
         "temp not a sibling", "project file it never writes", "makefile", "symlinked folder", "temp is a symlink",
         "bidi in the path", "not a record"]


@pytest.mark.parametrize("case", CASES)
def test_a_hostile_journal_is_refused_in_one_line(project, case):
    records = _hostile_cases(project)[case]
    _plant(project, records)
    before, world = snapshot(project), _outside_world(project)
    for args in (CITE, ["recover"], ["recover", "--apply-foreign"]):
        proc = run(project, *args)
        assert_clean_error(proc, 1, str(JOURNAL), "nothing was done")
        assert len(proc.stderr.strip().splitlines()) == 1 and "\u202e" not in proc.stderr, proc.stderr
        assert snapshot(project) == before and _outside_world(project) == world
    check = run(project, "check")
    assert_clean_error(check, 1, "nothing was done", "--discard")
    assert len(check.stderr.strip().splitlines()) == 1, check.stderr
    assert run(project, "recover", "--discard").returncode == 0
    assert not (project / JOURNAL).exists() and _outside_world(project) == world
    assert (project / "data" / "evil.sh").read_bytes() == PAYLOAD  # the committed file it named is not touched
    assert run(project, *CITE).returncode == 0


def _foreign(project: Path, signed: object) -> bytes:
    """A confined journal that replaces data/evidence.yaml; this clone never wrote it."""
    evidence = project / "data" / "evidence.yaml"
    new = evidence.read_bytes() + b"\n# changed by a journal from elsewhere\n"
    temp = project / "data" / ".evidence.yaml.k3y9zq1w.briefing-tmp"
    temp.write_bytes(new)
    _plant(project, [{"target": "data/evidence.yaml", "temp": str(temp.relative_to(project)), "sha256": _sha(new)}],
           signed)
    return new


@pytest.mark.parametrize("signed", ["absent", None, "0" * 64, "f00d"])
def test_a_journal_this_clone_did_not_write_is_shown_not_applied(project, signed):
    new = _foreign(project, signed)
    before = snapshot(project)
    assert_clean_error(run(project, *CITE), 1, "not written in this clone", "briefing recover")
    shown = run(project, "recover")
    assert_clean_error(shown, 1, "--apply-foreign", "--discard")
    assert "would replace data/evidence.yaml" in shown.stdout and "NOT written in this clone" in shown.stdout
    assert "would replace" in run(project, "recover", "--dry-run").stdout
    assert_clean_error(run(project, "check"), 1, "not written in this clone")
    assert snapshot(project) == before
    applied = run(project, "recover", "--apply-foreign")
    assert applied.returncode == 0, applied.stderr
    assert (project / "data" / "evidence.yaml").read_bytes() == new and not (project / JOURNAL).exists()


def test_discard_drops_a_foreign_journal_and_keeps_the_targets(project):
    original = (project / "data" / "evidence.yaml").read_bytes()
    _foreign(project, "absent")
    assert run(project, "recover", "--discard").returncode == 0
    assert (project / "data" / "evidence.yaml").read_bytes() == original
    assert not (project / JOURNAL).exists() and not list(project.rglob("*.briefing-tmp"))
    assert run(project, "check").returncode == 0


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


def _crash(project: Path, tmp_path: Path, at: int) -> list[str]:
    article = tmp_path.parent / f"{tmp_path.name}-article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    args = ["add-source", str(article), "--id", "crash-2026", "--outlet", "C", "--title-en", "C",
            "--published", "2026-01-01"]
    env = dict(os.environ, BRIEFING_ROOT=str(project))
    proc = run_python(["-c", CRASH, str(at), *args], env, project)
    assert proc.returncode == 9, proc.stderr
    return args


def test_a_journal_copied_from_another_clone_is_foreign(project, tmp_path):
    """Signed, but by another clone: its signature covers that clone's path and key."""
    other = tmp_path.parent / f"{tmp_path.name}-other"
    shutil.copytree(project, other)
    _crash(other, tmp_path, 2)
    for temp in other.rglob("*.briefing-tmp"):
        shutil.copyfile(temp, project / temp.relative_to(other))
    shutil.copyfile(other / JOURNAL, project / JOURNAL)
    assert_clean_error(run(project, *CITE), 1, "not written in this clone")
    assert run(other, *CITE).returncode == 0  # in its own clone the same journal is completed as before


@pytest.mark.parametrize("crash_at", [1, 2, 3, 4])
def test_check_gives_one_piece_of_advice_after_a_crash(project, tmp_path, crash_at):
    _crash(project, tmp_path, crash_at)
    check = run(project, "check")
    assert_clean_error(check, 1, "briefing recover")
    lines = check.stderr.strip().splitlines()
    assert len(lines) == 1 and " rm " not in lines[0], check.stderr
    recovered = run(project, "recover")
    assert recovered.returncode == 0, recovered.stderr
    assert "would replace" in recovered.stdout or "already in its new state" in recovered.stdout
    assert run(project, "check").returncode == 0


def test_following_the_old_advice_does_not_leave_recover_stuck(project, tmp_path):
    """The orphan file of a half-done add-source removed by hand: recover says what is missing and how to drop
    the change, and dropping it leaves a consistent project."""
    _crash(project, tmp_path, 2)  # the article is in data/sources/, sources.yaml not yet renamed
    (project / "data" / "sources" / "crash-2026.txt").unlink()
    stuck = run(project, "recover")
    assert_clean_error(stuck, 1, "data/sources/crash-2026.txt", "--discard")
    assert len(stuck.stderr.strip().splitlines()) == 1
    assert run(project, "recover", "--discard").returncode == 0
    assert run(project, "check").returncode == 0
    assert not list(project.rglob("*.briefing-tmp"))


@pytest.mark.parametrize("path", ["data/.briefing-journal.json", "data/.briefing.lock", "_build/.briefing-build.lock",
                                  "data/.sources.yaml.abcd1234.briefing-tmp", "book/sources/.x.md.q1.briefing-tmp"])
def test_journal_lock_and_temporary_files_are_ignored_by_git(path):
    proc = subprocess.run(["git", "-C", str(ROOT), "check-ignore", "--no-index", "-q", path])
    assert proc.returncode == 0, f"{path} is not ignored by .gitignore"


@pytest.mark.parametrize("link,to", [("data/sources/erem-2025-09.txt", "/etc/hostname"), ("data/evidence.yaml", "OUT"),
                                     ("book/sources", "OUTDIR"), ("_build", "OUTDIR")])
def test_project_files_are_never_read_or_written_through_a_symlink(project, link, to):
    """A clone whose data file or folder is a link to a host file or to another checkout: refused, not followed."""
    outside = project.parent / f"{project.name}-linked"
    outside.mkdir()
    (outside / "evidence.yaml").write_text((project / "data" / "evidence.yaml").read_text(encoding="utf-8"),
                                           encoding="utf-8")
    target = {"OUT": outside / "evidence.yaml", "OUTDIR": outside}.get(to, Path(to))
    path = project / link
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    path.symlink_to(target)
    before = sorted(p.name for p in outside.iterdir())
    proc = run(project, "check")
    assert_clean_error(proc, 1, link, "symbolic link")
    if link.startswith("data/"):  # cite --add reads and writes data/ (book/ and _build/ it does not touch)
        assert_clean_error(run(project, *CITE), 1, "symbolic link")
    build = run(project, "build", "html")
    assert build.returncode == 1 and "symbolic link" in build.stderr and "Traceback" not in build.stderr
    assert sorted(p.name for p in outside.iterdir()) == before  # nothing written there
