"""Safe writes (briefing.writes) and YAML loading (briefing.yamlio), in process: every branch and message.

tests/test_writes.py drives the same code through the command line (crashes, concurrent authors); these
tests call it directly, so each error path is reached on purpose and its one-line message checked.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path

import pytest
import yaml

from briefing import writes, yamlio
from briefing.errors import DataError
from briefing.writes import JOURNAL_NAME, TMP_SUFFIX, WriteError, atomic_write, pending, project_lock, recover
from briefing.yamlio import MAX_DEPTH, Located, comment, load_yaml, read_capped, read_text_capped, scalar, unique_entries


def _temps(root: Path) -> list[Path]:
    return sorted(root.rglob(f"*{TMP_SUFFIX}"))


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "data" / "sources").mkdir(parents=True)
    (tmp_path / "book" / "sources").mkdir(parents=True)
    return tmp_path


# --- atomic_write --------------------------------------------------------------------------------

def test_every_file_is_written_whole_with_its_permissions(root: Path) -> None:
    old = root / "data" / "old.yaml"
    old.write_bytes(b"old")
    os.chmod(old, 0o664)  # group-writable (a shared project): not what the umask below would give a new file
    new = root / "book" / "new.md"
    umask = os.umask(0o027)
    try:
        atomic_write({old: "جديد\n".encode(), new: b"# new\n"}, journal_root=root)
    finally:
        os.umask(umask)
    assert old.read_bytes() == "جديد\n".encode() and new.read_bytes() == b"# new\n"
    assert stat.S_IMODE(old.stat().st_mode) == 0o664  # the target's mode is kept
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~0o027  # a new file: the umask, not mkstemp's 0600
    assert _temps(root) == [] and not (root / "data" / JOURNAL_NAME).exists()


def test_a_symlinked_target_or_folder_or_a_non_file_is_refused(root: Path, tmp_path_factory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "x").write_text("outside", encoding="utf-8")
    link = root / "data" / "link.yaml"
    link.symlink_to(outside / "x")
    with pytest.raises(WriteError) as err:
        atomic_write({link: b"x", root / "data" / "ok.yaml": b"ok"})
    assert (err.value.where, err.value.what) == (str(link), "is a symbolic link; the project never writes through links")
    assert err.value.fix == f"replace it by a regular file: cp --remove-destination \"$(readlink -f {link})\" {link}"
    assert (outside / "x").read_text(encoding="utf-8") == "outside" and not (root / "data" / "ok.yaml").exists()
    folder = root / "linked"
    folder.symlink_to(outside)
    with pytest.raises(WriteError) as err:
        atomic_write({folder / "y": b"y"})
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(folder), "is a symbolic link; the project never writes through links", "replace the link by a real folder")
    (root / "data" / "dir.yaml").mkdir()
    with pytest.raises(WriteError) as err:
        atomic_write({root / "data" / "dir.yaml": b"x"})
    assert (err.value.what, err.value.fix) == ("exists and is not a regular file", "move it out of the way")
    assert _temps(root) == [] and _temps(outside) == []


REASONS = [(errno.ENOSPC, "the disk is full", "free some space and run the command again"),
           (errno.EDQUOT, "the disk quota is exhausted", "free some space and run the command again"),
           (errno.EROFS, "the file system is read-only", "run the command on a writable copy of the project"),
           (errno.EACCES, "permission denied", "make it writable for you (chmod u+w), then run the command again"),
           (errno.EPERM, "operation not permitted (an immutable or protected file?)",
            "make it writable for you (chattr -i / chmod u+w), then run the command again"),
           (errno.ELOOP, "is a symbolic link", "replace the link by a regular file (never write through links)"),
           (errno.EIO, "Input/output error", "check the folder and run it again")]


@pytest.mark.parametrize(("code", "what", "fix"), REASONS)
def test_a_failed_write_says_why_and_changes_nothing(root: Path, monkeypatch, code: int, what: str, fix: str) -> None:
    first, second = root / "data" / "a.yaml", root / "data" / "b.yaml"
    first.write_bytes(b"a")
    real = tempfile.mkstemp

    def mkstemp(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if Path(kwargs["prefix"]).name.startswith(".b.yaml"):
            raise OSError(code, os.strerror(code))
        return real(*args, **kwargs)

    monkeypatch.setattr(writes.tempfile, "mkstemp", mkstemp)
    with pytest.raises(WriteError) as err:
        atomic_write({first: b"A", second: b"B"}, journal_root=root)
    assert (err.value.where, err.value.what, err.value.fix) == (str(second), f"cannot write: {what}; nothing was changed", fix)
    assert first.read_bytes() == b"a" and not second.exists()
    assert _temps(root) == [] and not (root / "data" / JOURNAL_NAME).exists()


def test_an_interrupt_while_writing_leaves_no_temporary_file(root: Path, monkeypatch) -> None:
    def boom(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writes.os, "fsync", boom)
    with pytest.raises(KeyboardInterrupt):
        atomic_write({root / "data" / "a.yaml": b"A"}, journal_root=root)
    assert _temps(root) == [] and not (root / "data" / "a.yaml").exists()


def test_a_crash_during_the_renames_is_completed_by_recover(root: Path, monkeypatch) -> None:
    a, b = root / "data" / "evidence.yaml", root / "book" / "sources" / "b.md"
    a.write_bytes(b"old a")
    real = os.replace
    calls: list[str] = []

    def replace(src, dst):  # noqa: ANN001, ANN202
        calls.append(Path(dst).name)
        if Path(dst) == b:
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(writes.os, "replace", replace)
    with pytest.raises(WriteError) as err:
        atomic_write({a: b"new a", b: b"new b"}, journal_root=root)
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(b), "cannot write: Input/output error; the change was interrupted",
        "fix the cause, then run `briefing recover` to complete it")
    assert calls == [JOURNAL_NAME, "evidence.yaml", "b.md"]
    journal = writes.read_journal(root)
    assert journal is not None and journal.signed_here and not journal.problem  # this clone wrote it
    assert [r["target"] for r in journal.records] == ["data/evidence.yaml", "book/sources/b.md"]
    assert all(len(r["sha256"]) == 64 and r["temp"].endswith(TMP_SUFFIX) for r in journal.records)
    records, strays = pending(root)
    assert records == journal.records and strays == []  # the journal's temporary file is not a stray
    monkeypatch.setattr(writes.os, "replace", real)
    assert recover(root) == ["completed book/sources/b.md",
                             "finished the interrupted change recorded in data/" + JOURNAL_NAME]
    assert a.read_bytes() == b"new a" and b.read_bytes() == b"new b"
    assert _temps(root) == [] and not (root / "data" / JOURNAL_NAME).exists()
    assert pending(root) == ([], []) and recover(root) == []


def _hand_written_journal(root: Path, content: bytes | None) -> tuple[Path, Path]:
    """A journal for data/evidence.yaml that no command of this clone wrote (so it is foreign, unsigned)."""
    temp = root / "data" / f".evidence.yaml.1{TMP_SUFFIX}"
    journal = root / "data" / JOURNAL_NAME
    sha = hashlib.sha256(content if content is not None else b"expected").hexdigest()
    journal.write_text(json.dumps([{"target": "data/evidence.yaml", "temp": f"data/{temp.name}", "sha256": sha}]),
                       encoding="utf-8")
    return journal, temp


def test_recover_removes_strays_and_refuses_what_it_cannot_complete(root: Path) -> None:
    stray = root / "book" / "sources" / f".x.md.abc{TMP_SUFFIX}"
    stray.write_bytes(b"half")
    assert pending(root) == ([], [stray])
    assert recover(root) == [f"removed the temporary file book/sources/.x.md.abc{TMP_SUFFIX} of an interrupted command"]
    assert not stray.exists()
    journal, temp = _hand_written_journal(root, None)
    with pytest.raises(DataError) as err:  # foreign: shown, not applied
        recover(root)
    assert "--apply-foreign" in err.value.fix or "--apply-foreign" in err.value.what
    with pytest.raises(DataError) as err:  # applied on request, but its temporary file is missing
        recover(root, apply_foreign=True)
    assert err.value.what.startswith("the interrupted change to data/evidence.yaml cannot be completed")
    temp.write_bytes(b"damaged")  # present, but not the recorded content
    with pytest.raises(DataError):
        recover(root, apply_foreign=True)
    assert temp.read_bytes() == b"damaged"  # nothing was done with it
    journal.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError):
        recover(root, apply_foreign=True)


def test_recover_accepts_a_target_already_renamed(root: Path) -> None:
    (root / "data" / "evidence.yaml").write_bytes(b"done")
    _hand_written_journal(root, b"done")
    assert recover(root, apply_foreign=True) == ["finished the interrupted change recorded in data/" + JOURNAL_NAME]
    assert not (root / "data" / JOURNAL_NAME).exists()


def test_the_project_lock_is_exclusive_and_released(root: Path) -> None:
    lock = root / "data" / writes.LOCK_NAME

    def try_lock() -> bool:
        fd = os.open(lock, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False
        finally:
            os.close(fd)

    with project_lock(root):
        assert lock.is_file() and not try_lock()
    assert try_lock()
    lock.unlink()
    lock.symlink_to(root / "elsewhere")
    with pytest.raises(WriteError) as err, project_lock(root):
        pass
    assert (err.value.where, err.value.what) == (str(lock), "cannot write: is a symbolic link; nothing was changed")


# --- YAML ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["plain", "two\nlines", "a\r\nb", "x\u2028y\u2029z\x85", "tab\tand \"quotes\" 'x'",
                                  "---", "# not a comment", "key: value", "- item", "*alias &anchor !tag", "\x00\x07\x1b",
                                  "عين الأسد «قال»", "  padded  ", "", "\ufeffbom", "null", "yes", "1.5"])
def test_scalars_are_one_line_and_load_back_exactly(text: str) -> None:
    out = scalar(text)
    assert "\n" not in out and out.startswith('"') and out.endswith('"')
    assert yaml.safe_load(f"k: {out}\n") == {"k": text}


def test_comments_show_unprintable_characters_as_code_points() -> None:
    assert comment("a\nb\u2028c\x00 d عين") == "a⟨U+000A⟩b⟨U+2028⟩c⟨U+0000⟩ d عين"


def _yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lines_of_nested_nodes_and_their_nearest_ancestor(tmp_path: Path) -> None:
    located = load_yaml(_yaml(tmp_path, "# c\n- id: a\n  quote: q\n  more:\n    - x\n    - y\n- id: b\n"))
    assert located.data == [{"id": "a", "quote": "q", "more": ["x", "y"]}, {"id": "b"}]
    assert [located.line(0), located.line(0, "quote"), located.line(0, "more", 1), located.line(1)] == [2, 3, 6, 7]
    assert located.line(0, "missing", 3) == 2 and located.line(5) == 2  # the list itself starts on line 2
    assert located.where(1, "id") == f"{tmp_path / 'x.yaml'}:7"
    assert isinstance(located, Located) and load_yaml(_yaml(tmp_path, "")).data is None


def test_a_repeated_key_is_refused_with_both_lines(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        load_yaml(_yaml(tmp_path, "- id: a\n  quote: x\n\n  quote: y\n"))
    assert (err.value.where, err.value.what, err.value.fix) == (
        f"{tmp_path / 'x.yaml'}:4", "key 'quote' appears twice in one entry (first at line 2)", "keep one of them")


def test_aliases_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DataError) as err:
        load_yaml(_yaml(tmp_path, "- &a x\n- *a\n"))
    assert (err.value.where, err.value.what, err.value.fix) == (
        f"{tmp_path / 'x.yaml'}:2", "alias '*a' (data files may not use YAML aliases)", "write the value out in full")


def test_nesting_is_limited_to_max_depth(tmp_path: Path) -> None:
    assert load_yaml(_yaml(tmp_path, "[" * MAX_DEPTH + "]" * MAX_DEPTH)).data is not None
    with pytest.raises(DataError) as err:
        load_yaml(_yaml(tmp_path, "\n" + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)))
    assert (err.value.where, err.value.what, err.value.fix) == (
        f"{tmp_path / 'x.yaml'}:2", f"nested more than {MAX_DEPTH} levels deep",
        "data files are flat lists of entries; check the brackets")
    assert load_yaml(_yaml(tmp_path, "- [[1]]\n" * (MAX_DEPTH + 5))).data[0] == [[1]]  # depth is not a count


@pytest.mark.parametrize(("text", "where", "hint"), [
    ("- id: a\n  quote: [x, y\n", ":3:1", "a value with a comma, colon or bracket must be in double quotes"),
    ("- id: a\n  quote: a: b\n", ":2:11", "a value containing ': ' must be in double quotes"),
    ("- id: a\n quote: x\n", ":2:2", "check its indentation against the entry above"),
    ('- id: "a\n', ":2:1", "(put text values in double quotes)"),
])
def test_a_syntax_error_names_line_column_and_a_hint(tmp_path: Path, text: str, where: str, hint: str) -> None:
    with pytest.raises(DataError) as err:
        load_yaml(_yaml(tmp_path, text))
    assert err.value.where == f"{tmp_path / 'x.yaml'}{where}"
    assert err.value.what.startswith("invalid YAML: ") and err.value.fix.startswith("fix the syntax at that line")
    assert err.value.fix.endswith(hint)


def test_files_that_are_not_text_or_too_big_or_not_files(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"- id: a\n- id: \xff\n")
    with pytest.raises(DataError) as err:
        load_yaml(bad)
    assert (err.value.where, err.value.what, err.value.fix) == (f"{bad}:2", "not UTF-8 (invalid byte 0xff)",
                                                                "save it as UTF-8")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"x" * 11)
    assert read_text_capped(big, 11) == "x" * 11
    with pytest.raises(DataError) as err:
        read_text_capped(big, 10)
    assert (err.value.what, err.value.fix) == ("is larger than 10 bytes", "this is not a file the project writes")
    assert read_capped(big, 4) == b"xxxxx"
    with pytest.raises(DataError) as err:
        read_capped(tmp_path / "missing.yaml", 10)
    assert (err.value.what, err.value.fix) == ("file not found", "create it or run from the project root")
    with pytest.raises(DataError) as err:
        read_capped(tmp_path, 10)
    assert (err.value.what, err.value.fix) == ("is a directory, not a regular file", "put the file itself here")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    with pytest.raises(DataError) as err:
        read_capped(fifo, 10)
    assert err.value.what == "is a FIFO, not a regular file"
    with pytest.raises(DataError) as err:
        read_capped(Path("/dev/null"), 10)
    assert err.value.what == "is a device, not a regular file"


def test_repeated_ids_are_reported_with_the_first_line(tmp_path: Path) -> None:
    located = load_yaml(_yaml(tmp_path, "- id: a\n- id: b\n- id: a\n"))
    entries, problems = unique_entries(located, "evidence")
    assert [(i, e["id"], w) for i, e, w in entries] == [(0, "a", f"{tmp_path / 'x.yaml'}:1"), (1, "b", f"{tmp_path / 'x.yaml'}:2")]
    [p] = problems
    assert (p.where, p.what, p.fix) == (f"{tmp_path / 'x.yaml'}:3", "duplicate evidence id 'a' (first at line 1)",
                                        "give each evidence its own id")
    assert yamlio.MAX_BYTES >= 1_000_000
