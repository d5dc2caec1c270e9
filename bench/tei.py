"""Benchmark: the whole ``digestconv convert SEED -o out.xml`` process beside ``pandoc -s -t tei``.

Run: .venv/bin/python bench/tei.py [--runs N]  (see bench/process.py for what is measured)
"""

from __future__ import annotations

from pathlib import Path

from process import compare, runs_argument


def pandoc_args(source: Path, out: Path) -> list[str]:
    return ["-f", "markdown", "-s", "-t", "tei", str(source), "-o", str(out)]


if __name__ == "__main__":
    compare(".xml", pandoc_args, runs=runs_argument(__doc__))
