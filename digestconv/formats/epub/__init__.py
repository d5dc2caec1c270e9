"""The EPUB 3 edition: an accessible e-book (writer) and the way back to the model (reader).

The markup comes from :mod:`digestconv.xhtml`, the CSS from ``styles/epub*.css``. Modules:
``writer`` (documents and files), ``navigation`` (nav.xhtml, toc.ncx), ``metadata`` (OPF
metadata both ways), ``package`` (ebooklib and a reproducible zip), ``container`` (the package
and spine read back, through :mod:`digestconv.archive`), ``reader``. ebooklib and lxml are
imported only when a book is written or read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...model import Document
from ..registry import Format


@dataclass(frozen=True)
class EpubOptions:
    """``vertical``: vertical writing (``writing-mode: vertical-rl``, pages turn right to left)."""

    vertical: bool = False


def write(doc: Document, options: EpubOptions | None = None) -> bytes:
    from .writer import write as write_epub

    return write_epub(doc, options)


def read(path: Path) -> Document:
    from .reader import read as read_epub

    return read_epub(path)


FORMAT = Format(
    "epub", (".epub",), "EPUB 3 e-book (accessible, with its reader)", read=read, write=write, options=EpubOptions
)
