"""`briefing ARGS` in a fresh process without paying Python's start-up and imports each time.

Every command-line test runs the real command in its own process, and most of the cost of a run is not
the command: starting Python and importing the package and its libraries (jsonschema, yaml, jupytext …)
takes about 0.15 s of each run, over a thousand runs per suite. Here one **server** process per test
worker imports all that once, then forks a child for each run (the way multiprocessing's "forkserver"
starts workers). The child is an ordinary process: it gets /dev/null as its stdin (as the fallback does),
the test's pipes as its stdout and stderr, the test's working directory and environment (``os.environ``
replaced whole), ``sys.argv`` as ``python -m briefing.cli`` would set it, runs ``briefing.cli.main`` and exits with its code; an exception
that escapes is printed as the interpreter would print it, exit code 1. Nothing the command does touches
the server, which only imported modules. ``run`` waits for the command; ``start`` leaves it running in the
background (two authors' commands at once, tests/test_concurrency.py) and returns a Popen-like handle. A
request may instead carry ``python -c CODE`` (the crash-injection tests) or ``python -m MODULE`` (Sphinx builds:
what the module imports is imported by the server on its first such request).

What a fork cannot reproduce falls back to ``subprocess.run``: an environment whose interpreter settings
differ from the server's (``PYTHON*``, ``LANG``, ``LC_*``: they act at start-up), no ``os.fork`` or
``socket.send_fds``, or ``BRIEFING_TESTS_FORK=0``. Written here rather than taken from a library: the
standard library's forkserver runs Python functions, not a command line with its own stdio, and no
maintained package does this for a CLI under pytest-xdist.
"""

from __future__ import annotations

import atexit
import errno
import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

#: imported by the server before it forks: the package and what its commands import on first use
PRELOAD = ("briefing.cli", "briefing.checks", "briefing.claims", "briefing.authoring", "briefing.writes",
           "briefing.tables", "briefing.standards.rules", "jsonschema", "fastjsonschema", "yaml", "jupytext",
           "nbformat", "jupyter_client")
#: what ``python -m MODULE`` runs import, imported by the server on the first such request (then kept for the
#: next): Sphinx with the book's extensions
MODULE_PRELOAD = {"sphinx": ("sphinx.cmd.build", "myst_parser", "briefing.sphinx")}
#: environment variables that act when an interpreter starts, so a fork cannot honour a change to them
STARTUP_VARIABLES = ("PYTHON", "LANG", "LC_")
COMMAND = [sys.executable, "-m", "briefing.cli"]
#: sys.argv[0] of ``python -m briefing.cli``: the module's file (found without importing the package here)
_CLI_FILE = str(Path(__file__).resolve().parents[1] / "src" / "briefing" / "cli.py")


def _serve(sock: socket.socket) -> None:  # pragma: no cover - runs in the server process
    """The server's loop: one request (args, cwd, env and three descriptors) at a time, one child each. A run
    in the background (a fourth descriptor: where its exit code goes) is answered with the child's pid at once;
    its exit code is written when it ends (SIGCHLD), while the loop serves other requests."""
    import importlib

    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    background: dict[int, int] = {}  # pid -> the descriptor its exit code goes to

    def reap(*_: object) -> None:
        for pid, fd in list(background.items()):
            try:
                done, status = os.waitpid(pid, os.WNOHANG)
            except ChildProcessError:
                done, status = pid, 255 << 8
            if done:
                del background[pid]
                try:
                    os.write(fd, str(os.waitstatus_to_exitcode(status)).encode())
                except OSError:  # the client is gone
                    pass
                os.close(fd)

    signal.signal(signal.SIGCHLD, reap)
    sock.send(b"ready")
    while True:
        try:
            message, fds, flags, _ = socket.recv_fds(sock, 1 << 20, 4)
        except OSError:
            return
        if not message:
            return
        try:
            request = json.loads(message)
            if flags & socket.MSG_TRUNC or len(fds) != (4 if request.get("background") else 3):
                raise ValueError("a truncated request")
        except ValueError:  # the client falls back to a fresh interpreter for this run
            for fd in fds:
                os.close(fd)
            sock.send(json.dumps({"code": None}).encode())
            continue
        for name in MODULE_PRELOAD.get(request.get("module") or "", ()):
            try:
                importlib.import_module(name)
            except ImportError:
                pass
        status_fd = fds.pop() if request.get("background") else None
        pid = os.fork()
        if pid == 0:
            for fd in [*background.values(), *([status_fd] if status_fd is not None else [])]:
                os.close(fd)  # another run's exit code is not this child's to hold open
            _child(sock, fds, request)
        for fd in fds:
            os.close(fd)
        if status_fd is not None:
            background[pid] = status_fd
            sock.send(json.dumps({"pid": pid}).encode())
            reap()  # it may have ended before it was listed
            continue
        _, status = os.waitpid(pid, 0)
        sock.send(json.dumps({"code": os.waitstatus_to_exitcode(status)}).encode())


