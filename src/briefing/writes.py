"""Safe writes to the project: one lock for readers and writers, temporary files, fsync, atomic replace,
and a crash journal that can only name the project's own files.

**Lock.** Every command that changes data/ or _toc.yml holds ``project_lock`` exclusively (an
``fcntl.flock`` on data/.briefing.lock); `briefing check` and `briefing build` hold it shared for
their whole run, so they read one consistent corpus and a writer waits for them (and they for it).
Builds also hold ``build_lock`` (_build/.briefing-build.lock), so two builds never interleave their
output or truncate each other's log.

**Writes.** Each file is written to a ``tempfile.mkstemp`` sibling (exclusive, unpredictable name
ending in TMP_SUFFIX), fsynced, then moved over its target with ``os.replace``. Before anything is
written every target is checked: not a symlink, not a mount point, the file and its folder writable.

**Journal.** A change to several files (``add-source``) writes every temporary file first, then a
journal (data/.briefing-journal.json) naming each temporary file, its target and the sha256 of its
content, then the renames, then removes the journal. The journal is untrusted input (a clone can
ship one), so ``recover`` acts only on paths the project itself writes (``JOURNAL_TARGETS``: relative,
no ``..``, no ``.git``, no symlink on the way, the temporary file a sibling of its target named as
``atomic_write`` names it), and rolls a change forward on its own only when the journal carries this
clone's signature: an HMAC-SHA256 of its records and the project's real path, keyed by a random
secret kept outside the tracked tree (``~/.local/state/briefing/journal-keys/``, see ``journal_key``),
which no repository can ship. Any other journal is shown and left alone until the author runs
``briefing recover --apply-foreign`` (or ``--discard``).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import jsonio
from .characters import for_terminal, unsafe_characters
from .errors import DataError

TMP_SUFFIX = ".briefing-tmp"
LOCK_NAME = ".briefing.lock"
BUILD_LOCK = ".briefing-build.lock"
JOURNAL_NAME = ".briefing-journal.json"
JOURNAL = f"data/{JOURNAL_NAME}"
MAX_JOURNAL_BYTES = 1_000_000
MAX_TEMP_BYTES = 50_000_000  # larger than any file the project writes (YAML is capped at 10 MB, sources at 2 MB)
# folders a command writes into, relative to the project root (where stray temporary files can be)
WRITE_DIRS = (".", "data", "data/sources", "book", "book/sources")
# the only files a journal may name: what add-source, edit-source, refresh and recover write
JOURNAL_TARGETS = {
    ".": re.compile(r"_toc\.yml\Z"),
    "data": re.compile(r"(?:sources|evidence)\.yaml\Z"),
    "data/sources": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.txt\Z"),
    "book": re.compile(r"references\.bib\Z"),
    "book/sources": re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md\Z"),
}
_HEX64 = re.compile(r"[0-9a-f]{64}\Z")


class WriteError(DataError):
    """A file could not be written (disk full, read-only folder, symlinked target…)."""


def _explain(exc: OSError, path: Path | str, done: str = "nothing was changed") -> WriteError:
    reasons = {
        errno.ENOSPC: ("the disk is full", "free some space and run the command again"),
        errno.EDQUOT: ("the disk quota is exhausted", "free some space and run the command again"),
        errno.EROFS: ("the file system is read-only", "run the command on a writable copy of the project"),
        errno.EACCES: ("permission denied", "make it writable for you (chmod u+w), then run the command again"),
        errno.EPERM: ("operation not permitted (an immutable or protected file?)",
                      "make it writable for you (chattr -i / chmod u+w), then run the command again"),
        errno.ELOOP: ("is a symbolic link", "replace the link by a regular file (never write through links)"),
        errno.EISDIR: ("is a directory", "move the directory out of the way"),
        errno.ENOTDIR: ("a folder on its path is not a directory", "restore the folder from git"),
        errno.EBUSY: ("is busy or a mount point", "unmount it or work on a copy of the project"),
        errno.EXDEV: ("is on another file system (a mount point?)", "work on a copy of the project"),
        errno.ENOENT: ("its folder does not exist", "restore the folder from git"),
    }
    what, fix = reasons.get(exc.errno or 0, (exc.strerror or str(exc), "check the folder and run it again"))
    return WriteError(str(path), f"cannot write: {what}; {done}", fix)


def refuse_symlink(target: Path) -> None:
    """Raise a WriteError if ``target`` (or its folder) is a symlink, or exists and is not a regular file."""
    if target.parent.is_symlink():
        raise WriteError(str(target.parent), "is a symbolic link; the project never writes through links",
                         "replace the link by a real folder")
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise _explain(exc, target) from None
    if stat.S_ISLNK(mode):
        raise WriteError(str(target), "is a symbolic link; the project never writes through links",
                         f"replace it by a regular file: cp --remove-destination \"$(readlink -f {target})\" {target}")
    if not stat.S_ISREG(mode):
        raise WriteError(str(target), "exists and is not a regular file", "move it out of the way")


def _read_only_fs(folder: Path) -> bool:
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def preflight(targets: list[Path]) -> None:
    """Raise a WriteError, before anything is written, for a target that could not be replaced:
    a symlink, a mount point, a read-only file system, or a file or folder the user cannot write
    (a file made read-only is the author's way of saying "do not change this")."""
    for target in targets:
        refuse_symlink(target)
        folder = target.parent
        if not folder.is_dir():
            raise WriteError(str(folder), "cannot write: the folder does not exist; nothing was changed",
                             "restore it from git")
        if _read_only_fs(folder):
            raise WriteError(str(target), "cannot write: the file system is read-only; nothing was changed",
                             "run the command on a writable copy of the project")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise WriteError(str(folder), "cannot write: the folder is not writable for you; nothing was changed",
                             f"make it writable (chmod u+w {folder}), then run the command again")
        if target.exists():
            if os.stat(target).st_dev != os.stat(folder).st_dev:
                raise WriteError(str(target), "is a mount point and cannot be replaced; nothing was changed",
                                 "unmount it, or work on a copy of the project")
            if not os.access(target, os.W_OK):
                raise WriteError(str(target), "is read-only; nothing was changed",
                                 f"make it writable (chmod u+w {target}), then run the command again")


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(target: Path, content: bytes) -> Path:
    """``content`` in a new exclusive temporary file next to ``target``, fsynced; its path."""
    fd, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=TMP_SUFFIX)
    tmp = Path(name)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        if target.exists():  # keep the target's permissions (mkstemp makes 0600)
            os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# -- the journal's signature --------------------------------------------------------------------------


