"""YAML loading (briefing.yamlio) in process: the refused characters' messages, the capped reads, the
syntax hints and the scalars written into YAML, each checked to its exact one-line text.

test_characters.py and test_bad_input.py drive the same code through `briefing` in a subprocess (the
user's view); these call it directly, so a change to a message, a column or a branch fails here.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
import yaml

from briefing import yamlio
from briefing.errors import DataError, SourceFileError
from briefing.yamlio import MAX_DEPTH, load_yaml, read_capped, read_text_capped, scalar, unique_entries

RLO = "\u202e"
RLO_SAYS = "contains U+202E (RIGHT-TO-LEFT OVERRIDE) at {at} (it reorders what readers see)"


def _yaml(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _refused(path: Path) -> DataError:
    with pytest.raises(DataError) as err:
        load_yaml(path)
    return err.value


def _raw_fix(path: Path) -> str:
    return (f"delete it in an editor that shows invisible characters, or run `briefing strip-controls {path}` and "
            f"replace the file with {path.name}.clean")


# --- a character typed raw into the file -------------------------------------------------------------

def test_a_raw_character_is_named_by_line_column_entry_and_field(tmp_path: Path) -> None:
    path = _yaml(tmp_path, f"# sources\n- id: a\n  title: x\n- id: erem-2025\n  title: \"ab{RLO}cd\"\n")
    err = _refused(path)
    assert (err.where, err.what, err.fix) == (
        f"{path}:5:13", "entry 2 (id 'erem-2025'), field title: " + RLO_SAYS.format(at="column 13"), _raw_fix(path))


def test_raw_characters_are_counted_and_the_first_is_named(tmp_path: Path) -> None:
    path = _yaml(tmp_path, f"- id: a\n  title: {RLO}x{RLO}\n  note: y{RLO}\n")
    err = _refused(path)
    assert (err.where, err.what) == (
        f"{path}:2:10", "entry 1 (id 'a'), field title: " + RLO_SAYS.format(at="column 10")
        + " (3 such characters in the file)")


def test_two_raw_characters_side_by_side_after_a_blank_first_line(tmp_path: Path) -> None:
    path = _yaml(tmp_path, f"\n- id: a\n  title: x{RLO}{RLO}\n")
    err = _refused(path)
    assert (err.where, err.what) == (
        f"{path}:3:11", "entry 1 (id 'a'), field title: " + RLO_SAYS.format(at="column 11")
        + " (2 such characters in the file)")
    path = _yaml(tmp_path, f"\n- id: a{RLO}\n")
    assert _refused(path).where == f"{path}:2:8"


def test_ten_thousand_raw_characters_are_counted_as_a_lower_bound(tmp_path: Path) -> None:
    path = _yaml(tmp_path, "- id: a\n  title: x" + RLO * 10_001 + "\n")
    assert _refused(path).what.endswith(" (10000+ such characters in the file)")
    path = _yaml(tmp_path, "- id: a\n  title: x" + RLO * 9_999 + "\n")
    assert _refused(path).what.endswith(" (9999 such characters in the file)")


def test_a_raw_character_in_a_key_a_comment_or_before_a_line_end(tmp_path: Path) -> None:
    path = _yaml(tmp_path, f"- id: a\n  ti{RLO}tle: x\n")
    err = _refused(path)
    assert (err.where, err.what) == (
        f"{path}:2:5", "the key of entry 1 (id 'a'), field ti?tle: " + RLO_SAYS.format(at="column 5"))
    path = _yaml(tmp_path, f"- id: a  # checked {RLO}\n")
    err = _refused(path)
    assert (err.where, err.what) == (f"{path}:1:20", "a comment or the layout: " + RLO_SAYS.format(at="column 20"))
    path = _yaml(tmp_path, f"- id: a\n  title: x{RLO}\n")  # just before the line's end
    assert _refused(path).where == f"{path}:2:11"
    path = _yaml(tmp_path, f"# {RLO}\n- id: a\n")  # a comment's line: column counted from its own start
    err = _refused(path)
    assert (err.where, err.what) == (f"{path}:1:3", "a comment or the layout: " + RLO_SAYS.format(at="column 3"))


def test_a_character_just_after_a_block_value_is_not_in_it(tmp_path: Path) -> None:
    path = _yaml(tmp_path, f"note: |-\n  x\n{RLO}\n")  # the block scalar ends where the next line starts
    err = _refused(path)
    assert (err.where, err.what) == (f"{path}:3:1", "a comment or the layout: " + RLO_SAYS.format(at="column 1"))


def test_a_scalars_first_character_belongs_to_its_field(tmp_path: Path) -> None:
    path = _yaml(tmp_path, f"- id: a\n  title: {RLO}x\n")
    assert _refused(path).what.startswith("entry 1 (id 'a'), field title: ")


def test_line_ends_crlf_are_layout_but_a_lone_cr_is_refused(tmp_path: Path) -> None:
    assert load_yaml(_yaml(tmp_path, "- id: a\r\n  title: x\r\n")).data == [{"id": "a", "title": "x"}]
    path = _yaml(tmp_path, "- id: a\r  title: x\n")
    err = _refused(path)
    assert (err.where, err.what) == (
        f"{path}:1:8", "a comment or the layout: contains U+000D (CARRIAGE RETURN) at column 8 "
        "(a terminal or viewer acts on it)")


# --- a character written as an escape -------------------------------------------------------------

def test_an_escaped_character_is_named_where_its_value_starts(tmp_path: Path) -> None:
    path = _yaml(tmp_path, '- id: a\n- id: b\n  title: "ab\\u202ecd"\n')
    err = _refused(path)
    assert (err.where, err.what, err.fix) == (
        f"{path}:3:10", "entry 2 (id 'b'), field title: " + RLO_SAYS.format(at="character 3") + " (written as an escape)",
        "delete that escape from the value")


def test_an_escape_in_a_key_an_id_a_nested_field_or_the_document(tmp_path: Path) -> None:
    path = _yaml(tmp_path, '- id: a\n  "k\\u202e": 1\n')
    assert _refused(path).what.startswith("the key of entry 1 (id 'a'), field k⟨U+202E⟩: contains U+202E")
    path = _yaml(tmp_path, '- id: "a\\u202e"\n')  # an id that is refused itself is not shown as the id
    assert _refused(path).what.startswith("entry 1, field id: contains U+202E")
    path = _yaml(tmp_path, '- id: a\n  more:\n    - x\n    - "\\u202e"\n')
    err = _refused(path)
    assert err.where == f"{path}:4:7" and err.what.startswith("entry 1 (id 'a'), field more.1: contains U+202E")
    path = _yaml(tmp_path, 'title: "\\u202e"\n')  # a mapping, not a list of entries
    assert _refused(path).what.startswith("field title: contains U+202E")
    path = _yaml(tmp_path, '- "\\u202e"\n')  # a list of plain values
    assert _refused(path).what.startswith("entry 1: contains U+202E")
    path = _yaml(tmp_path, '"\\u202e"\n')
    assert _refused(path).what.startswith("the document: contains U+202E")
    path = _yaml(tmp_path, '- id: 7\n  title: "\\e"\n')  # an id that is not text is not shown
    assert _refused(path).what.startswith("entry 1, field title: contains U+001B (ESCAPE)")


def test_long_ids_and_keys_are_cut_in_the_message(tmp_path: Path) -> None:
    ident, key = "i" * 100, "k" * 70
    path = _yaml(tmp_path, f'- id: {ident}\n  {key}: "\\u202e"\n')
    assert _refused(path).what.startswith(f"entry 1 (id '{'i' * 80}'), field {'k' * 60}: contains U+202E")


def test_the_first_escaped_value_in_the_file_is_named(tmp_path: Path) -> None:
    path = _yaml(tmp_path, '- id: a\n  title: "x\\u200by"\n  note: "\\u202e"\n- id: b\n  title: "\\u2066"\n')
    err = _refused(path)
    assert err.where == f"{path}:2:10" and err.what.startswith("entry 1 (id 'a'), field title: contains U+200B")


def test_escapes_of_allowed_characters_and_single_quotes_are_not_refused(tmp_path: Path) -> None:
    text = "- id: a\n  title: \"two\\nlines and \\u0639\"\n  note: 'a \\u202e b'\n  more: x \\u202e y\n"
    assert load_yaml(_yaml(tmp_path, text)).data == [
        {"id": "a", "title": "two\nlines and \u0639", "note": "a \\u202e b", "more": "x \\u202e y"}]


# --- structure: nesting, duplicates, lines ------------------------------------------------------------

def test_depth_is_counted_down_as_collections_close(tmp_path: Path) -> None:
    path = _yaml(tmp_path, "- [[], " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "]\n")
    err = _refused(path)
    assert (err.where, err.what) == (f"{path}:1", f"nested more than {MAX_DEPTH} levels deep")
    ok = "- [[], " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "]\n"
    assert load_yaml(_yaml(tmp_path, ok)).data is not None


def test_a_repeated_key_in_a_nested_mapping_names_the_file(tmp_path: Path) -> None:
    path = _yaml(tmp_path, "- id: a\n  more:\n    x: 1\n    x: 2\n")
    err = _refused(path)
    assert (err.where, err.what) == (f"{path}:4", "key 'x' appears twice in one entry (first at line 3)")


def test_repeated_ids_keep_the_entries_after_them(tmp_path: Path) -> None:
    path = _yaml(tmp_path, "# registry\n- id: a\n- id: b\n- id: b\n- id: c\n")
    entries, problems = unique_entries(load_yaml(path), "source")
    assert [(i, e["id"], w) for i, e, w in entries] == [(0, "a", f"{path}:2"), (1, "b", f"{path}:3"),
                                                        (3, "c", f"{path}:5")]
    assert [(p.where, p.what) for p in problems] == [(f"{path}:4", "duplicate source id 'b' (first at line 3)")]


def test_lines_fall_back_to_the_nearest_ancestor_or_the_first_line(tmp_path: Path) -> None:
    located = load_yaml(_yaml(tmp_path, "# c\n\n- id: a\n- id: b\n  more:\n    x: 1\n"))
    assert [located.line(1, "missing"), located.line(1, "more", "missing", "deeper"), located.line(7)] == [4, 5, 3]
    empty = load_yaml(_yaml(tmp_path, "# only a comment\n\n", "empty.yaml"))
    assert (empty.data, empty.line(0), empty.line(), empty.where(2, "id")) == (None, 1, 1, f"{tmp_path / 'empty.yaml'}:1")


# --- syntax hints ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "hint"), [
    ("- [a,, b]\n", "a value with a comma, colon or bracket must be in double quotes"),  # a flow node: no ',' named
    ("- {a: b: c}\n", "a value with a comma, colon or bracket must be in double quotes"),
    ("a: \"b\" c\n", "check its indentation against the entry above"),
    ("- a: 1\n   b: 2\n", "a value containing ': ' must be in double quotes"),
    ("a: `b\n", "(put text values in double quotes)"),
])
def test_each_syntax_error_gets_its_hint(tmp_path: Path, text: str, hint: str) -> None:
    err = _refused(_yaml(tmp_path, text))
    assert err.what.startswith("invalid YAML: ")
    assert err.fix == "fix the syntax at that line" + ("" if hint.startswith("(") else ":") + f" {hint}"


def test_a_syntax_error_is_reported_as_libyaml_reads_it(tmp_path: Path) -> None:
    """The whole message of a common mistake (an unquoted value with ': '), from the parser load_yaml uses."""
    path = _yaml(tmp_path, "- id: a\n  title: Iraq: the end of the mission\n")
    err = _refused(path)
    assert (err.where, err.what, err.fix) == (
        f"{path}:2:14", "invalid YAML: mapping values are not allowed in this context",
        "fix the syntax at that line: a value containing ': ' must be in double quotes")


# --- capped reads ------------------------------------------------------------------------------------

def test_a_symlink_is_read_only_when_asked(tmp_path: Path) -> None:
    real = _yaml(tmp_path, "- id: a\n", "real.yaml")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    assert read_capped(link, 100) == b"- id: a\n"  # follow_symlinks defaults to True
    assert read_text_capped(link, 100, follow_symlinks=True) == "- id: a\n"
    for call in (lambda: read_capped(link, 100, follow_symlinks=False), lambda: read_text_capped(link, 100),
                 lambda: load_yaml(link)):
        with pytest.raises(DataError) as err:
            call()
        assert (err.value.where, err.value.what, err.value.fix) == (
            str(link), "is a symbolic link; the project reads only its own files", "replace the link by the file itself")


@pytest.mark.parametrize("follow", [True, False])
def test_an_unreadable_file_says_so(tmp_path: Path, monkeypatch, follow: bool) -> None:
    path = _yaml(tmp_path, "- id: a\n")
    real_open = os.open

    def refuse(p, flags, *args):  # noqa: ANN001, ANN002, ANN202 — as for a file of another user (tests run as root)
        if Path(p) == path:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(p))
        return real_open(p, flags, *args)

    monkeypatch.setattr(yamlio.os, "open", refuse)
    with pytest.raises(DataError) as err:
        read_capped(path, 100, follow_symlinks=follow)
    assert (err.value.where, err.value.what, err.value.fix) == (
        str(path), "cannot be read: Permission denied", "check the file's permissions")


def test_the_callers_error_class_and_fixes_are_used(tmp_path: Path) -> None:
    with pytest.raises(SourceFileError) as err:
        read_capped(tmp_path / "none.txt", 10, error=SourceFileError, missing="run briefing fetch")
    assert (err.value.where, err.value.what, err.value.fix) == (str(tmp_path / "none.txt"), "file not found",
                                                                "run briefing fetch")
    with pytest.raises(SourceFileError) as err:
        read_capped(tmp_path, 10, error=SourceFileError, not_regular="give the source's text file")
    assert (err.value.where, err.value.what, err.value.fix) == (str(tmp_path), "is a directory, not a regular file",
                                                                "give the source's text file")
    with pytest.raises(DataError) as err:
        read_capped(Path("/dev/null"), 10)
    assert (err.value.where, err.value.what) == ("/dev/null", "is a device, not a regular file")


def test_a_block_device_is_refused_unread() -> None:
    devices = [p for p in sorted(Path("/dev").iterdir()) if p.is_block_device() and os.access(p, os.R_OK)]
    if not devices:
        pytest.skip("no readable block device on this machine")
    with pytest.raises(DataError) as err:
        read_capped(devices[0], 10)
    assert (err.value.where, err.value.what) == (str(devices[0]), "is a device, not a regular file")


def test_size_and_encoding_errors_name_the_file_and_line(tmp_path: Path) -> None:
    big = _yaml(tmp_path, "x" * 1_001, "big.yaml")
    with pytest.raises(DataError) as err:
        read_text_capped(big, 1_000)
    assert (err.value.where, err.value.what) == (str(big), "is larger than 1,000 bytes")
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(b"\n- id: a\n- id: \xc3(\n- id: c\n- id: d\n- id: e\n")  # a blank first line; lines after it
    with pytest.raises(DataError) as err:
        read_text_capped(bad, 100)
    assert (err.value.where, err.value.what) == (f"{bad}:3", "not UTF-8 (invalid byte 0xc3)")


# --- scalars written into YAML ------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "written"), [
    ("عين الأسد", '"عين الأسد"'),  # Arabic stays readable in the file
    ("a\u202eb", '"a\\u202eb"'),  # bidi controls are escaped (the emitter writes them raw)
    ("x\u200by\u00ad", '"x\\u200by\\u00ad"'),
    ("tag\U000e0041", '"tag\\U000E0041"'),  # PyYAML escapes this one itself (as it does the BOM)
    ("\u061c", '"\\u061c"'),
])
def test_scalars_escape_invisible_characters_and_keep_letters(text: str, written: str) -> None:
    assert scalar(text) == written
    assert yaml.safe_load(f"k: {written}\n") == {"k": text}


def test_a_long_scalar_stays_on_one_line() -> None:
    text = " ".join(["كلمة", "word"] * 200)
    out = scalar(text)
    assert out == f'"{text}"' and yaml.safe_load(out) == text
