"""Safe writes to the project: exclusive lock, temporary files, fsync, atomic replace, crash journal.

Every command that changes data/ or _toc.yml runs inside ``project_lock`` (an ``fcntl.flock`` on
data/.briefing.lock), so two authors' commands never interleave a read-modify-write. Each file is
written to a ``tempfile.mkstemp`` sibling (exclusive, unpredictable name ending in TMP_SUFFIX),
fsynced, then moved over its target with ``os.replace``; a target that is a symlink is refused.

A change to several files (``add-source``) writes every temporary file first, then a journal
(data/.briefing-journal.json) naming each temporary file, its target and the sha256 of its content,
then the renames, then removes the journal. ``recover`` — run by the next writing command, or by
``briefing recover`` — rolls a journalled change forward and removes temporary files that no
journal names (a change that crashed before its journal was complete is rolled back).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import DataError

TMP_SUFFIX = ".briefing-tmp"
LOCK_NAME = ".briefing.lock"
JOURNAL_NAME = ".briefing-journal.json"
# folders a command writes into, relative to the project root (where stray temporary files can be)
WRITE_DIRS = (".", "data", "data/sources", "book", "book/sources")


class WriteError(DataError):
    """A file could not be written (disk full, read-only folder, symlinked target…)."""


def _explain(exc: OSError, path: Path) -> WriteError:
    reasons = {
        errno.ENOSPC: ("the disk is full", "free some space and run the command again"),
        errno.EDQUOT: ("the disk quota is exhausted", "free some space and run the command again"),
        errno.EROFS: ("the file system is read-only", "run the command on a writable copy of the project"),
        errno.EACCES: ("permission denied", "make the folder writable for you, then run the command again"),
        errno.EPERM: ("permission denied", "make the folder writable for you, then run the command again"),
        errno.ELOOP: ("is a symbolic link", "replace the link by a regular file (never write through links)"),
    }
    what, fix = reasons.get(exc.errno or 0, (exc.strerror or str(exc), "check the folder and run it again"))
    return WriteError(str(path), f"cannot write: {what}; nothing was changed", fix)


def refuse_symlink(target: Path) -> None:
    """Raise a WriteError if ``target`` (or its folder) is a symlink, or exists and is not a regular file."""
    if target.parent.is_symlink():
        raise WriteError(str(target.parent), "is a symbolic link; the project never writes through links",
                         "replace the link by a real folder")
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        return
    if stat.S_ISLNK(mode):
        raise WriteError(str(target), "is a symbolic link; the project never writes through links",
                         f"replace it by a regular file: cp --remove-destination \"$(readlink -f {target})\" {target}")
    if not stat.S_ISREG(mode):
        raise WriteError(str(target), "exists and is not a regular file", "move it out of the way")


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


def atomic_write(files: dict[Path, bytes], journal_root: Path | None = None) -> None:
    """Replace every target with its content, all or (on any error before the renames) none.

    With ``journal_root``, a journal in ``journal_root/data`` makes the renames recoverable after a
    crash (see ``recover``). Raises a one-line WriteError; no temporary file is left behind.
    """
    for target in files:
        refuse_symlink(target)
    temps: dict[Path, Path] = {}
    journal = journal_root / "data" / JOURNAL_NAME if journal_root else None
    current = next(iter(files), Path("."))
    try:
        for target, content in files.items():
            current = target
            temps[target] = _write_temp(target, content)
        if journal is not None:
            current = journal
            record = [{"target": str(t.relative_to(journal_root)), "temp": str(p.relative_to(journal_root)),
                       "sha256": _sha(files[t])} for t, p in temps.items()]
            tmp = _write_temp(journal, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"))
            os.replace(tmp, journal)
            _fsync_dir(journal.parent)
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


@contextlib.contextmanager
def project_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on data/.briefing.lock (waits for another command to finish)."""
    path = root / "data" / LOCK_NAME
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise _explain(exc, path) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def pending(root: Path) -> tuple[list[dict], list[Path]]:
    """The interrupted change (journal records, [] if none) and the stray temporary files."""
    journal = root / "data" / JOURNAL_NAME
    records: list[dict] = []
    if journal.exists():
        try:
            records = json.loads(journal.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            records = [{"target": "", "temp": "", "sha256": ""}]  # an unreadable journal is still pending
    named = {root / r["temp"] for r in records if r.get("temp")}
    strays = [p for d in WRITE_DIRS if (root / d).is_dir()
              for p in sorted((root / d).glob(f".*{TMP_SUFFIX}")) if p not in named]
    return records, strays


def recover(root: Path) -> list[str]:
    """Finish an interrupted journalled change and remove stray temporary files (call under the lock).

    Returns one line per action taken. Raises a DataError when a journalled change cannot be
    completed (a temporary file and its target both lost), naming the files.
    """
    journal = root / "data" / JOURNAL_NAME
    records, strays = pending(root)
    done: list[str] = []
    for record in records:
        target, tmp = root / record["target"], root / record["temp"]
        if not record["target"]:
            raise DataError(str(journal), "is not a readable journal",
                            "look at the files it names, then delete it")
        if tmp.exists() and _sha(tmp.read_bytes()) == record["sha256"]:
            refuse_symlink(target)
            os.replace(tmp, target)
            _fsync_dir(target.parent)
            done.append(f"completed {record['target']}")
        elif not (target.is_file() and _sha(target.read_bytes()) == record["sha256"]):
            raise DataError(str(journal), f"an interrupted change to {record['target']} cannot be completed "
                            f"({record['temp']} is missing or damaged)",
                            f"restore {record['target']} from git, then delete {journal.name}")
    if records:
        journal.unlink()
        _fsync_dir(journal.parent)
        done.append("finished the interrupted change recorded in data/" + JOURNAL_NAME)
    for stray in strays:
        stray.unlink()
        done.append(f"removed the temporary file {stray.relative_to(root)} of an interrupted command")
    return done
