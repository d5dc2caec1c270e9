"""Shared by the benchmarks: time whole processes (digestconv's CLI, pandoc) and their peak memory.

Both sides convert the same input as separate processes (start-up included), alternating, in the
same run. :func:`measure` runs named steps, each one or more commands run one after the other
(pandoc's PDF is pandoc to HTML, then WeasyPrint), and keeps each step's wall times and the largest
resident set of any one of its processes (``ru_maxrss`` from ``os.wait4``, which covers the
process and the workers it reaped; see ``_LAUNCHER``). :func:`compare` prints one format's digestconv / pandoc ratio
(the aim is at most 1.0); ``bench/suite.py`` runs them all on several sizes. pandoc is the binary
of the PyPI package pypandoc-binary (the test extra). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import compileall
import platform
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "compendium-2024.md"
LANG = "zh-Hant-TW"
# pandoc's PDF: standalone HTML with a CJK font, then WeasyPrint to PDF/UA-1, as digestconv's is made.
CJK_CSS = '@page { size: A4; }\nbody { font-family: "Noto Sans CJK TC", sans-serif; }\n'

Command = list[str]
Step = list[Command]  # commands run one after the other; the step's time is their sum


@cache
def pandoc() -> str:
    import pypandoc

    return pypandoc.get_pandoc_path()


def pandoc_version() -> str:
    return subprocess.run([pandoc(), "--version"], capture_output=True, text=True).stdout.split("\n")[0]


def tool(name: str) -> str:
    """A command installed beside this Python (``digestconv``, ``weasyprint``), as a user runs it."""
    return str(Path(sys.executable).parent / name)


def digestconv(*args: str) -> Command:
    return [tool("digestconv"), *args]


# The extension digestconv writes for each format, and pandoc doing the same conversion.
EXTENSIONS = {"epub": ".epub", "docx": ".docx", "pdf": ".pdf", "tei": ".xml", "json": ".json"}


def pandoc_step(fmt: str, source: Path, out: Path) -> Step:
    """pandoc converting ``source`` (Markdown) to ``fmt`` at ``out``."""
    src = str(source)
    if fmt == "epub":
        return [[pandoc(), "-f", "markdown", "-t", "epub3", "--metadata", f"lang={LANG}", src, "-o", str(out)]]
    if fmt == "docx":
        return [[pandoc(), "-f", "markdown", "-t", "docx", src, "-o", str(out)]]
    if fmt == "tei":
        return [[pandoc(), "-f", "markdown", "-s", "-t", "tei", src, "-o", str(out)]]
    if fmt == "json":
        return [[pandoc(), "-f", "markdown", "-t", "json", src, "-o", str(out)]]
    if fmt == "pdf":
        css = out.with_name("pandoc-cjk.css")
        css.write_text(CJK_CSS, encoding="utf-8")
        html = out.with_suffix(".html")
        to_html = [pandoc(), "-f", "markdown", "-s", "-t", "html5", "--css", str(css)]
        to_html += ["--metadata", f"lang={LANG}", "--metadata", f"pagetitle={source.stem}", src, "-o", str(html)]
        return [to_html, [tool("weasyprint"), "--pdf-variant", "pdf/ua-1", str(html), str(out)]]
    raise ValueError(f"no pandoc conversion for {fmt!r}")


@dataclass
class Sample:
    """The measurements of one step: wall times, peak memory, output size."""

    times: list[float] = field(default_factory=list)
    memory: int = 0  # bytes: max RSS of the largest process; in-process, see ``memory_kind``
    memory_kind: str = "max RSS"  # or "tracemalloc" (peak traced), "RSS rise" (VmHWM over VmRSS before)
    output: int = 0  # bytes
    error: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    def wanted(self, runs: int, budget: float) -> bool:
        """Whether to run the step again: it has not failed, has fewer than ``runs`` runs and has
        spent less than ``budget`` seconds."""
        return not self.error and len(self.times) < runs and sum(self.times) < budget


# Runs one command and prints its wall time, max RSS (KiB) and exit status. It runs in its own small
# Python (``-S``, no imports but os and time): Linux counts in a child's ``ru_maxrss`` the memory of
# the process it was spawned from, so a command started straight from the benchmark's own large
# process would be charged with it. From this launcher the floor is its ~10 MiB.
_LAUNCHER = """
import os, sys, time
null = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0), (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
start = time.perf_counter()
pid = os.posix_spawnp(sys.argv[1], sys.argv[1:], os.environ, file_actions=null)
_, status, usage = os.wait4(pid, 0)
print(time.perf_counter() - start, usage.ru_maxrss, os.waitstatus_to_exitcode(status))
"""


def execute(step: Step) -> tuple[float, int]:
    """Run the commands of ``step`` in turn; the sum of their wall times and their largest max RSS (bytes).

    Raises :class:`subprocess.CalledProcessError` with the command's stderr when one fails.
    """
    total, peak = 0.0, 0
    for command in step:
        done = subprocess.run([sys.executable, "-S", "-c", _LAUNCHER, *command], capture_output=True, text=True)
        if done.returncode:
            raise subprocess.CalledProcessError(done.returncode, command, stderr=done.stderr)
        seconds, rss, status = done.stdout.split()
        if int(status):
            raise subprocess.CalledProcessError(int(status), command, stderr=done.stderr)
        total += float(seconds)
        peak = max(peak, int(rss) * 1024)  # kibibytes on Linux
    return total, peak


@cache
def compile_package() -> None:
    """Write digestconv's byte code, as installing its wheel does. From the editable install, with
    ``PYTHONDONTWRITEBYTECODE`` set (as on the CI machines), every process would compile the
    package's modules from source again: about 70 ms that a user's installation does not spend."""
    compileall.compile_dir(ROOT / "digestconv", quiet=1)


def measure(
    steps: Mapping[str, Step],
    *,
    runs: int = 7,
    budget: float = float("inf"),
    outputs: Mapping[str, Path] | None = None,
    warm_counts_after: float = 5.0,
    log: Callable[[str], None] = lambda line: None,
) -> dict[str, Sample]:
    """Run every step ``runs`` times, alternating, after one warm-up run each (which also checks it works).

    A step stops repeating once its measured time passes ``budget`` seconds (at least one run). A
    warm-up longer than ``warm_counts_after`` seconds counts as a run: the file cache matters
    little there and a slow step is not run once more for nothing. A step that fails keeps its
    error and is not run again; the others go on. ``outputs`` names each step's file, for its size.
    """
    compile_package()
    samples = {name: Sample() for name in steps}
    for name, step in steps.items():
        log(f"  warm-up {name}")
        try:
            seconds, rss = execute(step)
        except subprocess.CalledProcessError as exc:
            samples[name].error = _failure(exc)
            log(f"  {name} FAILED: {samples[name].error}")
            continue
        samples[name].memory = rss
        if seconds > warm_counts_after:
            samples[name].times.append(seconds)

    while any(sample.wanted(runs, budget) for sample in samples.values()):
        ran = []
        for name, step in steps.items():
            sample = samples[name]
            if not sample.wanted(runs, budget):
                continue
            ran.append(name)
            try:
                seconds, rss = execute(step)
            except subprocess.CalledProcessError as exc:  # flaky: keep what was measured, say so
                sample.error = _failure(exc)
                continue
            sample.times.append(seconds)
            sample.memory = max(sample.memory, rss)
        log("  round: " + ", ".join(f"{n} {samples[n].times[-1]:.2f}s" for n in ran if samples[n].times))
    for name, path in (outputs or {}).items():
        if path.exists():
            samples[name].output = path.stat().st_size
    return samples


def _failure(exc: subprocess.CalledProcessError) -> str:
    lines = [line for line in (exc.stderr or "").strip().splitlines() if line.strip()]
    return f"exit {exc.returncode}: {lines[-1] if lines else 'no message'}"


def compare(fmt: str, *, source: Path = SEED, runs: int = 7) -> float:
    """Time ``digestconv convert source -o out.EXT`` against pandoc's same conversion; the ratio."""
    extension = EXTENSIONS[fmt]
    with tempfile.TemporaryDirectory() as tmp:
        outputs = {"digestconv": Path(tmp) / f"digestconv{extension}", "pandoc": Path(tmp) / f"pandoc{extension}"}
        steps = {
            "digestconv": [digestconv("convert", str(source), "-o", str(outputs["digestconv"]))],
            "pandoc": pandoc_step(fmt, source, outputs["pandoc"]),
        }
        samples = measure(steps, runs=runs, outputs=outputs)
    return _report(samples, source, runs, aim=1.0)


# The editions `digestconv build` is compared with: pandoc's conversions to these, one after another.
BUILD_AGAINST = ("epub", "docx", "pdf", "tei")


def compare_build(*, source: Path = SEED, runs: int = 5) -> float:
    """Time ``digestconv build`` of all editions against pandoc's four conversions in a row; the ratio."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        pandoc_four = [step for fmt in BUILD_AGAINST for step in pandoc_step(fmt, source, out / f"p{EXTENSIONS[fmt]}")]
        build = digestconv("build", str(source), "-o", str(out / "editions"), "-q")
        steps = {"digestconv": [build], "pandoc": pandoc_four}
        samples = measure(steps, runs=runs)
    return _report(samples, source, runs, aim=0.8)


def _report(samples: Mapping[str, Sample], source: Path, runs: int, *, aim: float) -> float:
    """Print the machine, the input and each side's times; the ratio digestconv / pandoc."""
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}; ", end="")
    print(pandoc_version())
    print(f"input: {source.name}, {source.stat().st_size / 1024:.0f} KiB; {runs} runs each, alternating")
    for name, sample in samples.items():
        if sample.error:
            sys.exit(f"{name} failed: {sample.error}")
        values = sample.times
        output = f"; output {sample.output / 1024:.0f} KiB" if sample.output else ""
        print(
            f"{name:>10}: median {sample.median * 1000:.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f}); "
            f"max RSS {sample.memory / 2**20:.0f} MiB{output}"
        )
    ratio = samples["digestconv"].median / samples["pandoc"].median
    print(f"ratio digestconv / pandoc: {ratio:.2f} (aim: at most {aim})")
    return ratio


def runs_argument(description: str | None, default: int = 7, argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--runs", type=int, default=default)
    return parser.parse_args(argv).runs
