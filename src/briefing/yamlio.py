"""Read YAML with line numbers, so errors can say where in the file they are."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .errors import DataError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def _walk(node: yaml.Node, prefix: tuple, lines: dict[tuple, int]) -> None:
    lines[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _walk(child, prefix + (i,), lines)
    elif isinstance(node, yaml.MappingNode):
        for key, child in node.value:
            lines[prefix + (key.value,)] = key.start_mark.line + 1
            _walk(child, prefix + (key.value,), lines)
            lines[prefix + (key.value,)] = key.start_mark.line + 1


def load_yaml(path: Path) -> Located:
    """Load a YAML file; a syntax error becomes a DataError naming the file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError(str(path), "file not found", "create it or run from the project root") from None
    except UnicodeDecodeError as exc:
        raise DataError(str(path), f"not UTF-8 ({exc.reason} at byte {exc.start})", "save it as UTF-8") from None
    try:
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise DataError(f"{path}:{line}", f"invalid YAML: {exc.problem or exc.context}",
                        "fix the syntax at that line") from None
    except yaml.YAMLError as exc:
        raise DataError(str(path), f"invalid YAML: {exc}", "fix the syntax") from None
    lines: dict[tuple, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return Located(path, data, lines)


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
