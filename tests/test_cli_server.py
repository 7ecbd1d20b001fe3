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


@pytest.mark.parametrize("args", CASES, ids=lambda a: " ".join(a))
def test_a_forked_run_matches_a_fresh_interpreter(project: Path, args: list[str]) -> None:
    server = cli_server.server()
    if server is None:
        pytest.skip("forking is not available here: every run is a fresh interpreter")
    env = dict(os.environ, BRIEFING_ROOT=str(project))
    fresh = subprocess.run([sys.executable, "-m", "briefing.cli", *args], capture_output=True, text=True, env=env,
                           cwd=project)
    forked = server.run(args, env, project)
    timing = re.compile(r"\(\d+\.\d+ s\)")  # how long the check took
    assert (forked.returncode, timing.sub("(…)", forked.stdout), forked.stderr) == (
        fresh.returncode, timing.sub("(…)", fresh.stdout), fresh.stderr)


def test_the_child_gets_the_tests_directory_and_environment(project: Path) -> None:
    """A variable set for one run reaches that run only (the child's environment is replaced whole)."""
    server = cli_server.server()
    if server is None:
        pytest.skip("forking is not available here")
    env = dict(os.environ, BRIEFING_ROOT=str(project), BRIEFING_EDITION_DATE="not a date")
    refused = server.run(["check"], env, project)
    assert refused.returncode != 0 and "BRIEFING_EDITION_DATE" in refused.stderr
    assert server.run(["check"], dict(os.environ, BRIEFING_ROOT=str(project)), project).returncode == 0


def test_an_interpreter_setting_falls_back_to_a_fresh_process(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A start-up setting the fork cannot honour sends the run to a fresh interpreter, which honours it: with
    PYTHONIOENCODING=ascii, an Arabic outlet name in the output is escaped by Python itself."""
    server = cli_server.server()
    if server is None:
        pytest.skip("forking is not available here")
    assert server.accepts(dict(os.environ))
    assert not server.accepts(dict(os.environ, LC_ALL="C"))

    def refuse(*_: object) -> None:
        raise AssertionError("the run was forked, though its interpreter setting differs")

    monkeypatch.setattr(server, "run", refuse)
    monkeypatch.setenv("PYTHONIOENCODING", "utf-8")
    assert not server.accepts(dict(os.environ))
    proc = run(project, "check")
    assert proc.returncode == 0 and proc.stdout.startswith("OK:"), proc.stderr


def test_a_request_the_server_cannot_read_falls_back(project: Path) -> None:
    """A request too large for one message is not sent: that run starts afresh, and the server goes on."""
    server = cli_server.server()
    if server is None:
        pytest.skip("forking is not available here")
    env = dict(os.environ, BRIEFING_ROOT=str(project), BRIEFING_PADDING="x" * (2 << 20))
    with pytest.raises(cli_server.ServerUnavailable):
        server.run(["check"], env, project)
    assert server.accepts(dict(os.environ)), "one unreadable request must not stop the server"
    assert server.run(["check"], dict(os.environ, BRIEFING_ROOT=str(project)), project).returncode == 0
