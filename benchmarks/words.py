"""Words a reader reads in each decision chapter, counted from the executed notebooks.

    python benchmarks/words.py [--json] [NOTEBOOK.ipynb ...]

Counts, per notebook (default: the five decision chapters in book/), the words of its Markdown cells
plus the Markdown its code cells print (``text/markdown`` outputs: tables, figure captions and
descriptions, generated paragraphs), the way issue 18 measures the book's length:

- citation roles (``{ev}`id,id```) are dropped: they render as markers, not words;
- directive fences and option lines (``:::{container} bf-analysis``, ``:widths: auto``), table rule
  lines (``| --- |``), HTML comments and MyST's backslash escapes are not words either;
- Arabic shown inline (``{ar}`…```) counts, as it is read;
- what only the print edition shows (an ``{only} latex`` block that repeats a web table without its
  citation column) is skipped, so the web edition is counted once;
- a word is a run of letters or digits (with inner apostrophes, hyphens, commas or points, so
  "al-Sudani", "2,500" and "don't" are one word each).

Only the notebooks are read (never the data files or the code), so a figure counts only through the
Markdown it prints.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ["overview", "background", "timeline", "positions", "risks"]

_EV_ROLE = re.compile(r"\{ev\}`[^`]*`")
_ROLE_NAME = re.compile(r"\{[a-z-]+\}(?=`)")  # "{ar}`" -> "`": keep the role's text, drop its name
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PRINT_ONLY = re.compile(r"^(:{3,})\{only\} latex\n.*?^\1[ \t]*$", re.DOTALL | re.MULTILINE)
_FENCE = re.compile(r"^\s*(?:`{3,}|:{3,}).*$")
_OPTION = re.compile(r"^\s*:[a-z-]+:.*$")
_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$")
_ESCAPE = re.compile(r"\\(?=[!-/:-@\[-`{-~])")
_WORD = re.compile(r"[^\W_](?:[\w'’.,-]*[^\W_])?")


def readable(markdown: str) -> str:
    """The text of a Markdown chunk as a reader sees it (see the module docstring)."""
    text = _COMMENT.sub(" ", _EV_ROLE.sub(" ", _PRINT_ONLY.sub(" ", markdown)))
    lines = [line for line in text.split("\n")
             if not (_FENCE.match(line) or _OPTION.match(line) or _RULE.match(line))]
    return _ROLE_NAME.sub("", _ESCAPE.sub("", "\n".join(lines)))


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def notebook_markdown(path: Path) -> list[str]:
    """The Markdown cells of an executed notebook and the Markdown its code cells print, in order."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    chunks = []
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            chunks.append("".join(cell.get("source", "")))
        elif cell.get("cell_type") == "code":
            for out in cell.get("outputs", []):
                md = out.get("data", {}).get("text/markdown")
                if md is not None:
                    chunks.append("".join(md) if isinstance(md, list) else md)
    return chunks


def words(path: Path) -> int:
    return sum(count_words(readable(chunk)) for chunk in notebook_markdown(path))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    paths = args.notebooks or [ROOT / "book" / f"{name}.ipynb" for name in CHAPTERS]
    counts = {p.stem: words(p) for p in paths}
    total = sum(counts.values())
    if args.json:
        print(json.dumps({"chapters": counts, "total": total}))
    else:
        for name, n in counts.items():
            print(f"{name:<12}{n:>7,}")
        print(f"{'total':<12}{total:>7,}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
