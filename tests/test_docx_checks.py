"""The DOCX edition under independent checkers: openxml-audit, LibreOffice headless, pandoc.

A missing checker fails these tests (CheckerMissing); .ci/setup installs them all. LibreOffice
is slow to start, so it runs twice for the whole module: once to PDF, once re-saving a DOCX.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from digestconv.checks import CheckerMissing, program
from digestconv.checks.docx import (
    libreoffice_convert,
    libreoffice_pdf,
    model_structure,
    openxml_audit,
    pandoc_structure,
)
from digestconv.formats.docx import read, write
from digestconv.formats.docx.normalize import normalize
from digestconv.model import Division, Document, Metadata, Paragraph, Text

from .test_docx import sample_document

# Han characters whose Traditional Chinese and Japanese glyphs differ (令 冷 直 骨 述 說 這 …).
GLYPH_TEST = "令冷直骨述誤這說角"


@pytest.fixture(scope="module")
def files(tmp_path_factory, seed_parse) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("docx-checks")
    files = {"seed": out / "seed.docx", "sample": out / "sample.docx"}
    files["seed"].write_bytes(write(seed_parse.document))
    files["sample"].write_bytes(write(sample_document()))
    return files


@pytest.fixture(scope="module")
def glyph_files(tmp_path_factory) -> dict[str, Path]:
    """The same zh-TW line as written, and with the fonts and language swapped in the styles."""
    out = tmp_path_factory.mktemp("glyphs")
    doc = Document(
        Metadata("glyphs", "urn:x", "zh-Hant-TW"),
        body=(Division("report", "r1", "", (Text(GLYPH_TEST),), blocks=(Paragraph((Text(GLYPH_TEST),)),)),),
    )
    data = write(doc)
    variants = {
        "ours": {},
        "tc": {b'w:eastAsia="PMingLiU"': b'w:eastAsia="Noto Serif CJK TC"'},
        "ja": {
            b'w:eastAsia="PMingLiU"': b'w:eastAsia="Noto Serif CJK JP"',
            b'w:eastAsia="zh-TW"': b'w:eastAsia="ja-JP"',
        },
    }
    paths = {}
    for name, swaps in variants.items():
        paths[name] = out / f"{name}.docx"
        paths[name].write_bytes(_swap_styles(data, swaps))
    return paths


def _swap_styles(data: bytes, swaps: dict[bytes, bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "word/styles.xml":
                for old, new in swaps.items():
                    assert old in content
                    content = content.replace(old, new)
            dst.writestr(info, content)
    return out.getvalue()


@pytest.fixture(scope="module")
def pdfs(files, glyph_files, tmp_path_factory) -> tuple[dict[str, Path], str]:
    """Each source's PDF from one LibreOffice run, and what LibreOffice printed."""
    sources = [files["seed"], files["sample"], *glyph_files.values()]
    written, said = libreoffice_convert(sources, "pdf", tmp_path_factory.mktemp("pdf"))
    return dict(zip(["seed", "sample", *(f"glyph-{n}" for n in glyph_files)], written, strict=True)), said


@pytest.mark.parametrize("name", ["seed", "sample"])
def test_openxml_audit_finds_no_error(files, name):
    result = openxml_audit(files[name])
    assert result.passed, result.errors


@pytest.mark.parametrize("name", ["seed", "sample"])
def test_libreoffice_converts_to_pdf(pdfs, name):
    written, said = pdfs
    pdf = written[name]
    assert pdf.is_file() and pdf.stat().st_size > 0, f"LibreOffice wrote no PDF for {name}; {said}"
    info = subprocess.run([program("pdfinfo", "poppler-utils"), str(pdf)], capture_output=True, text=True)
    pages = int(next(line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")))
    # The compendium has 21 reports, each starting on a new page, plus its front and back matter.
    assert pages >= (30 if name == "seed" else 2)


def test_libreoffice_check_fails_without_a_pdf(tmp_path):
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    result = libreoffice_pdf(broken, tmp_path / "out")
    assert not result.passed
    assert result.errors[0].startswith("LibreOffice wrote no PDF for broken.docx (soffice exited with ")


def test_east_asian_text_is_set_in_a_traditional_chinese_face(pdfs, tmp_path):
    """PMingLiU falls back to Noto Serif CJK TC, and zh-TW picks the Taiwanese glyph forms."""
    pdftoppm = program("pdftoppm", "Debian poppler-utils")
    written, said = pdfs
    images = {}
    for name in ("ours", "tc", "ja"):
        pdf = written[f"glyph-{name}"]
        assert pdf.is_file(), f"LibreOffice wrote no PDF for {name}; {said}"
        stem = tmp_path / name
        subprocess.run(
            [pdftoppm, "-r", "100", "-png", "-singlefile", "-f", "2", "-l", "2", str(pdf), str(stem)], check=True
        )
        images[name] = stem.with_suffix(".png").read_bytes()
    assert images["ours"] == images["tc"]
    assert images["ours"] != images["ja"]


@pytest.mark.parametrize("name", ["seed", "sample"])
def test_pandoc_sees_the_headings_lists_and_notes(files, seed_parse, name):
    doc = seed_parse.document if name == "seed" else sample_document()
    assert pandoc_structure(files[name]) == model_structure(doc)


def test_reader_tolerates_libreoffice_resave(files, seed_parse, tmp_path):
    (resaved,), said = libreoffice_convert([files["seed"]], "docx", tmp_path)
    assert resaved.is_file(), f"LibreOffice did not re-save the DOCX; {said}"
    assert resaved.read_bytes() != files["seed"].read_bytes()
    assert read(resaved) == normalize(seed_parse.document, resaved=True)


def test_missing_tools_fail_loudly(monkeypatch, tmp_path, files):
    monkeypatch.setenv("DIGESTCONV_TOOLS", str(tmp_path / "nothing"))
    with pytest.raises(CheckerMissing):
        libreoffice_convert([files["seed"]], "pdf", tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr("sys.executable", str(tmp_path / "python"))
    with pytest.raises(CheckerMissing):
        openxml_audit(files["seed"])
