"""Benchmark: the whole ``digestconv build`` process (all editions) beside pandoc's four conversions.

pandoc's side is its EPUB, DOCX, PDF (HTML, then WeasyPrint) and TEI conversions run one after
the other, as in bench/suite.py's "pandoc's four"; the aim is at most 0.8 of their sum. Run:
.venv/bin/python bench/build.py [--runs N]   (more runs than the suite gives, for the 1x ratio)
"""

from __future__ import annotations

from process import compare_build, runs_argument

if __name__ == "__main__":
    compare_build(runs=runs_argument(__doc__, default=5))
