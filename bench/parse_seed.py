"""Benchmark: parse the bundled compendium in-process (target: median at most 0.25 s).

Run: .venv/bin/python bench/parse_seed.py [--runs N]
Prints the median and spread of the wall time of ``parse_file`` and its peak Python memory.
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from digestconv.compendium import parse_file

SEED = Path(__file__).resolve().parent.parent / "examples" / "compendium-2024.md"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    parse_file(SEED)  # warm up imports and caches
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        parse_file(SEED)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    parse_file(SEED)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}")
    print(f"input: {SEED.name}, {SEED.stat().st_size / 1024:.0f} KiB")
    print(
        f"parse: median {statistics.median(times) * 1000:.1f} ms, min {min(times) * 1000:.1f} ms, "
        f"max {max(times) * 1000:.1f} ms over {args.runs} runs (target 250 ms)"
    )
    print(f"peak traced memory during one parse: {peak / 2**20:.1f} MiB; process max RSS {rss:.0f} MiB")


if __name__ == "__main__":
    main()
