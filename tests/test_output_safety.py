"""Writing never leaves a partial or corrupt file: failures injected mid-write leave the old file
as it was and no temporary file behind; an existing file is replaced only as the policy says."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from digestconv import api, io
from digestconv.compendium import parse
from digestconv.errors import DigestconvError, OutputExists
from digestconv.formats.registry import Format

OLD, NEW = b"old complete file\n", b"new file " * 10_000


@pytest.fixture
def target(tmp_path):
    path = tmp_path / "edition.bin"
    path.write_bytes(OLD)
    return path


def leftovers(path):
    return sorted(p.name for p in path.parent.iterdir() if p != path)


class _HalfThenFull:
    """A file handle that writes half the data, then fails as a full disk does."""

    def __init__(self, handle):
        self.handle = handle

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()


def test_a_disk_full_mid_write_keeps_the_old_file_and_no_temporary(target, monkeypatch):
    real_fdopen = os.fdopen
    monkeypatch.setattr(os, "fdopen", lambda fd, mode: _HalfThenFull(real_fdopen(fd, mode)))
    with pytest.raises(DigestconvError, match="No space left on device") as caught:
        io.write_atomic(target, NEW)
    assert str(caught.value).startswith(str(target))
    assert target.read_bytes() == OLD and leftovers(target) == []


def test_a_failed_rename_keeps_the_old_file_and_no_temporary(target, monkeypatch):
    def refuse(src, dst):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(DigestconvError, match="cross-device"):
        io.write_atomic(target, NEW)
    assert target.read_bytes() == OLD and leftovers(target) == []


def test_an_interrupt_mid_write_keeps_the_old_file_and_no_temporary(target, monkeypatch):
    def interrupt(path, mode):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "chmod", interrupt)  # after the data is written, before the rename
    with pytest.raises(KeyboardInterrupt):
        io.write_atomic(target, NEW)
    assert target.read_bytes() == OLD and leftovers(target) == []


def test_a_new_file_is_complete_and_readable_by_all(tmp_path):
    path = io.write_atomic(tmp_path / "sub" / "dir" / "new.bin", NEW)
    assert path.read_bytes() == NEW and leftovers(path) == []
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_the_default_policy_replaces_an_existing_file(target):
    io.write_atomic(target, NEW)
    assert target.read_bytes() == NEW and leftovers(target) == []


def test_no_overwrite_keeps_an_existing_file(target):
    with pytest.raises(OutputExists, match="exists"):
        io.write_atomic(target, NEW, overwrite=False)
    assert target.read_bytes() == OLD and leftovers(target) == []


def test_no_overwrite_never_replaces_a_file_that_appears_meanwhile(target, monkeypatch):
    monkeypatch.setattr(type(target), "exists", lambda self: False)  # the check ran before the file appeared
    with pytest.raises(OutputExists):
        io.write_atomic(target, NEW, overwrite=False)
    assert target.read_bytes() == OLD and leftovers(target) == []


def test_an_impossible_destination_is_a_clear_error(target):
    with pytest.raises(DigestconvError, match="cannot write"):
        io.write_atomic(target / "inside-a-file.bin", NEW)
    assert target.read_bytes() == OLD and leftovers(target) == []


def test_a_writer_that_fails_writes_nothing(tmp_path, monkeypatch):
    def broken(doc, options):
        raise DigestconvError("the writer failed")

    monkeypatch.setattr(api, "by_name", lambda name: Format(name, (".x",), "a broken writer", write=broken))
    path = tmp_path / "out.x"
    with pytest.raises(DigestconvError, match="the writer failed"):
        api.write(parse("## 2024-01 報告\n\n一段文字。\n").document, path, format="broken")
    assert not path.exists() and list(tmp_path.iterdir()) == []
