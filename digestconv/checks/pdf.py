"""PDF checkers: page-validation (its PDF/UA-1 profile), outloud (PDF/UA-1 and WCAG), poppler.

page-validation and outloud are PyPI packages (the test extra); ``pdfinfo`` and ``pdffonts``
come from Debian's poppler-utils. Like ``../shared/tools/check-pdfua.sh``: page-validation must
find the file compliant, outloud must report no error (its warnings are kept in the result),
``pdfinfo`` must say ``Tagged: yes``.
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess

from . import CheckerMissing, CheckResult, program


def page_validation(path: str | os.PathLike[str]) -> CheckResult:
    """page-validation with the PDF/UA-1 profile: passes when it finds the file compliant."""
    try:
        page = importlib.import_module("page")
    except ImportError:
        raise CheckerMissing("page-validation is not installed (PyPI page-validation); run .ci/setup") from None
    report = page.validate_pdf(str(path), profile=page.ValidationProfile.PDF_UA_1)
    errors = tuple(f"[{f.category.value}] {f.rule_id}: {f.message}" for f in report.failures)
    details = f"rules {report.rules.passed}/{report.rules.total} passed, {report.rules.failed} failed"
    return CheckResult("page-validation PDF/UA-1", bool(report.is_compliant) and not errors, errors, details=details)


def outloud(path: str | os.PathLike[str]) -> CheckResult:
    """outloud: passes with no finding of severity error; warnings are reported, not failed."""
    command = [program("outloud", "PyPI outloud"), "--fail-on", "never", "--json", "-", str(path)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        [result] = json.loads(run.stdout)["results"]
    except (json.JSONDecodeError, KeyError, ValueError):
        return CheckResult("outloud", False, (f"no report (exit {run.returncode}): {run.stderr.strip()[-500:]}",))
    findings = result.get("findings", [])
    errors = tuple(_finding(f) for f in findings if f.get("severity") == "error")
    warnings = tuple(_finding(f) for f in findings if f.get("severity") == "warning")
    if result.get("error"):
        errors += (str(result["error"]),)
    return CheckResult("outloud", not errors, errors, warnings, details=f"verdict {result.get('verdict')}")


def _finding(finding: dict) -> str:
    return f"{finding.get('rule')} p.{finding.get('page')}: {finding.get('message')}"


def pdfinfo(path: str | os.PathLike[str], *args: str) -> str:
    """The output of poppler's ``pdfinfo`` (``-struct-text`` gives the structure tree)."""
    return _poppler("pdfinfo", *args, str(path))


def pdffonts(path: str | os.PathLike[str]) -> str:
    return _poppler("pdffonts", str(path))


def tagged(path: str | os.PathLike[str]) -> CheckResult:
    """poppler: the PDF declares itself tagged (``Tagged: yes``)."""
    info = pdfinfo(path)
    ok = any(line.split() == ["Tagged:", "yes"] for line in info.splitlines())
    return CheckResult("pdfinfo", ok, () if ok else ("pdfinfo does not report Tagged: yes",), details=info)


def _poppler(name: str, *args: str) -> str:
    run = subprocess.run([program(name, "Debian poppler-utils"), *args], capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        raise RuntimeError(f"{name} failed (exit {run.returncode}): {run.stderr.strip()[-300:]}")
    return run.stdout
