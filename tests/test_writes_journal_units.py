"""The crash journal, recovery, pre-flight checks and journal signing keys (briefing.writes), in process.

test_journal.py and test_writes.py drive the same code through `briefing` in subprocesses (crashes,
shipped journals, concurrent authors); these call it directly, so each refusal and each message is
checked to its exact text, and a change to a condition fails here.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
from pathlib import Path

import pytest

from briefing import writes
from briefing.errors import DataError
from briefing.writes import (
    JOURNAL,
    JOURNAL_NAME,
    MAX_JOURNAL_BYTES,
    MAX_TEMP_BYTES,
    TMP_SUFFIX,
    WriteError,
    atomic_write,
    confine,
    describe_plan,
    discard,
    interrupted,
    journal_key,
    pending,
    plan,
    preflight,
    read_journal,
    recover,
    strays,
)

EVIDENCE_TEMP = f"data/.evidence.yaml.ab_12{TMP_SUFFIX}"
NOT_A_TARGET = ("is not a file the project writes (only _toc.yml, data/sources.yaml, data/evidence.yaml, "
                "data/sources/ID.txt, book/references.bib, book/sources/ID.md)")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    for folder in ("data/sources", "book/sources"):
        (project / folder).mkdir(parents=True)
    return project


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _journal(root: Path, records: object) -> Path:
    """A journal as a file on disk, in the unsigned list format (no command of this clone wrote it)."""
    path = root / JOURNAL
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def _record(target: str = "data/evidence.yaml", temp: str = EVIDENCE_TEMP, content: bytes = b"new") -> dict:
    return {"target": target, "temp": temp, "sha256": _sha(content)}


def _interrupted_write(root: Path, monkeypatch, files: dict[Path, bytes], fail_on: Path) -> None:
    """``atomic_write`` with a journal, crashing (OSError) when it renames onto ``fail_on``."""
    real = os.replace

    def replace(src, dst):  # noqa: ANN001, ANN202
        if Path(dst) == fail_on:
            raise OSError(errno.EIO, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(writes.os, "replace", replace)
    with pytest.raises(WriteError):
        atomic_write(files, journal_root=root)
    monkeypatch.setattr(writes.os, "replace", real)


# --- confine: the only paths a journal may name --------------------------------------------------------

@pytest.mark.parametrize(("rel", "why"), [
    (5, "is not a path"), ("", "is not a path"), (None, "is not a path"),
    ("data/sources/" + "a" * 285 + ".txt", "is not a plain path"),  # 302 characters
    ("data/sources/" + "a" * 284 + ".txt", "is not a plain path"),  # 301
    ("data/sources/" + "a" * 283 + ".txt", "cannot be examined (File name too long)"),  # 300: judged, then refused
    ("data/evidence\u202e.yaml", "is not a plain path"), ("data\\evidence.yaml", "is not a plain path"),
    ("data/evi\x00dence.yaml", "is not a plain path"),
    ("/etc/passwd", "is an absolute path, outside the project"), ("~/x", "is an absolute path, outside the project"),
    ("data/../_toc.yml", "has '..', '.' or an empty part; journal paths are plain relative paths"),
    ("./_toc.yml", "has '..', '.' or an empty part; journal paths are plain relative paths"),
    ("data//evidence.yaml", "has '..', '.' or an empty part; journal paths are plain relative paths"),
    ("data/", "has '..', '.' or an empty part; journal paths are plain relative paths"),
    (".git/config", "is inside .git; the project never writes there"),
    (".GIT/config", "is inside .git; the project never writes there"),
    (".gitfoo/_toc.yml", "is inside .git; the project never writes there"),
    (".Github/_toc.yml", "is inside .git; the project never writes there"),
    ("data/.git. /x", "is inside .git; the project never writes there"),
    ("data/other.yaml", NOT_A_TARGET), ("x/_toc.yml", NOT_A_TARGET), ("data/sources/A.txt", NOT_A_TARGET),
    ("data/sources/a-.txt", NOT_A_TARGET), ("book/references.bibx", NOT_A_TARGET),
])
def test_a_journal_path_outside_the_projects_files_is_refused(root: Path, rel: object, why: str) -> None:
    assert confine(root, rel) == why


@pytest.mark.parametrize("rel", ["_toc.yml", "data/sources.yaml", "data/evidence.yaml", "data/sources/erem-2025.txt",
                                 "book/references.bib", "book/sources/a1.md", "data/sources/" + "a" * 251 + ".txt"])
def test_the_projects_own_files_are_allowed(root: Path, rel: str) -> None:
    assert confine(root, rel) is None


def test_a_temporary_file_must_be_a_sibling_named_as_atomic_write_names_it(root: Path) -> None:
    target = "data/evidence.yaml"
    for temp in (EVIDENCE_TEMP, f"data/.evidence.yaml.ABC{TMP_SUFFIX}", f"data/.evidence.yaml.{'x' * 32}{TMP_SUFFIX}"):
        assert confine(root, temp, temp_for=target) is None
    why = f"is not a temporary file of {target} (.evidence.yaml.XXXXXXXX{TMP_SUFFIX} in the same folder)"
    for temp in (f"book/.evidence.yaml.ab{TMP_SUFFIX}", f"data/.sources.yaml.ab{TMP_SUFFIX}",
                 f"data/.evidence.yaml.{'x' * 33}{TMP_SUFFIX}", f"data/.evidence.yaml.a-b{TMP_SUFFIX}",
                 f"data/.evidence.yaml.{TMP_SUFFIX}", f"data/.evidence.yaml.ab{TMP_SUFFIX}.x", "data/evidence.yaml"):
        assert confine(root, temp, temp_for=target) == why


def test_links_folders_and_unreadable_paths_on_the_way_are_refused(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "book" / "sources").rmdir()
    (root / "book" / "sources").symlink_to(outside)
    assert confine(root, "book/sources/a.md") == "goes through a symbolic link to a folder"
    (root / "data" / "evidence.yaml").symlink_to(outside / "x")
    assert confine(root, "data/evidence.yaml") == "is a symbolic link"
    (root / "data" / "sources.yaml").mkdir()
    assert confine(root, "data/sources.yaml") == "is not a regular file"
    (root / "data" / "sources").rmdir()
    (root / "data" / "sources").write_text("a file where a folder should be", encoding="utf-8")
    assert confine(root, "data/sources/a.txt") == "cannot be examined (Not a directory)"


# --- read_journal ---------------------------------------------------------------------------------

def test_a_journal_that_is_not_a_file_is_refused(root: Path, tmp_path: Path) -> None:
    journal = root / JOURNAL
    journal.symlink_to(tmp_path / "elsewhere.json")
    assert read_journal(root).problem == "is a symbolic link, not a journal the project wrote"
    journal.unlink()
    journal.mkdir()
    assert read_journal(root).problem == "is not a regular file, not a journal the project wrote"
    journal.rmdir()
    os.mkfifo(journal)
    assert read_journal(root).problem == "is not a regular file, not a journal the project wrote"


def test_an_unreadable_journal_says_why(root: Path, monkeypatch) -> None:
    _journal(root, [_record()])
    real_open = os.open

    def refuse(path, flags, *args):  # noqa: ANN001, ANN002, ANN202 — tests run as root: chmod would not refuse
        if Path(path).name == JOURNAL_NAME:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(writes.os, "open", refuse)
    journal = read_journal(root)
    assert (journal.records, journal.problem) == ([], "cannot be read (Permission denied)")


def test_a_journal_over_the_size_limit_is_refused_unread(root: Path) -> None:
    journal = root / JOURNAL
    journal.write_bytes(b"[]" + b" " * (MAX_JOURNAL_BYTES - 2))  # exactly the limit: read, and judged
    assert read_journal(root).problem == "does not hold a list of changes"
    journal.write_bytes(b"[]" + b" " * (MAX_JOURNAL_BYTES - 1))
    assert read_journal(root).problem == "is over 1,000,000 bytes, not a journal the project wrote"


@pytest.mark.parametrize("content", [b"{not json", b"[\xff]", b""])
def test_a_journal_that_is_not_json_is_refused(root: Path, content: bytes) -> None:
    (root / JOURNAL).write_bytes(content)
    assert read_journal(root).problem == "is not readable JSON (a crash while it was written, or not the project's)"


@pytest.mark.parametrize("data", [[], {}, {"records": []}, {"records": "data/evidence.yaml"}, "x", 5,
                                  {"records": [_record()] * 21}])
def test_a_journal_without_a_list_of_one_to_twenty_changes_is_refused(root: Path, data: object) -> None:
    _journal(root, data)
    journal = read_journal(root)
    assert (journal.records, journal.problem) == ([], "does not hold a list of changes")


def test_twenty_changes_are_read(root: Path) -> None:
    _journal(root, {"records": [_record()] * 20, "signature": None})
    journal = read_journal(root)
    assert (len(journal.records), journal.problem, journal.signed_here) == (20, "", False)


@pytest.mark.parametrize("entry", [["target", "temp", "sha256"], "data/evidence.yaml", {**_record(), "mode": "0777"},
                                   {"target": "data/evidence.yaml", "temp": EVIDENCE_TEMP}])
def test_an_entry_that_is_not_a_record_is_refused(root: Path, entry: object) -> None:
    good = _record()
    _journal(root, [good, entry])
    journal = read_journal(root)
    assert journal.problem == "holds an entry that is not {target, temp, sha256}"
    assert journal.records == [good] + ([entry] if isinstance(entry, dict) else [])


@pytest.mark.parametrize(("record", "problem"), [
    ({**_record(), "target": "../outside.yaml"},
     "asks to write '../outside.yaml', which has '..', '.' or an empty part; journal paths are plain relative paths"),
    ({**_record(), "target": 5}, "asks to write '5', which is not a path"),
    ({**_record(), "target": ["data/evidence.yaml"]}, "asks to write '[\"data/evidence.yaml\"]', which is not a path"),
    ({**_record(), "temp": "data/evidence.yaml"},
     f"asks to write 'data/evidence.yaml', which is not a temporary file of data/evidence.yaml "
     f"(.evidence.yaml.XXXXXXXX{TMP_SUFFIX} in the same folder)"),
    ({**_record(), "sha256": "X" * 64}, f"asks to write '{'X' * 64}', which is not a sha256"),
    ({**_record(), "sha256": 5}, "asks to write '5', which is not a sha256"),
    ({**_record(), "sha256": _sha(b"x") + "\n"}, f"asks to write '{_sha(b'x')}\\n', which is not a sha256"),
])
def test_a_record_outside_the_rules_names_the_value_it_refuses(root: Path, record: dict, problem: str) -> None:
    _journal(root, [_record(), record])
    journal = read_journal(root)
    assert (journal.records, journal.problem) == ([_record(), record], problem)


def test_values_are_shown_on_one_line_and_cut_at_200_characters(root: Path) -> None:
    for length, shown in ((200, "x" * 200), (201, "x" * 200 + "…"), (250, "x" * 200 + "…")):
        _journal(root, [{**_record(), "target": "x" * length}])
        assert read_journal(root).problem == f"asks to write '{shown}', which {NOT_A_TARGET}"
    _journal(root, [{**_record(), "target": "data/a\nb.yaml"}])
    assert read_journal(root).problem == f"asks to write 'data/a\\nb.yaml', which {NOT_A_TARGET}"
    _journal(root, [{**_record(), "target": "data/a\x1b]0;x\x07.yaml"}])
    assert read_journal(root).problem == "asks to write 'data/a\\x1b]0;x\\x07.yaml', which is not a plain path"


def test_a_journal_is_signed_only_by_the_clone_that_wrote_it(root: Path, monkeypatch) -> None:
    target = root / "data" / "evidence.yaml"
    target.write_bytes(b"old")
    _interrupted_write(root, monkeypatch, {target: b"new"}, fail_on=target)
    journal = read_journal(root)
    assert journal.signed_here and journal.problem == ""
    data = json.loads((root / JOURNAL).read_text(encoding="utf-8"))
    assert data["version"] == 2 and set(data) == {"version", "records", "signature"}
    assert (root / JOURNAL).read_text(encoding="utf-8").startswith('{\n "version": 2,\n "records": [\n  {\n   "target"')
    # the same records with another temporary file's name: no longer this clone's
    forged = dict(data, records=[dict(data["records"][0], temp=f"data/.evidence.yaml.zz{TMP_SUFFIX}")])
    (root / JOURNAL).write_text(json.dumps(forged), encoding="utf-8")
    assert read_journal(root).signed_here is False
    # a journal in the old unsigned format, in a clone that has a key: foreign
    _journal(root, data["records"])
    assert journal_key(root) is not None and read_journal(root).signed_here is False
    (root / JOURNAL).write_text(json.dumps(dict(data, signature=5)), encoding="utf-8")
    assert read_journal(root).signed_here is False


def test_without_a_key_the_journal_is_written_unsigned_and_is_foreign(root: Path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(root / "state"))  # inside the project: no key can be kept
    target = root / "data" / "evidence.yaml"
    _interrupted_write(root, monkeypatch, {target: b"new"}, fail_on=target)
    assert json.loads((root / JOURNAL).read_text(encoding="utf-8"))["signature"] is None
    journal = read_journal(root)
    assert (journal.problem, journal.signed_here) == ("", False)
    assert recover(root, apply_foreign=True)[0] == "completed data/evidence.yaml" and target.read_bytes() == b"new"


def test_a_signature_covers_the_projects_path(root: Path, tmp_path: Path, monkeypatch) -> None:
    """Another clone with the same key (its key file copied) still does not accept this clone's journal."""
    target = root / "data" / "evidence.yaml"
    _interrupted_write(root, monkeypatch, {target: b"new"}, fail_on=target)
    other = tmp_path / "other"
    (other / "data").mkdir(parents=True)
    (other / JOURNAL).write_bytes((root / JOURNAL).read_bytes())
    key_file = writes._state_dir() / "journal-keys" / hashlib.sha256(str(other.resolve()).encode()).hexdigest()[:32]
    key_file.write_bytes(journal_key(root) + b"\n")
    assert journal_key(other) == journal_key(root)
    assert read_journal(root).signed_here and not read_journal(other).signed_here


