"""The benchmark suite: digestconv beside pandoc on the seed compendium and on ones 4 and 16 times larger.

At each size (the seed, and synthetic compendia from bench/synthetic.py, made in a temporary
directory) it measures, in one run, the sizes of a step alternating (the machine's speed drifts):

- in-process: ``parse_file``, then each format's writer on the parsed document (median wall time;
  peak memory from tracemalloc on one more run, so the timed runs are not slowed by it);
- whole processes, all alternating in rounds: ``digestconv convert SOURCE -o out.EXT`` beside pandoc's
  same conversion (epub: ``-t epub3``; docx; tei: ``-s -t tei``; json: ``-t json``; pdf: ``-s -t
  html5`` with a CJK font, then ``weasyprint --pdf-variant pdf/ua-1``), and ``digestconv build``
  of all the editions beside the sum of pandoc's four runs (epub, docx, pdf, tei); peak memory is
  the largest ``ru_maxrss`` of one process (bench/process.py).

It prints a Markdown table: the times and memory at each size, how they grow from the smallest to
the largest size, the ratios digestconv / pandoc and the targets (each format's process at most 1.0
times pandoc's; ``build`` at most 0.8 times pandoc's four together; time growing at most linearly,
memory less than linearly). ``--markdown FILE`` writes the same table, with the machine, to FILE.

PDF takes minutes at 16x (WeasyPrint lays out ~2,000 pages, on both sides), so by default it is
measured at 1x and 4x only: ``--pdf-sizes 1,4,16`` includes 16x (about 20 minutes in all);
``--formats epub,docx,tei,json`` leaves PDF out altogether (if its writer is broken, the suite
reports the failure and goes on without it). Defaults take about 10 minutes on 2 cores.

Run: .venv/bin/python bench/suite.py [--sizes 1,4,16] [--formats epub,docx,pdf,tei,json]
        [--pdf-sizes 1,4] [--runs 15] [--budget 15] [--markdown bench/results.md]
Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
# bench/docx.py must not stand in for python-docx when the writers run in this process.
sys.path = [p for p in sys.path if Path(p or os.getcwd()).resolve() != BENCH]
sys.path.insert(0, str(ROOT))

from bench.process import (  # noqa: E402
    EXTENSIONS,
    Sample,
    Step,
    digestconv,
    measure,
    pandoc_step,
    pandoc_version,
)
from bench.synthetic import write as synthesize  # noqa: E402
from digestconv import __version__  # noqa: E402
from digestconv.compendium import Parse, parse_file  # noqa: E402
from digestconv.formats.registry import by_name  # noqa: E402

FORMATS = ("epub", "docx", "pdf", "tei", "json")
PANDOC_FOUR = ("epub", "docx", "pdf", "tei")  # what build is compared with (pandoc has no model JSON)
BUILD_TARGET = 0.8
PROCESS_TARGET = 1.0


@dataclass
class Size:
    factor: int
    source: Path
    reports: int = 0
    kib: float = 0  # the source's size
    rows: dict[str, Sample] = field(default_factory=dict)  # row name → measurements
    pandoc_sum_of: tuple[str, ...] = ()


_STARTED = time.perf_counter()


def log(line: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:6.0f} s] {line}", file=sys.stderr, flush=True)


# --- in-process --------------------------------------------------------------------------------


def _status(field: str) -> int:
    """A ``/proc/self/status`` memory field (``VmRSS``, ``VmHWM``) in bytes; 0 where there is none."""
    try:
        text = Path("/proc/self/status").read_text()
    except OSError:
        return 0
    found = next((line.split()[1] for line in text.splitlines() if line.startswith(field + ":")), "0")
    return int(found) * 1024


def _load_malloc_trim() -> Callable[[int], int] | None:
    try:
        trim = ctypes.CDLL(None).malloc_trim  # glibc's
    except (AttributeError, OSError, TypeError):  # another C library; Windows has no CDLL(None)
        return None
    trim.argtypes = [ctypes.c_size_t]
    return trim


_MALLOC_TRIM = _load_malloc_trim()


def _return_free_memory() -> None:
    """Give the C allocator's free memory back to the system, so that a timed call pays for the
    pages it touches, as a new process does. Otherwise a small size reuses the pages of its last run
    while a large one's buffers, over glibc's trim threshold, are faulted in again at every run,
    and the growth from one to the other counts page faults only the large size pays (what that
    did to the JSON writer: bench/README.md)."""
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)


def _reset_peak_rss() -> bool:
    """Reset this process's VmHWM to its current RSS (Linux 4.0+); False where that is not possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


