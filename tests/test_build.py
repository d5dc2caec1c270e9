"""``digestconv build``: every edition from one parse, in parallel; failures isolated; the
overwrite policy; and ``digestconv validate``."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path

import pytest

from digestconv import build
from digestconv.cli import main
from digestconv.formats.registry import by_name

from .conftest import ROOT, SEED

EXTENSIONS = {"pdf": ".pdf", "epub": ".epub", "docx": ".docx", "tei": ".xml", "json": ".json"}


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "160"}
    command = [sys.executable, "-m", "digestconv", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, timeout=600)


def test_build_with_no_arguments_writes_every_edition_into_editions(tmp_path):
    """Run from a scratch directory: the default source is the bundled compendium, the default
    output directory ``editions/`` under the current directory."""
    result = run("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in (tmp_path / "editions").iterdir())
    assert written == sorted(f"compendium-2024{ext}" for ext in EXTENSIONS.values())
    for name in build.EDITIONS:  # the progress table names every format and its final state
        assert name in result.stderr
    assert result.stderr.count("done") == len(build.EDITIONS)


def test_chosen_formats_only_and_quiet(tmp_path):
    result = run("build", str(SEED), "-o", str(tmp_path), "--formats", "tei,json", "--quiet")
    assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compendium-2024.json", "compendium-2024.xml"]


def test_unknown_format_is_refused_before_anything_is_written(tmp_path):
    result = run("build", str(SEED), "-o", str(tmp_path / "out"), "--formats", "epub,odt")
    assert result.returncode == 2 and "unknown format 'odt'" in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_failing_format_leaves_no_file_and_the_others_complete(tmp_path, monkeypatch, capsys, jobs):
    real = by_name

    def broken(name: str):
        fmt = real(name)
        if fmt.name != "docx":
            return fmt

        def explode(doc, options):
            raise RuntimeError("the DOCX writer fell over")

        return dataclasses.replace(fmt, write=explode)

    monkeypatch.setattr(build, "by_name", broken)  # the worker processes are forked: they see it too
    status = main(["build", str(SEED), "-o", str(tmp_path), "--formats", "docx,tei,json", "-j", jobs, "-q"])
    assert status == 1
    assert "docx: RuntimeError: the DOCX writer fell over" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compendium-2024.json", "compendium-2024.xml"]


def test_no_clobber_keeps_existing_files(tmp_path):
    existing = tmp_path / "compendium-2024.xml"
    existing.write_text("keep me")
    result = run("build", str(SEED), "-o", str(tmp_path), "--formats", "json,tei", "--no-clobber", "-q")
    assert result.returncode == 1 and "exists and overwriting is off" in result.stderr
    assert existing.read_text() == "keep me" and not (tmp_path / "compendium-2024.json").exists()
    result = run("convert", str(SEED), "-o", str(existing), "-n")
    assert result.returncode == 1 and existing.read_text() == "keep me"
    assert run("convert", str(SEED), "-o", str(existing)).returncode == 0  # the default replaces
    assert existing.read_bytes().startswith(b"<?xml")


def test_edition_options_reach_the_writers(tmp_path):
    epub = tmp_path / "v.epub"
    assert main(["convert", str(SEED), "-o", str(epub), "--vertical"]) == 0
    import zipfile

    with zipfile.ZipFile(epub) as book:
        opf = next(name for name in book.namelist() if name.endswith(".opf"))
        assert b'page-progression-direction="rtl"' in book.read(opf)


def test_validate_prints_one_table_and_fails_on_a_bad_file(tmp_path):
    assert run("build", str(SEED), "-o", str(tmp_path), "--formats", "tei,docx,json", "-q").returncode == 0
    good_tei, good_docx = tmp_path / "compendium-2024.xml", tmp_path / "compendium-2024.docx"
    result = run("validate", str(good_tei), str(good_docx))
    assert result.returncode == 0, result.stdout + result.stderr
    for checker in ("jing tei_all", "openxml-audit", "libreoffice"):
        assert checker in result.stdout
    bad = tmp_path / "bad.xml"
    bad.write_bytes(good_tei.read_bytes().replace(b"<availability>", b"<availability><shelfmark/>", 1))
    result = run("validate", str(bad))
    assert result.returncode == 1 and "FAIL" in result.stdout and "shelfmark" in result.stdout
    good_json = tmp_path / "compendium-2024.json"
    assert run("validate", str(good_json)).returncode == 0
    bad_json = tmp_path / "bad.json"
    bad_json.write_text(good_json.read_text(encoding="utf-8").replace('"kind":"report"', '"kind":7', 1))
    result = run("validate", str(bad_json))
    assert result.returncode == 1 and "digestconv model" in result.stdout and "FAIL" in result.stdout


def test_validate_runs_the_pdf_ua_checkers(tmp_path):
    assert run("build", str(SEED), "-o", str(tmp_path), "--formats", "pdf", "-q").returncode == 0
    result = run("validate", str(tmp_path / "compendium-2024.pdf"))
    assert result.returncode == 0, result.stdout + result.stderr
    for checker in ("page-validation", "outloud", "pdfinfo"):
        assert checker in result.stdout.lower()
