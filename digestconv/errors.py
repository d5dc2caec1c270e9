"""The one exception family users catch, and the diagnostics readers report."""

from __future__ import annotations

from dataclasses import dataclass


class DigestconvError(Exception):
    """Base of every error digestconv raises for bad input or impossible requests."""


class ModelError(DigestconvError):
    """A document tree breaks the content model (see :func:`digestconv.model.validate`)."""


class OutputExists(DigestconvError):
    """The output file exists and the overwrite policy says to keep it."""


class InputError(DigestconvError):
    """Input that cannot be read: the message names the file and, where known, the line."""

    def __init__(self, message: str, *, source: str = "", line: int | None = None) -> None:
        self.source = source
        self.line = line
        self.reason = message
        where = source + (f":{line}" if line is not None else "") if source else ""
        super().__init__(f"{where}: {message}" if where else message)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One repair or observation a reader made, tied to a 1-based source line.

    ``code`` names the rule (``page-break-join``, ``inferred-heading``, ``footnote-bound``,
    ``toc-title-mismatch``, ``furniture-dropped``, …). ``related_line`` is the other line
    involved, if any: for a join, the first line of the continuation. ``dropped`` holds the
    source characters a rule removed as not content (page furniture, a false list number), so
    that an audit can account for every character.
    """

    code: str
    line: int
    message: str
    related_line: int | None = None
    dropped: str = ""

    def __str__(self) -> str:
        lines = f"{self.line}" + (f"-{self.related_line}" if self.related_line else "")
        return f"line {lines}: [{self.code}] {self.message}"