class InProcess:
    """One in-process step at one size: its call and what it measured."""

    def __init__(self, call: Callable[[], object]) -> None:
        self.call = call
        self.sample = Sample(memory_kind="tracemalloc")

    def time_once(self) -> None:
        """One timed call; its rise of the resident set above the level before it (VmHWM after a
        reset: it misses memory Python reuses from earlier steps)."""
        sample = self.sample
        try:
            gc.collect()
            _return_free_memory()
            # The suite's own objects (earlier steps' documents, caches) out of the collector's
            # reach: its full collections would walk them too, and more at each size.
            gc.freeze()
            try:
                before = _status("VmRSS")
                reset = _reset_peak_rss()
                start = time.perf_counter()
                result = self.call()
                sample.times.append(time.perf_counter() - start)
            finally:
                gc.unfreeze()
            if reset:
                sample.memory = max(sample.memory, _status("VmHWM") - before)
            sample.output = len(result) if isinstance(result, bytes) else 0
        except Exception as exc:  # a broken writer is reported, the others still run
            sample.error = f"{type(exc).__name__}: {exc}"
            log(f"  FAILED: {sample.error}")

    def trace_peak(self, trace_limit: float) -> None:
        """tracemalloc's peak, from one more call, for calls of at most ``trace_limit`` seconds;
        tracing slows WeasyPrint's millions of small allocations tenfold, so a slower call keeps
        the rise of the resident set."""
        if self.sample.error or not self.sample.times:
            return
        if self.sample.median > trace_limit:
            self.sample.memory_kind = "RSS rise"
            return
        gc.collect()
        tracemalloc.start()
        try:
            self.call()
            self.sample.memory = tracemalloc.get_traced_memory()[1]
        except Exception as exc:
            self.sample.error = f"{type(exc).__name__}: {exc}"
        finally:
            tracemalloc.stop()


FormatsAt = Callable[[Size], tuple[str, ...]]  # the formats measured at a size (PDF: --pdf-sizes)


def writer(name: str, parsed: Parse) -> Callable[[], bytes]:
    """Format ``name``'s writer on ``parsed``, with the options `digestconv convert` gives it."""
    fmt = by_name(name)
    if fmt.write is None:
        raise ValueError(f"the format {name} has no writer")
    return partial(fmt.write, parsed.document, fmt.options_from({"diagnostics": parsed.diagnostics}))


def measure_in_process(sizes: list[Size], parsed: list[Parse], formats_at: FormatsAt, args: argparse.Namespace) -> None:
    """Parsing and each writer (on ``parsed``, one per size), every size of a step in turn, round
    after round: the sizes of a step are timed in the same stretch of the run, so that the
    machine's drift (its speed changes by a fifth over minutes) does not enter how time grows
    with the input."""
    log("in-process: warm-up (the writers; the sizes were parsed once already)")
    for name in formats_at(sizes[0]):
        try:
            writer(name, parsed[0])()
        except Exception as exc:
            log(f"  warm-up of {name} failed: {type(exc).__name__}: {exc}")
    rows: dict[str, list[tuple[Size, InProcess]]] = {"parse": []}
    for size, doc in zip(sizes, parsed, strict=True):
        rows["parse"].append((size, InProcess(partial(parse_file, size.source))))
        for name in formats_at(size):
            rows.setdefault(f"write {name}", []).append((size, InProcess(writer(name, doc))))
    for row, steps in rows.items():
        log(f"  {row}: {', '.join(f'{size.factor}x' for size, _ in steps)}")
        while any(step.sample.wanted(args.runs, args.budget) for _, step in steps):
            for _, step in steps:
                if step.sample.wanted(args.runs, args.budget):
                    step.time_once()
        for size, step in steps:
            step.trace_peak(args.trace_limit)
            size.rows[row] = step.sample


# --- whole processes ---------------------------------------------------------------------------