def test_a_project_in_a_folder_with_an_arabic_name_signs_its_journal(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "تقرير"
    (root / "data").mkdir(parents=True)
    target = root / "data" / "evidence.yaml"
    _interrupted_write(root, monkeypatch, {target: "جديد".encode()}, fail_on=target)
    assert read_journal(root).signed_here
    assert recover(root) == ["completed data/evidence.yaml", f"finished the interrupted change recorded in {JOURNAL}"]
    assert target.read_text(encoding="utf-8") == "جديد"


# --- the messages while a journal is pending -----------------------------------------------------------

def test_interrupted_gives_one_problem_and_the_command_that_settles_it(root: Path, monkeypatch) -> None:
    assert interrupted(root) is None
    _journal(root, [{**_record(), "target": "../x"}])
    err = interrupted(root)
    assert (err.where, err.what, err.fix) == (
        JOURNAL, "asks to write '../x', which has '..', '.' or an empty part; journal paths are plain relative paths; "
        "nothing was done with it",
        f"if no briefing command of yours crashed, it came with the files: delete it (briefing recover --discard, or rm {JOURNAL})")
    _journal(root, [_record(), _record("_toc.yml", f".toc.x{TMP_SUFFIX}".replace(".toc", "._toc.yml"))])
    err = interrupted(root)
    assert (err.where, err.what, err.fix) == (
        JOURNAL, "an interrupted change that was not written in this clone is pending (it would replace "
        "data/evidence.yaml, _toc.yml)",
        "see what it would do with `briefing recover`; then `briefing recover --apply-foreign` or `briefing recover --discard`")
    (root / JOURNAL).unlink()
    target = root / "book" / "references.bib"
    _interrupted_write(root, monkeypatch, {target: b"@book{}"}, fail_on=target)
    err = interrupted(root)
    assert (err.where, err.what, err.fix) == (JOURNAL, "an interrupted change was not finished (book/references.bib)",
                                              "run `briefing recover` to complete it")


def test_pending_lists_the_journal_and_the_temporary_files_it_does_not_name(root: Path) -> None:
    named = root / EVIDENCE_TEMP
    named.write_bytes(b"new")
    stray = root / "data" / "sources" / f".a.txt.q{TMP_SUFFIX}"
    stray.write_bytes(b"half")
    _journal(root, [_record()])
    assert pending(root) == ([_record()], [stray])
    _journal(root, [{**_record(), "sha256": "bad"}])  # a journal with a problem names nothing: all are strays
    assert pending(root) == ([{"target": "", "temp": "", "sha256": ""}], [named, stray])


def test_strays_are_looked_for_only_in_the_projects_real_folders(root: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    theirs = outside / f".x.txt.a{TMP_SUFFIX}"
    theirs.write_bytes(b"not ours")
    (root / "data" / "sources").rmdir()
    (root / "data" / "sources").symlink_to(outside)
    ours = root / f"._toc.yml.b{TMP_SUFFIX}"
    ours.write_bytes(b"half")
    (root / "book" / f".x.md.c{TMP_SUFFIX}").mkdir()  # a folder named like one is not a temporary file
    assert strays(root) == [ours]
    assert recover(root) == [f"removed the temporary file ._toc.yml.b{TMP_SUFFIX} of an interrupted command"]
    assert theirs.read_bytes() == b"not ours"


# --- plan, describe_plan and recover ------------------------------------------------------------------

def test_the_plan_says_what_recover_would_do_with_each_file(root: Path) -> None:
    (root / "data" / "evidence.yaml").write_bytes(b"old content")
    (root / EVIDENCE_TEMP).write_bytes(b"new")
    toc_temp = f"._toc.yml.k{TMP_SUFFIX}"
    (root / toc_temp).write_bytes(b"toc")
    (root / "book" / "references.bib").write_bytes(b"bib")  # already in its new state
    records = [_record(), _record("_toc.yml", toc_temp, b"toc"),
               _record("book/references.bib", f"book/.references.bib.m{TMP_SUFFIX}", b"bib"),
               _record("data/sources.yaml", f"data/.sources.yaml.n{TMP_SUFFIX}", b"gone")]
    _journal(root, records)
    journal = read_journal(root)
    assert [action for _, action in plan(root, journal)] == ["replace", "replace", "done", "lost"]
    assert describe_plan(root, journal) == [
        f"would replace data/evidence.yaml with {EVIDENCE_TEMP} (11 bytes now, 3 after; content verified)",
        f"would replace _toc.yml with {toc_temp} (a new file of 3 bytes; content verified)",
        "book/references.bib is already in its new state",
        f"cannot complete data/sources.yaml: data/.sources.yaml.n{TMP_SUFFIX} is missing or changed"]


def test_a_temporary_file_over_the_size_limit_is_not_used(root: Path) -> None:
    temp = root / EVIDENCE_TEMP
    with temp.open("wb") as fh:  # sparse: no disk is used
        fh.truncate(MAX_TEMP_BYTES)
    record = {"target": "data/evidence.yaml", "temp": EVIDENCE_TEMP, "sha256": _sha(bytes(MAX_TEMP_BYTES))}
    _journal(root, [record])
    assert plan(root, read_journal(root)) == [(record, "replace")]
    os.replace(temp, root / "data" / "evidence.yaml")
    assert plan(root, read_journal(root)) == [(record, "done")]
    with (root / "data" / "evidence.yaml").open("ab") as fh:
        fh.write(b"\0")
    _journal(root, [{**record, "sha256": _sha(bytes(MAX_TEMP_BYTES + 1))}])
    assert [action for _, action in plan(root, read_journal(root))] == ["lost"]


def test_recover_names_every_file_it_cannot_complete(root: Path) -> None:
    _journal(root, [_record(), _record("_toc.yml", f"._toc.yml.a{TMP_SUFFIX}")])
    with pytest.raises(DataError) as err:
        recover(root, apply_foreign=True)
    assert (err.value.where, err.value.what, err.value.fix) == (
        JOURNAL, "the interrupted change to data/evidence.yaml, _toc.yml cannot be completed (its temporary file is "
        "missing or changed); nothing was done",
        "restore data/evidence.yaml from git (or delete it if the change added it), then `briefing recover --discard` "
        "and `briefing check`")


def test_recover_refuses_a_foreign_or_bad_journal_with_the_same_message_as_check(root: Path) -> None:
    _journal(root, [_record()])
    with pytest.raises(DataError) as err:
        recover(root)
    assert err.value.message == interrupted(root).message
    _journal(root, [{**_record(), "temp": "/etc/passwd"}])
    with pytest.raises(DataError) as err:
        recover(root, apply_foreign=True)
    assert err.value.message == interrupted(root).message
    assert err.value.what.startswith("asks to write '/etc/passwd', which is an absolute path, outside the project")


def test_recover_that_cannot_rename_leaves_the_change_pending(root: Path, monkeypatch) -> None:
    (root / EVIDENCE_TEMP).write_bytes(b"new")
    _journal(root, [_record()])
    real = os.replace

    def replace(src, dst):  # noqa: ANN001, ANN202
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(writes.os, "replace", replace)
    with pytest.raises(WriteError) as err:
        recover(root, apply_foreign=True)
    assert (err.value.where, err.value.what, err.value.fix) == (
        "data/evidence.yaml", "cannot write: the disk is full; the interrupted change is still pending",
        "free some space and run the command again")
    monkeypatch.setattr(writes.os, "replace", real)
    assert (root / JOURNAL).exists() and (root / EVIDENCE_TEMP).exists()


def test_recover_onto_a_read_only_target_says_to_run_recover_again(root: Path, monkeypatch) -> None:
    target = root / "data" / "evidence.yaml"
    target.write_bytes(b"old")
    (root / EVIDENCE_TEMP).write_bytes(b"new")
    _journal(root, [_record()])
    real_access = os.access
    monkeypatch.setattr(writes.os, "access", lambda p, mode: False if Path(p) == target else real_access(p, mode))
    with pytest.raises(WriteError) as err:
        recover(root, apply_foreign=True)
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(target), "is read-only; the interrupted change is still pending",
        f"make it writable (chmod u+w {target}), then run `briefing recover`")
    assert target.read_bytes() == b"old" and (root / JOURNAL).exists()


def test_a_file_recover_cannot_remove_is_named(root: Path, monkeypatch) -> None:
    stray = root / "data" / f".evidence.yaml.x{TMP_SUFFIX}"
    stray.write_bytes(b"half")
    real_unlink = Path.unlink

    def unlink(self, missing_ok=False):  # noqa: ANN001, ANN202
        if self == stray:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", unlink)
    with pytest.raises(WriteError) as err:
        recover(root)
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(stray), "cannot be removed: Permission denied", "make its folder writable, then run `briefing recover` again")


