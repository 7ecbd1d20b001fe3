"""Run the fuzz properties of tests/test_fuzz.py for many examples and report how many were tried.

    .venv/bin/python benchmarks/fuzz.py [EXAMPLES]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_fuzz import TEXT, properties_of_anchor, properties_of_normalize  # noqa: E402

COUNT = {"normalize": 0, "anchor": 0}


def main(n: int) -> None:
    cfg = settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck))

    @cfg
    @given(TEXT)
    def fuzz_normalize(text):
        COUNT["normalize"] += 1
        properties_of_normalize(text)

    @cfg
    @given(st.integers(0, 4), TEXT)
    def fuzz_anchor(i, quote):
        COUNT["anchor"] += 1
        properties_of_anchor(i, quote)

    t0 = time.perf_counter()
    fuzz_normalize()
    fuzz_anchor()
    print(f"normalize: {COUNT['normalize']} inputs, anchor: {COUNT['anchor']} inputs, "
          f"no crash other than a clean BriefingError ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
