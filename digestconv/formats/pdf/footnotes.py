"""Which footnotes WeasyPrint failed to print at the foot of a page.

WeasyPrint cannot split a footnote across pages: a note taller than the space a page has for it is
deferred page after page and finally dropped, or printed again on several pages. The writer sets
such notes in the text instead (:data:`.markup.IN_PLACE`) and renders once more.
"""

from __future__ import annotations

import pikepdf
from lxml import etree

from .markup import IN_PLACE, PrintMarkup
from .render import KEY_ENTRY
from .structure import element_kids


def not_at_foot(pdf: pikepdf.Pdf, markup: PrintMarkup) -> frozenset[str]:
    """The ids of the floating footnotes of ``markup`` that the rendered ``pdf`` does not print on
    exactly one page (read from WeasyPrint's own tree, keyed by :mod:`.render`)."""
    floating = {
        key: el.get("id", "")
        for key, el in markup.elements.items()
        if etree.QName(el).localname == "aside" and "footnote" in (el.get("class") or "").split()
        if IN_PLACE not in (el.get("class") or "").split()
    }
    pages: dict[str, set[tuple[int, int]]] = {key: set() for key in floating}

    def visit(elem: pikepdf.Object, note: str | None) -> None:
        key = str(elem.get(f"/{KEY_ENTRY}", ""))
        note = key if key in floating else note
        for kid in element_kids(elem):
            if isinstance(kid, int) and note is not None:
                pages[note].add(elem.Pg.objgen)
            elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid and note is not None:
                pages[note].add(kid.Pg.objgen)
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                visit(kid, note)

    visit(pdf.Root.StructTreeRoot, None)
    return frozenset(floating[key] for key, found in pages.items() if len(found) != 1)