# --- discard ------------------------------------------------------------------------------------------

def test_discard_drops_the_journal_its_temporary_files_and_strays_but_no_target(root: Path) -> None:
    target = root / "data" / "evidence.yaml"
    target.write_bytes(b"as it was")
    (root / EVIDENCE_TEMP).write_bytes(b"new")
    stray = root / "book" / "sources" / f".a.md.s{TMP_SUFFIX}"
    stray.write_bytes(b"half")
    _journal(root, [_record(), _record("_toc.yml", f"._toc.yml.gone{TMP_SUFFIX}")])
    assert discard(root) == [
        f"removed {EVIDENCE_TEMP}", f"discarded {JOURNAL}; run `briefing check` to see the state it left",
        f"removed the temporary file book/sources/.a.md.s{TMP_SUFFIX} of an interrupted command"]
    assert target.read_bytes() == b"as it was" and not (root / JOURNAL).exists()
    assert not (root / EVIDENCE_TEMP).exists() and not stray.exists()
    assert discard(root) == []


def test_discard_of_a_bad_journal_follows_none_of_its_paths(root: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"keep")
    (root / EVIDENCE_TEMP).write_bytes(b"new")
    _journal(root, [{"target": "data/evidence.yaml", "temp": str(victim), "sha256": _sha(b"keep")}])
    assert discard(root) == [f"discarded {JOURNAL}; run `briefing check` to see the state it left",
                             f"removed the temporary file {EVIDENCE_TEMP} of an interrupted command"]
    assert victim.read_bytes() == b"keep"


