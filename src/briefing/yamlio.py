"""Read YAML with line numbers, so errors can say where in the file they are; write YAML scalars safely.

Data files are read with limits: at most MAX_BYTES, nesting at most MAX_DEPTH deep, no aliases
(``*name``, which can expand exponentially), no key twice in one mapping (else the last value
would silently win), and no character that ``briefing.characters`` refuses (controls, bidi and other
invisible characters), whether typed raw or written as an escape (``"\u202e"``): the error names the
file, line, entry and field and shows the character as ``U+202E``. Text written into YAML goes through
``scalar`` (PyYAML's double-quoted emitter, which escapes every line break and non-printable
character; invisible characters are escaped too) or ``comment`` (safe characters only).
"""

from __future__ import annotations

import errno
import os
import re
import stat
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .characters import UNSAFE_RE, explain, unsafe_characters
from .errors import BriefingError, DataError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 10_000_000  # the registry of a large book is well under 1 MB
MAX_DEPTH = 50  # the project's files nest 4 deep


def scalar(text: str) -> str:
    """``text`` as a one-line YAML double-quoted scalar that loads back exactly (PyYAML escapes it)."""
    out = yaml.dump(text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=2**31,
                    explicit_end=False)
    out = out.removesuffix("\n")
    assert "\n" not in out  # the emitter escapes every break; a literal newline would be a bug
    # the emitter writes bidi and other invisible characters raw (YAML counts them printable): escape them,
    # so the file never reorders or hides anything for a reader of the file or of its diff
    return UNSAFE_RE.sub(_yaml_escape, out)


def _yaml_escape(m: re.Match) -> str:
    n = ord(m.group())
    return f"\\u{n:04x}" if n <= 0xFFFF else f"\\U{n:08x}"


def comment(text: str) -> str:
    """``text`` made safe for a YAML comment: line breaks and non-printable characters become ⟨U+XXXX⟩."""
    return "".join(ch if ch.isprintable() else f"⟨U+{ord(ch):04X}⟩" for ch in text)


class Located:
    """The loaded data of a YAML file plus the line of every node, addressed by path."""

    def __init__(self, path: Path, data: Any, lines: dict[tuple, int]) -> None:
        self.path, self.data, self._lines = path, data, lines

    def line(self, *keys: Any) -> int:
        """1-based line of the node at ``keys`` (or of its nearest ancestor)."""
        keys = tuple(keys)
        while keys and keys not in self._lines:
            keys = keys[:-1]
        return self._lines.get(keys, 1)

    def where(self, *keys: Any) -> str:
        return f"{self.path}:{self.line(*keys)}"


