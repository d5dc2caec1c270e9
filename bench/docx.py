"""Benchmark: the whole ``digestconv convert SEED -o out.docx`` process beside ``pandoc -t docx``.

Run: .venv/bin/python bench/docx.py [--runs N]  (see bench/process.py for what is measured)
"""

from __future__ import annotations

from pathlib import Path

from process import compare, runs_argument


def pandoc_args(source: Path, out: Path) -> list[str]:
    return ["-f", "markdown", "-t", "docx", str(source), "-o", str(out)]


if __name__ == "__main__":
    compare(".docx", pandoc_args, runs=runs_argument(__doc__))
