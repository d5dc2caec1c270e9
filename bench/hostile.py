"""Benchmark: the compendium reader on large and hostile input, in time linear in its size.

Inputs, made into a temporary directory (none is committed):

- ``seed-like``: the seed's reports repeated under new ids (bench/synthetic.py), at each size;
- ``mixed``: a fixed pseudo-random mixture of the snippets below under a report heading every
  hundred lines: the seed's constructs, broken labels, stray HTML, Markdown junk, garbage;
- one input per snippet (``--shapes``): that snippet repeated, the worst case of its construct;
- ``--lines``: single lines of 1 MB, among them a contents line with a run of spaces, which took
  minutes for 50 KB before the reader's regular expressions were made linear.

Each input is parsed (``parse_file``) in a child process with a time limit, so a hang is reported
rather than waited out. The table gives the wall time of the parse, MB/s, the child's peak memory
(``ru_maxrss``) and how the time grows from the smallest size to the largest: about the size
ratio when linear. The defaults (seed-like and mixed at 1, 2.5, 5 and 10 MB, the shapes at 1 and
2 MB, the lines) take about five minutes on 2 cores.

Run: .venv/bin/python bench/hostile.py [--sizes 1,2.5,5,10] [--shape-sizes 1,2] [--shapes all|none|a,b]
        [--no-lines] [--timeout 600]
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path = [p for p in sys.path if Path(p or os.getcwd()).resolve() != BENCH]  # bench/docx.py is not python-docx
sys.path.insert(0, str(ROOT))

from bench.synthetic import SEED, scale  # noqa: E402

MB = 2**20
HEAD = "## 2024-01 報告標題\n\n"
SNIPPETS = {
    "prose": "這是一段研究報告的摘要文字，說明臺灣能源政策與產業發展的現況。\n\n",
    "page-breaks": "這段文字被頁面切斷\n\n",  # every paragraph continues the one before
    "soft-breaks": "這是一行沒有結束的文字\n",  # one paragraph of many lines
    "labels": "(一) 標題\n\n1. 項目，沒有結束\n\n(1) 細項\n\n一、 大標題\n\nA. 項目\n\n",
    "bullets": "-緊貼的項目\n",
    "meta": "◇ 執行時間：2023.06~2023.12\n\n",
    "footnotes": "文字<sup>1</sup>。\n\n---\n\n<sup>1</sup> 註解內容。\n\n",
    "headings": "# 標題\n\n(一) 項目\n\n",
    "back-matter": "# 版權所有\n\n文字\n\n",
    "controls": "文字\x01\x0b\x7f\x85文字\n",
    "html": "<sup><sub>2</sub></sup><div><b>x</i></span><br>\n",
    "emphasis": "**粗體***斜體*__x__`碼`\n",
    "brackets": "[[[連結](http://x.org)](\n",
    "garbage": "\ufffe\ud7ff\U0001f600\u2028\u00a0\u3000 ~|\\\n",
}


def _fill(unit: str) -> str:
    return unit * (MB // len(unit.encode()))


LINES = {
    "contents line, spaces": "2024-02 標題" + " " * MB + "x",
    "contents line, dots": "2024-02 標題" + "." * MB + "x",
    "period field, spaces": "◇ 執行時間：2023.06" + " " * MB + "x",
    "prose": _fill("這是一段很長的文字，"),
    "bold": _fill("**粗體**"),
    "brackets": _fill("["),
    "unclosed tags": _fill("<sup>"),
}


def seed_like(size: int) -> str:
    seed = SEED.read_text(encoding="utf-8")
    return scale(seed, max(1, round(size / len(seed.encode()))))


def mixed(size: int) -> str:
    rng = random.Random(8)
    snippets = list(SNIPPETS.values())
    pieces: list[str] = []
    total = 0
    while total < size:
        report = len(pieces) // 100
        heading = f"## {2000 + report // 1000}-{report % 1000:03d} 報告\n\n" if len(pieces) % 100 == 0 else ""
        pieces.append(heading + rng.choice(snippets))
        total += len(pieces[-1].encode())
    return "".join(pieces)


def repeated(snippet: str) -> Callable[[int], str]:
    def make(size: int) -> str:
        return HEAD + snippet * max(1, size // len(snippet.encode()))

    return make


@dataclass(frozen=True)
class Result:
    outcome: str
    seconds: float | None = None
    peak_mib: float | None = None


def run_child(path: Path, timeout: float) -> Result:
    """Parse ``path`` in a child process: its time, peak memory and outcome (or the time limit)."""
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--child", str(path)], capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        return Result(f"not done after {timeout:.0f} s")
    if done.returncode:
        return Result("crashed: " + (done.stderr.strip().splitlines() or ["?"])[-1])
    return Result(**json.loads(done.stdout))


def child(path: Path) -> None:
    from digestconv.compendium import parse_file
    from digestconv.errors import InputError

    started = time.perf_counter()
    try:
        parse_file(path)
        outcome = "a document"
    except InputError as exc:
        outcome = f"InputError: {exc.reason}"
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"outcome": outcome, "seconds": seconds, "peak_mib": peak}))


def row(name: str, size: int, result: Result) -> str:
    if result.seconds is None or result.peak_mib is None:
        return f"| {name} | {size / MB:.2f} | – | – | – | {result.outcome} |"
    cells = [name, f"{size / MB:.2f}", f"{result.seconds:.2f}", f"{size / MB / result.seconds:.2f}"]
    return "| " + " | ".join([*cells, f"{result.peak_mib:.0f}", result.outcome[:60]]) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="1,2.5,5,10", help="MB, for seed-like and mixed")
    parser.add_argument("--shape-sizes", default="1,2", help="MB, for each snippet repeated")
    parser.add_argument("--shapes", default="all", help="'all', 'none' or names: " + ",".join(SNIPPETS))
    parser.add_argument("--no-lines", action="store_true", help="skip the 1 MB single lines")
    parser.add_argument("--timeout", type=float, default=600, help="seconds allowed for one parse")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    sizes = [int(float(s) * MB) for s in args.sizes.split(",")]
    shape_sizes = [int(float(s) * MB) for s in args.shape_sizes.split(",")]
    shapes = {"all": list(SNIPPETS), "none": []}.get(args.shapes, args.shapes.split(","))
    plan: list[tuple[str, Callable[[int], str], list[int]]] = [("seed-like", seed_like, sizes), ("mixed", mixed, sizes)]
    plan += [(name, repeated(SNIPPETS[name]), shape_sizes) for name in shapes]
    if not args.no_lines:
        plan += [(f"1 MB line: {name}", repeated(line + "\n"), [MB]) for name, line in LINES.items()]

    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}\n\n| input | MB | seconds | MB/s | peak MiB | outcome |\n|---|---|---|---|---|---|")
    growth: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input.md"
        for name, make, at in plan:
            measured: list[tuple[int, float]] = []
            for size in at:
                path.write_text(make(size), encoding="utf-8")
                result = run_child(path, args.timeout)
                print(row(name, path.stat().st_size, result), flush=True)
                if result.seconds is not None:
                    measured.append((path.stat().st_size, result.seconds))
            if len(measured) > 1:
                (small, fast), (large, slow) = measured[0], measured[-1]
                growth.append(f"- {name}: size x{large / small:.1f}, time x{slow / fast:.1f}")
    if growth:
        print("\ngrowth from the smallest size to the largest (linear: the time grows as the size does):")
        print("\n".join(growth))


if __name__ == "__main__":
    main()
