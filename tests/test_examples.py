"""The scripts in examples/ run as a user runs them and do what they say."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from digestconv.formats import tei

from .conftest import ROOT


def run(script: str, *args: str, cwd) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "examples" / script), *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=600, check=True)


def test_use_as_library(tmp_path):
    out = run("use_as_library.py", cwd=tmp_path).stdout.splitlines()
    assert out[0] == "中技社 113 年度 研究報告摘要彙編 — 財團法人中技社 2025-02"
    assert out[1].startswith("2024-01  全球核能發電現況與發展趨勢  (2023.06~2023.12;")
    assert len([line for line in out if line.startswith("2024-")]) == 21


def test_ebook_editions(tmp_path):
    run("ebook_editions.py", "out", cwd=tmp_path)
    with zipfile.ZipFile(tmp_path / "out" / "compendium-vertical.epub") as book:
        assert any(b"vertical-rl" in book.read(name) for name in book.namelist() if name.endswith(".css"))
    assert (tmp_path / "out" / "compendium.epub").stat().st_size > 50_000


def test_archival_xml(tmp_path):
    out = run("archival_xml.py", "a.xml", cwd=tmp_path).stdout
    assert "reads back identical" in out
    assert tei.read(tmp_path / "a.xml").metadata.title == "中技社 113 年度 研究報告摘要彙編"