def measure_processes(sizes: list[Size], formats_at: FormatsAt, args: argparse.Namespace, tmp: Path) -> None:
    """Every format's process beside pandoc's, and ``build``, at every size: all alternate in the
    same rounds (see :func:`measure_in_process` on why the sizes too)."""
    steps: dict[str, Step] = {}
    outputs: dict[str, Path] = {}
    for size in sizes:
        at = f"{size.factor}x"
        for name in formats_at(size):
            ours = tmp / f"digestconv-{at}{EXTENSIONS[name]}"
            theirs = tmp / f"pandoc-{at}{EXTENSIONS[name]}"
            steps[f"{at} {name} digestconv"] = [digestconv("convert", str(size.source), "-o", str(ours))]
            steps[f"{at} {name} pandoc"] = pandoc_step(name, size.source, theirs)
            outputs |= {f"{at} {name} digestconv": ours, f"{at} {name} pandoc": theirs}
        formats = ",".join(formats_at(size))
        build = [digestconv("build", str(size.source), "-o", str(tmp / f"build-{at}"), "--formats", formats, "-q")]
        steps[f"{at} build"] = build
    log("processes: " + ", ".join(f"{size.factor}x" for size in sizes))
    samples = measure(steps, runs=args.runs, budget=args.budget, outputs=outputs, log=log)
    for size in sizes:
        at = f"{size.factor}x "
        size.rows |= {name.removeprefix(at): sample for name, sample in samples.items() if name.startswith(at)}
        four = tuple(name for name in PANDOC_FOUR if name in formats_at(size))
        size.pandoc_sum_of = four
        parts = [size.rows[f"{name} pandoc"] for name in four]
        total = Sample(memory=max((p.memory for p in parts), default=0))
        if parts and all(p.times for p in parts):
            total.times = [sum(p.median for p in parts)]
        total.error = "; ".join(p.error for p in parts if p.error)
        size.rows["pandoc sum"] = total


# --- the table ---------------------------------------------------------------------------------


def seconds(value: float | None) -> str:
    if value is None or value != value:
        return "–"
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def mebibytes(value: int | None) -> str:
    return "–" if not value else f"{value / 2**20:.1f} MiB" if value < 10 * 2**20 else f"{value / 2**20:.0f} MiB"


def cell(sizes: list[Size], name: str, what: str) -> list[str]:
    out = []
    for size in sizes:
        sample = size.rows.get(name)
        if sample is None:
            out.append("–")
        elif sample.error and not sample.times:
            out.append("failed")
        else:
            mark = " ʳ" if sample.memory_kind == "RSS rise" and sample.memory else ""
            out.append(seconds(sample.median) if what == "time" else mebibytes(sample.memory) + mark)
    return out


def growth(sizes: list[Size], name: str, what: str) -> str:
    """Last measured size over the first, ✓ if time grew at most linearly / memory less than linearly.

    The span is named when it is not the table's (PDF not measured at the largest size); rows that
    mean other things at different sizes (``build`` with and without PDF) show none.
    """
    measured = [s for s in sizes if _measured(s.rows.get(name), what)]
    if len(measured) < 2:
        return "–"
    first, last = measured[0], measured[-1]
    if name in ("build", "pandoc sum") and first.pandoc_sum_of != last.pandoc_sum_of:
        return "–"
    limit = last.factor / first.factor
    a, b = first.rows[name], last.rows[name]
    # A rise of the resident set misses the memory a step reuses of what Python kept from earlier
    # steps: it measures no growth. The step's process row has its peak.
    if what == "memory" and "RSS rise" in (a.memory_kind, b.memory_kind):
        return "–"
    factor = b.median / a.median if what == "time" else b.memory / a.memory
    ok = factor <= limit if what == "time" else factor < limit
    span = "" if (first, last) == (sizes[0], sizes[-1]) else f" ({last.factor}x/{first.factor}x)"
    return f"{factor:.1f}×{span} {'✓' if ok else '✗'}"


def _measured(sample: Sample | None, what: str) -> bool:
    return sample is not None and bool(sample.times) and (what == "time" or bool(sample.memory))


ROW_LABELS = {
    "parse": "parse (in-process)",
    "build": "`build`, all editions (process)",
    "pandoc sum": "pandoc's four (sum of processes)",
}


def label(name: str) -> str:
    if name in ROW_LABELS:
        return ROW_LABELS[name]
    if name.startswith("write "):
        return f"write {name[6:]} (in-process)"
    fmt, tool = name.split(" ", 1)
    return f"{fmt}: {tool} (process)"


