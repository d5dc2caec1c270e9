"""The DOCX edition: a Word document with real headings, numbering, footnotes and a TOC field,
and its reader (python-docx and lxml are imported only when a DOCX is read or written).

How the model maps to WordprocessingML is in :mod:`.conventions`; what a round trip may change
is in :func:`.normalize.normalize`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...model import Document
from ..registry import Format


@dataclass(frozen=True)
class DocxOptions:
    """Options of the DOCX writer."""

    toc_levels: int = 4  # the heading levels the TOC field lists: TOC \\o "1-N"


def read(path: Path) -> Document:
    from .reader import read as read_docx

    return read_docx(path)


def write(doc: Document, options: DocxOptions | None = None) -> bytes:
    from .writer import write as write_docx

    return write_docx(doc, options or DocxOptions())


FORMAT = Format(
    "docx",
    (".docx",),
    "Word document: headings, lists, footnotes, TOC field, East Asian fonts",
    read=read,
    write=write,
    options=DocxOptions,
)
