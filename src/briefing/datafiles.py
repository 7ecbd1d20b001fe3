"""Every field of every data file against the character and link policies (part of `briefing check`);
the chapters' text and the book's configuration against the character policy.

- Characters (``briefing.characters``): YAML files refuse them when loaded (``yamlio.load_yaml``);
  here every cell of every ``data/*.csv`` (header included, every column) is checked the same way.
- Links (``briefing.links``): a field named ``url``, ``href`` or ``link`` (or ending in ``_url``) must
  be a plain http(s) URL; every other text field may not hide a link to a script or a local file
  (``javascript:``, ``data:``, ``//host`` … however spelled).

Each problem names the file, line, entry or row and field, and shows characters as ``U+202E``.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .characters import UNSAFE_RE, explain, unsafe_characters
from .errors import BriefingError, DataError
from .links import hidden_links, may_hide_links, url_problem
from .yamlio import Located, comment, load_yaml

MAX_PER_FILE = 20
_LINK_FIX = ("the book links only https:// and http:// URLs, and only from a source's url field; write the "
             "text without it")


def is_url_field(name: str) -> bool:
    name = name.strip().lower()
    return name in ("url", "href", "link", "uri") or name.endswith(("_url", "_href", "_link"))


def link_problem(field: str, value: str) -> str | None:
    """What is wrong with ``value`` as the content of ``field`` (a URL field, or free text), or None."""
    if is_url_field(field):
        why = url_problem(value)
        return f"is not an allowed link: {why}" if why else None
    hidden = hidden_links(value)
    if hidden:
        return f"holds text a browser could follow as a link ({', '.join(hidden)}), outside http(s)"
    return None


def _rows(path: Path) -> Iterator[tuple[int, int, list[str], list[str]]]:
    """(line the row starts on, row number, columns, cells) of each row of a CSV file, the columns named from the
    header (``column N`` in the header itself and beyond it); nothing if it cannot be read (``tables.read_rows``
    and `briefing check` report that with its line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    line = 1
    try:
        for number, row in enumerate(reader):
            if number == 0:
                header = row
            named = header if number else []
            columns = [named[n] if n < len(named) else f"column {n + 1}" for n in range(len(row))]
            yield line, number, columns, row
            line = reader.line_num + 1
    except csv.Error:
        return


def csv_problems(path: Path, rel: str) -> list[DataError]:
    """Refused characters and disallowed links in every cell of one CSV file. A row's cells are searched together
    first (joined by newlines, which neither policy refuses): a row with no refused character, or nothing that
    could start a link, skips that cell-by-cell test, URL columns excepted."""
    found: list[DataError] = []
    strip_fix = ("delete it in an editor that shows invisible characters, or run `briefing strip-controls "
                 f"{rel}` and replace the file with {Path(rel).name}.clean")
    for line, number, columns, row in _rows(path):
        joined = "\n".join(row)
        refused = UNSAFE_RE.search(joined) is not None
        links = number > 0 and may_hide_links(joined)
        for column, cell in zip(columns, row):
            what = explain(cell) if refused else None
            fix = strip_fix
            if not what and number:
                if is_url_field(column) or (links and may_hide_links(cell)):
                    what = link_problem(column, cell)
                    fix = _LINK_FIX
            if what:
                place = "the header" if number == 0 else f"row {number}, column '{comment(column[:60])}'"
                found.append(DataError(f"{rel}:{line}", f"{place}: {what}", fix))
                if len(found) >= MAX_PER_FILE:
                    found.append(DataError(rel, f"more problems not listed (the first {MAX_PER_FILE} are shown)",
                                           "fix these and run `briefing check` again"))
                    return found
    return found


def _strings(value: Any, keys: tuple = ()) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield keys, value
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, keys + (i,))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, keys + (key,))


def yaml_link_problems(located: Located) -> list[DataError]:
    """Disallowed links in the string fields of a loaded YAML file."""
    found: list[DataError] = []
    for keys, value in _strings(located.data):
        field = str(keys[-1]) if keys and not isinstance(keys[-1], int) else ""
        what = link_problem(field, value)
        if what:
            name = ".".join(str(k) for k in keys[1:] if not isinstance(k, int)) or field or "value"
            entry = f"entry {keys[0] + 1}, " if keys and isinstance(keys[0], int) else ""
            found.append(DataError(located.where(*keys), f"{entry}field {comment(name)} {what}", _LINK_FIX))
            if len(found) >= MAX_PER_FILE:
                break
    return found


