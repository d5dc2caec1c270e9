"""Profile one ``digestconv`` command on a synthetic compendium with py-spy, and print its hot spots.

py-spy samples the whole process (``python -m digestconv convert SOURCE -o out.EXT``, or ``build``)
and writes the stacks in the collapsed format (one ``frame;frame;… count`` line a stack), which
speedscope (https://www.speedscope.app) and flamegraph.pl open as they are. This script then prints
the functions with the most samples of their own (self) and under them (inclusive), in percent of
all samples. py-spy is not a dependency of the project: ``.venv/bin/pip install py-spy``.

Run: .venv/bin/python bench/hotspots.py --size 16 --format pdf [-o /tmp/pdf-16x.txt] [--rate 100]
     .venv/bin/python bench/hotspots.py --size 16 --format build   (all editions, workers included)
     .venv/bin/python bench/hotspots.py --summarize /tmp/pdf-16x.txt   (an earlier profile)
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH.parent))

from bench.process import EXTENSIONS  # noqa: E402
from bench.synthetic import write as synthesize  # noqa: E402

_LINE = re.compile(r":\d+\)$")  # "function (file.py:123)" → "function (file.py)"


def summarize(collapsed: Path, top: int = 25) -> str:
    """The ``top`` functions by self and by inclusive samples, in percent."""
    own: Counter[str] = Counter()
    under: Counter[str] = Counter()
    total = 0
    for line in collapsed.read_text(encoding="utf-8").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        samples = int(count)
        total += samples
        frames = [_LINE.sub(")", frame) for frame in stack.split(";")]
        own[frames[-1]] += samples
        for frame in set(frames):
            under[frame] += samples
    if not total:
        return f"{collapsed}: no samples"
    out = [f"{collapsed}: {total} samples", "", "self %   function (file)"]
    out += [f"{100 * n / total:6.1f}   {frame}" for frame, n in own.most_common(top)]
    out += ["", "incl %   function (file)"]
    out += [f"{100 * n / total:6.1f}   {frame}" for frame, n in under.most_common(top)]
    return "\n".join(out)


def record(size: int, fmt: str, output: Path, rate: int) -> None:
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        sys.exit("py-spy is not installed: .venv/bin/pip install py-spy")
    with tempfile.TemporaryDirectory(prefix="digestconv-profile-") as name:
        tmp = Path(name)
        source = synthesize(size, tmp)
        if fmt == "build":
            command = ["build", str(source), "-o", str(tmp / "editions"), "-q"]
        else:
            command = ["convert", str(source), "-o", str(tmp / f"out{EXTENSIONS[fmt]}")]
        spy_args = [spy, "record", "--format", "raw", "--rate", str(rate), "-o", str(output)]
        if fmt == "build":
            spy_args.append("--subprocesses")  # the writers run in worker processes
        subprocess.run([*spy_args, "--", sys.executable, "-m", "digestconv", *command], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=16, help="multiple of the seed (default: 16)")
    parser.add_argument("--format", default="pdf", choices=[*EXTENSIONS, "build"])
    parser.add_argument("-o", "--output", type=Path, help="the collapsed stacks (default: a file in /tmp)")
    parser.add_argument("--rate", type=int, default=100, help="samples a second (default: 100)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--summarize", type=Path, metavar="FILE", help="only summarize an earlier profile")
    args = parser.parse_args()
    if args.summarize:
        print(summarize(args.summarize, args.top))
        return
    output = args.output or Path(tempfile.gettempdir()) / f"digestconv-{args.format}-{args.size}x.txt"
    record(args.size, args.format, output, args.rate)
    print(summarize(output, args.top))
    print(f"\nstacks: {output} (open in speedscope, or flamegraph.pl {output} > profile.svg)")


if __name__ == "__main__":
    main()
