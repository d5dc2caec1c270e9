"""How the work of the parse and of each writer grows with the input, in instructions counted by
valgrind's callgrind, beside the suite's times.

The suite's time ratios between sizes (bench/suite.py) carry this machine's noise. Its speed
changes from one second to the next, so a 0.1 s run at 1x and a 2 s run at 16x sample it
differently: the same 1x parse took 106–152 ms within one run, and pandoc's own EPUB process grew
15.5× in one suite and 17.6× in the next. A count of executed instructions does not depend on the
machine's speed, so it says whether the work grows linearly. It leaves out what instructions do
not show (cache misses, page faults), which the time rows keep.

One valgrind run per size. The child first parses the seed and writes every format once (imports
and first-call set-up, not counted), then parses the size's compendium and writes each format,
calling ``os.getppid`` between the steps: with ``--dump-before=os_getppid`` callgrind writes the
count of each step to a file of its own. ``PYTHONHASHSEED=0`` makes a count repeat exactly.

The PDF writer is left out: WeasyPrint's layout takes two minutes at 16x, which valgrind would
make hours; its growth is in the suite's process rows. The verdict compares with the size's
factor (16), as the suite's does; the 16x file is 15.8 times the seed (its front and back matter
are not repeated).

``--dump-before`` finds ``os_getppid`` by its symbol: the Python must not be stripped (pyenv's
builds are not; some distribution builds are).

Run: .venv/bin/python bench/instructions.py [--sizes 1,16] [--formats epub,docx,tei,json]
Needs valgrind (``apt-get install valgrind``); 1x and 16x take 5–8 minutes.
"""

from __future__ import annotations

import argparse
import gc
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

BENCH = Path(__file__).resolve().parent
# bench/docx.py must not stand in for python-docx when the writers run in this process.
sys.path = [p for p in sys.path if Path(p or os.getcwd()).resolve() != BENCH]
sys.path.insert(0, str(BENCH.parent))

from bench.synthetic import SEED  # noqa: E402
from bench.synthetic import write as synthesize  # noqa: E402

FORMATS = ("epub", "docx", "tei", "json")
_TOTALS = re.compile(r"^totals: (\d+)$", re.MULTILINE)
_PART = re.compile(r"^part: (\d+)$", re.MULTILINE)
T = TypeVar("T")


def child(source: Path, formats: list[str]) -> None:
    """Runs under valgrind: the warm-up, then each step between two ``os.getppid`` calls."""
    from bench.suite import writer
    from digestconv.compendium import parse_file

    def step(run: Callable[[], T]) -> T:
        # As the suite times a step: after a collection, with what exists frozen out of the
        # collector's reach. The collection falls in a part of its own, between the markers.
        gc.collect()
        gc.freeze()
        os.getppid()
        result = run()
        os.getppid()
        return result

    seed = parse_file(SEED)
    for name in formats:
        writer(name, seed)()
    parsed = step(lambda: parse_file(source))
    for name in formats:
        step(writer(name, parsed))


def count(source: Path, formats: list[str], out: Path) -> dict[str, int]:
    """The instructions of the parse and of each writer on ``source``."""
    out.mkdir()
    command = [
        "valgrind",
        "--tool=callgrind",
        "--dump-before=os_getppid",
        f"--callgrind-out-file={out}/cg.%p",
        sys.executable,
        __file__,
        "--child",
        str(source),
        "--formats",
        ",".join(formats),
    ]
    env = dict(os.environ, PYTHONHASHSEED="0")
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode:
        sys.exit(f"the count on {source.name} failed:\n{done.stderr[-3000:]}")
    parts: dict[int, int] = {}
    for dump in out.iterdir():
        text = dump.read_text()
        part, totals = _PART.search(text), _TOTALS.search(text)
        if part and totals:
            parts[int(part[1])] = int(totals[1])
    # Parts: 1 start-up and warm-up, 2 the parse, 3 a collection, 4 the first writer, … (even:
    # the steps), and last the exit.
    steps = ["parse", *(f"write {name}" for name in formats)]
    if len(parts) < 2 * len(steps) + 1:
        raise RuntimeError(
            f"callgrind wrote {len(parts)} parts for {len(steps)} steps: --dump-before=os_getppid needs "
            "a Python whose symbols are not stripped"
        )
    return {step: parts[2 * number] for number, step in enumerate(steps, start=1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,16", help="multiples of the seed, the first the base (default: 1,16)")
    parser.add_argument("--formats", default=",".join(FORMATS), help=f"default: {','.join(FORMATS)}")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    formats = [f for f in args.formats.split(",") if f]
    if args.child:
        child(args.child, formats)
        return
    if unknown := set(formats) - set(FORMATS):
        parser.error(f"--formats takes some of {', '.join(FORMATS)} (not {', '.join(sorted(unknown))})")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    factors = sorted({int(s) for s in args.sizes.split(",")})
    counts: dict[int, dict[str, int]] = {}
    with tempfile.TemporaryDirectory(prefix="digestconv-instructions-") as name:
        tmp = Path(name)
        for factor in factors:
            source = synthesize(factor, tmp)
            started = time.perf_counter()
            counts[factor] = count(source, formats, tmp / f"cg-{factor}x")
            print(f"[{factor}x counted in {time.perf_counter() - started:.0f} s]", file=sys.stderr, flush=True)
    base, last = factors[0], factors[-1]
    names = [f"{f}x" for f in factors]
    print(f"| step | {' | '.join(f'instructions {n}' for n in names)} | {names[-1]}/{names[0]} |")
    print("|---" * (len(factors) + 2) + "|")
    for step in counts[base]:
        row = [f"{counts[f][step] / 1e6:,.0f} M" for f in factors]
        growth = counts[last][step] / counts[base][step]
        verdict = "✓" if growth <= last / base else "✗"
        print(f"| {step} (in-process) | {' | '.join(row)} | {growth:.2f}× {verdict} |")


if __name__ == "__main__":
    main()