# --- preflight and atomic_write --------------------------------------------------------------------------

REASONS = [(errno.EISDIR, "is a directory", "move the directory out of the way"),
           (errno.ENOTDIR, "a folder on its path is not a directory", "restore the folder from git"),
           (errno.EBUSY, "is busy or a mount point", "unmount it or work on a copy of the project"),
           (errno.EXDEV, "is on another file system (a mount point?)", "work on a copy of the project"),
           (errno.ENOENT, "its folder does not exist", "restore the folder from git")]


@pytest.mark.parametrize(("code", "what", "fix"), REASONS)
def test_each_errno_has_its_reason_and_fix(root: Path, monkeypatch, code: int, what: str, fix: str) -> None:
    target = root / "data" / "evidence.yaml"

    def mkstemp(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(writes.tempfile, "mkstemp", mkstemp)
    with pytest.raises(WriteError) as err:
        atomic_write({target: b"x"})
    assert (err.value.where, err.value.what, err.value.fix) == (str(target), f"cannot write: {what}; nothing was changed", fix)


def test_an_error_without_an_errno_is_shown_as_it_is(root: Path, monkeypatch) -> None:
    def mkstemp(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise OSError("the storage driver refused")

    monkeypatch.setattr(writes.tempfile, "mkstemp", mkstemp)
    with pytest.raises(WriteError) as err:
        atomic_write({root / "_toc.yml": b"x"})
    assert (err.value.what, err.value.fix) == ("cannot write: the storage driver refused; nothing was changed",
                                               "check the folder and run it again")


def test_preflight_refuses_what_could_not_be_replaced(root: Path, monkeypatch) -> None:
    target = root / "data" / "evidence.yaml"
    target.write_bytes(b"old")
    missing = root / "nope" / "x.yaml"
    with pytest.raises(WriteError) as err:
        preflight([missing])
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(missing.parent), "cannot write: the folder does not exist; nothing was changed", "restore it from git")
    (root / "file").write_bytes(b"")
    under_a_file = root / "file" / "x.yaml"
    with pytest.raises(WriteError) as err:
        preflight([under_a_file])
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(under_a_file), "cannot write: a folder on its path is not a directory; nothing was changed",
        "restore the folder from git")
    (root / "data" / "dir.yaml").mkdir()
    with pytest.raises(WriteError) as err:
        preflight([root / "data" / "dir.yaml"])
    assert err.value.where == str(root / "data" / "dir.yaml")

    real_access = os.access

    def access(path, mode):  # noqa: ANN001, ANN202 — the folder is not writable (tests run as root: chmod would not do)
        if Path(path) == target.parent and mode & os.W_OK:
            return False
        return real_access(path, mode)

    monkeypatch.setattr(writes.os, "access", access)
    with pytest.raises(WriteError) as err:
        preflight([target])
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(target.parent), "cannot write: the folder is not writable for you; nothing was changed",
        f"make it writable (chmod u+w {target.parent}), then run the command again")
    monkeypatch.setattr(writes.os, "access", lambda p, mode: False if Path(p) == target else real_access(p, mode))
    with pytest.raises(WriteError) as err:
        atomic_write({target: b"new"})
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(target), "is read-only; nothing was changed", f"make it writable (chmod u+w {target}), then run the command again")
    assert target.read_bytes() == b"old"


