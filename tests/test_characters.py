"""One character policy for every field (issue 21): controls, bidi and other invisible characters are refused in
every field of every data file (YAML and CSV, every column) and shown as U+ codes; the renderers neutralise
them anyway; `briefing strip-controls` removes exactly them, whatever the locale.

The sweep takes every string field of the real sources.yaml and evidence.yaml and every column of every real
data/*.csv, puts one refused character into it (a different one in turn) and expects the one error to name the
file, the line, the field and the character's code.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from briefing.characters import BIDI, UNSAFE_RE, describe, explain, for_terminal, neutralise, strip_unsafe, unsafe_characters
from helpers import ROOT, assert_clean_error, run, snapshot, with_appendix

# a different refused character for each field in turn: bidi overrides, embeddings, isolates and marks,
# C0 and C1 controls, separators, zero-width and other invisible characters, a tag character
VECTORS = ["\u202e", "\u2066", "\u200f", "\u061c", "\x1b", "\x85", "\u2028", "\u200b", "\ufeff", "\U000e0041",
           "\u202a", "\u2069", "\u200e", "\x07", "\u2029", "\u00ad", "\u2060", "\u180e", "\u3164", "\x9b"]


def _policy_from_unicode(ch: str) -> bool:
    """The policy as the Unicode database states it (slow: for the test only)."""
    cat = unicodedata.category(ch)
    return (cat in ("Cf", "Zl", "Zp", "Cs") or (cat == "Cc" and ch != "\n")
            or ch in "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
            or "\ufe00" <= ch <= "\ufe0f" or "\U000e0000" <= ch <= "\U000e0fff" or "\ufff0" <= ch <= "\ufff8")


def test_the_written_out_set_matches_the_unicode_database():
    planes = [*range(0x0, 0x30000), *range(0xE0000, 0xE1000)]
    expected = {c for c in planes if _policy_from_unicode(chr(c))}
    actual = {c for c in planes if UNSAFE_RE.match(chr(c))}
    assert expected <= actual, sorted(map(hex, expected - actual))[:20]  # nothing the database lists is missed
    extra = {c for c in actual - expected if unicodedata.category(chr(c)) != "Cn"}
    assert not extra, sorted(map(hex, extra))[:20]  # the rest: code points this Unicode version leaves unassigned


def test_joiners_are_spelling_between_letters_only():
    assert unsafe_characters("می\u200cخواهم") == []  # a Persian word: ZWNJ between two letters
    assert unsafe_characters("2\u200d000") == [(1, "\u200d")]  # between digits it only hides a split
    assert unsafe_characters("\u200cx") == [(0, "\u200c")]


def test_messages_show_codes_never_the_character():
    for ch in VECTORS:
        message = explain(f"ab{ch}cd", "title")
        assert message and f"U+{ord(ch):04X}" in message and ch not in message
        assert "at character 3" in message
    assert describe("\x1b") == "U+001B (ESCAPE)" and "RIGHT-TO-LEFT OVERRIDE" in describe("\u202e")


def test_terminal_and_rendered_forms():
    assert for_terminal("a\x1b]0;pwned\x07b\u202ec\nd") == "a\\x1b]0;pwned\\x07b⟨U+202E⟩c\nd"
    assert neutralise("x\u2066y\tz") == "x[U+2066]y\tz"


# -- every field of every data file ------------------------------------------------------------------------


def _leaves(value, keys=()):
    if isinstance(value, str):
        yield keys
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _leaves(v, keys + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _leaves(v, keys + (i,))


#: yaml.safe_load's loader, in C where PyYAML has libyaml (the same constructors, the same data; these files are
#: long and every worker collects them)
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _yaml_fields():
    for name in ("sources.yaml", "evidence.yaml"):
        first = yaml.load((ROOT / "data" / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)[0]
        for keys in _leaves(first):
            yield name, keys


def _csv_columns():
    """Each column of each CSV file, except that files sharing one header (the reads' verdicts and grades: a
    hundred files with the same eight or six columns, more with every read) give each column once, in turn
    from their files (column i from the i-th file), so the sweep grows with the schemas, not with the reads.
    Every file is still checked whole by test_the_check_sweeps_every_csv_file."""
    by_header: dict[tuple[str, ...], list[str]] = {}
    for path in sorted((ROOT / "data").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            by_header.setdefault(tuple(next(csv.reader(fh))), []).append(path.name)
    for header, names in by_header.items():
        for i, column in enumerate(header):
            for name in (names if len(names) == 1 else [names[i % len(names)]]):
                yield name, column


YAML_FIELDS = list(_yaml_fields())
CSV_COLUMNS = list(_csv_columns())


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("fields")
    shutil.copytree(ROOT / "data", root / "data")
    return root


def _set(entry, keys, value):
    for k in keys[:-1]:
        entry = entry[k]
    entry[keys[-1]] = value


@pytest.mark.parametrize("name,keys", YAML_FIELDS, ids=[f"{n}:{'.'.join(map(str, k))}" for n, k in YAML_FIELDS])
def test_every_yaml_field_refuses_the_characters(data_copy, name, keys):
    from briefing.errors import DataError
    from briefing.yamlio import load_yaml

    ch = VECTORS[YAML_FIELDS.index((name, keys)) % len(VECTORS)]
    path = data_copy / "data" / name
    original = path.read_text(encoding="utf-8")
    entries = yaml.load(original, Loader=SAFE_LOADER)
    value = entries[0]
    for k in keys:
        value = value[k]
    _set(entries[0], keys, value[:3] + ch + value[3:])
    # half the fields get the character raw in the file (where YAML allows it), half as a "\u…" escape
    raw = YAML_FIELDS.index((name, keys)) % 2 == 0 and ch in BIDI + "\u200b\ufeff\u2060\u00ad"
    path.write_text(yaml.dump(entries, allow_unicode=raw, sort_keys=False, width=10_000), encoding="utf-8")
    try:
        with pytest.raises(DataError) as info:
            load_yaml(path)
    finally:
        path.write_text(original, encoding="utf-8")
    message = info.value.message
    field = ".".join(str(k) for k in keys if not isinstance(k, int))
    assert re.match(rf".*{re.escape(name)}:\d+:\d+: ", message), message
    assert f"U+{ord(ch):04X}" in message and ch not in message, message
    assert field.split(".")[-1] in message and "entry 1" in message, message


#: CSV text -> (its header and every row but the last, written out as _with_character writes them; the last row;
#: the field names; the number of rows): the sweep plants a character in each column of the same files in turn
_SPLIT: dict[str, tuple[str, dict, list[str], int]] = {}


def _with_character(original: str, column: str, ch: str) -> tuple[str, int]:
    """The CSV text with ``ch`` put into ``column`` of its last row, and the number of rows."""
    if original not in _SPLIT:
        rows = list(csv.DictReader(io.StringIO(original, newline="")))
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows[:-1])
        _SPLIT[original] = (out.getvalue(), rows[-1], list(rows[0]), len(rows))
    head, last, fieldnames, count = _SPLIT[original]
    last = dict(last)
    last[column] = (last[column] or "x")[:2] + ch + (last[column] or "x")[2:]
    out = io.StringIO(newline="")
    csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\n").writerow(last)
    return head + out.getvalue(), count


def _assert_names_the_cell(message: str, name: str, rows: int, column: str, ch: str) -> None:
    assert re.match(rf"data/{re.escape(name)}:\d+: row {rows}, column '{re.escape(column)}': ", message), message
    assert f"U+{ord(ch):04X}" in message and ch not in message


CSV_INDEX = {case: n for n, case in enumerate(CSV_COLUMNS)}
#: the real CSV files' text, read once for the sweep
_ORIGINALS: dict[str, str] = {}


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    """A folder for the sweep's files, each a real CSV file with one character planted (the data copy stays clean)."""
    return tmp_path_factory.mktemp("planted")