def _state_dir() -> Path:
    base = os.environ.get("BRIEFING_STATE_DIR")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return Path(xdg) / "briefing"


def journal_key(root: Path, create: bool = False) -> bytes | None:
    """This clone's secret for signing journals, kept outside the project (None if there is none and it
    cannot be made, or if the state folder lies inside the project, where a clone could ship a key).

    One random 256-bit key per project folder (keyed by its real path), in
    ``$BRIEFING_STATE_DIR`` or ``${XDG_STATE_HOME:-~/.local/state}/briefing/journal-keys/``, mode 0600."""
    real = root.resolve()
    folder = _state_dir() / "journal-keys"
    try:
        if folder.resolve() == real or real in folder.resolve().parents:
            return None
    except OSError:
        return None
    path = folder / hashlib.sha256(str(real).encode("utf-8", "surrogateescape")).hexdigest()[:32]
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as fh:
            key = fh.read(200).strip()
        return key if re.fullmatch(rb"[0-9a-f]{64}", key) else None
    except FileNotFoundError:
        if not create:
            return None
    except OSError:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        key = secrets.token_hex(32).encode("ascii")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(key + b"\n")
            fh.flush()
            os.fsync(fh.fileno())
        return key
    except FileExistsError:
        return journal_key(root)
    except OSError:
        return None


def _signature(key: bytes, root: Path, records: list[dict]) -> str:
    payload = json.dumps({"root": str(root.resolve()), "records": records}, sort_keys=True, ensure_ascii=True)
    return hmac.new(key, payload.encode("ascii"), hashlib.sha256).hexdigest()


# -- confinement --------------------------------------------------------------------------------------


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value)
    return for_terminal(text[:200] + ("…" if len(text) > 200 else ""), keep_newlines=False)