def _walk(path: Path, node: yaml.Node, prefix: tuple, lines: dict[tuple, int]) -> None:
    lines[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _walk(path, child, prefix + (i,), lines)
    elif isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key, child in node.value:
            line = key.start_mark.line + 1
            if key.value in seen:
                raise DataError(f"{path}:{line}", f"key '{key.value}' appears twice in one entry "
                                f"(first at line {seen[key.value]})", "keep one of them")
            seen[key.value] = line
            lines[prefix + (key.value,)] = line
            _walk(path, child, prefix + (key.value,), lines)
            lines[prefix + (key.value,)] = line


def _prescan(path: Path, text: str) -> None:
    """Refuse aliases and deep nesting before anything is built from the events (cheap, iterative)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise DataError(f"{path}:{event.start_mark.line + 1}", f"alias '*{event.anchor}' (data files may not "
                            "use YAML aliases)", "write the value out in full")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise DataError(f"{path}:{event.start_mark.line + 1}", f"nested more than {MAX_DEPTH} levels deep",
                                "data files are flat lists of entries; check the brackets")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _raw_unsafe(text: str) -> list[tuple[int, str]]:
    """Refused characters typed raw into the file (a CR that ends a line before LF is a line end)."""
    return [(i, ch) for i, ch in unsafe_characters(text, limit=10_000)
            if not (ch == "\r" and text[i + 1:i + 2] == "\n")]


def _field_name(keys: tuple, data: Any) -> str:
    """'entry 3 (id 'erem-2025-09'), field title.en' for the node at ``keys``."""
    if not keys:
        return "the document"
    if isinstance(keys[0], int):
        entry = f"entry {keys[0] + 1}"
        try:
            ident = data[keys[0]].get("id")
            if isinstance(ident, str) and not unsafe_characters(ident):
                entry += f" (id '{comment(ident[:80])}')"
        except (AttributeError, IndexError, KeyError, TypeError):
            pass
        rest = keys[1:]
    else:
        entry, rest = "", keys
    field = ".".join(comment(str(k)[:60]) for k in rest)
    return f"{entry}, field {field}" if entry and field else entry or f"field {field}"


def _scalars(node: yaml.Node, prefix: tuple = ()):  # noqa: ANN202 — yields (keys, node, is_key)
    """Every scalar under ``node``, keys included, in the order they appear in the file."""
    stack: list[tuple[yaml.Node, tuple, bool]] = [(node, prefix, False)]
    while stack:
        current, keys, is_key = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            yield keys, current, is_key
        elif isinstance(current, yaml.SequenceNode):  # pushed last first, so the first is popped first
            stack.extend((child, keys + (i,), False) for i, child in reversed(list(enumerate(current.value))))
        elif isinstance(current, yaml.MappingNode):
            for key, child in reversed(current.value):
                stack.append((child, keys + (key.value,), False))
                if isinstance(key, yaml.ScalarNode):
                    stack.append((key, keys + (key.value,), True))


_ESCAPE = re.compile(r"\\[0abtvfreNLPxuU]")  # the YAML escapes that can stand for a refused character


def _refuse_unsafe(path: Path, text: str, node: yaml.Node | None, data: Any, raw: list[tuple[int, str]]) -> None:
    """Raise a DataError naming file, line, entry and field of the first refused character, raw or escaped."""
    found: list[tuple[int, str, str]] = []  # (line, column, description)
    if not raw and not _ESCAPE.search(text):
        return
    scalars = list(_scalars(node)) if node is not None else []
    for index, _ in raw[:1]:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
        owner = next((f"{'the key of ' if is_key else ''}{_field_name(keys, data)}" for keys, n, is_key in scalars
                      if n.start_mark.index <= index < n.end_mark.index), "a comment or the layout")
        count = f" ({len(raw)}{'+' if len(raw) >= 10_000 else ''} such characters in the file)" if len(raw) > 1 else ""
        found.append((line, column, f"{owner}: {explain(text[index:index + 1])}{count}".replace(
            "at character 1 ", f"at column {column} ")))
    if not found:  # only a double-quoted scalar's escape ("\u202e", "\e", "\L" …) can make one
        for keys, n, is_key in scalars:
            if n.style != '"':
                continue
            what = explain(n.value)
            if what:
                owner = f"{'the key of ' if is_key else ''}{_field_name(keys, data)}"
                found.append((n.start_mark.line + 1, n.start_mark.column + 1,
                              f"{owner}: {what} (written as an escape)"))
                break
    if found:
        line, column, what = found[0]
        fix = ("delete that escape from the value" if not raw else
               f"delete it in an editor that shows invisible characters, or run `briefing strip-controls {path}` and "
               f"replace the file with {path.name}.clean")
        raise DataError(f"{path}:{line}:{column}", what, fix)


def _compose(text: str) -> tuple[yaml.Node | None, Any]:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return node, (loader.construct_document(node) if node is not None else None)
    finally:
        loader.dispose()


def load_yaml(path: Path) -> Located:
    """Load a YAML file; a syntax error or a refused character becomes a DataError naming the file and line.

    The result is cached on the file's path and exact text (`briefing check` reads sources.yaml and
    evidence.yaml for the corpus and again for the field checks); callers must not change ``data``."""
    return _load_text(path, read_text_capped(path, MAX_BYTES))


@lru_cache(maxsize=4)
def _load_text(path: Path, text: str) -> Located:
    raw = _raw_unsafe(text)
    if raw:  # parse a copy with the characters blanked, to name the entry and field that hold them
        blanked = list(text)
        for i, _ in raw:
            blanked[i] = "?"
        try:
            _prescan(path, "".join(blanked))
            node, data = _compose("".join(blanked))
        except (yaml.YAMLError, DataError):
            node, data = None, None
        _refuse_unsafe(path, text, node, data, raw)
    try:
        _prescan(path, text)
        node, data = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        column = f":{mark.column + 1}" if mark else ""
        raise DataError(f"{path}:{line}{column}", f"invalid YAML: {exc.problem or exc.context}",
                        _syntax_hint(exc)) from None
    except yaml.YAMLError as exc:
        raise DataError(str(path), f"invalid YAML: {exc}", "fix the syntax") from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(path, node, (), lines)
        _refuse_unsafe(path, text, node, data, [])
    return Located(path, data, lines)


def _syntax_hint(exc: yaml.MarkedYAMLError) -> str:
    problem = f"{exc.problem or ''} {exc.context or ''}"
    if "flow" in problem or "','" in problem or "']'" in problem or "'}'" in problem:
        return "fix the syntax at that line: a value with a comma, colon or bracket must be in double quotes"
    if "mapping values" in problem:
        return "fix the syntax at that line: a value containing ': ' must be in double quotes"
    if "indent" in problem or "block" in problem:
        return "fix the syntax at that line: check its indentation against the entry above"
    return "fix the syntax at that line (put text values in double quotes)"


def read_capped(path: Path, limit: int, error: type[BriefingError] = DataError,
                missing: str = "create it or run from the project root",
                not_regular: str = "put the file itself here", follow_symlinks: bool = True) -> bytes:
    """At most ``limit`` + 1 bytes of the regular file ``path`` (more than ``limit``: the caller says so).

    A folder, FIFO, device or socket is refused before anything is read (a FIFO would block, a device
    never end); so is a symlink unless ``follow_symlinks`` (the project's own files are never links);
    every failure is a one-line ``error``, with ``missing`` or ``not_regular`` as the fix.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | (0 if follow_symlinks else os.O_NOFOLLOW)
    try:
        fd = os.open(path, flags)  # a FIFO must not block the open
    except FileNotFoundError:
        raise error(str(path), "file not found", missing) from None
    except OSError as exc:
        if exc.errno == errno.ELOOP and not follow_symlinks:
            raise error(str(path), "is a symbolic link; the project reads only its own files",
                        "replace the link by the file itself") from None
        raise error(str(path), f"cannot be read: {exc.strerror}", "check the file's permissions") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket")
        raise error(str(path), f"is {kind}, not a regular file", not_regular)
    with os.fdopen(fd, "rb") as fh:
        return fh.read(limit + 1)


def read_text_capped(path: Path, limit: int, follow_symlinks: bool = False) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes, or a one-line DataError."""
    data = read_capped(path, limit, follow_symlinks=follow_symlinks)
    if len(data) > limit:
        raise DataError(str(path), f"is larger than {limit:,} bytes", "this is not a file the project writes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise DataError(f"{path}:{line}", f"not UTF-8 (invalid byte 0x{data[exc.start]:02x})",
                        "save it as UTF-8") from None


def unique_entries(located: Located, what: str) -> tuple[list[tuple[int, dict, str]], list[DataError]]:
    """The entries of a YAML list as (index, entry, "file:line"), and an error for each repeated id."""
    entries, problems = [], []
    first_line: dict[str, int] = {}
    for i, entry in enumerate(located.data):
        where = located.where(i)
        key = entry["id"]
        if key in first_line:
            problems.append(DataError(where, f"duplicate {what} id '{key}' (first at line {first_line[key]})",
                                      f"give each {what} its own id"))
            continue
        first_line[key] = located.line(i)
        entries.append((i, entry, where))
    return entries, problems