def _child(sock: socket.socket, fds: list[int], request: dict) -> None:  # pragma: no cover - a forked child
    """Run one command in the forked child with the request's descriptors, folder, environment and argv; exit."""
    import traceback

    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        sock.close()
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if request.get("code") is not None:  # python -c CODE ARGS
            sys.argv = ["-c", *request["args"]]
            exec(compile(request["code"], "<string>", "exec"), {"__name__": "__main__", "__builtins__": __builtins__})
            code = 0
        elif request.get("module"):  # python -m MODULE ARGS
            import runpy

            sys.argv = [request["module"], *request["args"]]
            runpy.run_module(request["module"], run_name="__main__", alter_sys=True)
            code = 0
        else:
            sys.argv = [request["argv0"], *request["args"]]
            from briefing.cli import main

            code = main(request["args"])
    except SystemExit as exc:
        if exc.code is None:
            code = 0
        elif isinstance(exc.code, int):
            code = exc.code
        else:
            print(exc.code, file=sys.stderr)
            code = 1
    except BaseException:
        traceback.print_exc()
        code = 1
    finally:
        try:
            atexit._run_exitfuncs()
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code & 0xFF if isinstance(code, int) else 1)


class ServerUnavailable(Exception):
    """This run cannot be forked: run it in a fresh interpreter."""