def confine(root: Path, rel: object, temp_for: str | None = None) -> str | None:
    """Why the journal path ``rel`` is not one the project writes (None when it is).

    A target must be one of ``JOURNAL_TARGETS``; a temporary file (``temp_for`` its target) must be a
    sibling of it named ``.NAME.XXXXXXXX.briefing-tmp``. Either must be relative, without ``..``, ``.git``
    or a symlinked folder on the way, and not itself a symlink or anything but a regular file."""
    if not isinstance(rel, str) or not rel:
        return "is not a path"
    if len(rel) > 300 or unsafe_characters(rel) or "\\" in rel or "\x00" in rel:
        return "is not a plain path"
    pure = PurePosixPath(rel)
    if pure.is_absolute() or rel.startswith("~"):
        return "is an absolute path, outside the project"
    if any(part in ("..", ".", "") for part in rel.split("/")):
        return "has '..', '.' or an empty part; journal paths are plain relative paths"
    if any(part.lower().rstrip(". ") == ".git" or part.lower().startswith(".git") for part in pure.parts):
        return "is inside .git; the project never writes there"
    folder, name = str(pure.parent), pure.name
    if temp_for is None:
        allowed = JOURNAL_TARGETS.get(folder)
        if allowed is None or not allowed.match(name):
            return ("is not a file the project writes (only _toc.yml, data/sources.yaml, data/evidence.yaml, "
                    "data/sources/ID.txt, book/references.bib, book/sources/ID.md)")
    else:
        target = PurePosixPath(temp_for)
        pattern = re.escape(f".{target.name}.") + r"[A-Za-z0-9_]{1,32}" + re.escape(TMP_SUFFIX) + r"\Z"
        if str(pure.parent) != str(target.parent) or not re.match(pattern, name):
            return f"is not a temporary file of {temp_for} (.{target.name}.XXXXXXXX{TMP_SUFFIX} in the same folder)"
    real_root = root.resolve()
    expected = real_root.joinpath(*pure.parent.parts)
    try:
        if (root / pure.parent).resolve() != expected:
            return "goes through a symbolic link to a folder"
        mode = os.lstat(root / pure).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be examined ({exc.strerror})"
    if stat.S_ISLNK(mode):
        return "is a symbolic link"
    if not stat.S_ISREG(mode):
        return "is not a regular file"
    return None


# -- the journal --------------------------------------------------------------------------------------


@dataclass
class Journal:
    """An interrupted change, as data/.briefing-journal.json records it."""

    records: list[dict] = field(default_factory=list)
    signed_here: bool = False  # carries this clone's signature
    problem: str = ""  # why it cannot be acted on (unreadable, or a path outside the project's files)

    def targets(self) -> str:
        return ", ".join(_shown(r.get("target")) for r in self.records) or "(none readable)"


def read_journal(root: Path) -> Journal | None:
    """The pending journal (None when there is none), validated: every path confined, the signature checked."""
    path = root / JOURNAL
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return Journal(problem="is a symbolic link, not a journal the project wrote")
        return Journal(problem=f"cannot be read ({exc.strerror})")
    if not stat.S_ISREG(os.fstat(fd).st_mode):  # before fdopen, which refuses a directory with an OSError
        os.close(fd)
        return Journal(problem="is not a regular file, not a journal the project wrote")
    with os.fdopen(fd, "rb") as fh:
        raw = fh.read(MAX_JOURNAL_BYTES + 1)
    if len(raw) > MAX_JOURNAL_BYTES:
        return Journal(problem=f"is over {MAX_JOURNAL_BYTES:,} bytes, not a journal the project wrote")
    try:
        data = jsonio.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return Journal(problem="is not readable JSON (a crash while it was written, or not the project's)")
    signature = None
    if isinstance(data, dict):
        records, signature = data.get("records"), data.get("signature")
    else:
        records = data  # the unsigned format of earlier versions
    if not isinstance(records, list) or not records or len(records) > 20:
        return Journal(problem="does not hold a list of changes")
    for record in records:
        if not isinstance(record, dict) or set(record) != {"target", "temp", "sha256"}:
            return Journal(records=[r for r in records if isinstance(r, dict)],
                           problem="holds an entry that is not {target, temp, sha256}")
    journal = Journal(records=records)
    for record in records:
        why = confine(root, record["target"])
        if why is None:
            why = confine(root, record["temp"], temp_for=record["target"])
            bad = record["temp"]
        else:
            bad = record["target"]
        if why is None and not (isinstance(record["sha256"], str) and _HEX64.match(record["sha256"])):
            why, bad = "is not a sha256", record["sha256"]
        if why:
            journal.problem = f"asks to write '{_shown(bad)}', which {why}"
            return journal
    key = journal_key(root)
    journal.signed_here = bool(key and isinstance(signature, str)
                               and hmac.compare_digest(signature, _signature(key, root, records)))
    return journal


def _write_journal(root: Path, records: list[dict]) -> Path:
    journal = root / JOURNAL
    key = journal_key(root, create=True)
    content = {"version": 2, "records": records, "signature": _signature(key, root, records) if key else None}
    tmp = _write_temp(journal, json.dumps(content, ensure_ascii=False, indent=1).encode("utf-8"))
    try:
        os.replace(tmp, journal)
    except BaseException:
        tmp.unlink(missing_ok=True)  # atomic_write leaves no temporary file behind, the journal's included
        raise
    _fsync_dir(journal.parent)
    return journal


