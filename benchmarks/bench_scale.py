"""How the build scales with the corpus: the book's HTML and PDF with N generated sources added to the
five seeds, each with ten evidence entries, all cited from a generated chapter. For each N: a cold build
(empty `_build`), a no-change rebuild and a rebuild after editing the generated chapter, with peak memory.

Run: `.venv/bin/python benchmarks/bench_scale.py [N ...]` (default 5 50 200). Works on a copy of the
project in a temporary folder; nothing of the project is touched. Generated sources are built from the
seed paragraphs as in `bench_check.py`, each paragraph tagged so that every quote anchors exactly once.
"""

from __future__ import annotations

import hashlib
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
PER_SOURCE = 10


def add_generated_sources(root: Path, n: int, seed: int = 7) -> list[list[str]]:
    """Append n sources (text, metadata, evidence, reliability row) to the project copy at root; returns
    the evidence ids per source."""
    rng = random.Random(seed)
    paragraphs = [line for p in sorted((ROOT / "data" / "sources").glob("*.txt"))
                  for line in p.read_text(encoding="utf-8").split("\n") if len(line.split()) >= 12]
    meta = yaml.safe_load((root / "data" / "sources.yaml").read_text(encoding="utf-8"))
    evidence_lines: list[str] = []
    reliability_lines: list[str] = []
    ids: list[list[str]] = []
    for i in range(n):
        sid = f"gen-{i:05d}"
        chosen = rng.sample(paragraphs, 20)
        lines = [f"عنوان المصدر المولد رقم {i}"] + [f"{p} (وثيقة {i}-{j})" for j, p in enumerate(chosen)]
        text = "\n\n".join(lines) + "\n"
        (root / "data" / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
        meta.append({"id": sid, "file": f"sources/{sid}.txt",
                     "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                     "outlet": {"ar": "مصدر مولد", "en": f"Generated Outlet {i % 17}"},
                     "title": {"ar": lines[0], "en": f"Generated source {i}"},
                     "language": "ar", "url": f"https://example.org/generated/{i}",
                     "published": {"basis": "printed", "date": f"2025-{1 + i % 9:02d}-{1 + i % 27:02d}",
                                   "as_printed": f"{1 + i % 27}/{1 + i % 9}/2025"},
                     "segments": [{"lines": [1, 1], "kind": "title"}]})
        mine = []
        for j in range(PER_SOURCE):
            words = chosen[j].split()
            eid = f"{sid}-e{j}"
            quote = " ".join(words[-5:]) + f" (وثيقة {i}-{j})"
            quoted = yaml.safe_dump(quote, allow_unicode=True).splitlines()[0]
            evidence_lines.append(f"- id: {eid}\n  source: {sid}\n  quote: {quoted}\n"
                                  f"  translation: \"generated passage {i}-{j}\"\n")
            mine.append(eid)
        ids.append(mine)
        reliability_lines.append(f"{sid},Generated outlet,Generated,Generated,Generated for the scaling benchmark\n")
    (root / "data" / "sources.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False),
                                                encoding="utf-8")
    with (root / "data" / "evidence.yaml").open("a", encoding="utf-8") as f:
        f.write("\n" + "".join(evidence_lines))
    rel = root / "data" / "reliability.csv"
    if rel.exists():
        header = rel.read_text(encoding="utf-8").splitlines()[0].split(",")
        extra = len(header) - 5  # columns added after the five prose ones are left empty
        with rel.open("a", encoding="utf-8") as f:
            f.writelines(line.rstrip("\n") + "," * extra + "\n" for line in reliability_lines)
    return ids


def add_generated_chapter(root: Path, ids: list[list[str]]) -> Path:
    """book/generated.md: one paragraph per generated source citing its ten passages; listed in _toc.yml."""
    body = ["# Generated chapter", ""]
    for i, mine in enumerate(ids):
        body += [f"Source {i} reports a passage {{ev}}`{','.join(mine[:5])}` and another {{ev}}`{','.join(mine[5:])}`.", ""]
    page = root / "book" / "generated.md"
    page.write_text("\n".join(body), encoding="utf-8")
    toc = (root / "_toc.yml").read_text(encoding="utf-8")
    toc = toc.replace("      - file: book/methodology\n", "      - file: book/methodology\n      - file: book/generated\n", 1)
    (root / "_toc.yml").write_text(toc, encoding="utf-8")
    return page


def briefing(root: Path, *args: str) -> tuple[float, float]:
    """Run `briefing ARGS` in root; wall time (s) and the peak RSS (MB) of the largest child so far."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "briefing.cli", *args], cwd=root, capture_output=True, text=True,
                          env=dict(os.environ, BRIEFING_ROOT=str(root)))
    took = time.perf_counter() - t0
    if proc.returncode:
        sys.exit(f"`briefing {' '.join(args)}` failed in {root}:\n{proc.stderr[-3000:]}")
    return took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def measure(n: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "book"
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(".venv", "_build", ".git", "node_modules",
                                                                  "__pycache__", "*.egg-info"))
        ids = add_generated_sources(root, n)
        chapter = add_generated_chapter(root, ids)
        briefing(root, "recover")  # appendix pages and toc lines for the new sources, as add-source makes them
        briefing(root, "refresh")  # references.bib
        out: dict[str, float] = {}
        for target in ("html", "pdf"):
            out[f"{target} cold"], out[f"{target} peak MB"] = briefing(root, "build", target)
            out[f"{target} no change"], _ = briefing(root, "build", target)
            chapter.write_text(chapter.read_text(encoding="utf-8") + f"\nAn edit for the {target} build.\n",
                               encoding="utf-8")
            out[f"{target} one edit"], _ = briefing(root, "build", target)
            if target == "html":
                shutil.rmtree(root / "_build")  # the PDF starts cold too
        pages = subprocess.run(["pdfinfo", str(root / "_build" / "latex" / "briefing.pdf")], capture_output=True,
                               text=True).stdout
        out["pdf pages"] = float(next((line.split()[-1] for line in pages.splitlines() if line.startswith("Pages")), 0))
        return out


def main(sizes: list[int]) -> None:
    print("| generated sources (+5 seeds) | HTML cold (s) | HTML no change (s) | HTML one edit (s) | HTML peak (MB) "
          "| PDF cold (s) | PDF no change (s) | PDF one edit (s) | PDF peak (MB) | PDF pages |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n in sizes:
        r = measure(n)
        print(f"| {n} | {r['html cold']:.1f} | {r['html no change']:.1f} | {r['html one edit']:.1f} | "
              f"{r['html peak MB']:.0f} | {r['pdf cold']:.1f} | {r['pdf no change']:.1f} | {r['pdf one edit']:.1f} | "
              f"{r['pdf peak MB']:.0f} | {r['pdf pages']:.0f} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5, 50, 200])
