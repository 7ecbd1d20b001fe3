"""Turn the authors' text notebooks (book/_text/*.md, jupytext MyST) into the committed .ipynb files.

    python scripts/notebooks.py [NAME ...]

For each notebook: the text form is converted to book/NAME.ipynb, executed in book/ with the
project's kernel cell by cell, and stripped of what changes on every run (execution timestamps in cell
metadata), so that the committed outputs are exactly what `pytest --nbval` reproduces. The .md file is
what authors edit; the .ipynb is generated and never edited by hand.

Each cell runs under the limits of `execute:` in _config.yml (`timeout`, seconds per cell;
`max_output_bytes`, bytes of output per cell). A cell that fails, times out or prints too much is
reported in one line (chapter, line, cell number, its first line, the error) and the notebook is left
as it was. Exit 0 all generated, 1 a chapter failed, 2 bad usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # the package, also when run before `pip install -e .`

from briefing.chapters import fence_problems, limits  # noqa: E402
from briefing.errors import BriefingError  # noqa: E402
from briefing.execute import generate  # noqa: E402

BOOK = ROOT / "book"


def main(names: list[str]) -> int:
    sources = sorted((BOOK / "_text").glob("*.md"))
    if names:
        sources = [s for s in sources if s.stem in names]
        missing = set(names) - {s.stem for s in sources}
        if missing:
            print(f"error: no book/_text/{sorted(missing)[0]}.md", file=sys.stderr)
            return 2
    try:
        lim = limits(ROOT)
    except BriefingError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        return 2
    failed = 0
    for md in sources:
        rel = str(md.relative_to(ROOT))
        problems = fence_problems(md, rel)
        try:
            if problems:
                raise problems[0]
            target, durations = generate(ROOT, md.stem, lim)
        except BriefingError as exc:
            print(f"error: {exc.message}", file=sys.stderr)
            failed += 1
            continue
        slowest = max(durations, default=0.0)
        print(f"executed {rel} -> {target.relative_to(ROOT)} ({len(durations)} code cells, slowest {slowest:.1f} s)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