def atomic_write(files: dict[Path, bytes], journal_root: Path | None = None) -> None:
    """Replace every target with its content, all or (on any error before the renames) none.

    With ``journal_root``, a signed journal in ``journal_root/data`` makes the renames recoverable after a
    crash (see ``recover``). Raises a one-line WriteError; no temporary file is left behind.
    """
    preflight(list(files))
    temps: dict[Path, Path] = {}
    journal = journal_root / JOURNAL if journal_root else None
    current = next(iter(files), Path("."))
    try:
        for target, content in files.items():
            current = target
            temps[target] = _write_temp(target, content)
        if journal_root is not None:
            current = journal_root / JOURNAL
            _write_journal(journal_root, [{"target": t.relative_to(journal_root).as_posix(),
                                           "temp": p.relative_to(journal_root).as_posix(),
                                           "sha256": _sha(files[t])} for t, p in temps.items()])
        for target, tmp in temps.items():
            current = target
            os.replace(tmp, target)
        for folder in {t.parent for t in temps}:
            _fsync_dir(folder)
        if journal is not None:
            journal.unlink()
            _fsync_dir(journal.parent)
    except OSError as exc:
        if journal is not None and journal.exists():
            raise WriteError(str(current), f"cannot write: {exc.strerror}; the change was interrupted",
                             "fix the cause, then run `briefing recover` to complete it") from None
        for tmp in temps.values():
            tmp.unlink(missing_ok=True)
        raise _explain(exc, current) from None
    except BaseException:
        if journal is None or not journal.exists():
            for tmp in temps.values():
                tmp.unlink(missing_ok=True)
        raise


# -- locks --------------------------------------------------------------------------------------------


@contextlib.contextmanager
def _flock(path: Path, shared: bool, waiting: str) -> Iterator[None]:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        if shared and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            try:  # a tree this user cannot write: use the lock if it is there, else nobody can write either
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            except OSError:
                yield
                return
        else:
            raise _explain(exc, path) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise WriteError(str(path), "is not a regular file, so it cannot serve as the lock", f"delete it: rm {path}")
        mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"waiting: {waiting} ({path.name})…", file=sys.stderr, flush=True)
            fcntl.flock(fd, mode)
        yield
    finally:
        os.close(fd)  # closing releases the lock


@contextlib.contextmanager
def project_lock(root: Path, shared: bool = False) -> Iterator[None]:
    """Hold data/.briefing.lock: exclusively to change the project, shared to read it (check, build).
    Waits, saying so, while another command holds it."""
    with _flock(root / "data" / LOCK_NAME, shared,
                "another briefing command is " + ("changing the project" if shared else "using the project")):
        yield


