"""The chapters' two forms: the text form authors edit (book/_text/NAME.md, jupytext MyST) and the notebook
the build reads (book/NAME.ipynb, generated and committed with its outputs).

- ``fence_problems``: a code-cell fence or a directive (``:::``) opened and never closed, or front matter
  that never ends, with the line where it opens (jupytext would otherwise swallow the rest of the chapter
  into one cell without a word).
- ``read_text_form``: the text form as a notebook, or one DataError naming the file and line (bad YAML
  in the front matter or in a cell's options, a notebook that does not validate).
- ``stale_notebooks``: chapters whose notebook's cells (type, source, metadata) differ from their text
  form's — compared by content, never by modification time — each with the command that regenerates it.
- ``output_problems``: a committed notebook with a cell output larger than the limit.
- ``limits``: the per-cell time limit and output cap, from ``execute:`` in _config.yml.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import jsonio
from .errors import BriefingError, DataError

TEXT_DIR = "book/_text"
DEFAULT_TIMEOUT = 60  # seconds per cell; the slowest cell of the book takes about 5 s on a busy machine
DEFAULT_MAX_OUTPUT = 2_000_000  # bytes per cell (as stored in the notebook); the largest today is about 0.5 MB
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})(.*)$")
_DIRECTIVE = re.compile(r"^\s*(:{3,})\{([\w-]+)\}")
_CLOSE = re.compile(r"^\s*(:{3,})\s*$")


class StaleNotebook(BriefingError):
    """A notebook whose text form changed since it was generated (``briefing build`` regenerates it)."""


@dataclass(frozen=True)
class Limits:
    """The per-cell time limit (seconds) and output cap (bytes) for executing a chapter."""

    timeout: int = DEFAULT_TIMEOUT
    max_output_bytes: int = DEFAULT_MAX_OUTPUT


def command(name: str) -> str:
    """The one command that regenerates a chapter's notebook."""
    return f".venv/bin/python scripts/notebooks.py {name}"


def limits(root: Path) -> Limits:
    """``execute.timeout`` and ``execute.max_output_bytes`` from _config.yml (defaults when absent); a value
    that is not a positive whole number is a DataError naming the key."""
    from .yamlio import load_yaml

    path = root / "_config.yml"
    if not path.exists():
        return Limits()
    execute = (load_yaml(path).data or {}).get("execute") or {}
    values = {}
    for key, default in (("timeout", DEFAULT_TIMEOUT), ("max_output_bytes", DEFAULT_MAX_OUTPUT)):
        value = execute.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise DataError(f"_config.yml (execute.{key})", f"{str(value)[:30]!r} is not a positive whole number",
                            f"write a number, e.g. {default}")
        values[key] = value
    return Limits(values["timeout"], values["max_output_bytes"])


def fence_problems(path: Path, rel: str) -> list[DataError]:
    """Front matter, code fences and directives opened and never closed, each at the line that opens it."""
    lines = path.read_text(encoding="utf-8").split("\n")
    problems: list[DataError] = []
    start = 0
    if lines and lines[0].strip() == "---":
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            return [DataError(f"{rel}:1", "the front matter opened here (---) is never closed",
                              "end it with a line holding only ---")]
        start = end + 1
    fence: tuple[str, int, str] | None = None  # (fence characters, line, what)
    directives: list[tuple[int, int, str]] = []  # (colons, line, name)
    for n in range(start, len(lines)):
        line, lineno = lines[n], n + 1
        if fence:
            m = _FENCE.match(line)
            if m and m.group(2)[0] == fence[0][0] and len(m.group(2)) >= len(fence[0]) and not m.group(3).strip():
                fence = None
            continue
        m = _FENCE.match(line)
        if m:
            what = "code-cell fence" if "{code-cell}" in m.group(3) else "code fence"
            fence = (m.group(2), lineno, what)
            continue
        d = _DIRECTIVE.match(line)
        if d:
            directives.append((len(d.group(1)), lineno, d.group(2)))
            continue
        c = _CLOSE.match(line)
        if c and directives:
            while directives and directives[-1][0] > len(c.group(1)):
                colons, at, name = directives.pop()
                problems.append(DataError(f"{rel}:{at}", f"the {name} directive opened here ({':' * colons}) is "
                                          f"closed only by a shorter fence at line {lineno}",
                                          f"close it with a line of {':' * colons}"))
            if directives:
                directives.pop()
    if fence:
        chars, at, what = fence
        problems.append(DataError(f"{rel}:{at}", f"the {what} opened here ({chars}) is never closed: the rest of the "
                                  "chapter would become code", f"close it with {chars} on a line of its own"))
    for colons, at, name in directives:
        problems.append(DataError(f"{rel}:{at}", f"the {name} directive opened here ({':' * colons}) is never closed",
                                  f"close it with a line of {':' * colons}"))
    return problems


def _first_line(text: str) -> str:
    return next((line for line in text.splitlines() if line.strip()), "")


def read_text_form(path: Path, rel: str) -> Any:
    """The text form as a notebook (nbformat), or a one-line DataError naming the file and line."""
    import jupytext
    import yaml

    try:
        return jupytext.read(path)
    except yaml.MarkedYAMLError as exc:  # the front matter (jupytext parses it from its opening --- line)
        mark = exc.context_mark or exc.problem_mark  # where the broken construct opens, when YAML knows it
        line = (mark.line + 1) if mark else 1
        raise DataError(f"{rel}:{line}", f"the front matter is not valid YAML ({exc.problem or exc.context})",
                        "fix the YAML between the --- lines") from None
    except Exception as exc:  # jupytext and nbformat raise many kinds; each becomes one line with its place
        message = _first_line(str(exc)) or type(exc).__name__
        m = re.search(r"at line (\d+)", message)
        where = f"{rel}:{m.group(1)}" if m else rel
        raise DataError(where, f"cannot be read as a notebook ({type(exc).__name__}: {message[:200]})",
                        "fix the cell or the front matter named here (a cell's options are YAML)") from None


