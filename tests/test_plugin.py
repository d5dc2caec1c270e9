"""A third-party format, installed the way a user installs it, works through the CLI and the API."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT, SEED

PLUGIN = ROOT / "examples" / "markdown-plugin"


@pytest.fixture(scope="module")
def plugin_path(tmp_path_factory) -> Path:
    """pip builds and installs the example plugin into a directory of its own."""
    target = tmp_path_factory.mktemp("site")
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(PLUGIN)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)
    return target


def run(*args: str, path: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(path) if path else ""}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=300)


def test_without_the_plugin_there_is_no_markdown_writer(tmp_path):
    result = run("-m", "digestconv", "build", str(SEED), "-o", str(tmp_path), "--formats", "markdown")
    assert result.returncode == 2 and "unknown format 'markdown'" in result.stderr


def test_the_plugin_is_listed_and_converts_through_the_cli(plugin_path, tmp_path):
    listed = run("-c", "import digestconv; print(sorted(digestconv.formats()))", path=plugin_path)
    assert "'markdown'" in listed.stdout
    out = tmp_path / "clean.md"
    result = run("-m", "digestconv", "convert", str(SEED), "-o", str(out), path=plugin_path)
    assert result.returncode == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "## 2024-01 全球核能發電現況與發展趨勢" in text
    assert "### 一、 問題及目標" in text and "#### (一) 核能發電之議題" in text
    assert "◇執行時間：2023.06~2023.12" in text and "[^n1]:" in text


def test_build_runs_the_plugin_beside_the_built_in_formats(plugin_path, tmp_path):
    result = run(
        "-m",
        "digestconv",
        "build",
        str(SEED),
        "-o",
        str(tmp_path),
        "--formats",
        "markdown,json",
        "-q",
        path=plugin_path,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["compendium-2024.json", "compendium-2024.md"]
