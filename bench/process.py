"""Shared by the per-format benchmarks: time a whole ``digestconv convert`` process beside pandoc.

Both commands convert the same input as separate processes (start-up included), alternating,
in the same run; :func:`compare` prints the machine, the median wall times, the output sizes
and the ratio digestconv / pandoc (the aim is at most 1.0). pandoc is the binary of the PyPI
package pypandoc-binary (the test extra). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "compendium-2024.md"


def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def digestconv(*args: str) -> list[str]:
    """The installed ``digestconv`` command, as a user runs it."""
    return [str(Path(sys.executable).parent / "digestconv"), *args]


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def compare(
    extension: str,
    pandoc_args: Callable[[Path, Path], list[str]],
    *,
    source: Path = SEED,
    runs: int = 7,
) -> float:
    """Time ``digestconv convert source -o out.EXT`` against ``pandoc_args(source, out)``; the ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {"digestconv": Path(tmp) / f"digestconv{extension}", "pandoc": Path(tmp) / f"pandoc{extension}"}
        commands = {
            "digestconv": digestconv("convert", str(source), "-o", str(outputs["digestconv"])),
            "pandoc": [pandoc(), *pandoc_args(source, outputs["pandoc"])],
        }
        for command in commands.values():  # warm the file cache and check both work
            timed(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(runs):
            for name, command in commands.items():
                times[name].append(timed(command))
        sizes = {name: path.stat().st_size for name, path in outputs.items()}
    version = subprocess.run([pandoc(), "--version"], capture_output=True, text=True).stdout.split("\n")[0]
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}; {version}")
    print(f"input: {source.name}, {source.stat().st_size / 1024:.0f} KiB; {runs} runs each, alternating")
    for name, values in times.items():
        print(
            f"{name:>10}: median {statistics.median(values) * 1000:.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}); output {sizes[name] / 1024:.0f} KiB"
        )
    ratio = statistics.median(times["digestconv"]) / statistics.median(times["pandoc"])
    print(f"ratio digestconv / pandoc: {ratio:.2f} (aim: at most 1.0)")
    return ratio


def runs_argument(description: str | None, default: int = 7) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=default)
    return parser.parse_args().runs
