"""WordprocessingML names and small element builders (lxml, for what python-docx has no API for)."""

from __future__ import annotations

from lxml import etree

from ... import xmlsafe

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
NSMAP = {"w": W_NS, "r": R_NS}


def w(tag: str) -> str:
    """The Clark name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


def r(tag: str) -> str:
    return f"{{{R_NS}}}{tag}"


def el(tag: str, attrs: dict[str, str] | None = None, *children: etree._Element) -> etree._Element:
    """A ``w:`` element; ``attrs`` keys are ``w:`` attribute names unless already Clark names.

    It declares no prefixes (declaring them on every element costs a third of the writer's
    time): lxml gives it the ``w:`` and ``r:`` of the part root it is put in.
    """
    node = etree.Element(w(tag))
    for key, value in (attrs or {}).items():
        node.set(key if key.startswith("{") else w(key), value)
    node.extend(children)
    return node


def root(tag: str) -> etree._Element:
    """The root element of a part, declaring the ``w:`` and ``r:`` prefixes."""
    return etree.Element(w(tag), nsmap=NSMAP)


def val(tag: str, value: str) -> etree._Element:
    return el(tag, {"val": value})


def text(content: str) -> etree._Element:
    node = el("t", {XML_SPACE: "preserve"})
    node.text = content
    return node


def run(*content: etree._Element, props: list[etree._Element] | None = None) -> etree._Element:
    node = el("r")
    if props:
        node.append(el("rPr", None, *props))
    node.extend(content)
    return node


def attr(node: etree._Element, name: str) -> str | None:
    return node.get(w(name))


def on(prop: etree._Element | None) -> bool:
    """Whether a toggle property (``w:b``, ``w:i``) is set: present and not switched off."""
    return prop is not None and attr(prop, "val") not in ("0", "false", "off")


def parse(data: bytes, source: str = "a DOCX part") -> etree._Element:
    """Parse a part's XML with :func:`digestconv.xmlsafe.parse`, which also drops comments (the
    style files in styles/ are commented)."""
    return xmlsafe.parse(data, source)


def serialize(node: etree._Element) -> bytes:
    return etree.tostring(node, xml_declaration=True, encoding="UTF-8", standalone=True)
