"""Which TEI elements hold only elements (so whitespace in them is layout, not text).

The writer indents exactly these and the reader ignores whitespace exactly in these; everywhere
else (``p``, ``head``, ``hi``, an item holding a paragraph's inlines, …) every space is text.
"""

from __future__ import annotations

from lxml import etree

from .names import tei

ELEMENT_ONLY = frozenset(
    tei(tag)
    for tag in (
        "TEI", "teiHeader", "fileDesc", "titleStmt", "respStmt", "publicationStmt", "address", "availability",
        "sourceDesc", "encodingDesc", "appInfo", "application", "editorialDecl", "profileDesc", "langUsage",
        "text", "front", "body", "back", "div", "list", "quote",
    )
)  # fmt: skip
# Elements that are blocks when they stand in an item or a note (or in a bibl of metadata).
BLOCKS = frozenset(tei(tag) for tag in ("p", "list", "quote", "pb"))
_EITHER = frozenset(tei(tag) for tag in ("item", "note", "bibl"))
INDENT = "  "


def holds_blocks(element: etree._Element) -> bool:
    """Does an item or note hold block elements (rather than one paragraph's inlines)?"""
    if (element.text or "").strip() or not len(element):
        return False
    return all(child.tag in BLOCKS and not (child.tail or "").strip() for child in element)


def element_only(element: etree._Element) -> bool:
    if element.tag in ELEMENT_ONLY:
        return True
    if element.tag == tei("bibl"):
        return not (element.text or "").strip() and all(not (c.tail or "").strip() for c in element)
    return element.tag in _EITHER and holds_blocks(element)


def indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only content for a human reader, leaving mixed content untouched."""
    if not len(element) or not element_only(element):
        return
    inner = "\n" + INDENT * (level + 1)
    element.text = inner
    for child in element:
        child.tail = inner
        indent(child, level + 1)
    element[-1].tail = "\n" + INDENT * level