@contextlib.contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Hold _build/.briefing-build.lock exclusively: one build at a time writes _build/."""
    folder = root / "_build"
    if folder.is_symlink():
        raise WriteError("_build", "is a symbolic link; the build writes only into a real folder of the project",
                         "remove the link (rm _build) and build again")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise _explain(exc, folder, "nothing was built") from None
    with _flock(folder / BUILD_LOCK, False, "another build is running"):
        yield


# -- recovery -----------------------------------------------------------------------------------------


def strays(root: Path, named: set[Path] = frozenset()) -> list[Path]:  # type: ignore[assignment]
    """Temporary files of interrupted commands (regular files or links) that no journal names."""
    found = []
    for d in WRITE_DIRS:
        folder = root / d
        if folder.is_dir() and not folder.is_symlink():
            for p in sorted(folder.glob(f".*{TMP_SUFFIX}")):
                if p not in named and (p.is_symlink() or p.is_file()):
                    found.append(p)
    return found


def pending(root: Path) -> tuple[list[dict], list[Path]]:
    """The interrupted change (journal records, [] if none) and the stray temporary files."""
    journal = read_journal(root)
    if journal is None:
        return [], strays(root)
    records = journal.records if not journal.problem else [{"target": "", "temp": "", "sha256": ""}]
    named = {root / r["temp"] for r in journal.records if not journal.problem and isinstance(r.get("temp"), str)}
    return records, strays(root, named)


def interrupted(root: Path) -> DataError | None:
    """The one problem to report while a journal is pending, with the one command that settles it."""
    journal = read_journal(root)
    if journal is None:
        return None
    if journal.problem:
        return DataError(JOURNAL, f"{journal.problem}; nothing was done with it",
                         "if no briefing command of yours crashed, it came with the files: delete it "
                         f"(briefing recover --discard, or rm {JOURNAL})")
    if not journal.signed_here:
        return DataError(JOURNAL, f"an interrupted change that was not written in this clone is pending "
                         f"(it would replace {journal.targets()})",
                         "see what it would do with `briefing recover`; then `briefing recover --apply-foreign` "
                         "or `briefing recover --discard`")
    return DataError(JOURNAL, f"an interrupted change was not finished ({journal.targets()})",
                     "run `briefing recover` to complete it")


def plan(root: Path, journal: Journal) -> list[tuple[dict, str]]:
    """(record, action) for each journalled file: 'replace', 'done' (already in place) or 'lost'."""
    out = []
    for record in journal.records:
        target, tmp = root / record["target"], root / record["temp"]
        if (tmp.is_file() and not tmp.is_symlink() and tmp.stat().st_size <= MAX_TEMP_BYTES
                and _sha(tmp.read_bytes()) == record["sha256"]):
            out.append((record, "replace"))
        elif (target.is_file() and not target.is_symlink() and target.stat().st_size <= MAX_TEMP_BYTES
              and _sha(target.read_bytes()) == record["sha256"]):
            out.append((record, "done"))
        else:
            out.append((record, "lost"))
    return out


def describe_plan(root: Path, journal: Journal) -> list[str]:
    """One line per file: what ``recover`` would do with it."""
    lines = []
    for record, action in plan(root, journal):
        target = _shown(record["target"])
        now = (root / record["target"]).stat().st_size if (root / record["target"]).is_file() else None
        new = (root / record["temp"]).stat().st_size if action == "replace" else 0
        sizes = f"{now:,} bytes now, {new:,} after" if now is not None else f"a new file of {new:,} bytes"
        lines.append({"replace": f"would replace {target} with {_shown(record['temp'])} ({sizes}; content verified)",
                      "done": f"{target} is already in its new state",
                      "lost": f"cannot complete {target}: {_shown(record['temp'])} is missing or changed"}[action])
    return lines


def recover(root: Path, apply_foreign: bool = False) -> list[str]:
    """Finish an interrupted journalled change and remove stray temporary files (call under the lock).

    Acts on a journal only if every path in it is one the project writes, and only if this clone signed
    it (or ``apply_foreign``). Returns one line per action taken; raises a one-line DataError otherwise."""
    journal = read_journal(root)
    done: list[str] = []
    if journal is not None:
        problem = interrupted(root)
        if journal.problem or (not journal.signed_here and not apply_foreign):
            assert problem is not None
            raise problem
        steps = plan(root, journal)
        lost = [r["target"] for r, action in steps if action == "lost"]
        if lost:
            raise DataError(JOURNAL, f"the interrupted change to {', '.join(_shown(t) for t in lost)} cannot be "
                            "completed (its temporary file is missing or changed); nothing was done",
                            f"restore {_shown(lost[0])} from git (or delete it if the change added it), then "
                            "`briefing recover --discard` and `briefing check`")
        for record, action in steps:
            if action != "replace":
                continue
            target = root / record["target"]
            try:
                preflight([target])
                os.replace(root / record["temp"], target)
                _fsync_dir(target.parent)
            except OSError as exc:
                raise _explain(exc, record["target"], "the interrupted change is still pending") from None
            except WriteError as exc:
                raise WriteError(exc.where, exc.what.replace("nothing was changed",
                                                             "the interrupted change is still pending"),
                                 exc.fix.replace("run the command again", "run `briefing recover`")) from None
            done.append(f"completed {record['target']}")
        _remove(root / JOURNAL)
        done.append(f"finished the interrupted change recorded in {JOURNAL}")
    named = {root / r["temp"] for r in journal.records} if journal else set()
    for stray in strays(root, named):
        _remove(stray)
        done.append(f"removed the temporary file {stray.relative_to(root)} of an interrupted command")
    return done


def discard(root: Path) -> list[str]:
    """Drop a pending journal and the temporary files it names (only those inside the project's folders),
    and every stray temporary file; the targets are left as they are."""
    journal = read_journal(root)
    done: list[str] = []
    if journal is not None:
        if not journal.problem:
            for record in journal.records:
                tmp = root / record["temp"]
                if os.path.lexists(tmp):
                    _remove(tmp)
                    done.append(f"removed {record['temp']}")
        _remove(root / JOURNAL)
        done.append(f"discarded {JOURNAL}; run `briefing check` to see the state it left")
    for stray in strays(root):
        _remove(stray)
        done.append(f"removed the temporary file {stray.relative_to(root)} of an interrupted command")
    return done


def _remove(path: Path) -> None:
    try:
        path.unlink()
        _fsync_dir(path.parent)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise WriteError(str(path), f"cannot be removed: {exc.strerror}",
                         "make its folder writable, then run `briefing recover` again") from None
