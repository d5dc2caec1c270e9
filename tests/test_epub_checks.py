"""Independent checkers on the EPUB edition: EPUBCheck 5.3 (errors and warnings) and DAISY Ace.

A missing checker fails these tests (CheckerMissing), it never skips them. Each checker is also
shown a damaged book, so a pass means the checker looked.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from digestconv import strategies
from digestconv.checks import CheckerMissing, CheckResult
from digestconv.checks import epub as check
from digestconv.formats.epub import EpubOptions, write
from digestconv.model import Document

# Each example starts a JVM (about 5 s): a few, reproducible, not shrunk.
FEW = settings(
    max_examples=3,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


def clean(result: CheckResult) -> bool:
    return result.passed and not result.errors and not result.warnings


def explain(result: CheckResult) -> str:
    return "\n".join([result.summary(), *result.errors, *result.warnings])


def save(tmp_path: Path, data: bytes, name: str = "book.epub") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def tampered(data: bytes, name: str, change: Callable[[bytes], bytes]) -> bytes:
    """The EPUB with one file changed, everything else as written."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            target.writestr(info, change(content) if info.filename == name else content)
    return out.getvalue()


@pytest.fixture(scope="module")
def seed_bytes(seed_parse) -> bytes:
    return write(seed_parse.document)


@pytest.mark.parametrize("vertical", [False, True], ids=["horizontal", "vertical"])
def test_epubcheck_passes_the_compendium_without_warnings(seed_parse, tmp_path, vertical):
    result = check.epubcheck(save(tmp_path, write(seed_parse.document, EpubOptions(vertical=vertical))))
    assert clean(result), explain(result)
    assert result.details == "EPUBCheck 5.3.0"


@FEW
@given(strategies.documents())
def test_epubcheck_passes_generated_documents(tmp_path_factory, doc: Document):
    data = write(doc, EpubOptions(vertical=len(doc.body) % 2 == 1))
    result = check.epubcheck(save(tmp_path_factory.mktemp("gen"), data))
    assert clean(result), explain(result)


def test_epubcheck_catches_an_empty_nav_list(seed_bytes, tmp_path):
    # The ebooklib pitfall the writer avoids: an empty <ol> in the navigation document.
    broken = tampered(
        seed_bytes, "EPUB/nav.xhtml", lambda nav: nav.replace(b"</li></ol></nav>", b"<ol/></li></ol></nav>", 1)
    )
    assert broken != seed_bytes
    result = check.epubcheck(save(tmp_path, broken))
    assert not result.passed and any("RSC-005" in e for e in result.errors), explain(result)


def test_ace_reports_no_violation_for_the_compendium(seed_bytes, tmp_path):
    result = check.ace(save(tmp_path, seed_bytes))
    assert clean(result), explain(result)
    for prop in (
        "schema:accessMode",
        "schema:accessibilityFeature",
        "schema:accessibilitySummary",
        "dcterms:conformsTo",
    ):
        assert prop in result.details


def test_ace_catches_a_document_without_language(seed_bytes, tmp_path):
    name = "EPUB/005-r2024-01.xhtml"
    broken = tampered(
        seed_bytes, name, lambda xhtml: xhtml.replace(b' lang="zh-Hant-TW" xml:lang="zh-Hant-TW"', b"", 1)
    )
    assert broken != seed_bytes
    result = check.ace(save(tmp_path, broken))
    assert not result.passed and any("005-r2024-01.xhtml" in e and "lang" in e for e in result.errors), explain(result)


def test_a_missing_checker_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv("DIGESTCONV_TOOLS", str(tmp_path))
    with pytest.raises(CheckerMissing, match=r"run \.ci/setup"):
        check.ace(tmp_path / "book.epub")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(CheckerMissing, match="java"):
        check.epubcheck(tmp_path / "book.epub")
