"""Benchmark: the whole ``digestconv convert SEED -o out.docx`` process beside ``pandoc -t docx``.

Run: .venv/bin/python bench/docx.py [--runs N]  (see bench/process.py for what is measured;
bench/suite.py runs every format on larger inputs too)
"""

from __future__ import annotations

from process import compare, runs_argument

if __name__ == "__main__":
    compare("docx", runs=runs_argument(__doc__))