@pytest.mark.parametrize("name,column", CSV_COLUMNS, ids=[f"{n}:{c}" for n, c in CSV_COLUMNS])
def test_every_csv_column_refuses_the_characters(planted, name, column):
    """Each column of each file, through the per-file check (``csv_problems``); that `briefing check` runs it
    on every file is the test after this one, so the sweep stays linear in the number of files."""
    from briefing.datafiles import csv_problems

    ch = VECTORS[CSV_INDEX[(name, column)] % len(VECTORS)]
    if name not in _ORIGINALS:
        _ORIGINALS[name] = (ROOT / "data" / name).read_text(encoding="utf-8")
    text, rows = _with_character(_ORIGINALS[name], column, ch)
    path = planted / name
    path.write_text(text, encoding="utf-8")
    problems = csv_problems(path, f"data/{name}")
    assert len(problems) == 1, [p.message for p in problems]
    _assert_names_the_cell(problems[0].message, name, rows, column, ch)


def test_the_check_sweeps_every_csv_file(data_copy):
    """One refused character in every CSV file at once (a different column and character in each): the data
    check `briefing check` runs reports exactly one problem per file, naming its row and column."""
    from briefing.datafiles import data_file_problems

    names = sorted(path.name for path in (ROOT / "data").glob("*.csv"))
    originals, planted = {}, {}
    for i, name in enumerate(names):
        with (ROOT / "data" / name).open(encoding="utf-8", newline="") as fh:
            columns = next(csv.reader(fh))
        column, ch = columns[i % len(columns)], VECTORS[i % len(VECTORS)]
        path = data_copy / "data" / name
        originals[name] = path.read_text(encoding="utf-8")
        text, rows = _with_character(originals[name], column, ch)
        path.write_text(text, encoding="utf-8")
        planted[name] = (rows, column, ch)
    try:
        problems = data_file_problems(data_copy)
    finally:
        for name, text in originals.items():
            (data_copy / "data" / name).write_text(text, encoding="utf-8")
    assert len(names) >= 10 and set(names) > {n for n, _ in CSV_COLUMNS}
    for name, (rows, column, ch) in planted.items():
        found = [p.message for p in problems if p.where.startswith(f"data/{name}:")]
        assert len(found) == 1, (name, found)
        _assert_names_the_cell(found[0], name, rows, column, ch)


