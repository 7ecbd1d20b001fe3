"""A failed chapter execution in a Jupyter Book log, as one line per failure.

When the build executes a notebook and a cell fails or times out, myst-nb logs three tracebacks (about
150 lines). ``execution_failures`` finds, for each failed notebook, the cell (its source, as nbclient
previews it) and the exception's last line, and names the chapter's text form, the cell's line there
and its number, like ``scripts/notebooks.py`` does.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import jsonio

ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
_FAILED = re.compile(r"^(\S+\.ipynb): WARNING: Executing notebook failed", re.MULTILINE)
_CELL = re.compile(r"(An error occurred while executing the following cell:|A cell timed out while it was being "
                   r"executed, after (\d+) seconds\.)(.*?)\n-{17,}\n(.*?)\n-{17,}\n", re.DOTALL)
_EXCEPTION = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning)): (.*)$", re.MULTILINE)


def _locate(root: Path, notebook: Path, source: str) -> tuple[str, int | None]:
    """(where, cell number) of the notebook cell whose source is ``source``: the text form and the cell's line
    there when the chapter has one, else the notebook."""
    from .execute import code_cell_lines

    name = notebook.stem
    try:
        cells = jsonio.loads(notebook.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return str(notebook), None
    wanted = source.strip()
    code = [i for i, c in enumerate(cells) if c.get("cell_type") == "code"]
    index = next((i for i in code if "".join(c for c in cells[i].get("source", "")).strip() == wanted), None)
    text_form = root / "book" / "_text" / f"{name}.md"
    if index is None or not text_form.exists():
        return (f"book/{notebook.name}", index + 1 if index is not None else None)
    fences = code_cell_lines(text_form.read_text(encoding="utf-8"))
    k = code.index(index)
    line = f":{fences[k]}" if k < len(fences) else ""
    return f"book/_text/{name}.md{line}", index + 1


def execution_failures(log: str, root: Path) -> list[str]:
    """One line per notebook whose execution failed in the build ``log``: where, cell, first line, error."""
    from .execute import _show, first_code_line

    text = ANSI.sub("", log)
    out = []
    for failed in dict.fromkeys(_FAILED.findall(text)):
        notebook = Path(failed)
        start = text.find(failed + ": WARNING: Executing notebook failed")
        m = _CELL.search(text, start)
        if not m:
            out.append(f"book/{notebook.name}: executing the notebook failed (see the log)")
            continue
        where, number = _locate(root, notebook, m.group(4))
        cell = f"cell {number} (`{_show(first_code_line(m.group(4)), 60)}`)" if number else "a cell"
        if m.group(2):
            out.append(f"{where}: {cell} ran longer than the {m.group(2)} s limit per cell (execute.timeout in "
                       "_config.yml) — make the cell faster, or raise the limit")
            continue
        errors = [e for e in _EXCEPTION.finditer(text, m.end()) if not e.group(1).startswith(("nbclient.", "myst_nb."))]
        last = f"{errors[0].group(1)}: {_show(errors[0].group(2), 300)}" if errors else "an exception (see the log)"
        out.append(f"{where}: {cell} failed: {last} — fix the cell, or the data it reads")
    return out
