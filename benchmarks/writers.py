"""50 rounds of two simultaneous writers (add-source, then cite --add), as issue 13 asks.

    .venv/bin/python benchmarks/writers.py        # runs tests/test_concurrency.py with 50 rounds
"""

import os
import subprocess
import sys
import time
from pathlib import Path

root = Path(__file__).resolve().parents[1]
t0 = time.perf_counter()
code = subprocess.call([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_concurrency.py"],
                       cwd=root, env=dict(os.environ, BRIEFING_WRITER_ROUNDS="50"))
print(f"50 rounds of two simultaneous writers: {'nothing lost' if code == 0 else 'FAILED'} "
      f"({time.perf_counter() - t0:.0f} s)")
sys.exit(code)
