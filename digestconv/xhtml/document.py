"""A complete XHTML document around rendered elements, serialised deterministically."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from . import vocab as v
from .vocab import h


def page(
    body: Iterable[etree._Element],
    *,
    title: str,
    lang: str,
    stylesheets: Sequence[str],
    body_type: str = "",
) -> etree._Element:
    """An ``<html>`` element with ``lang`` and ``xml:lang``, a head and the given body children."""
    html = etree.Element(h("html"), {"lang": lang, v.XML_LANG: lang}, nsmap=v.NSMAP)
    html.text = "\n"
    head = etree.SubElement(html, h("head"))
    head.tail = "\n"
    etree.SubElement(head, h("title")).text = title
    for href in stylesheets:
        etree.SubElement(head, h("link"), {"rel": "stylesheet", "type": "text/css", "href": href})
    element = etree.SubElement(html, h("body"))
    element.text = "\n"
    element.tail = "\n"
    if body_type:
        element.set(v.EPUB_TYPE, body_type)
    for child in body:
        element.append(child)
    return html


def serialize(html: etree._Element) -> bytes:
    """UTF-8 bytes with XML declaration and HTML doctype; never pretty-printed, because
    re-indenting would change the text of mixed content."""
    return etree.tostring(html, encoding="UTF-8", xml_declaration=True, doctype="<!DOCTYPE html>") + b"\n"
