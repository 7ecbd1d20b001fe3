"""Turn the authors' text notebooks (book/_text/*.md, jupytext MyST) into the committed .ipynb files.

    python scripts/notebooks.py [NAME ...]

For each notebook: the text form is converted to book/NAME.ipynb, executed in book/ with the
project's kernel, and stripped of what changes on every run (execution timestamps in cell
metadata), so that the committed outputs are exactly what `pytest --nbval` reproduces.
The .md file is what authors edit; the .ipynb is generated and never edited by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

BOOK = Path(__file__).resolve().parents[1] / "book"


def build(md: Path) -> Path:
    nb = jupytext.read(md)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata.pop("jupytext", None)
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(BOOK)}}).execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.pop("id", None)
    nb.nbformat, nb.nbformat_minor = 4, 4
    target = BOOK / f"{md.stem}.ipynb"
    nbformat.write(nb, target)
    return target


def main(names: list[str]) -> int:
    sources = sorted((BOOK / "_text").glob("*.md"))
    if names:
        sources = [s for s in sources if s.stem in names]
        missing = set(names) - {s.stem for s in sources}
        if missing:
            print(f"error: no book/_text/{sorted(missing)[0]}.md", file=sys.stderr)
            return 2
    for md in sources:
        print(f"executing {md.relative_to(BOOK.parent)} -> {build(md).relative_to(BOOK.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
