"""Benchmark: the whole ``digestconv convert SEED -o out.pdf`` process beside pandoc + WeasyPrint.

pandoc's side is ``pandoc -s -t html5`` with a CJK font CSS, then ``weasyprint --pdf-variant
pdf/ua-1`` (see ``pandoc_step`` in bench/process.py). Run: .venv/bin/python bench/pdf.py [--runs N]
(see bench/process.py for what is measured; bench/suite.py runs every format on larger inputs too)
"""

from __future__ import annotations

from process import compare, runs_argument

if __name__ == "__main__":
    compare("pdf", runs=runs_argument(__doc__, default=5))
