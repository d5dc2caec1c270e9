"""Benchmark: the whole ``digestconv convert SEED -o out.epub`` process beside ``pandoc -t epub3``.

Run: .venv/bin/python bench/epub.py [--runs N]  (see bench/process.py for what is measured)
"""

from __future__ import annotations

from pathlib import Path

from process import compare, runs_argument


def pandoc_args(source: Path, out: Path) -> list[str]:
    return ["-f", "markdown", "-t", "epub3", "--metadata", "lang=zh-Hant-TW", str(source), "-o", str(out)]


if __name__ == "__main__":
    compare(".epub", pandoc_args, runs=runs_argument(__doc__, default=10))
