"""Generate a chapter's notebook from its text form: convert, execute cell by cell under the limits of
_config.yml, strip what changes on every run, write book/NAME.ipynb.

A failing cell is one line: the text form, the line of the cell, its number, its first line and the
exception's last line; so is a cell that runs longer than the time limit or prints more than the output
cap. Nothing is written when a cell fails: the committed notebook stays as it was.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path
from typing import Any

from .chapters import Limits, read_text_form
from .errors import BriefingError

_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


class CellFailure(BriefingError):
    """A cell that raised, ran too long or printed too much."""


def _show(text: str, limit: int = 70) -> str:
    """A line of code or an error for the terminal: controls shown as U+XXXX, cut to ``limit`` characters."""
    shown = _CONTROLS.sub(lambda m: f"U+{ord(m.group(0)):04X}", text.strip())
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def first_code_line(source: str) -> str:
    """The first line of a cell that is not blank."""
    return next((line for line in source.splitlines() if line.strip()), "")


def code_cell_lines(text: str) -> list[int]:
    """The 1-based line of each ```{code-cell} fence of a text form, in order."""
    return [n for n, line in enumerate(text.split("\n"), start=1) if re.match(r"^\s*(`{3,}|~{3,})\{code-cell\}", line)]


def output_size(cell: Any) -> int:
    """Bytes a cell's outputs take in the notebook file."""
    return len(json.dumps(cell.get("outputs", []), ensure_ascii=False).encode("utf-8"))


def execute(text_form: Path, book: Path, limits: Limits, rel: str | None = None) -> tuple[Any, list[float]]:
    """The executed notebook of ``text_form`` (run in ``book``) and each code cell's duration in seconds;
    a CellFailure naming the chapter and cell when a cell fails, times out or prints too much."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    rel = rel or text_form.name
    nb = read_text_form(text_form, rel)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.pop("jupytext", None)
    fences = code_cell_lines(text_form.read_text(encoding="utf-8"))
    code_index = {i: k for k, i in enumerate(n for n, c in enumerate(nb.cells) if c.cell_type == "code")}
    state: dict[str, Any] = {"index": None, "started": 0.0}
    durations: list[float] = []

    def where(index: int) -> str:
        k = code_index.get(index)
        line = fences[k] if k is not None and k < len(fences) else None
        return f"{rel}:{line}" if line else rel

    def label(index: int) -> str:
        return f"cell {index + 1} (`{_show(first_code_line(nb.cells[index].source), 60)}`)"

    def started(cell: Any, cell_index: int, **_: Any) -> None:
        state["index"], state["started"] = cell_index, time.perf_counter()

    def executed(cell: Any, cell_index: int, **_: Any) -> None:
        durations.append(time.perf_counter() - state["started"])
        size = output_size(cell)
        if size > limits.max_output_bytes:
            raise CellFailure(where(cell_index), f"{label(cell_index)} printed {size / 1e6:.1f} MB of output, more "
                              f"than the {limits.max_output_bytes / 1e6:g} MB limit per cell (execute.max_output_bytes "
                              "in _config.yml)", "print less (a summary, a figure), or raise the limit")

    client = NotebookClient(nb, timeout=limits.timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(book)}}, on_cell_start=started,
                            on_cell_executed=executed)
    try:
        client.execute(stderr=subprocess.DEVNULL)  # the kernel process's own chatter (cells' stderr is kept)
    except CellTimeoutError:
        index = state["index"] or 0
        raise CellFailure(where(index), f"{label(index)} ran longer than the {limits.timeout} s limit per cell "
                          "(execute.timeout in _config.yml)", "make the cell faster, or raise the limit") from None
    except CellExecutionError as exc:
        index = state["index"] or 0
        last = (exc.evalue or "").strip().splitlines()
        raise CellFailure(where(index), f"{label(index)} failed: {_show(exc.ename, 40)}"
                          + (f": {_show(last[-1], 300)}" if last else ""),
                          "fix the cell, or the data it reads") from None
    except DeadKernelError:
        index = state["index"] or 0
        raise CellFailure(where(index), f"{label(index)}: the kernel died (out of memory?)",
                          "make the cell lighter") from None
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.pop("id", None)
    nb.nbformat, nb.nbformat_minor = 4, 4
    return nb, durations


def generate(root: Path, name: str, limits: Limits) -> tuple[Path, list[float]]:
    """Execute book/_text/NAME.md and write book/NAME.ipynb (only if every cell ran); the target and the
    cells' durations."""
    import nbformat

    book = root / "book"
    text_form = book / "_text" / f"{name}.md"
    nb, durations = execute(text_form, book, limits, rel=f"book/_text/{name}.md")
    target = book / f"{name}.ipynb"
    tmp = target.with_name(f".{target.name}.tmp")
    nbformat.write(nb, tmp)
    tmp.replace(target)
    return target, durations
