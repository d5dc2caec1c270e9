"""Independent checks of a DOCX: openxml-audit, LibreOffice headless, pandoc's reader.

* :func:`openxml_audit`: ECMA-376 schema, semantic and Word app-compat rules; any error fails.
* :func:`libreoffice_convert`: LibreOffice converts files headless (to PDF, or re-saves a DOCX).
  ``soffice`` exits 0 even when it cannot load a file, so success is the output file existing;
  what it printed, returned with the files, is its only account of a failure.
  It runs with the home that ``.ci/setup.d/40-docx-tools.sh`` prepares: a ready profile and the
  East Asian font fallback of ``styles/docx/fonts.conf``.
* :func:`pandoc_structure`: what pandoc's DOCX reader sees (headings per level, list items,
  footnotes), to compare with :func:`model_structure`.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import CONTAINERS, Division, Document, Inline, ListBlock, Note, Paragraph, Quote
from . import CheckerMissing, CheckResult, program, tools_dir


def openxml_audit(path: Path) -> CheckResult:
    audit = program("openxml-audit", "PyPI openxml-audit, the test extra")
    done = subprocess.run([audit, "-o", "json", "-m", "0", str(path)], capture_output=True, text=True, timeout=300)
    try:
        report = json.loads(done.stdout)[0]
    except (json.JSONDecodeError, IndexError, KeyError):
        return CheckResult("openxml-audit", False, (f"no report (exit {done.returncode}): {done.stderr[-500:]}",))
    errors = tuple(f"{e.get('part_uri', '')} {e.get('path', '')}: {e.get('description', '')}" for e in report["errors"])
    warnings = tuple(str(w.get("description", w)) for w in report.get("warnings", []))
    return CheckResult("openxml-audit", not errors and report["valid"], errors, warnings, report["verdict"]["headline"])


def libreoffice_convert(sources: Sequence[Path], to: str, outdir: Path) -> tuple[list[Path], str]:
    """Convert ``sources`` with one LibreOffice run (``to`` is "pdf" or "docx"): the files
    written, in order, and what LibreOffice printed. A source LibreOffice could not convert has no
    output: check it exists, and show the printout, its only account of why."""
    soffice = program("soffice", "Debian libreoffice-writer")
    home = tools_dir() / "libreoffice"
    if not (home / "profile").is_dir():
        raise CheckerMissing(f"the LibreOffice home of the DOCX checks is missing ({home}); run .ci/setup")
    outdir.mkdir(parents=True, exist_ok=True)
    command = [soffice, "--headless", "--norestore", f"-env:UserInstallation={(home / 'profile').resolve().as_uri()}"]
    command += ["--convert-to", to, "--outdir", str(outdir), *map(str, sources)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        errors="replace",
        timeout=600,
        env={**os.environ, "HOME": str(home.resolve())},
    )
    printed = " ".join((done.stdout + done.stderr).split())[-2000:] or "no output"
    said = f"soffice exited with {done.returncode}: {printed}"
    return [outdir / f"{source.stem}.{to}" for source in sources], said


def libreoffice_pdf(path: Path, outdir: Path) -> CheckResult:
    """LibreOffice converts ``path`` to a PDF of at least one page."""
    (pdf,), said = libreoffice_convert([path], "pdf", outdir)
    if not pdf.is_file() or pdf.stat().st_size == 0:
        return CheckResult("libreoffice", False, (f"LibreOffice wrote no PDF for {path.name} ({said})",))
    info = subprocess.run([program("pdfinfo", "Debian poppler-utils"), str(pdf)], capture_output=True, text=True)
    pages = next((line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")), "0")
    passed = info.returncode == 0 and int(pages) > 0
    return CheckResult(
        "libreoffice", passed, () if passed else (f"unreadable PDF: {info.stderr}",), details=f"{pages} pages"
    )


@dataclass(frozen=True)
class Structure:
    """What a reader of the DOCX should find."""

    headings: dict[int, int] = field(default_factory=dict)  # level -> count
    list_items: int = 0
    notes: int = 0


def pandoc_structure(path: Path) -> Structure:
    """Headings per level, list items and footnotes as pandoc's DOCX reader finds them."""
    spec = importlib.util.find_spec("pypandoc")
    pandoc = Path(spec.origin).parent / "files" / "pandoc" if spec and spec.origin else None
    if pandoc is None or not pandoc.exists():
        raise CheckerMissing("pandoc is not installed (PyPI pypandoc-binary, the test extra); run .ci/setup")
    done = subprocess.run([str(pandoc), "-f", "docx", "-t", "json", str(path)], capture_output=True, timeout=300)
    if done.returncode != 0:
        raise AssertionError(f"pandoc could not read {path}: {done.stderr.decode(errors='replace')}")
    headings: Counter[int] = Counter()
    counts: Counter[str] = Counter()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            kind = node.get("t")
            if kind == "Header":
                headings[node["c"][0]] += 1
            elif kind == "Note":
                counts["notes"] += 1
            elif kind == "BulletList":
                counts["items"] += len(node["c"])
            elif kind == "OrderedList":
                counts["items"] += len(node["c"][1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(done.stdout)["blocks"])
    return Structure(dict(sorted(headings.items())), counts["items"], counts["notes"])


def model_structure(doc: Document) -> Structure:
    """The same counts from the model. The DOCX sets a leading front ``titlepage`` as its Title,
    not a heading; list items inside notes are left out, as pandoc's DOCX reader (3.9) reads
    footnote paragraphs without their numbering."""
    headings: Counter[int] = Counter()
    counts: Counter[str] = Counter()

    def division(div: Division, depth: int, title: bool) -> None:
        if not title:
            headings[depth] += 1
        for block in div.blocks:
            blocks(block)
        for child in div.children:
            division(child, depth + 1, False)

    def blocks(block: object, in_note: bool = False) -> None:
        if isinstance(block, ListBlock):
            counts["items"] += 0 if in_note else len(block.items)
            for item in block.items:
                for child in item.blocks:
                    blocks(child, in_note)
        elif isinstance(block, Quote):
            for child in block.blocks:
                blocks(child, in_note)
        elif isinstance(block, Paragraph):
            inlines(block.inlines)

    def inlines(nodes: tuple[Inline, ...]) -> None:
        for node in nodes:
            if isinstance(node, Note):
                counts["notes"] += 1
                for child in node.blocks:
                    blocks(child, in_note=True)
            elif isinstance(node, CONTAINERS):
                inlines(node.children)

    for part in (doc.front, doc.body, doc.back):
        for i, div in enumerate(part):
            division(div, 1, part is doc.front and i == 0 and div.kind == "titlepage")
    return Structure(dict(sorted(headings.items())), counts["items"], counts["notes"])
