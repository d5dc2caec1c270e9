"""What the command line shows on the terminal: build progress and the checkers' summary (rich)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from rich.console import Console
from rich.live import Live
from rich.table import Table

from .build import Outcome
from .checks import CheckResult

_STYLE = {"waiting": "dim", "running": "yellow", "done": "green", "failed": "bold red"}


class BuildProgress:
    """A live table, one row per format: its state and time (on stderr, so stdout stays clean)."""

    def __init__(self, formats: Sequence[str]) -> None:
        self.console = Console(stderr=True)
        self.states = dict.fromkeys(formats, "waiting")
        self.started: dict[str, float] = {}
        self.seconds: dict[str, float] = {}
        self.paths: dict[str, str] = {}
        # no refresh thread: the build forks worker processes, which must not inherit a running thread
        self.live = Live(self._table(), console=self.console, auto_refresh=False, transient=False)

    def __enter__(self) -> BuildProgress:
        self.live.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.live.__exit__(kind, exc, tb)

    def update(self, fmt: str, state: str) -> None:
        self.states[fmt] = state
        if state == "running":
            self.started[fmt] = time.perf_counter()
        elif state in ("done", "failed") and fmt in self.started:
            self.seconds[fmt] = time.perf_counter() - self.started[fmt]
        self.live.update(self._table(), refresh=True)

    def finish(self, outcomes: Sequence[Outcome]) -> None:
        for outcome in outcomes:
            self.states[outcome.format] = "done" if outcome.ok else "failed"
            self.seconds[outcome.format] = outcome.seconds
            self.paths[outcome.format] = str(outcome.path) if outcome.ok else outcome.error
        self.live.update(self._table(), refresh=True)

    def _table(self) -> Table:
        table = Table(title="digestconv build", title_justify="left")
        table.add_column("format")
        table.add_column("state")
        table.add_column("time", justify="right")
        table.add_column("file")
        for fmt, state in self.states.items():
            seconds = f"{self.seconds[fmt]:.2f} s" if fmt in self.seconds else ""
            table.add_row(fmt, f"[{_STYLE[state]}]{state}[/]", seconds, self.paths.get(fmt, ""))
        return table


def print_checks(results: Sequence[tuple[Path, CheckResult]]) -> None:
    """One summary table of every checker run on every file (on stdout)."""
    table = Table(title="digestconv validate", title_justify="left")
    table.add_column("file", overflow="fold")
    for column in ("checker", "result", "errors", "warnings", "first problem"):
        table.add_column(column)
    for path, result in results:
        verdict = "[green]pass[/]" if result.passed else "[bold red]FAIL[/]"
        first = (result.errors or result.warnings or ("",))[0]
        table.add_row(
            path.name, result.checker, verdict, str(len(result.errors)), str(len(result.warnings)), first[:120]
        )
    Console().print(table)
