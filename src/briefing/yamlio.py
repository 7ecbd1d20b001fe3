"""Read YAML with line numbers, so errors can say where in the file they are; write YAML scalars safely.

Data files are read with limits: at most MAX_BYTES, nesting at most MAX_DEPTH deep, no aliases
(``*name``, which can expand exponentially), and no key twice in one mapping (else the last value
would silently win). Text written into YAML goes through ``scalar`` (PyYAML's double-quoted emitter,
which escapes every line break and non-printable character) or ``comment`` (safe characters only).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

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
    return out


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


def load_yaml(path: Path) -> Located:
    """Load a YAML file; a syntax error becomes a DataError naming the file and line."""
    text = read_text_capped(path, MAX_BYTES)
    try:
        _prescan(path, text)
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
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
                not_regular: str = "put the file itself here") -> bytes:
    """At most ``limit`` + 1 bytes of the regular file ``path`` (more than ``limit``: the caller says so).

    A folder, FIFO, device or socket is refused before anything is read (a FIFO would block, a device
    never end); every failure is a one-line ``error``, with ``missing`` or ``not_regular`` as the fix.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)  # a FIFO must not block the open
    except FileNotFoundError:
        raise error(str(path), "file not found", missing) from None
    except OSError as exc:
        raise error(str(path), f"cannot be read: {exc.strerror}", "check the file's permissions") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket")
        raise error(str(path), f"is {kind}, not a regular file", not_regular)
    with os.fdopen(fd, "rb") as fh:
        return fh.read(limit + 1)


def read_text_capped(path: Path, limit: int) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes, or a one-line DataError."""
    data = read_capped(path, limit)
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
