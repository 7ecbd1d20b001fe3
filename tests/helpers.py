"""Shared helpers for the command-line tests: a copy of the project's data, and running `briefing`."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import cli_server

ROOT = Path(__file__).resolve().parents[1]
EVIDENCE = """\
# a small registry for the tests
- id: jibal-phase-two
  source: jibal-2025-08-17
  quote: "ستستكمل بمرحلتها الثانية في ايلول 2026"
  translation: "will be completed with its second phase in September 2026"
- id: erem-force-level
  source: erem-2025-09
  quote: "القوات الأمريكية التي يقدر عددها بنحو 2500 جندي"
  translation: "the US forces, whose number is estimated at about 2,500 soldiers"
"""


T = TypeVar("T")


def _forked(env: dict[str, str], call: Callable[[cli_server.CommandServer], T]) -> T | None:
    """``call(server)`` when this process's command server takes a run with ``env`` and answers it; None when the
    run must start afresh (no server, another interpreter setting, or the server unavailable)."""
    fork = cli_server.server()
    if fork is not None and fork.accepts(env):
        try:
            return call(fork)
        except cli_server.ServerUnavailable:
            pass
    return None


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`briefing ARGS` on the project at ``root``, to completion, output captured: in a process of its own,
    forked from a server that has imported the package once (``cli_server``), else started afresh."""
    env = dict(os.environ, BRIEFING_ROOT=str(root))
    forked = _forked(env, lambda server: server.run(list(args), env, root))
    if forked is not None:
        return forked
    return subprocess.run([sys.executable, "-m", "briefing.cli", *args], capture_output=True, text=True,
                          env=env, cwd=root, stdin=subprocess.DEVNULL)


def run_python(argv: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    """``python ARGV`` (``-c CODE ARGS…`` or ``-m MODULE ARGS…``) to completion, output captured, in ``cwd`` with
    ``env``: forked from the server as ``run`` does (the code or module runs in the child), else afresh."""
    if argv[:1] in (["-c"], ["-m"]) and len(argv) > 1:
        kind, what, *rest = argv
        how = {"code": what} if kind == "-c" else {"module": what}
        forked = _forked(env, lambda server: server.run(rest, env, cwd, **how))
        if forked is not None:
            return forked
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env, cwd=cwd)


def start(root: Path, *args: str) -> subprocess.Popen | cli_server.ForkedProcess:
    """`briefing ARGS` on the project at ``root``, started in the background (``communicate()`` to wait): a
    process of its own, forked from the server as ``run`` does, else a fresh interpreter."""
    env = dict(os.environ, BRIEFING_ROOT=str(root))
    forked = _forked(env, lambda server: server.start(list(args), env, root))
    if forked is not None:
        return forked
    return subprocess.Popen([sys.executable, "-m", "briefing.cli", *args], env=env, cwd=root,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def snapshot(root: Path) -> dict[str, str]:
    """sha256 of every file (and the target of every symlink) under ``root``; the empty lock file
    that writing commands create (data/.briefing.lock) is not content and is left out."""
    return {str(p.relative_to(root)): (f"-> {os.readlink(p)}" if p.is_symlink()
                                       else hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(root.rglob("*")) if (p.is_file() or p.is_symlink()) and p.name != ".briefing.lock"}


def make_project(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "data" / "sources")
    shutil.copytree(ROOT / "data" / "schema", tmp_path / "data" / "schema")
    shutil.copyfile(ROOT / "data" / "sources.yaml", tmp_path / "data" / "sources.yaml")
    (tmp_path / "data" / "evidence.yaml").write_text(EVIDENCE, encoding="utf-8")
    shutil.copyfile(ROOT / "data" / "edition.yaml", tmp_path / "data" / "edition.yaml")
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "page.md").write_text("# Page\n\nPhase two {ev}`jibal-phase-two`.\n", encoding="utf-8")
    return tmp_path


#: per test process: the digest of a project as with_appendix found it -> (the files `briefing recover` made
#: or changed in a copy of it, that run)
_RECOVERED: dict[str, tuple[dict[str, bytes], subprocess.CompletedProcess]] = {}


def project_without_citations(tmp_path: Path) -> Path:
    """A small project (``make_project``) without its page that cites a passage, which would need the appendix
    pages: for building one page of prose with the book's extension."""
    root = make_project(tmp_path)
    (root / "book" / "page.md").unlink()
    return root


def with_appendix(root: Path) -> subprocess.CompletedProcess:
    """Give a project copy the real _toc.yml and an appendix folder, then let `briefing recover` create
    every source's appendix page (as add-source would have); the recover run, which must succeed.

    Hundreds of tests start from the same project: `briefing recover` runs once per test process for each
    distinct project (keyed by the digest of all its files), in a copy, and the files it made are written into
    the later projects, with the journal key that its run left for the project folder (so the state is the
    one the command leaves)."""
    (root / "_toc.yml").write_text((ROOT / "_toc.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "book" / "sources").mkdir()
    before = snapshot(root)
    key = hashlib.sha256(repr(sorted(before.items())).encode("utf-8")).hexdigest()
    if key not in _RECOVERED:
        copy = Path(tempfile.mkdtemp(prefix="briefing-recover-")) / "project"
        shutil.copytree(root, copy, symlinks=True)
        proc = run(copy, "recover")
        assert proc.returncode == 0, proc.stderr
        after = snapshot(copy)
        made = {rel: (copy / rel).read_bytes() for rel, digest in after.items() if before.get(rel) != digest}
        if (copy / "data" / ".briefing.lock").exists():
            made["data/.briefing.lock"] = b""
        _RECOVERED[key] = (made, proc)
        shutil.rmtree(copy.parent)
    made, proc = _RECOVERED[key]
    for rel, data in made.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    from briefing.writes import journal_key

    journal_key(root, create=True)
    return proc


def assert_clean_error(proc: subprocess.CompletedProcess, code: int, *needles: str) -> None:
    assert proc.returncode == code, proc.stderr + proc.stdout
    assert "Traceback" not in proc.stderr
    for needle in needles:
        assert needle in proc.stderr, (needle, proc.stderr)


#: what jupyter_client prints when two processes pick the same free port for a kernel at the same moment (a
#: book build's kernel beside nbval's, under pytest-xdist): the environment, not the book
KERNEL_PORT_RACE = ("zmq.error.ZMQError: Address already in use", "Kernel died before replying to kernel_info")


def build_with_kernel_retry(build: Callable[[], subprocess.CompletedProcess]) -> subprocess.CompletedProcess:
    """Run a book build; if it failed on a kernel's port race (and on nothing else), run it once more."""
    proc = build()
    output = proc.stdout + proc.stderr
    if proc.returncode != 0 and all(sign in output for sign in KERNEL_PORT_RACE):
        print("book build: a kernel lost a port race with another process; building once more", file=sys.stderr)
        proc = build()
    return proc


def notebook_figures() -> dict[str, int]:
    """"book/<chapter>.html" -> how many figures the chapter's committed notebook draws (outputs carrying the
    figure's PDF rendering), for every chapter that draws one: what the built book must show."""
    import json

    counts = {}
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        n = sum("application/pdf" in out.get("data", {}) for c in cells for out in c.get("outputs", []))
        if n:
            counts[f"book/{path.stem}.html"] = n
    return counts
