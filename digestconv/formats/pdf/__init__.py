"""The PDF edition: an accessible tagged PDF (PDF/UA-1) for print and screen readers, and its reader.

The markup is the shared model → XHTML step (:mod:`digestconv.xhtml`), adapted for paper in
:mod:`.markup`; the design is ``styles/print.css``. WeasyPrint (imported by :mod:`.native`)
renders it (:mod:`.render`), a long document in two halves at once, joined with a frame of folios
and contents (:mod:`.split`, :mod:`.join`), again with a note set in the text if it could not
print it at the foot of a page (:mod:`.footnotes`); :mod:`.structure` then repairs what
WeasyPrint's tagging cannot do, :mod:`.metadata` writes the catalogue data and fixes dates and
ids, so that the same document gives the same bytes. The reader (:mod:`.reader`) rebuilds the
model from the structure tree. WeasyPrint and pikepdf are imported only when a PDF is written or
read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...errors import DigestconvError
from ...model import Document
from ..registry import Format

# The <page-size> keywords of CSS Paged Media 3 (https://www.w3.org/TR/css-page-3/#typedef-page-size-page-size).
PAPER_SIZES = ("A5", "A4", "A3", "B5", "B4", "JIS-B5", "JIS-B4", "letter", "legal", "ledger")


@dataclass(frozen=True)
class PdfOptions:
    """``font``: an installed font family (its fontconfig name, such as ``Noto Serif CJK TC``) to
    print with instead of the bundled Noto Sans CJK TC, which still draws what the font lacks.
    ``paper``: the page size, a CSS page size keyword (:data:`PAPER_SIZES`, any case), optionally
    followed by ``landscape``."""

    font: str = ""
    paper: str = "A4"

    def __post_init__(self) -> None:
        size, *orientation = self.paper.lower().split() or [""]
        if size not in {p.lower() for p in PAPER_SIZES} or orientation not in ([], ["portrait"], ["landscape"]):
            raise DigestconvError(
                f"unknown paper size {self.paper!r}: use one of {', '.join(PAPER_SIZES)} (optionally 'landscape')"
            )
        if any(ord(ch) < 0x20 for ch in self.font):
            raise DigestconvError(f"the font name {self.font!r} has a control character")


def write(doc: Document, options: PdfOptions | None = None) -> bytes:
    from .writer import write as write_pdf

    return write_pdf(doc, options or PdfOptions())


def read(path: Path) -> Document:
    from .reader import read as read_pdf

    return read_pdf(path)


FORMAT = Format(
    "pdf",
    (".pdf",),
    "Tagged PDF (PDF/UA-1) for print and screen readers, with its reader",
    read=read,
    write=write,
    options=PdfOptions,
)
