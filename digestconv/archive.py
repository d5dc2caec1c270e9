"""Reading a ZIP container someone else made (EPUB, DOCX): limits first, then bounded reads.

:func:`open_archive` checks the whole directory before any entry is read: the end record's
directory size (``zipfile`` reads the directory it names into memory at once), the number of
entries, each entry's and the total uncompressed size, the compression ratio of large entries,
and the names (absolute, ``..``, backslash and duplicate names are refused: nothing here is ever
extracted, but such a file was not written by a well-behaved tool). An entry is then read with a
bound rather than trusting its header, and every failure is an
:class:`~digestconv.errors.InputError` naming the archive (and the entry, as
``book.epub!EPUB/r2024-01.xhtml``).
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from lxml import etree

from . import xmlsafe
from .errors import InputError

_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20
_LONGEST_COMMENT = 0xFFFF
# What zipfile raises for damaged or unsupported archives: truncated deflate streams, encryption,
# compression methods it lacks, read errors.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    zlib.error,
    NotImplementedError,
    RuntimeError,
    OSError,
)


@dataclass(frozen=True)
class Limits:
    entries: int = 10_000
    directory_bytes: int = 16 * 2**20
    entry_bytes: int = 64 * 2**20
    total_bytes: int = 256 * 2**20
    ratio: int = 200  # uncompressed / compressed, checked for entries over ratio_floor bytes
    ratio_floor: int = 2**20


LIMITS = Limits()


class Archive:
    """A ZIP archive whose directory passed the limits; entries read by name."""

    def __init__(self, zf: zipfile.ZipFile, source: str, kind: str, limits: Limits) -> None:
        self._zf = zf
        self._source = source
        self._kind = kind
        self._limits = limits
        self._entries = {info.filename: info for info in zf.infolist()}

    @property
    def names(self) -> list[str]:
        return list(self._entries)

    def where(self, name: str) -> str:
        return f"{self._source}!{name}"

    def read(self, name: str) -> bytes:
        """The bytes of entry ``name``, never more than its header declared (and the limit)."""
        info = self._entries.get(name)
        if info is None:
            raise InputError(f"not a readable {self._kind}: no entry {name!r}", source=self._source)
        bound = min(info.file_size, self._limits.entry_bytes)
        try:
            with self._zf.open(info) as handle:
                data = handle.read(bound + 1)
        except _ZIP_ERRORS as exc:
            raise InputError(f"unreadable entry: {exc}", source=self.where(name)) from None
        if len(data) > bound:
            raise InputError("the entry holds more data than its header declares", source=self.where(name))
        return data

    def xml(self, name: str) -> etree._Element:
        """Entry ``name`` parsed as XML by :func:`digestconv.xmlsafe.parse`."""
        return xmlsafe.parse(self.read(name), self.where(name))


@contextmanager
def open_archive(path: Path, kind: str, limits: Limits = LIMITS) -> Iterator[Archive]:
    """Open ``path`` as a ZIP archive of the given ``kind`` ("EPUB", "DOCX") within ``limits``."""
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=source) from None
    with handle:
        _check_end_record(handle, source, kind, limits)
        try:
            zf = zipfile.ZipFile(handle)
        except _ZIP_ERRORS as exc:
            raise InputError(f"not a readable {kind}: {exc}", source=source) from None
        with zf:
            _check_directory(zf.infolist(), source, limits)
            yield Archive(zf, source, kind, limits)


def _check_end_record(handle: BinaryIO, source: str, kind: str, limits: Limits) -> None:
    """Refuse a directory too large to load before zipfile loads it (it finds the same record)."""
    size = handle.seek(0, os.SEEK_END)
    tail_size = min(size, _END_RECORD_SIZE + _LONGEST_COMMENT)
    handle.seek(size - tail_size)
    tail = handle.read(tail_size)
    at = tail.rfind(_END_RECORD, 0, len(tail) - _END_RECORD_SIZE + len(_END_RECORD))
    if at < 0:
        raise InputError(f"not a readable {kind}: not a ZIP archive", source=source)
    record = size - tail_size + at
    if record >= _ZIP64_LOCATOR_SIZE:  # zipfile would take the sizes from a ZIP64 record instead
        handle.seek(record - _ZIP64_LOCATOR_SIZE)
        if handle.read(len(_ZIP64_LOCATOR)) == _ZIP64_LOCATOR:
            raise InputError("refused: a ZIP64 archive (far larger than any edition)", source=source)
    entries, directory = struct.unpack_from("<HI", tail, at + 10)
    if entries > limits.entries or directory > limits.directory_bytes:
        raise InputError(
            f"refused: the archive lists {entries} entries in {directory} bytes "
            f"(limits: {limits.entries} entries, {limits.directory_bytes} bytes)",
            source=source,
        )


def _check_directory(infos: list[zipfile.ZipInfo], source: str, limits: Limits) -> None:
    if len(infos) > limits.entries:
        raise InputError(f"refused: more than {limits.entries} entries", source=source)
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        where = f"{source}!{name}"
        if _unsafe(name):
            raise InputError("refused: an absolute or parent-relative entry name", source=where)
        if name in seen:
            raise InputError("refused: two entries have this name", source=where)
        seen.add(name)
        if info.file_size > limits.entry_bytes:
            raise InputError(f"refused: {info.file_size} bytes uncompressed (limit {limits.entry_bytes})", source=where)
        if info.file_size > limits.ratio_floor and info.file_size > limits.ratio * max(info.compress_size, 1):
            raise InputError(
                f"refused: compressed {info.file_size // max(info.compress_size, 1)}:1 (limit {limits.ratio}:1)",
                source=where,
            )
        total += info.file_size
        if total > limits.total_bytes:
            raise InputError(f"refused: over {limits.total_bytes} bytes uncompressed in all", source=source)


def _unsafe(name: str) -> bool:
    parts = name.split("/")
    return (
        name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or ".." in parts
        or (len(name) > 1 and name[1] == ":")  # a drive letter
    )
