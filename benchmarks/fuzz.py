"""Run the fuzz properties of tests/test_fuzz.py for many examples and report how many were tried:
arbitrary text through the normaliser and anchoring, pasted variants (PDF presentation forms, NFD,
Persian and Kurdish keyboards) of real passages, and real passages with one letter or digit changed.

    .venv/bin/python benchmarks/fuzz.py [EXAMPLES]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from pasted import VARIANTS  # noqa: E402
from test_fuzz import (  # noqa: E402
    TEXT,
    properties_of_anchor,
    properties_of_changed,
    properties_of_normalize,
    properties_of_variant,
    real_passage,
)

COUNT = {"normalize": 0, "anchor": 0, "pasted variant": 0, "changed letter or digit": 0}


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

    @cfg
    @given(st.data(), st.sampled_from(sorted(VARIANTS)))
    def fuzz_variant(data, variant):
        COUNT["pasted variant"] += 1
        i, quote = real_passage(data)
        properties_of_variant(i, quote, variant)

    @cfg
    @given(st.data(), st.integers(0, 10_000), st.integers(0, 10_000), st.sampled_from(sorted(VARIANTS)))
    def fuzz_changed(data, position, replacement, variant):
        COUNT["changed letter or digit"] += 1
        i, quote = real_passage(data)
        properties_of_changed(i, quote, position, replacement, variant)

    t0 = time.perf_counter()
    fuzz_normalize()
    fuzz_anchor()
    fuzz_variant()
    fuzz_changed()
    print(", ".join(f"{name}: {n} inputs" for name, n in COUNT.items())
          + f"; no crash other than a clean BriefingError, every pasted variant on the real span, "
            f"no changed letter or digit anchored ({time.perf_counter() - t0:.0f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
