"""Independent checkers on the PDF edition: page-validation (PDF/UA-1 profile), outloud, poppler.

A missing checker fails these tests (CheckerMissing), it never skips them. Each checker is also
shown a damaged file, so a pass means the checker looked.
"""

from __future__ import annotations

import pikepdf
import pytest
from hypothesis import HealthCheck, Phase, given, settings

from digestconv import strategies
from digestconv.checks import CheckerMissing
from digestconv.checks import pdf as check
from digestconv.formats.pdf import write
from digestconv.model import Division, Document, LineBreak, Link, Metadata, Paragraph, Text

from .pdf_support import printable, seed_pdf, struct_text

FEW = settings(
    max_examples=3,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def seed_path(tmp_path_factory):
    return seed_pdf(tmp_path_factory.getbasetemp())


def explain(result) -> str:
    return "\n".join([result.summary(), result.details, *result.errors, *result.warnings])


def test_page_validation_finds_the_compendium_pdf_ua_1_compliant(seed_path):
    result = check.page_validation(seed_path)
    assert result.passed and not result.errors, explain(result)
    assert result.details == "rules 104/104 passed, 0 failed"


def test_outloud_reports_no_error(seed_path):
    result = check.outloud(seed_path)
    assert result.passed and not result.errors, explain(result)


def test_pdfinfo_tagged_and_the_expected_tree(seed_path):
    assert check.tagged(seed_path).passed
    text = struct_text(seed_path)
    lines = [line.strip() for line in text.splitlines()]
    assert lines[0] == "Document" and lines[1] == "Part:"
    for expected in (
        "Sect <r2024-01>:",
        "Sect <r2024-15.3.4>:",
        "Note <note-2> (inline)",
        "TOC",
        "TOCI",
        "Lbl (block)",
    ):
        assert expected in lines, expected
    report = lines.index("Sect <r2024-01>:")
    assert lines[report + 1 : report + 3] == ["/kind (kind) (report)", "H1 (block)"]


@FEW
@given(strategies.documents())
def test_checkers_pass_generated_documents(tmp_path_factory, doc):
    path = tmp_path_factory.mktemp("gen") / "doc.pdf"
    path.write_bytes(write(printable(doc)))
    for result in (check.page_validation(path), check.outloud(path), check.tagged(path)):
        assert result.passed, explain(result)


def test_checkers_pass_a_document_without_title_and_links_without_text(tmp_path):
    """The model allows both; PDF/UA needs a title to show and a description for every link."""
    links = (Link("#r", (LineBreak(),)), Link("https://example.org/", (Text("\u3000"),)))
    report = Division("report", "r", "一、", (Text("報告"),), blocks=(Paragraph((Text("見"), *links)),))
    path = tmp_path / "untitled.pdf"
    path.write_bytes(write(Document(Metadata("\xa0", "urn:x:untitled"), body=(report,))))
    for result in (check.page_validation(path), check.outloud(path), check.tagged(path)):
        assert result.passed, explain(result)


def test_checkers_catch_a_broken_file(seed_path, tmp_path):
    broken = tmp_path / "broken.pdf"
    with pikepdf.open(seed_path) as pdf:
        del pdf.Root.Lang
        del pdf.Root.MarkInfo
        pdf.save(broken)
    result = check.page_validation(broken)
    assert not result.passed and any("Lang" in e or "lang" in e for e in result.errors), explain(result)
    assert not check.outloud(broken).passed
    assert not check.tagged(broken).passed


def test_a_missing_checker_fails_loudly(monkeypatch, tmp_path, seed_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("sys.executable", str(tmp_path / "python"))
    with pytest.raises(CheckerMissing, match=r"run \.ci/setup"):
        check.outloud(seed_path)
    with pytest.raises(CheckerMissing, match="poppler"):
        check.tagged(seed_path)
    monkeypatch.setitem(__import__("sys").modules, "page", None)
    with pytest.raises(CheckerMissing, match="page-validation"):
        check.page_validation(seed_path)
