"""Several editions of one document, written in parallel, each file written atomically.

The document is parsed once by the caller; each format's writer runs in a worker process (the
writers are pure Python and hold the GIL, so threads would not use the second core). A format
that fails is reported in its :class:`Outcome` and leaves no file behind; the others still
complete.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import DigestconvError
from .formats.registry import by_name
from .io import write_atomic
from .model import Document

if TYPE_CHECKING:
    from concurrent.futures import Future

# The editions `digestconv build` makes by default, the slowest first so that it starts first.
EDITIONS = ("pdf", "epub", "docx", "tei", "json")


@dataclass(frozen=True)
class Outcome:
    """What became of one format: the file written, the time its writer took, or the error."""

    format: str
    path: Path
    seconds: float
    error: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class Job:
    format: str
    path: Path
    options: object


State = Callable[[str, str], None]  # (format, "waiting" | "running" | "done" | "failed")


def plan(
    doc_name: str, out_dir: Path, names: tuple[str, ...], settings: Mapping[str, object], *, overwrite: bool
) -> list[Job]:
    """One job per format: ``out_dir/doc_name.EXT`` and the format's options from ``settings``.

    Unknown format names, and existing files when ``overwrite`` is off, fail here, before any
    writer runs.
    """
    jobs = []
    for name in names:
        fmt = by_name(name)
        if fmt.write is None:
            raise DigestconvError(f"format {fmt.name!r} cannot be written")
        path = out_dir / f"{doc_name}{fmt.extensions[0]}"
        if not overwrite and path.exists():
            raise DigestconvError(f"{path}: exists and overwriting is off (--no-clobber)")
        jobs.append(Job(fmt.name, path, fmt.options_from(settings)))
    return jobs


def write_one(doc: Document, job: Job, overwrite: bool = True) -> Outcome:
    """Run one writer and write its file; any failure becomes the outcome's error."""
    started = time.perf_counter()
    try:
        fmt = by_name(job.format)
        assert fmt.write is not None  # plan() checked
        write_atomic(job.path, fmt.write(doc, job.options), overwrite=overwrite)
    except DigestconvError as exc:
        return Outcome(job.format, job.path, time.perf_counter() - started, str(exc))
    except Exception as exc:  # a writer bug must not take the other editions down
        return Outcome(job.format, job.path, time.perf_counter() - started, f"{type(exc).__name__}: {exc}")
    return Outcome(job.format, job.path, time.perf_counter() - started)


def run(
    doc: Document,
    jobs: list[Job],
    *,
    workers: int | None = None,
    overwrite: bool = True,
    on_state: State | None = None,
) -> list[Outcome]:
    """Run the jobs, ``workers`` at a time (default: the available cores), in job order."""
    report = on_state or (lambda name, state: None)
    workers = min(workers or available_cores(), len(jobs))
    if workers <= 1:
        outcomes = []
        for job in jobs:
            report(job.format, "running")
            outcomes.append(write_one(doc, job, overwrite))
            report(job.format, "done" if outcomes[-1].ok else "failed")
        return outcomes
    # imported here: every command imports this module, and only `build` needs them
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # fork: the workers inherit the imported writers instead of importing them again
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(write_one, doc, job, overwrite) for job in jobs]
        return _collect(jobs, futures, report)


def _collect(jobs: list[Job], futures: list[Future[Outcome]], report: State) -> list[Outcome]:
    seen: dict[str, str] = {}
    while True:
        for job, future in zip(jobs, futures, strict=True):
            if future.done():
                state = "done" if future.result().ok else "failed"
            else:
                state = "running" if future.running() else "waiting"
            if seen.get(job.format) != state:
                seen[job.format] = state
                report(job.format, state)
        if all(future.done() for future in futures):
            return [future.result() for future in futures]
        time.sleep(0.05)


def available_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