def cell_signature(cell: Any) -> tuple[str, str, str]:
    """What a notebook cell is made of, as the text form defines it: type, source, metadata (no outputs,
    no execution records, no ids)."""
    meta = {k: v for k, v in dict(cell.get("metadata", {})).items() if k != "execution"}
    source = cell.get("source", "")
    source = "".join(source) if isinstance(source, list) else source
    return cell.get("cell_type", ""), source.strip(), json.dumps(meta, sort_keys=True, default=str)


#: notebook-level metadata that generating or executing a notebook adds: everything else (``mystnb``'s execution
#: mode, a kernel) must be what the text form says, or a committed notebook could switch execution off and have
#: the build show outputs no code made (a script in a text/html output)
GENERATED_METADATA = ("jupytext", "language_info")


def metadata_signature(metadata: Any) -> dict:
    """A notebook's own metadata, as its text form defines it (``GENERATED_METADATA`` left out)."""
    return {k: v for k, v in dict(metadata or {}).items() if k not in GENERATED_METADATA}


def metadata_problems(root: Path) -> list[StaleNotebook]:
    """Committed notebooks whose own metadata their text form does not give (the build refuses them: a bare
    ``jupyter-book build`` runs no check). A text form or notebook that cannot be read is left to the check."""
    problems: list[StaleNotebook] = []
    for path in text_forms(root):
        notebook = root / "book" / f"{path.stem}.ipynb"
        try:
            authored = metadata_signature(read_text_form(path, str(path.relative_to(root))).metadata)
            committed = metadata_signature(jsonio.loads(notebook.read_text(encoding="utf-8")).get("metadata"))
        except (BriefingError, OSError, ValueError, AttributeError):
            continue
        if authored != committed:
            keys = sorted(k for k in {*authored, *committed} if authored.get(k) != committed.get(k))
            problems.append(StaleNotebook(f"book/{notebook.name}", f"has notebook metadata its text form "
                                          f"{TEXT_DIR}/{path.name} does not give ({', '.join(map(repr, keys))[:200]})",
                                          f"regenerate it from the text form: {command(path.stem)}"))
    return problems


def text_forms(root: Path) -> list[Path]:
    return sorted((root / TEXT_DIR).glob("*.md"))


def chapter_problems(root: Path) -> list[BriefingError]:
    """Unclosed fences, unreadable text forms, notebooks out of date with their text form, and notebooks
    without one. A chapter whose text form is broken is not compared with its notebook."""
    problems: list[BriefingError] = []
    for path in text_forms(root):
        rel = str(path.relative_to(root))
        name = path.stem
        fences = fence_problems(path, rel)
        if fences:
            problems += fences
            continue
        try:
            authored = read_text_form(path, rel)
        except DataError as exc:
            problems.append(exc)
            continue
        notebook = root / "book" / f"{name}.ipynb"
        if not notebook.exists():
            problems.append(StaleNotebook(f"book/{name}.ipynb", f"missing: {rel} has no notebook yet",
                                          f"run {command(name)}"))
            continue
        try:
            stored = jsonio.loads(notebook.read_text(encoding="utf-8"))
            committed, committed_meta = stored["cells"], metadata_signature(stored.get("metadata"))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            problems.append(StaleNotebook(f"book/{name}.ipynb", "cannot be read as a notebook",
                                          f"regenerate it: {command(name)}"))
            continue
        mine = [cell_signature(c) for c in authored.cells]
        theirs = [cell_signature(c) for c in committed]
        if mine != theirs:
            at = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), min(len(mine), len(theirs)))
            problems.append(StaleNotebook(f"book/{name}.ipynb", f"is out of date with {rel} (cell {at + 1} "
                                          "differs)", f"run {command(name)} (`briefing build` does it for you)"))
            continue
        authored_meta = metadata_signature(authored.metadata)
        if committed_meta != authored_meta:
            keys = sorted(k for k in {*committed_meta, *authored_meta} if committed_meta.get(k) != authored_meta.get(k))
            problems.append(StaleNotebook(f"book/{name}.ipynb", f"has notebook metadata its text form {rel} does not "
                                          f"give ({', '.join(repr(k) for k in keys)[:200]})",
                                          f"regenerate it from the text form: {command(name)}"))
    texts = {p.stem for p in text_forms(root)}
    for notebook in sorted((root / "book").glob("*.ipynb")):
        if notebook.stem not in texts:
            problems.append(DataError(f"book/{notebook.name}", f"has no text form {TEXT_DIR}/{notebook.stem}.md",
                                      "authors edit the text form: restore it from git, or delete the notebook"))
    return problems


def output_problems(root: Path, cap: int) -> list[BriefingError]:
    """Committed notebooks with a cell whose outputs exceed ``cap`` bytes."""
    problems: list[BriefingError] = []
    for notebook in sorted((root / "book").glob("*.ipynb")):
        try:
            cells = jsonio.loads(notebook.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError, TypeError):
            continue  # reported by chapter_problems
        for n, cell in enumerate(cells, start=1):
            size = len(json.dumps(cell.get("outputs", []), ensure_ascii=False).encode("utf-8"))
            if size > cap:
                problems.append(DataError(f"book/{notebook.name}: cell {n}", f"stores {size / 1e6:.1f} MB of output, "
                                          f"more than the {cap / 1e6:g} MB limit per cell (execute.max_output_bytes "
                                          "in _config.yml)", "print less (a summary, a figure), then regenerate it"))
    return problems
