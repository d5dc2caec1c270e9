"""The navigation document (nested toc, landmarks, page-list) and the NCX for older readers.

Written here rather than by ebooklib, whose nav hard-codes ``id="id"`` and an ``h2`` title, maps
landmark types verbatim from the EPUB 2 guide, writes an empty ``<ol>`` for a section without
children, and builds its page-list from every element with ``epub:type`` and ``id`` (so
footnotes become "pages"). Here every ``<ol>`` is written only with items in it, and the page-list
holds exactly the page-break markers.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from ... import xhtml
from ...model import Division
from ...xhtml import vocab as v
from ...xhtml.vocab import h

NCX_NS = "http://www.daisy.org/z3986/2005/ncx/"
NAV_FILE = "nav.xhtml"
COVER_FILE = "cover.xhtml"


@dataclass(frozen=True)
class Entry:
    """A navigation entry: text, target, and entries below it."""

    text: str
    href: str
    children: tuple[Entry, ...] = ()


def outline(divisions: Sequence[Division], href: dict[str, str]) -> tuple[Entry, ...]:
    """The whole division tree as entries, to full depth, each named by label and title."""
    return tuple(Entry(xhtml.display_name(d), href[d.id], outline(d.children, href)) for d in divisions)


def nav_document(
    *,
    toc: Sequence[Entry],
    landmarks: Sequence[tuple[str, str, str]],
    pages: Sequence[tuple[str, str]],
    lang: str,
    stylesheets: Sequence[str],
) -> bytes:
    """``nav.xhtml``: ``landmarks`` are (epub:type, href, text), ``pages`` (page, href)."""
    toc_nav = _nav("toc", "目錄", "h1", role="doc-toc")
    toc_nav.append(_list(toc))
    navs = [toc_nav]
    if landmarks:
        nav = _nav("landmarks", "導覽", "h2", hidden=True)
        ol = etree.SubElement(nav, h("ol"))
        for epub_type, href, text in landmarks:
            etree.SubElement(etree.SubElement(ol, h("li")), h("a"), {v.EPUB_TYPE: epub_type, "href": href}).text = text
        navs.append(nav)
    if pages:
        nav = _nav("page-list", "頁碼", "h2", role="doc-pagelist", hidden=True)
        nav.append(_list([Entry(page.strip() or "-", href) for page, href in pages]))  # a link needs text
        navs.append(nav)
    for nav in navs:
        nav.tail = "\n"
    html = xhtml.page(navs, title="目錄", lang=lang, stylesheets=stylesheets)
    return xhtml.serialize(html)


def _nav(epub_type: str, title: str, heading: str, *, role: str = "", hidden: bool = False) -> etree._Element:
    nav = etree.Element(h("nav"), {v.EPUB_TYPE: epub_type, "id": epub_type})
    if role:
        nav.set("role", role)
    if hidden:
        nav.set("hidden", "hidden")
    etree.SubElement(nav, h(heading)).text = title
    return nav


def _list(entries: Sequence[Entry]) -> etree._Element:
    ol = etree.Element(h("ol"))
    for entry in entries:
        li = etree.SubElement(ol, h("li"))
        etree.SubElement(li, h("a"), {"href": entry.href}).text = entry.text
        if entry.children:  # never an empty <ol>: EPUBCheck rejects it
            li.append(_list(entry.children))
    return ol


def ncx_document(*, toc: Sequence[Entry], identifier: str, title: str, lang: str) -> bytes:
    """``toc.ncx``: the same outline as navPoints, numbered in reading order."""
    root = etree.Element(f"{{{NCX_NS}}}ncx", {"version": "2005-1", v.XML_LANG: lang}, nsmap={None: NCX_NS})
    head = etree.SubElement(root, f"{{{NCX_NS}}}head")
    depth = _depth(toc)
    for name, content in (("uid", identifier), ("depth", str(depth)), ("totalPageCount", "0"), ("maxPageNumber", "0")):
        etree.SubElement(head, f"{{{NCX_NS}}}meta", {"name": f"dtb:{name}", "content": content})
    etree.SubElement(etree.SubElement(root, f"{{{NCX_NS}}}docTitle"), f"{{{NCX_NS}}}text").text = title
    nav_map = etree.SubElement(root, f"{{{NCX_NS}}}navMap")
    order = itertools.count(1)

    def add(parent: etree._Element, entries: Sequence[Entry]) -> None:
        for entry in entries:
            n = next(order)
            point = etree.SubElement(parent, f"{{{NCX_NS}}}navPoint", {"id": f"navpoint-{n}", "playOrder": str(n)})
            label = etree.SubElement(point, f"{{{NCX_NS}}}navLabel")
            etree.SubElement(label, f"{{{NCX_NS}}}text").text = entry.text
            etree.SubElement(point, f"{{{NCX_NS}}}content", {"src": entry.href})
            add(point, entry.children)

    add(nav_map, toc)
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)


def _depth(entries: Sequence[Entry]) -> int:
    return max((1 + _depth(e.children) for e in entries), default=0)