def row_order(sizes: list[Size]) -> list[str]:
    seen: list[str] = []
    for size in sizes:
        seen += [name for name in size.rows if name not in seen]
    head = [n for n in seen if n == "parse" or n.startswith("write ")]
    procs = [n for n in seen if n.endswith(" digestconv") or n.endswith(" pandoc")]
    procs.sort(key=lambda n: (FORMATS.index(n.split()[0]), n.endswith("pandoc")))
    return head + procs + [n for n in ("build", "pandoc sum") if n in seen]


def table(sizes: list[Size], formats: tuple[str, ...]) -> str:
    names = [f"{s.factor}x" for s in sizes]
    span = f"{names[-1]}/{names[0]}"
    lines = [
        f"| step | {' | '.join(f'time {n}' for n in names)} | time {span} "
        f"| {' | '.join(f'memory {n}' for n in names)} | memory {span} |",
        "|---" * (2 * len(sizes) + 3) + "|",
    ]
    for name in row_order(sizes):
        lines.append(
            f"| {label(name)} | {' | '.join(cell(sizes, name, 'time'))} | {growth(sizes, name, 'time')} "
            f"| {' | '.join(cell(sizes, name, 'memory'))} | {growth(sizes, name, 'memory')} |"
        )
    lines += [
        "",
        f"| digestconv / pandoc | {' | '.join(names)} | target | met | output {names[0]}, digestconv / pandoc |",
        "|---" * (len(sizes) + 4) + "|",
    ]
    for fmt in FORMATS:
        lines += ratio_row(sizes, f"{fmt}: process", f"{fmt} digestconv", f"{fmt} pandoc", PROCESS_TARGET)
    lines += ratio_row(sizes, "`build` / pandoc's four", "build", "pandoc sum", BUILD_TARGET)
    partial = [s for s in sizes if s.pandoc_sum_of and s.pandoc_sum_of != PANDOC_FOUR]
    if partial:
        four = " + ".join(partial[0].pandoc_sum_of)
        why = "PDF left out by --formats" if "pdf" not in formats else "PDF not measured at that size: --pdf-sizes"
        lines.append(
            f"\nAt {', '.join(f'{s.factor}x' for s in partial)}, `build` makes no PDF and pandoc's sum is of "
            f"{four} only ({why})."
        )
    return "\n".join(lines)


def ratio_row(sizes: list[Size], title: str, ours: str, theirs: str, target: float) -> list[str]:
    ratios: list[float | None] = []
    for size in sizes:
        a, b = size.rows.get(ours), size.rows.get(theirs)
        ratios.append(a.median / b.median if a and b and a.times and b.times else None)
    if all(r is None for r in ratios):
        return []
    good = [f"{s.factor}x" for s, r in zip(sizes, ratios, strict=True) if r is not None and r <= target]
    bad = [f"{s.factor}x" for s, r in zip(sizes, ratios, strict=True) if r is not None and r > target]
    met = "yes" if not bad else "no" if not good else f"at {', '.join(good)}; not at {', '.join(bad)}"
    shown = " | ".join("–" if r is None else f"{r:.2f}" for r in ratios)
    a, b = sizes[0].rows.get(ours), sizes[0].rows.get(theirs)
    output = f"{a.output / 1024:.0f} KiB / {b.output / 1024:.0f} KiB" if a and b and a.output and b.output else ""
    return [f"| {title} | {shown} | ≤ {target} | {met} | {output} |"]


def load_verdict(others: float) -> str:
    """Whether the rest of the machine left the suite alone (a tenth of a core is noise)."""
    return "a quiet machine" if others < 0.1 else "well above 0: the numbers are disturbed; rerun on a quiet machine"


def machine(sizes: list[Size], args: argparse.Namespace) -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or platform.machine(),
    )
    memory = next(
        (int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines() if "MemTotal" in line),
        0,
    )
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    from weasyprint import __version__ as weasyprint_version

    commit = subprocess.run(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], capture_output=True, text=True)
    inputs = ", ".join(f"{s.factor}x {s.kib:.0f} KiB ({s.reports} reports)" for s in sizes if s.reports)
    return "\n".join(
        [
            f"- machine: {cpu}, {cores} cores, {memory / 2**30:.0f} GiB memory, {platform.system()} "
            f"{platform.release()}",
            f"- software: {platform.python_implementation()} {platform.python_version()}, digestconv {__version__} "
            f"({commit.stdout.strip() or 'no git'}), {pandoc_version()} (pypandoc-binary), WeasyPrint "
            f"{weasyprint_version}",
            f"- inputs: {inputs}",
            f"- other load: processes outside the suite used {args.others:.2f} of the {cores} cores on average "
            f"during the run ({load_verdict(args.others)})",
            f"- method: median wall time of up to {args.runs} runs a step (fewer once a step has spent "
            f"{args.budget:g} s), the sizes of a step alternating, processes in rounds after a warm-up run; "
            "memory: in-process "
            f"tracemalloc's peak (ʳ: for steps over {args.trace_limit:g} s, the rise of the resident set instead), "
            "for processes the largest max RSS of one process",
        ]
    )


