"""Reproducible editions: two builds of every edition through the CLI, from different working
directories, time zones and locales, with and without ``SOURCE_DATE_EPOCH``, give the same bytes."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from digestconv.build import EDITIONS

from .conftest import ROOT, SEED


def build(source: str, output: str, cwd: Path, **env: str) -> None:
    surroundings = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "LANGUAGE", "LC_ALL")}
    done = subprocess.run(
        [sys.executable, "-m", "digestconv", "build", source, "-o", output, "-q"],
        cwd=cwd,
        env=surroundings | env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr


def digests(directory: Path) -> dict[str, str]:
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(directory.iterdir())}


def test_two_builds_in_different_surroundings_give_the_same_bytes(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # From the project with a relative source, in UTC and a UTF-8 locale, no SOURCE_DATE_EPOCH...
    build(str(SEED.relative_to(ROOT)), str(tmp_path / "first"), ROOT, TZ="UTC", LC_ALL="C.UTF-8", LANG="C.UTF-8")
    # ...and from elsewhere with an absolute one, at Taipei's offset (a POSIX TZ string, which needs
    # no time zone database), in the ASCII "C" locale without Python's UTF-8 coercion, with one.
    build(
        str(SEED),
        "../second",
        elsewhere,
        TZ="CST-8",
        LC_ALL="C",
        LANG="C",
        PYTHONCOERCECLOCALE="0",
        PYTHONUTF8="0",
        SOURCE_DATE_EPOCH="1700000000",
    )
    first, second = digests(tmp_path / "first"), digests(tmp_path / "second")
    assert len(first) == len(EDITIONS)
    assert first == second
