"""Which checkers apply to a file (by its extension), and running them all: ``digestconv validate``."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import DigestconvError
from . import CheckerMissing, CheckResult

Checker = Callable[[Path], CheckResult]


def _epub() -> list[Checker]:
    from .epub import ace, epubcheck

    return [epubcheck, ace]


def _docx() -> list[Checker]:
    from .docx import libreoffice_pdf, openxml_audit

    def libreoffice(path: Path) -> CheckResult:
        with tempfile.TemporaryDirectory(prefix="digestconv-lo.") as out:
            return libreoffice_pdf(path, Path(out))

    return [openxml_audit, libreoffice]


def _pdf() -> list[Checker]:
    from .pdf import outloud, page_validation, tagged

    return [page_validation, outloud, tagged]


def _tei() -> list[Checker]:
    from .tei import jing

    return [jing]


def _json() -> list[Checker]:
    from .model_json import model_reader

    return [model_reader]


CHECKERS: dict[str, Callable[[], list[Checker]]] = {
    ".epub": _epub,
    ".docx": _docx,
    ".pdf": _pdf,
    ".xml": _tei,
    ".tei": _tei,
    ".json": _json,
}


def validate(path: Path) -> list[CheckResult]:
    """Every checker for ``path``; a checker that is not installed is a failed result, not a skip."""
    if not path.is_file():
        raise DigestconvError(f"{path}: no such file")
    try:
        checkers = CHECKERS[path.suffix.lower()]()
    except KeyError:
        known = ", ".join(sorted(CHECKERS))
        raise DigestconvError(
            f"{path}: no checker for {path.suffix or 'files without an extension'} ({known})"
        ) from None
    results = []
    for checker in checkers:
        try:
            results.append(checker(path))
        except CheckerMissing as exc:
            results.append(CheckResult(checker.__name__, False, (str(exc),)))
    return results
