"""The independent checkers a publisher or archivist would run on the editions.

EPUBCheck and DAISY Ace for EPUB, the PDF/UA checkers for PDF, the TEI ``tei_all`` schema for
TEI, openxml-audit, LibreOffice and pandoc for DOCX. The project's set-up (``.ci/setup``)
installs them: Python tools into the virtual environment, other files under :func:`tools_dir`,
system programs from Debian. Each checker module (one per format) returns a :class:`CheckResult`;
a checker whose tool is not installed raises :class:`CheckerMissing`, so a test fails instead of
silently skipping.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from ..errors import DigestconvError


class CheckerMissing(DigestconvError):
    """A checker's tool is not installed (run .ci/setup)."""


@dataclass(frozen=True)
class CheckResult:
    checker: str
    passed: bool
    errors: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    details: str = ""

    def summary(self) -> str:
        state = "pass" if self.passed else "FAIL"
        return f"{self.checker}: {state} ({len(self.errors)} errors, {len(self.warnings)} warnings)"


def tools_dir() -> Path:
    """Where set-up puts checker files that are not Python packages (``$DIGESTCONV_TOOLS`` or ``.tools/``)."""
    configured = os.environ.get("DIGESTCONV_TOOLS")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / ".tools"


def program(name: str, hint: str) -> str:
    """The path of an executable, looked up beside this Python first, then on PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise CheckerMissing(f"{name} is not installed ({hint}); run .ci/setup")
    return found
