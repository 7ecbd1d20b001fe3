"""Two authors' commands at the same moment: nothing is lost (issue 13). 50 rounds: benchmarks/writers.py."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from helpers import start, with_appendix

ROUNDS = int(os.environ.get("BRIEFING_WRITER_ROUNDS", "6"))
ARTICLE = "عنوان الخبر\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"
QUOTES = ["قال مصدر إن القوات", "ستغادر قاعدة حرير"]  # each round cites its own two new sources


def _together(*procs: subprocess.Popen) -> None:
    for proc in procs:
        out, err = proc.communicate()
        assert proc.returncode == 0, err


@pytest.fixture
def project(project):
    with_appendix(project)
    return project


def test_simultaneous_add_source_and_cite_lose_nothing(project, tmp_path):
    for n in range(ROUNDS):
        for side in "ab":  # two different articles (the same bytes twice is refused as a duplicate source)
            (tmp_path / f"{n}{side}.txt").write_text(ARTICLE.replace("2026", f"2026 ({n}{side})"), encoding="utf-8")
        _together(*(start(project, "add-source", str(tmp_path / f"{n}{side}.txt"), "--id", f"race-{n}-{side}",
                          "--outlet", "R", "--title-en", "R", "--published", "2026-01-01") for side in "ab"))
        _together(*(start(project, "cite", f"race-{n}-{side}", quote, "--id", f"race-{n}-{side}",
                           "--translation", "t", "--add") for side, quote in zip("ab", QUOTES)))
    sources = [e["id"] for e in yaml.safe_load((project / "data" / "sources.yaml").read_text(encoding="utf-8"))]
    evidence = [e["id"] for e in yaml.safe_load((project / "data" / "evidence.yaml").read_text(encoding="utf-8"))]
    toc = (project / "_toc.yml").read_text(encoding="utf-8")
    for n in range(ROUNDS):
        for side in "ab":
            sid = f"race-{n}-{side}"
            assert sid in sources and sid in evidence and f"book/sources/{sid}\n" in toc
            assert (project / "book" / "sources" / f"{sid}.md").exists()
    assert len(sources) == len(set(sources)) and len(evidence) == len(set(evidence))


# -- one lock for readers and writers (issue 21) ------------------------------------------------------------


LOCKS = Path("/proc/locks")  # Linux: every file lock held, and every request blocked behind one ("->")


def _queued_behind(pid: int, lock: Path) -> bool:
    """Whether the kernel lists process ``pid`` as blocked, waiting for a lock on the file ``lock``."""
    st = lock.stat()
    where = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    for line in LOCKS.read_text().splitlines():
        fields = line.split()
        if len(fields) > 6 and fields[1] == "->" and fields[5] == str(pid) and fields[6] == where:
            return True
    return False


def _waits_for_the_lock(proc: subprocess.Popen, lock: Path, seconds: float = 2.5,
                        timeout: float = 300) -> tuple[bool, str]:
    """Whether ``proc``, once it said that it waits for the lock (the message awaited at most ``timeout``
    seconds), is still waiting, and what it has written to stderr until then. On Linux the kernel says so:
    the command is listed in /proc/locks as blocked behind the lock on ``lock`` (flock has no timeout: it
    stays there until the lock is released). Elsewhere it is still running ``seconds`` after the message (had
    it gone on regardless, it would end by then). On a loaded machine a command may take seconds to reach the
    lock: a fixed sleep from its start could end before it got there, and the test would fail though the
    command waited."""
    assert proc.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line:  # the command closed stderr without waiting: it is ending
            proc.wait()
            break
        seen.append(line)
        if "waiting" in line:
            if not LOCKS.exists():
                time.sleep(seconds)
                break
            while time.monotonic() < deadline and proc.poll() is None:
                if _queued_behind(proc.pid, lock):
                    return proc.poll() is None, "".join(seen)
                time.sleep(0.01)
            return False, "".join(seen) + f"(not listed in {LOCKS} as waiting for {lock.name})"
    return proc.poll() is None, "".join(seen)


def test_check_waits_for_a_writer_and_a_writer_for_check(project):
    from briefing.writes import LOCK_NAME, project_lock

    with project_lock(project):  # a writer in the middle of its change
        check = start(project, "check")
        waiting, before = _waits_for_the_lock(check, project / "data" / LOCK_NAME)
        assert waiting, "check read the corpus while a writer held the lock: " + before
    out, err = check.communicate()
    err = before + err
    assert check.returncode == 0 and "waiting: another briefing command is changing the project" in err, err
    with project_lock(project, shared=True):  # a check (or a build) reading the corpus
        writer = start(project, "cite", "erem-2025-09", "بنحو 2500 جندي", "--id", "erem-lock", "--translation", "t",
                       "--add")
        waiting, before = _waits_for_the_lock(writer, project / "data" / LOCK_NAME)
        assert waiting, "a writer changed the corpus while it was being read: " + before
    out, err = writer.communicate()
    err = before + err
    assert writer.returncode == 0 and "waiting" in err, err


def test_a_build_waits_for_a_writer_and_for_another_build(project):
    from briefing.writes import BUILD_LOCK, LOCK_NAME, build_lock, project_lock

    log = project / "_build" / "html.log"
    for hold, lock in ((lambda: project_lock(project), project / "data" / LOCK_NAME),
                       (lambda: build_lock(project), project / "_build" / BUILD_LOCK)):
        with hold():
            build = start(project, "build", "html")
            try:
                waiting, before = _waits_for_the_lock(build, lock)
                assert waiting, "the build did not wait: " + before
                assert not log.exists()  # nothing checked, nothing written, no log truncated
            finally:
                build.kill()
                build.communicate()


def test_check_during_add_source_reports_no_partial_state(project, tmp_path):
    """Before: a check that ran while add-source wrote reported 4 false "interrupted change" problems."""
    for n in range(4):
        article = tmp_path.parent / f"{tmp_path.name}-{n}.txt"
        article.write_text(ARTICLE.replace("2026", f"2026 ({n})"), encoding="utf-8")
        writer = start(project, "add-source", str(article), "--id", f"during-{n}", "--outlet", "R", "--title-en", "R",
                       "--published", "2026-01-01")
        checks = [start(project, "check") for _ in range(2)]
        assert writer.communicate()[1] is not None and writer.returncode == 0
        for check in checks:
            out, err = check.communicate()
            assert "interrupted" not in err and "temporary file" not in err and "not recorded" not in err, err
            assert check.returncode == 0, err
