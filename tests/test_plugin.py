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


# --- entry points: read from entry_points.txt as importlib.metadata reads them ---------------


def _both_readers(group: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    import importlib.metadata

    from digestconv.formats.entrypoints import entry_points

    standard = sorted((e.name, e.value) for e in importlib.metadata.entry_points(group=group))
    return standard, sorted((e.name, e.value) for e in entry_points(group))


def test_entry_points_are_those_importlib_metadata_finds():
    import importlib.metadata

    groups = sorted(importlib.metadata.entry_points().groups)
    assert "digestconv.formats" in groups and "console_scripts" in groups
    for group in groups:
        standard, ours = _both_readers(group)
        assert ours == standard, group


def test_entry_points_with_the_plugin_installed(plugin_path):
    script = (
        "from tests.test_plugin import _both_readers; a, b = _both_readers('digestconv.formats'); "
        "assert a == b, (a, b); print(dict(b)['markdown'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(plugin_path), str(ROOT)])},
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "digestconv_markdown:FORMAT"


def _distribution(site: Path, directory: str, text: str) -> None:
    (site / directory).mkdir(parents=True)
    (site / directory / "entry_points.txt").write_text(text, encoding="utf-8")


def test_the_first_distribution_on_the_path_hides_later_ones(tmp_path, monkeypatch):
    first, second = tmp_path / "first", tmp_path / "second"
    _distribution(first, "Some_Plugin-2.0.dist-info", "[demo.group]\nNew = pkg.mod:Thing.attr [extra]\n")
    _distribution(second, "some.plugin-1.0.dist-info", "[demo.group]\nold = pkg.mod:old\n")
    _distribution(second, "other-0.1.egg-info", "[demo.group]\nother = other\n[else]\nx = y\n")
    _distribution(second, "legacy-1.0-py3.11.egg-info", "[demo.group]\nlegacy = legacy:run\n")
    _distribution(second, "nothing-1.0.dist-info", "[demo.group\n")  # no such section
    monkeypatch.setattr(sys, "path", [str(first), str(second), str(tmp_path / "gone")])
    standard, ours = _both_readers("demo.group")
    expected = [("New", "pkg.mod:Thing.attr [extra]"), ("legacy", "legacy:run"), ("other", "other")]
    assert ours == standard == expected


def test_entry_points_txt_is_read_by_importlib_metadata_rules(tmp_path, monkeypatch):
    text = (
        "# a comment\n[DEFAULT]\nall = x\n[demo.group]\n  a = m:a  \n; b = m:b\n"
        "    c = m:c\na = m:again\n[demo.group.more]\nd = m:d\n"
    )
    _distribution(tmp_path, "rules-1.0.dist-info", text)
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    standard, ours = _both_readers("demo.group")
    assert ours == standard == [("; b", "m:b"), ("a", "m:a"), ("a", "m:again"), ("c", "m:c")]


def test_a_line_without_equals_is_skipped_not_fatal(tmp_path, monkeypatch):
    from digestconv.formats.entrypoints import entry_points

    _distribution(tmp_path, "odd-1.0.dist-info", "[demo.group]\nno equals sign\nkept = m:kept\n")
    monkeypatch.setattr(sys, "path", [str(tmp_path)])
    assert [(e.name, e.value) for e in entry_points("demo.group")] == [("kept", "m:kept")]


def test_a_zipped_distribution_is_found_through_importlib_metadata(tmp_path, monkeypatch):
    import zipfile

    archive = tmp_path / "site.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("zipped-1.0.dist-info/METADATA", "Metadata-Version: 2.1\nName: zipped\nVersion: 1.0\n")
        z.writestr("zipped-1.0.dist-info/entry_points.txt", "[demo.group]\nzipped = zipped:FORMAT\n")
    monkeypatch.setattr(sys, "path", [str(archive)])
    standard, ours = _both_readers("demo.group")
    assert ours == standard == [("zipped", "zipped:FORMAT")]


def test_an_entry_point_loads_the_object_it_names():
    from digestconv.formats.entrypoints import EntryPoint
    from digestconv.formats.jsonmodel import FORMAT

    assert EntryPoint("json", "digestconv.formats.jsonmodel:FORMAT").load() is FORMAT
    assert EntryPoint("x", "digestconv.formats.jsonmodel : FORMAT.name [extra]").load() == "json"
    with pytest.raises(ValueError, match="not an object reference"):
        EntryPoint("x", "not a reference!").load()
