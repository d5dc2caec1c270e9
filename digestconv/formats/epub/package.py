"""The OCF package: ebooklib writes the OPF and the zip, which is then made reproducible.

Guards against ebooklib's pitfalls (ebooklib 0.20):

* ``EpubHtml.get_content()`` re-parses each document, drops head children and body attributes,
  and returns ``b""`` (an empty chapter) on a parse error: documents are :class:`Verbatim`
  items whose bytes are written as given.
* ``write_epub`` swallows ``OSError`` (returning False) unless the caller passes
  ``raise_exceptions``: :class:`_Writer` is driven directly, so an OSError always propagates.
* zip entries carry the wall clock and ``dcterms:modified`` defaults to it: ``mtime`` is set
  from the source's date, and the zip is rewritten with that date on every entry.
* its nav and page-list are not used at all (see :mod:`.navigation`).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ebooklib import epub

from ...errors import DigestconvError
from ...model import Metadata
from . import metadata

XHTML_TYPE = "application/xhtml+xml"
# A zip entry's date (MS-DOS format) can only say 1980-01-01 to 2107-12-31.
_ZIP_LAST = datetime.datetime(2107, 12, 31)


@dataclass(frozen=True)
class Resource:
    """One file of the publication, under the package folder."""

    item_id: str
    file_name: str
    media_type: str
    content: bytes
    properties: tuple[str, ...] = ()


class Verbatim(epub.EpubItem):
    """A manifest item whose content ebooklib writes exactly as given."""

    def __init__(self, resource: Resource) -> None:
        super().__init__(
            uid=resource.item_id, file_name=resource.file_name, media_type=resource.media_type, content=resource.content
        )
        self.properties = list(resource.properties)  # read by ebooklib's manifest writer


def package(
    meta: Metadata,
    resources: Sequence[Resource],
    spine: Sequence[tuple[str, bool]],
    *,
    rtl: bool,
    page_source: str,
) -> bytes:
    """The EPUB's bytes: ``spine`` lists (item id, linear); ``rtl`` turns pages right to left."""
    book = epub.EpubBook()
    metadata.add_metadata(book, meta, page_source=page_source)
    for resource in resources:
        book.add_item(Verbatim(resource))
    book.spine = [(item_id, "yes" if linear else "no") for item_id, linear in spine]
    if rtl:
        book.set_direction("rtl")  # spine page-progression-direction
    when = metadata.modified(meta)
    raw = io.BytesIO()
    writer = _Writer(raw, book, {"mtime": when})
    writer.process()
    try:
        writer.write()
    except OSError as exc:
        raise DigestconvError(f"cannot write the EPUB package: {exc}") from exc
    return reproducible(raw.getvalue(), when)


class _Writer(epub.EpubWriter):
    """ebooklib's writer, plus ``xml:lang`` on ``<package>`` (Ace requires it; ebooklib has no option)."""

    def _write_opf_file(self, root: Any) -> None:
        root.set(metadata.XML_LANG, self.book.language)
        super()._write_opf_file(root)

    def write(self) -> None:
        """ebooklib's, closing its zip when a write fails too (else the garbage collector closes
        it later, at any moment, on a buffer that may be gone)."""
        try:
            super().write()
        except BaseException:
            with contextlib.suppress(Exception):
                self.out.close()
            raise


def reproducible(data: bytes, when: datetime.datetime) -> bytes:
    """The same zip with every entry dated ``when`` and fixed attributes; ``mimetype`` first
    and stored, as OCF requires."""
    stamp = min(max(when, metadata.EPOCH), _ZIP_LAST).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda name: name != "mimetype")
        for name in names:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.create_system = 3
            entry.external_attr = 0o100644 << 16
            entry.compress_type = zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(name), compresslevel=9)
    return out.getvalue()
