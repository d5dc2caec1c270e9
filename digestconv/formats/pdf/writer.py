"""Document → PDF/UA-1: print markup, WeasyPrint, then the structure and metadata repairs."""

from __future__ import annotations

import io

import pikepdf

from ...errors import DigestconvError
from ...model import Document
from . import PdfOptions
from .footnotes import not_at_foot
from .markup import PrintMarkup, print_markup
from .metadata import write_metadata
from .split import rendered
from .structure import repair


def write(doc: Document, options: PdfOptions) -> bytes:
    markup, pdf = _rendered(doc, options)
    with pdf:
        if options.font and options.font.casefold() not in font_families(pdf):
            # WeasyPrint silently prints with a fallback when no installed font has the name.
            raise DigestconvError(f"the font {options.font!r} is not installed (see fc-list)")
        repair(pdf, markup)
        write_metadata(pdf, doc.metadata)
        out = io.BytesIO()
        # Same input, same bytes: the file /ID is a hash of the content, object streams are
        # generated in a fixed order, and nothing is taken from the clock.
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _rendered(doc: Document, options: PdfOptions) -> tuple[PrintMarkup, pikepdf.Pdf]:
    """The print markup and WeasyPrint's PDF of it with every footnote printed: a note WeasyPrint
    cannot print at the foot of a page is set in the text, and the document rendered again."""
    in_place: frozenset[str] = frozenset()
    while True:
        markup = print_markup(doc, in_place)
        pdf = rendered(markup, options)
        lost = not_at_foot(pdf, markup)
        if not lost:  # reached: each round sets one more note in the text, where it always prints
            return markup, pdf
        pdf.close()
        in_place |= lost


def font_families(pdf: pikepdf.Pdf) -> set[str]:
    """The families (casefolded) of the fonts the pages use, as WeasyPrint names them."""
    found = set()
    for page in pdf.pages:
        for font in page.Resources.get("/Font", pikepdf.Dictionary()).values():
            for descendant in font.get("/DescendantFonts", [font]):
                family = descendant.get("/FontDescriptor", pikepdf.Dictionary()).get("/FontFamily")
                if family is not None:
                    found.add(str(family).casefold())
    return found
