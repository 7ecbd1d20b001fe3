"""The forked command runs (tests/cli_server.py) give what a fresh `python -m briefing.cli` gives: the same exit
code, standard output and standard error, for success, help, bad input and argparse's own errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import cli_server
from helpers import make_project, run

CASES = [
    ["check"],
    ["--help"],
    ["check", "--no-such-flag"],
    ["cite", "--id", "nope\u202e"],
    ["journal-of-nothing"],
]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path)


@pytest.fixture
def server() -> cli_server.CommandServer:
    """This process's command server; the test is skipped where forking is not available."""
    found = cli_server.server()
    if found is None:
        pytest.skip("forking is not available here: every run is a fresh interpreter")
    return found


#: how long a check took, which differs between any two runs
TIMING = re.compile(r"\(\d+\.\d+ s\)")


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a))
def test_a_forked_run_matches_a_fresh_interpreter(server: cli_server.CommandServer, project: Path, args: list[str]) -> None:
    env = dict(os.environ, BRIEFING_ROOT=str(project))
    fresh = subprocess.run([sys.executable, "-m", "briefing.cli", *args], capture_output=True, text=True, env=env,
                           cwd=project)
    forked = server.run(args, env, project)
    assert (forked.returncode, TIMING.sub("(…)", forked.stdout), forked.stderr) == (
        fresh.returncode, TIMING.sub("(…)", fresh.stdout), fresh.stderr)


def test_the_child_gets_the_tests_directory_and_environment(server: cli_server.CommandServer, project: Path) -> None:
    """A variable set for one run reaches that run only (the child's environment is replaced whole)."""
    env = dict(os.environ, BRIEFING_ROOT=str(project), BRIEFING_EDITION_DATE="not a date")
    refused = server.run(["check"], env, project)
    assert refused.returncode != 0 and "BRIEFING_EDITION_DATE" in refused.stderr
    assert server.run(["check"], dict(os.environ, BRIEFING_ROOT=str(project)), project).returncode == 0


def test_an_interpreter_setting_falls_back_to_a_fresh_process(server: cli_server.CommandServer, project: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A start-up setting the fork cannot honour sends the run to a fresh interpreter, which honours it: with
    PYTHONIOENCODING=ascii, an Arabic outlet name in the output is escaped by Python itself."""
    assert server.accepts(dict(os.environ))
    assert not server.accepts(dict(os.environ, LC_ALL="C"))

    def refuse(*_: object) -> None:
        raise AssertionError("the run was forked, though its interpreter setting differs")

    monkeypatch.setattr(server, "run", refuse)
    monkeypatch.setenv("PYTHONIOENCODING", "utf-8")
    assert not server.accepts(dict(os.environ))
    proc = run(project, "check")
    assert proc.returncode == 0 and proc.stdout.startswith("OK:"), proc.stderr


def test_a_request_the_server_cannot_read_falls_back(server: cli_server.CommandServer, project: Path) -> None:
    """A request too large for one message is not sent: that run starts afresh, and the server goes on."""
    env = dict(os.environ, BRIEFING_ROOT=str(project), BRIEFING_PADDING="x" * (2 << 20))
    with pytest.raises(cli_server.ServerUnavailable):
        server.run(["check"], env, project)
    assert server.accepts(dict(os.environ)), "one unreadable request must not stop the server"
    assert server.run(["check"], dict(os.environ, BRIEFING_ROOT=str(project)), project).returncode == 0


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a))
def test_a_run_in_the_background_matches_a_fresh_interpreter(server: cli_server.CommandServer, project: Path, args: list[str]) -> None:
    """``start`` (tests/helpers.py) forks too: its exit code, stdout and stderr are those of a fresh Popen."""
    env = dict(os.environ, BRIEFING_ROOT=str(project))
    fresh = subprocess.Popen([sys.executable, "-m", "briefing.cli", *args], env=env, cwd=project,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    forked = server.start(args, env, project)
    assert forked.pid != fresh.pid and forked.poll() in (None, forked.returncode)
    fresh_out, fresh_err = fresh.communicate()
    out, err = forked.communicate()
    assert (forked.returncode, TIMING.sub("(…)", out), err) == (
        fresh.returncode, TIMING.sub("(…)", fresh_out), fresh_err)
    assert forked.poll() == forked.wait() == fresh.returncode


def test_runs_in_the_background_run_together_and_can_be_killed(server: cli_server.CommandServer, project: Path) -> None:
    """Two background runs at once, and a synchronous one beside them: each gets its own exit code; a killed
    run reports the signal (-9) as Popen does; the server goes on."""
    from briefing.writes import project_lock

    env = dict(os.environ, BRIEFING_ROOT=str(project))
    with project_lock(project):  # the check waits for the lock until it is killed
        blocked = server.start(["check"], env, project)
        assert "waiting" in blocked.stderr.readline()
        refused = server.start(["check", "--no-such-flag"], env, project)
        assert refused.wait(timeout=120) == 2 and blocked.poll() is None
        assert "--no-such-flag" in refused.communicate()[1]
        assert server.run(["--help"], env, project).returncode == 0
        blocked.kill()
        out, err = blocked.communicate()
    assert blocked.returncode == -9 and out == ""
    assert server.start(["check"], env, project).communicate()[0].startswith("OK:")


PYTHON_CASES = [
    ["-c", "import sys; print(sys.argv); sys.exit(3)", "a", "b"],
    ["-c", "import os, sys; sys.stdout.write(os.environ['BRIEFING_ROOT'][-8:]); raise SystemExit('bye')"],
    ["-c", "import os; os.replace = None; os._exit(9)"],
    ["-m", "sphinx", "--version"],
    ["-m", "sphinx", "-b", "no-such-builder", "src", "out"],
]


@pytest.mark.parametrize("argv", PYTHON_CASES, ids=lambda a: " ".join(a)[:40])
def test_python_code_and_modules_forked_match_a_fresh_interpreter(server: cli_server.CommandServer, project: Path,
                                                                  argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``run_python`` (python -c CODE / -m MODULE, as the crash tests and the Sphinx builds use it) forks from the
    server, and gives the exit code, stdout and stderr of a fresh interpreter."""
    import helpers

    env = dict(os.environ, BRIEFING_ROOT=str(project))
    fresh = subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env, cwd=project)

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("run_python started a fresh interpreter")

    monkeypatch.setattr(helpers.subprocess, "run", refuse)
    forked = helpers.run_python(argv, env, project)
    assert (forked.returncode, forked.stdout, forked.stderr) == (fresh.returncode, fresh.stdout, fresh.stderr)


def test_a_server_that_is_gone_is_replaced(server: cli_server.CommandServer, project: Path) -> None:
    """A server killed from outside (its process group gone) answers no more runs: the next background start
    falls back instead of failing, and the next run gets a new server, so one loss does not fail later tests."""
    import signal

    from helpers import start

    os.killpg(server._proc.pid, signal.SIGKILL)
    server._proc.wait()
    background = start(project, "check")
    assert background.wait(timeout=60) == 0
    second = cli_server.server()
    assert second is not None and second is not server and second.accepts(dict(os.environ))
    assert run(project, "check").returncode == 0
