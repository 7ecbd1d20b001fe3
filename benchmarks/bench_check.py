"""Time `briefing check` on the seed corpus and on generated corpora (500, 1,000, 2,000 sources with
ten evidence entries each), and record peak memory. Run: `.venv/bin/python benchmarks/bench_check.py`.

A generated source is built from the seed paragraphs in a seeded random order, each paragraph
tagged with a unique marker so that every generated quote anchors exactly once.
"""

from __future__ import annotations

import hashlib
import json
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_corpus(folder: Path, n_sources: int, per_source: int = 10, seed: int = 7) -> None:
    rng = random.Random(seed)
    paragraphs = [line for p in sorted((ROOT / "data" / "sources").glob("*.txt"))
                  for line in p.read_text(encoding="utf-8").split("\n") if len(line.split()) >= 12]
    (folder / "data" / "sources").mkdir(parents=True)
    (folder / "book").mkdir()
    shutil.copytree(ROOT / "data" / "schema", folder / "data" / "schema")
    meta, evidence = [], []
    for i in range(n_sources):
        sid = f"gen-{i:05d}"
        chosen = rng.sample(paragraphs, 20)
        lines = [f"عنوان المصدر {i}"] + [f"{p} (وثيقة {i}-{j})" for j, p in enumerate(chosen)]
        text = "\n\n".join(lines) + "\n"
        path = folder / "data" / "sources" / f"{sid}.txt"
        path.write_text(text, encoding="utf-8")
        meta.append({"id": sid, "file": f"sources/{sid}.txt",
                     "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
                     "outlet": {"ar": "", "en": "Generated"}, "title": {"ar": lines[0], "en": f"Source {i}"},
                     "language": "ar", "url": "",
                     "published": {"basis": "printed", "date": "2025-01-01", "as_printed": "2025"},
                     "segments": [{"lines": [1, 1], "kind": "title"}]})
        for j in range(per_source):
            words = chosen[j].split()
            evidence.append({"id": f"{sid}-e{j}", "source": sid,
                             "quote": " ".join(words[-5:]) + f" (وثيقة {i}-{j})", "translation": "generated"})
    # JSON is valid YAML; the loader is the same as for the hand-written files
    (folder / "data" / "sources.yaml").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    (folder / "data" / "evidence.yaml").write_text(json.dumps(evidence, ensure_ascii=False, indent=0),
                                                   encoding="utf-8")


def run_check(root: Path, repeat: int) -> tuple[float, float]:
    times, peak = [], 0.0
    for _ in range(repeat):
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "briefing.cli", "check", "--json"], cwd=root,
                              env={"BRIEFING_ROOT": str(root), "PATH": "/usr/bin:/bin"}, capture_output=True, text=True)
        times.append(time.perf_counter() - t0)
        report = json.loads(proc.stdout)
        assert report["ok"], report["problems"][:3]
        peak = max(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
    return statistics.median(times), peak


def main() -> None:
    rows = []
    t, mem = run_check(ROOT, 5)
    rows.append(("seed corpus (5 sources, 100 evidence)", t, mem))
    for n in (500, 1000, 2000):
        with tempfile.TemporaryDirectory() as tmp:
            make_corpus(Path(tmp), n)
            t, mem = run_check(Path(tmp), 3)
            rows.append((f"generated: {n} sources, {n * 10} evidence", t, mem))
    print("| corpus | median wall time (s) | peak RSS (MB) |")
    print("| --- | ---: | ---: |")
    for name, t, mem in rows:
        print(f"| {name} | {t:.2f} | {mem:.0f} |")


if __name__ == "__main__":
    main()
