"""Every failing file operation is one line naming the file and what to do, and nothing half-applies (issue 21).

Before: a recovery target that could not be written broke every writing command with a traceback until it
was fixed; building a read-only tree crashed; a non-writable _toc.yml half-applied `add-source`.

Read-only files and trees are made with a read-only bind mount inside a private mount namespace
(``unshare -rm``), which needs no privilege and leaves the machine as it was (root ignores file modes, so
``chmod`` would prove nothing); the tests are skipped where namespaces are not available.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import assert_clean_error, run, run_python, snapshot, with_appendix

ARTICLE = "عنوان الخبر الجديد\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"
FLAGS = ["--id", "new-2026", "--outlet", "New", "--title-en", "New", "--published", "2026-01-18"]
CITE = ["cite", "erem-2025-09", "يقدر عددها بنحو 2500 جندي", "--id", "erem-new", "--translation", "t", "--add"]


def _namespaces() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


needs_ns = pytest.mark.skipif(not _namespaces(), reason="unshare -rm (user and mount namespaces) not available")


def run_read_only(root: Path, read_only: Path, *args: str) -> subprocess.CompletedProcess:
    """`briefing ARGS` with ``read_only`` (a file or a folder) mounted read-only, in a namespace of its own."""
    command = (f"mount --bind -o ro {shlex.quote(str(read_only))} {shlex.quote(str(read_only))} && exec "
               + " ".join(shlex.quote(a) for a in [sys.executable, "-m", "briefing.cli", *args]))
    env = dict(os.environ, BRIEFING_ROOT=str(root))
    return subprocess.run(["unshare", "-rm", "sh", "-c", command], capture_output=True, text=True, env=env, cwd=root)


@pytest.fixture(autouse=True)
def own_state_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path_factory.mktemp("state")))


@pytest.fixture
def project(project):
    with_appendix(project)
    return project


@pytest.fixture
def article(tmp_path):
    path = tmp_path.parent / f"{tmp_path.name}-article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


@needs_ns
def test_a_read_only_toc_never_half_applies_add_source(project, article):
    before = snapshot(project)
    proc = run_read_only(project, project / "_toc.yml", "add-source", str(article), *FLAGS)
    assert_clean_error(proc, 1, "_toc.yml", "read-only", "nothing was changed")
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert snapshot(project) == before
    assert run(project, "add-source", str(article), *FLAGS).returncode == 0  # writable again: it works


@needs_ns
@pytest.mark.parametrize("args", [["build", "html"], ["add-source", "ARTICLE", *FLAGS], CITE, ["refresh"],
                                  ["recover"]])
def test_a_read_only_tree_gives_one_line(project, article, args):
    args = [str(article) if a == "ARTICLE" else a for a in args]
    proc = run_read_only(project, project, *args)
    assert_clean_error(proc, 1, "read-only")
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


@needs_ns
def test_check_reads_a_read_only_tree(project):
    proc = run_read_only(project, project, "check")
    assert proc.returncode == 0, proc.stderr


CRASH = """
import os, sys
from briefing import cli
real, calls = os.replace, [0]
def crashing(a, b):
    if calls[0] == int(sys.argv[1]):
        os._exit(9)
    calls[0] += 1
    real(a, b)
os.replace = crashing
sys.exit(cli.main(sys.argv[2:]))
"""


def _crash_add_source(project: Path, article: Path) -> None:
    env = dict(os.environ, BRIEFING_ROOT=str(project))
    proc = run_python(["-c", CRASH, "2", "add-source", str(article), *FLAGS], env, project)
    assert proc.returncode == 9, proc.stderr


def test_a_recovery_target_that_cannot_be_written_is_one_line(project, article):
    """The interrupted change must replace _toc.yml, which is now a folder: every writing command says so in one
    line (and does nothing else), and recover completes once it is fixed."""
    _crash_add_source(project, article)
    toc = project / "_toc.yml"
    saved = toc.read_bytes()
    toc.unlink()
    toc.mkdir()
    for args in (CITE, ["recover"], ["refresh"]):
        proc = run(project, *args)
        assert_clean_error(proc, 1, "_toc.yml")
        assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    toc.rmdir()
    toc.write_bytes(saved)
    assert run(project, "recover").returncode == 0
    assert run(project, "check").returncode == 0


@needs_ns
def test_a_read_only_recovery_target_keeps_the_change_pending(project, article):
    _crash_add_source(project, article)
    proc = run_read_only(project, project / "_toc.yml", *CITE)
    assert_clean_error(proc, 1, "_toc.yml", "read-only", "still pending")
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert (project / "data" / ".briefing-journal.json").exists()
    assert run(project, *CITE).returncode == 0  # writable again: the change is completed, then the citation added


def test_other_file_errors_name_the_file(project, tmp_path):
    (tmp_path.parent / f"{tmp_path.name}-x.txt").write_text("x\u202ey\n", encoding="utf-8")
    proc = run(project, "strip-controls", str(tmp_path.parent / f"{tmp_path.name}-x.txt"), "--output",
               str(tmp_path / "no" / "such" / "folder" / "x.clean"))
    assert_clean_error(proc, 1, "x.clean")
    assert len(proc.stderr.strip().splitlines()) == 1
    lock = project / "data" / ".briefing.lock"
    lock.unlink(missing_ok=True)
    lock.mkdir()
    proc = run(project, *CITE)
    assert_clean_error(proc, 1, ".briefing.lock", "directory")
