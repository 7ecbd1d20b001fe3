"""Time the HTML build: cold (empty _build, notebooks executed), no-change rebuild, and rebuild after
editing one notebook; medians of several runs. Runs on a copy of the repository (no author file is
touched). Run: `.venv/bin/python benchmarks/bench_build.py [RUNS]`.
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JB = Path(sys.executable).parent / "jupyter-book"


def build(root: Path) -> float:
    t0 = time.perf_counter()
    subprocess.run([str(JB), "build", str(root), "--builder", "html", "-W", "-n", "--keep-going"], check=True,
                   capture_output=True, cwd=root)
    return time.perf_counter() - t0


def edit_notebook(path: Path, n: int) -> None:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
    cell["source"] = "".join(cell["source"]) + f"\n# edit {n}"
    path.write_text(json.dumps(nb, ensure_ascii=False, indent=1), encoding="utf-8")


def main(runs: int) -> None:
    cold, nochange, edited = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "book"
        shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(".venv", "_build", ".git"))
        for n in range(runs):
            shutil.rmtree(copy / "_build", ignore_errors=True)
            cold.append(build(copy))
            nochange.append(build(copy))
            edit_notebook(copy / "book" / "timeline.ipynb", n)
            edited.append(build(copy))
    print(f"| HTML build ({runs} runs, 2 cores) | median (s) | min (s) | max (s) |")
    print("| --- | ---: | ---: | ---: |")
    for name, xs in [("cold (empty _build, all notebooks executed)", cold), ("no-change rebuild", nochange),
                     ("rebuild after editing one notebook (timeline)", edited)]:
        print(f"| {name} | {statistics.median(xs):.1f} | {min(xs):.1f} | {max(xs):.1f} |")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
