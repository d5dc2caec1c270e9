"""Benchmark: the whole ``digestconv convert SEED -o out.epub`` process beside ``pandoc -t epub3``.

Run: .venv/bin/python bench/epub.py [--runs N]  (see bench/process.py for what is measured;
bench/suite.py runs every format on larger inputs too)
"""

from __future__ import annotations

from process import compare, runs_argument

if __name__ == "__main__":
    compare("epub", runs=runs_argument(__doc__, default=10))