class CommandServer:
    """The server of one test process (started on first use, stopped when the process exits). Requests and
    replies travel as whole messages (a SOCK_SEQPACKET pair), one at a time; a run that is interrupted (a
    timeout, Ctrl-C) stops the server and its child, and later runs start fresh interpreters."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._sock = ours
        self._lock = threading.Lock()
        self._dead = False
        self._startup_env = _startup_env(os.environ)
        tests = str(Path(__file__).parent)
        code = (f"import socket, sys; sys.path.insert(0, {tests!r}); import cli_server; sys.path.remove({tests!r}); "
                f"cli_server._serve(socket.socket(fileno={theirs.fileno()}))")
        self._proc = subprocess.Popen([sys.executable, "-c", code], pass_fds=[theirs.fileno()], start_new_session=True,
                                      stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        theirs.close()
        try:
            ours.settimeout(120)  # the imports; a server that hangs there must not hang the worker
            if ours.recv(16) != b"ready":
                raise OSError("the briefing test server did not start")
            ours.settimeout(None)
        except OSError:
            self.close()
            raise
        atexit.register(self.close)

    def accepts(self, env: dict[str, str]) -> bool:
        """Whether a fork of the server gives what a new interpreter with ``env`` would."""
        return not self._dead and self._proc.poll() is None and _startup_env(env) == self._startup_env

    def run(self, args: list[str], env: dict[str, str], cwd: Path, code: str | None = None,
            module: str | None = None) -> subprocess.CompletedProcess:
        """As ``subprocess.run(COMMAND + args, capture_output=True, text=True, env=env, cwd=cwd,
        stdin=subprocess.DEVNULL)``; with ``code``, ``python -c CODE ARGS``; with ``module``, ``python -m MODULE
        ARGS``. Raises ServerUnavailable when this run must start afresh."""
        command = ([sys.executable, "-c", code] if code is not None else [sys.executable, "-m", module] if module
                   else COMMAND)
        with self._lock:
            if self._dead:
                raise ServerUnavailable
            out_r, out_w = os.pipe()
            err_r, err_w = os.pipe()
            null = os.open(os.devnull, os.O_RDONLY)
            try:
                request = {"args": list(args), "cwd": str(cwd), "env": env, "argv0": _CLI_FILE, "code": code,
                           "module": module}
                socket.send_fds(self._sock, [json.dumps(request).encode()], [null, out_w, err_w])
            except OSError as exc:
                for fd in (out_r, err_r):
                    os.close(fd)
                if exc.errno != errno.EMSGSIZE:  # too large to send: nothing reached the server, which goes on
                    self.close()
                raise ServerUnavailable from None
            finally:
                for fd in (null, out_w, err_w):
                    os.close(fd)
            try:
                stdout, stderr = _drain(out_r, err_r)
                reply = self._sock.recv(1 << 16)
            except BaseException:  # interrupted mid-run: the server and its child stop, later runs start afresh
                self.close()
                raise
        exit_code = json.loads(reply)["code"] if reply else None
        if exit_code is None:
            if not reply:
                self.close()
            raise ServerUnavailable
        return subprocess.CompletedProcess(command + list(args), exit_code, _text(stdout), _text(stderr))

    def start(self, args: list[str], env: dict[str, str], cwd: Path) -> ForkedProcess:
        """As ``subprocess.Popen(COMMAND + args, env=env, cwd=cwd, stdout=PIPE, stderr=PIPE, text=True)`` (stdin
        /dev/null): the command runs in the background, beside later runs; raises ServerUnavailable when it must
        start afresh."""
        with self._lock:
            if self._dead:
                raise ServerUnavailable
            out_r, out_w = os.pipe()
            err_r, err_w = os.pipe()
            status_r, status_w = os.pipe()
            null = os.open(os.devnull, os.O_RDONLY)
            try:
                request = {"args": list(args), "cwd": str(cwd), "env": env, "argv0": _CLI_FILE, "background": True}
                socket.send_fds(self._sock, [json.dumps(request).encode()], [null, out_w, err_w, status_w])
            except OSError as exc:
                for fd in (out_r, err_r, status_r):
                    os.close(fd)
                if exc.errno != errno.EMSGSIZE:
                    self.close()
                raise ServerUnavailable from None
            finally:
                for fd in (null, out_w, err_w, status_w):
                    os.close(fd)
            try:
                reply = self._sock.recv(1 << 16)
            except BaseException as exc:
                for fd in (out_r, err_r, status_r):
                    os.close(fd)
                self.close()
                if isinstance(exc, OSError):  # the server is gone (reset): this run starts afresh
                    raise ServerUnavailable from None
                raise
        pid = json.loads(reply).get("pid") if reply else None
        if pid is None:
            for fd in (out_r, err_r, status_r):
                os.close(fd)
            if not reply:
                self.close()
            raise ServerUnavailable
        return ForkedProcess(COMMAND + list(args), pid, out_r, err_r, status_r)

    def close(self) -> None:
        """Stop the server and any child it is running (its whole process group)."""
        if self._dead:
            return
        self._dead = True
        self._sock.close()
        try:
            os.killpg(self._proc.pid, signal.SIGKILL) if self._proc.poll() is None else None
        except ProcessLookupError:
            pass
        self._proc.wait()


class ForkedProcess:
    """A command started in the background by the server, with what the tests use of ``subprocess.Popen``
    (text mode): ``pid``, ``stdout`` and ``stderr`` (files), ``poll``, ``wait``, ``communicate``, ``kill`` and
    ``returncode`` (negative for a signal, as Popen gives it). The child is the server's: its exit code comes
    through a pipe of its own."""

    def __init__(self, args: list[str], pid: int, out_r: int, err_r: int, status_r: int) -> None:
        import locale

        self.args, self.pid, self.returncode = args, pid, None
        encoding = locale.getpreferredencoding(False)
        # text files with universal newlines, as Popen(text=True) makes them
        self.stdout = open(out_r, encoding=encoding)  # noqa: SIM115 - closed by communicate()
        self.stderr = open(err_r, encoding=encoding)  # noqa: SIM115
        self._status = status_r

    def poll(self) -> int | None:
        if self.returncode is None:
            import select

            if select.select([self._status], [], [], 0)[0]:
                self._read_status()
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            import select

            if not select.select([self._status], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(self.args, timeout)
            self._read_status()
        return self.returncode

    def _read_status(self) -> None:
        data = b""
        while chunk := os.read(self._status, 64):
            data += chunk
        os.close(self._status)
        # nothing written: the server stopped and killed its children with it
        self.returncode = int(data) if data else -signal.SIGKILL

    def kill(self) -> None:
        if self.returncode is None:
            try:
                os.kill(self.pid, signal.SIGKILL)  # the server's child, not reaped before its code is sent
            except ProcessLookupError:
                pass

    def communicate(self) -> tuple[str, str]:
        """Everything the command writes to stdout and stderr until it ends (read together, so that neither pipe
        fills and blocks it), after what was already read from them; its exit code in ``returncode``."""
        out: list[str] = []
        reader = threading.Thread(target=lambda: out.append(self.stdout.read()))
        reader.start()
        err = self.stderr.read()
        reader.join()
        self.stdout.close()
        self.stderr.close()
        self.wait()
        return out[0], err


def _startup_env(env: dict[str, str] | os._Environ[str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(STARTUP_VARIABLES)}


def _drain(*fds: int) -> list[bytes]:
    """Everything written to each pipe until every writer closed it (read together: no pipe fills and blocks)."""
    chunks: dict[int, list[bytes]] = {fd: [] for fd in fds}
    open_fds = set(fds)
    try:
        with selectors.DefaultSelector() as selector:
            for fd in fds:
                selector.register(fd, selectors.EVENT_READ)
            while open_fds:
                for key, _ in selector.select():
                    data = os.read(key.fd, 1 << 16)
                    if data:
                        chunks[key.fd].append(data)
                    else:
                        selector.unregister(key.fd)
                        os.close(key.fd)
                        open_fds.discard(key.fd)
    finally:
        for fd in open_fds:  # interrupted: nothing is left open
            os.close(fd)
    return [b"".join(chunks[fd]) for fd in fds]


def _text(data: bytes) -> str:
    """As ``subprocess.run(text=True)`` decodes: the locale's encoding, universal newlines."""
    import locale

    return data.decode(locale.getpreferredencoding(False)).replace("\r\n", "\n").replace("\r", "\n")


_server: CommandServer | None = None
_server_failed = False


def server() -> CommandServer | None:
    """This process's server, or None where forking is not available or turned off; a server that has stopped
    (closed after an interrupted run, or gone) is replaced by a new one, so one loss does not reach later tests."""
    global _server, _server_failed
    if _server is not None and (_server._dead or _server._proc.poll() is not None):
        _server.close()
        _server = None
    if _server is None and not _server_failed:
        if (os.environ.get("BRIEFING_TESTS_FORK") == "0" or "MUTANT_UNDER_TEST" in os.environ  # mutmut: as before
                or not hasattr(os, "fork") or not hasattr(socket, "send_fds")):
            _server_failed = True
        else:
            try:
                _server = CommandServer()
            except OSError:
                _server_failed = True
    return _server
