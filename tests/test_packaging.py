"""digestconv installed from a wheel (``pip install .``, not the editable install of the
checkout) still finds its stylesheets, DOCX reference parts and the bundled compendium."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import digestconv
from digestconv.errors import DigestconvError

from .conftest import ROOT, SEED


def pip(*args: str | Path) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *map(str, args)]
    subprocess.run(command, check=True, capture_output=True, timeout=600)


# what a fresh clone has; an earlier in-tree build's build/ and egg-info would hide a missing file
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", ".tools", "build", "*.egg-info", "editions", "__pycache__", ".*cache"
)


def test_a_wheel_carries_the_styles_and_the_compendium(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=NOT_SOURCE)
    pip("wheel", "--no-deps", "-w", tmp_path / "wheel", source)
    (wheel,) = (tmp_path / "wheel").glob("digestconv-*.whl")
    site = tmp_path / "site"
    pip("install", "--no-deps", "--target", site, wheel)
    scratch = tmp_path / "scratch"  # away from the checkout: nothing can come from it
    scratch.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "PYTHONIOENCODING": "utf-8"}

    def python(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=scratch, env=env)

    where = python("-c", "import digestconv.shipped as s; print(s.styles_dir().resolve(), s.COMPENDIUM.resolve())")
    assert where.returncode == 0, where.stderr
    assert all(Path(path).is_relative_to(site) for path in where.stdout.split())

    built = python("-m", "digestconv", "build", "--quiet", "--formats", "epub,docx,json")
    assert built.returncode == 0, built.stderr
    editions = scratch / "editions"
    with zipfile.ZipFile(editions / "compendium-2024.epub") as book:
        assert book.read("EPUB/css/epub.css") == (ROOT / "styles" / "epub.css").read_bytes()
    with zipfile.ZipFile(editions / "compendium-2024.docx") as word:
        assert b"PMingLiU" in word.read("word/styles.xml")
    assert "2024-21" in (editions / "compendium-2024.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".epub", ".docx", ".pdf"])
def test_a_missing_styles_folder_is_a_clear_error(tmp_path, monkeypatch, suffix):
    monkeypatch.setenv("DIGESTCONV_STYLES", str(tmp_path / "nowhere"))
    with pytest.raises(DigestconvError, match=r"nowhere/.*cannot read it.*DIGESTCONV_STYLES"):
        digestconv.write(digestconv.read(SEED), tmp_path / f"out{suffix}")
    assert not list(tmp_path.glob("out*"))