def test_preflight_refuses_a_mount_point_and_a_read_only_file_system(root: Path, monkeypatch) -> None:
    target = root / "data" / "evidence.yaml"
    target.write_bytes(b"old")
    real_stat = os.stat

    def stat_(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202 — the target on another device
        st = real_stat(path, *args, **kwargs)
        if Path(path) == target:
            fields = list(st)
            fields[2] = st.st_dev + 1
            return os.stat_result(fields)
        return st

    monkeypatch.setattr(writes.os, "stat", stat_)
    with pytest.raises(WriteError) as err:
        preflight([target])
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(target), "is a mount point and cannot be replaced; nothing was changed",
        "unmount it, or work on a copy of the project")
    monkeypatch.setattr(writes.os, "stat", real_stat)

    class ReadOnly:
        f_flag = os.ST_RDONLY

    monkeypatch.setattr(writes.os, "statvfs", lambda folder: ReadOnly())
    with pytest.raises(WriteError) as err:
        preflight([target])
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(target), "cannot write: the file system is read-only; nothing was changed",
        "run the command on a writable copy of the project")

    def unknown(folder):  # noqa: ANN001, ANN202 — a file system that cannot say: it is written to, and errors say why
        raise OSError(errno.ENOSYS, "Function not implemented")

    monkeypatch.setattr(writes.os, "statvfs", unknown)
    preflight([target])
    atomic_write({target: b"new"})
    assert target.read_bytes() == b"new"


