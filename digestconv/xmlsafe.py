"""Parsing XML that someone else wrote: no DTD, no entities, no network, clear errors.

Every reader of an XML-based edition (TEI, the XHTML inside an EPUB, the parts of a DOCX) goes
through :func:`parse`. A document type declaration that declares entities or elements or names an
external DTD is refused rather than ignored: entities declared in it are never expanded (so an
expansion bomb costs nothing) and never fetched (so an external entity cannot read a file or reach
the network), and refusing it means no content hidden behind an unexpanded entity is silently
lost. A bare ``<!DOCTYPE html>``, which declares nothing (EPUB's XHTML carries it), is accepted.
"""

from __future__ import annotations

from lxml import etree

from .errors import InputError


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,  # libxml2's limits on depth and text size stay on
        remove_comments=True,
        remove_pis=True,
    )


def parse(data: bytes, source: str) -> etree._Element:
    """The root element of ``data``; raises :class:`InputError` naming ``source`` and the line."""
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as exc:
        if _declares_entities(data):  # libxml2 stopped at an entity loop or an expansion limit
            raise _doctype_refused(source) from None
        line = exc.lineno if exc.lineno else None
        raise InputError(f"not well-formed XML: {exc.msg}", source=source, line=line) from None
    info = tree.docinfo
    dtd = info.internalDTD
    if info.public_id or info.system_url or info.externalDTD is not None:
        raise _doctype_refused(source)
    if dtd is not None and (any(True for _ in dtd.iterentities()) or any(True for _ in dtd.iterelements())):
        raise _doctype_refused(source)
    return tree.getroot()


def _declares_entities(data: bytes) -> bool:
    return any("<!ENTITY".encode(encoding) in data for encoding in ("utf-8", "utf-16-le", "utf-16-be"))


def _doctype_refused(source: str) -> InputError:
    message = (
        "a DOCTYPE declaration is not accepted when it declares entities or elements or names an external DTD "
        "(its entities would be neither resolved nor fetched)"
    )
    return InputError(message, source=source, line=1)