def test_check_names_the_field_in_one_line(project):
    meta = project / "data" / "sources.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("en: Al-Jibal", "en: \"Al-Jibal \\u202e\""), encoding="utf-8")
    proc = run(project, "check")
    assert_clean_error(proc, 1, "sources.yaml:", "id 'jibal-2025-08-17'", "outlet.en", "U+202E")
    assert "\u202e" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# -- the fix that keeps what the article printed -----------------------------------------------------------


ARTICLE = "عنوان الخبر الجديد\n\nقال مصدر إن القوات ستغادر قاعدة حرير في أيلول 2026 وفق الاتفاق.\n"


@pytest.mark.parametrize("locale", ["C", "C.UTF-8", "POSIX"])
def test_strip_controls_keeps_the_article_under_any_locale(project, tmp_path, locale):
    with_appendix(project)
    """The fix printed for a source with bidi or control characters removes exactly them: under the C locale
    the old `sed` deleted every Arabic lead byte (588 → 182 bytes) and under C.UTF-8 it failed."""
    dirty = ARTICLE.replace("قال", "\u202bقال\u202c").replace("حرير", "حرير\u200f\x1b[2J").replace("\n\n", "\r\n\r\n")
    path = tmp_path / "dirty.txt"
    path.write_bytes(("\ufeff" + dirty).encode("utf-8"))
    flags = ["--id", "new-2026", "--outlet", "New", "--title-en", "New", "--published", "2026-01-18"]
    before = snapshot(project)
    refused = run(project, "add-source", str(path), *flags)
    assert_clean_error(refused, 1, "byte-order mark", "briefing strip-controls")  # the BOM is named first
    assert snapshot(project) == before
    env = dict(os.environ, LC_ALL=locale, LANG=locale, BRIEFING_ROOT=str(project))
    proc = subprocess.run([sys.executable, "-m", "briefing.cli", "strip-controls", str(path)], env=env,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "U+202B" in proc.stdout and "U+001B" in proc.stdout and "\x1b" not in proc.stdout
    clean = Path(str(path) + ".clean")
    assert clean.read_text(encoding="utf-8") == ARTICLE.replace("حرير", "حرير[2J")  # only the refused ones went
    added = run(project, "add-source", str(clean), *flags)
    assert added.returncode == 0, added.stderr
    assert (project / "data" / "sources" / "new-2026.txt").read_bytes() == clean.read_bytes()


def test_strip_controls_never_overwrites(project, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x\u202ey\n", encoding="utf-8")
    Path(str(path) + ".clean").write_text("mine", encoding="utf-8")
    assert_clean_error(run(project, "strip-controls", str(path)), 1, ".clean", "never overwritten")
    assert Path(str(path) + ".clean").read_text(encoding="utf-8") == "mine"


def test_the_sed_damage_is_not_accepted_as_windows_1256(project, tmp_path):
    """A file whose Arabic lead bytes were deleted is neither UTF-8 nor Arabic in Windows-1256: add-source says
    so instead of suggesting iconv, and the iconv result (mojibake) is refused too."""
    damaged = bytes(b for b in ARTICLE.encode("utf-8") if b not in (0xD8, 0xD9))
    path = tmp_path / "damaged.txt"
    path.write_bytes(damaged)
    flags = ["--id", "new-2026", "--outlet", "New", "--title-en", "New", "--published", "2026-01-18"]
    proc = run(project, "add-source", str(path), *flags)
    assert_clean_error(proc, 1, "not UTF-8", "not Arabic text in Windows-1256")
    assert "iconv" not in proc.stderr
    path.write_text(damaged.decode("cp1256", errors="replace"), encoding="utf-8")
    assert_clean_error(run(project, "add-source", str(path), *flags), 1, "does not read as Arabic", "wrong encoding")
    path.write_text(ARTICLE.encode("utf-8").decode("cp1252", errors="replace"), encoding="utf-8")
    assert_clean_error(run(project, "add-source", str(path), *flags), 1, "U+FFFD")
    path.write_bytes(ARTICLE.encode("cp1256"))  # real Windows-1256 Arabic: the iconv line is right
    assert_clean_error(run(project, "add-source", str(path), *flags), 1, "iconv -f WINDOWS-1256 -t UTF-8")


def test_strip_unsafe_is_exact():
    text = "a\r\nb\rc\u202ed1\u200c2\u0645\u200c\u0646"
    clean, removed = strip_unsafe(text)
    assert clean == "a\nb\ncd12\u0645\u200c\u0646"
    assert removed == {"\u202e": 1, "\u200c": 1}


@pytest.mark.parametrize("rel", ["book/page.md", "_toc.yml"])
def test_chapters_and_configuration_refuse_them_too(project, rel):
    from helpers import ROOT as REAL

    path = project / rel
    if not path.exists():
        path.write_text((REAL / rel).read_text(encoding="utf-8"), encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8") + "\n# a line \u2067with an isolate\u2069\n", encoding="utf-8")
    proc = run(project, "check")
    assert_clean_error(proc, 1, f"{rel}:", "U+2067")