def test_a_write_without_a_journal_and_an_empty_write(root: Path) -> None:
    target = root / "book" / "references.bib"
    umask = os.umask(0)
    try:
        atomic_write({target: b"@book{x}"})
    finally:
        os.umask(umask)
    assert target.read_bytes() == b"@book{x}" and stat.S_IMODE(target.stat().st_mode) == 0o666
    assert atomic_write({}) is None and atomic_write({}, journal_root=root) is None
    assert list(root.rglob(f"*{TMP_SUFFIX}")) == [] and not (root / JOURNAL).exists()


def test_a_failure_writing_the_journal_names_it_and_leaves_nothing(root: Path, monkeypatch) -> None:
    target = root / "data" / "evidence.yaml"
    real = os.replace

    def replace(src, dst):  # noqa: ANN001, ANN202
        if Path(dst).name == JOURNAL_NAME:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(writes.os, "replace", replace)
    with pytest.raises(WriteError) as err:
        atomic_write({target: b"new"}, journal_root=root)
    assert (err.value.where, err.value.what) == (str(root / JOURNAL), "cannot write: the disk is full; nothing was changed")
    assert list(root.rglob(f"*{TMP_SUFFIX}")) == [] and not target.exists()


@pytest.mark.parametrize("journalled", [True, False])
def test_an_interrupt_during_the_renames(root: Path, monkeypatch, journalled: bool) -> None:
    """With a journal the temporary files stay for `recover`; without one none is left behind."""
    first, second = root / "data" / "evidence.yaml", root / "data" / "sources.yaml"
    real = os.replace

    def replace(src, dst):  # noqa: ANN001, ANN202
        if Path(dst) == second:
            raise KeyboardInterrupt
        return real(src, dst)

    monkeypatch.setattr(writes.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        atomic_write({first: b"one", second: b"two"}, journal_root=root if journalled else None)
    monkeypatch.setattr(writes.os, "replace", real)
    assert first.read_bytes() == b"one"
    if journalled:
        assert recover(root) == ["completed data/sources.yaml", f"finished the interrupted change recorded in {JOURNAL}"]
        assert second.read_bytes() == b"two"
    else:
        assert list(root.rglob(f"*{TMP_SUFFIX}")) == [] and not (root / JOURNAL).exists()


# --- journal signing keys ------------------------------------------------------------------------------

def test_keys_live_in_the_state_folder_one_per_project(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("BRIEFING_STATE_DIR", raising=False)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg" / "deep"))
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    assert journal_key(a) is None  # reading never makes a key
    assert not (tmp_path / "xdg").exists()
    key_a, key_b = journal_key(a, create=True), journal_key(b, create=True)
    folder = tmp_path / "xdg" / "deep" / "briefing" / "journal-keys"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(folder.iterdir())
    assert len(files) == 2 and all(len(f.name) == 32 and stat.S_IMODE(f.stat().st_mode) == 0o600 for f in files)
    assert key_a != key_b and {f.read_bytes() for f in files} == {key_a + b"\n", key_b + b"\n"}
    assert all(len(k) == 64 and set(k.decode()) <= set("0123456789abcdef") for k in (key_a, key_b))
    assert journal_key(a) == key_a and journal_key(a, create=True) == key_a


def test_without_xdg_keys_go_under_the_home_folder(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("BRIEFING_STATE_DIR", raising=False)
    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    project = tmp_path / "p"
    project.mkdir()
    key = journal_key(project, create=True)
    [file] = (tmp_path / "home" / ".local" / "state" / "briefing" / "journal-keys").iterdir()
    assert file.read_bytes() == key + b"\n"


def test_briefing_state_dir_wins_over_xdg(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg"))
    project = tmp_path / "p"
    project.mkdir()
    key = journal_key(project, create=True)
    [file] = (tmp_path / "state" / "journal-keys").iterdir()
    assert file.read_bytes() == key + b"\n" and not (tmp_path / "xdg").exists()


def test_no_key_is_kept_inside_the_project(tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "p"
    project.mkdir()
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(project / "state"))
    assert journal_key(project, create=True) is None
    assert not (project / "state").exists()
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path))
    assert journal_key(tmp_path / "journal-keys", create=True) is None  # the keys' folder is the project itself


def test_a_bad_or_linked_key_file_is_no_key(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path / "state"))
    project = tmp_path / "p"
    project.mkdir()
    key = journal_key(project, create=True)
    [file] = (tmp_path / "state" / "journal-keys").iterdir()
    file.write_bytes(b"not a key\n")
    assert journal_key(project) is None and journal_key(project, create=True) is None
    elsewhere = tmp_path / "planted"
    elsewhere.write_bytes(key + b"\n")
    file.unlink()
    file.symlink_to(elsewhere)
    assert journal_key(project) is None and journal_key(project, create=True) is None


def test_a_key_made_by_another_process_meanwhile_is_used(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path / "state"))
    project = tmp_path / "p"
    project.mkdir()
    theirs = b"ab" * 32
    real_open = os.open

    def racing_open(path, flags, *args):  # noqa: ANN001, ANN002, ANN202
        if flags & os.O_CREAT and Path(path).parent.name == "journal-keys":
            Path(path).write_bytes(theirs + b"\n")  # the other process wins the race
        return real_open(path, flags, *args)

    monkeypatch.setattr(writes.os, "open", racing_open)
    assert journal_key(project, create=True) == theirs


def test_a_project_path_that_is_not_utf8_gets_a_key(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("BRIEFING_STATE_DIR", str(tmp_path / "state"))
    project = Path(os.fsdecode(bytes(tmp_path) + b"/proj\xff"))
    project.mkdir()
    key = journal_key(project, create=True)
    assert key is not None and journal_key(project) == key