def _cpu_seconds() -> tuple[float, float]:
    """CPU seconds the whole machine has been busy (``/proc/stat``), and those of this suite and its children."""
    try:
        fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        busy = sum(int(fields[i]) for i in (0, 1, 2, 5, 6, 7)) / os.sysconf("SC_CLK_TCK")  # not idle, iowait
    except (OSError, ValueError, IndexError):
        busy = 0.0
    own = sum(
        usage.ru_utime + usage.ru_stime
        for usage in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN))
    )
    return busy, own


def parse_list(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,4,16", help="multiples of the seed (default: 1,4,16)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="default: all (epub,docx,pdf,tei,json)")
    parser.add_argument("--pdf-sizes", default="1,4", help="sizes at which PDF is measured (default: 1,4)")
    parser.add_argument("--runs", type=int, default=15, help="runs a step at most (default: 15)")
    parser.add_argument("--budget", type=float, default=15, help="seconds a step may spend on more runs (15)")
    parser.add_argument(
        "--trace-limit",
        type=float,
        default=5.0,
        help="in-process steps up to this many seconds get tracemalloc's peak, slower ones the RSS rise (5)",
    )
    parser.add_argument("--skip-in-process", action="store_true", help="only the whole processes")
    parser.add_argument("--markdown", type=Path, help="also write the table, with the machine, to this file")
    args = parser.parse_args()
    factors = sorted({int(s) for s in parse_list(args.sizes)})
    formats = tuple(f for f in FORMATS if f in parse_list(args.formats))
    unknown = set(parse_list(args.formats)) - set(FORMATS)
    if unknown or not formats:
        parser.error(f"--formats takes some of {', '.join(FORMATS)}")
    pdf_sizes = {int(s) for s in parse_list(args.pdf_sizes)}
    started = time.perf_counter()
    cpu = _cpu_seconds()
    sizes: list[Size] = []

    def formats_at(size: Size) -> tuple[str, ...]:
        return tuple(f for f in formats if f != "pdf" or size.factor in pdf_sizes)

    with tempfile.TemporaryDirectory(prefix="digestconv-bench-") as name:
        tmp = Path(name)

        parsed = []
        for factor in factors:
            size = Size(factor, synthesize(factor, tmp))
            size.kib = size.source.stat().st_size / 1024
            parsed.append(parse_file(size.source))
            size.reports = sum(1 for d in parsed[-1].document.body if d.kind == "report")
            sizes.append(size)
            log(f"{factor}x: {size.source.name}, {size.kib:.0f} KiB, {', '.join(formats_at(size))}")
        if not args.skip_in_process:
            measure_in_process(sizes, parsed, formats_at, args)
        measure_processes(sizes, formats_at, args, tmp)
    elapsed = time.perf_counter() - started
    machine_seconds, own_seconds = (b - a for a, b in zip(cpu, _cpu_seconds(), strict=True))
    args.others = max(0.0, machine_seconds - own_seconds) / elapsed
    text = table(sizes, formats)
    about = machine(sizes, args)
    print(f"\n{about}\n\n{text}\n\n(suite took {elapsed / 60:.1f} min)")
    failures = [(s.factor, n, r.error) for s in sizes for n, r in s.rows.items() if r.error]
    for factor, name, error in failures:
        print(f"FAILED at {factor}x: {name}: {error}")
    if args.markdown:
        command = "python bench/suite.py " + " ".join(sys.argv[1:])
        args.markdown.write_text(f"{about}\n- command: `{command.strip()}`\n\n{text}\n", encoding="utf-8")
        print(f"wrote {args.markdown}")


if __name__ == "__main__":
    main()