PROJECT_FOLDERS = ("data", "data/sources", "data/schema", "book", "book/sources", "book/_text", "_build")
#: the trees the build and the commands read, walked to any depth (a link two folders down is followed as surely as one
#: at the top: book/extra/page.md -> a host file was published as a chapter)
READ_TREES = ("data", "book")
_SKIPPED = frozenset({"_build", ".ipynb_checkpoints", "__pycache__", ".jupyter_cache"})


def _link_problem(rel: str, is_dir: bool) -> DataError:
    if is_dir:
        return DataError(rel, "is a symbolic link; the project reads and writes only its own folders",
                         f"replace it by a real folder (or remove it: rm {rel})")
    return DataError(rel, "is a symbolic link; the project reads and writes only its own files",
                     f"replace it by the file itself: cp --remove-destination \"$(readlink -f {rel})\" {rel}")


def symlinks(root: Path) -> Iterator[tuple[str, bool]]:
    """(path relative to ``root``, points to a folder) of every symbolic link among the project folders and
    anywhere below data/ and book/ (links are reported, never followed)."""
    seen: set[str] = set()
    for rel in PROJECT_FOLDERS:
        if (root / rel).is_symlink():
            seen.add(rel)
            yield rel, (root / rel).is_dir()
    for top in READ_TREES:
        if top in seen or not (root / top).is_dir():
            continue
        for folder, dirs, files in os.walk(root / top):  # followlinks=False: a linked folder is listed, not entered
            dirs[:] = sorted(d for d in dirs if d not in _SKIPPED)
            for name in [*dirs, *sorted(files)]:
                path = Path(folder) / name
                rel = path.relative_to(root).as_posix()
                if rel not in seen and path.is_symlink():
                    seen.add(rel)
                    yield rel, path.is_dir()


def symlink_problems(root: Path) -> Iterator[DataError]:
    """A project folder, or a file or folder anywhere below data/ or book/, that is a symbolic link: the project
    reads and writes only its own files, so a clone's link to /etc or to another checkout is refused, not
    followed."""
    for rel, is_dir in symlinks(root):
        yield _link_problem(rel, is_dir)


def text_file_problems(root: Path) -> Iterator[DataError]:
    """Refused characters typed into the chapters' text forms, the pages and the book's configuration: the
    rendered book would show them as [U+202E], but a reviewer reading the source or its diff would not."""
    book = root / "book"
    paths = [*sorted(book.rglob("*.md")), root / "_toc.yml", root / "_config.yml"] if book.is_dir() else []
    for path in paths:
        if "_build" in path.parts or ".ipynb_checkpoints" in path.parts or not path.is_file() or path.is_symlink():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported by the check that reads it
        found = unsafe_characters(text, limit=1)
        if found:
            index = found[0][0]
            line = text.count("\n", 0, index) + 1
            column = index - (text.rfind("\n", 0, index) + 1) + 1
            rel = path.relative_to(root).as_posix()
            yield DataError(f"{rel}:{line}:{column}", explain(text[index:]) or "",
                            f"delete it in an editor that shows invisible characters, or run `briefing strip-controls "
                            f"{rel}` and replace the file with {path.name}.clean")


def data_file_problems(root: Path) -> list[BriefingError]:
    """Every problem of every data file under the character and link policies.

    A YAML file that cannot be loaded is reported by the command that loads it (sources.yaml and
    evidence.yaml by `briefing check` itself); the others are loaded here, so a refused character in
    any of them is reported too."""
    problems: list[BriefingError] = [*symlink_problems(root), *text_file_problems(root)]
    data = root / "data"
    for path in sorted(data.glob("*.y*ml")):
        try:
            located = load_yaml(path)
        except BriefingError as exc:
            if path.name not in ("sources.yaml", "evidence.yaml"):
                problems.append(exc)
            continue
        problems += yaml_link_problems(located)
    for path in sorted(data.glob("*.csv")):
        problems += csv_problems(path, f"data/{path.name}")
    return problems
