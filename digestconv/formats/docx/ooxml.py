"""WordprocessingML names, the markup builders of the writer, and part XML in and out.

The writer builds WordprocessingML as markup text and parses it once per part (:func:`root`),
rather than element by element: lxml makes each new element in a document of its own and moves
it into its parent's on every append, which made the seed's body (13,000 elements) take two to
three times as long as writing its markup and parsing it. Text and attribute values are escaped
by :func:`escape` alone, and the parse checks that what was written is well formed.
"""

from __future__ import annotations

from collections.abc import Mapping

from lxml import etree

from ... import xmlsafe

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_DECLARATIONS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
# What the XML parser would otherwise read back differently: markup characters, and the line
# ends and tabs it normalises (in text a carriage return, in attribute values all three). A chain
# of str.replace: str.translate takes ten times as long on Chinese text.
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\t", "&#9;"), ("\n", "&#10;"))


def w(tag: str) -> str:
    """The Clark name of a ``w:`` element or attribute."""
    return f"{{{W_NS}}}{tag}"


def r(tag: str) -> str:
    return f"{{{R_NS}}}{tag}"


def escape(content: str, escapes: tuple[tuple[str, str], ...] = _TEXT_ESCAPES) -> str:
    """``content`` as element text (or, with ``_ATTRIBUTE_ESCAPES``, an attribute value) in markup."""
    for char, reference in escapes:
        if char in content:
            content = content.replace(char, reference)
    return content


def el(tag: str, attrs: Mapping[str, str] | None = None, *children: str) -> str:
    """The markup of a ``w:`` element around ``children`` (markup). Attribute names are ``w:``
    names unless they have a prefix of their own (``r:id``, ``xml:space``); values are escaped."""
    head = f"w:{tag}"
    if attrs:
        head += "".join(
            f' {name if ":" in name else "w:" + name}="{escape(value, _ATTRIBUTE_ESCAPES)}"'
            for name, value in attrs.items()
        )
    inner = "".join(children)
    return f"<{head}>{inner}</w:{tag}>" if inner else f"<{head}/>"


def root(tag: str, *children: str) -> etree._Element:
    """A ``w:`` element around ``children`` (markup), parsed, declaring the ``w:`` and ``r:``
    prefixes: a part's root, or a holder whose children go into a part."""
    parser = etree.XMLParser(huge_tree=True)  # the writer's own markup: only its size is unusual
    try:
        return etree.fromstring(f"<w:{tag} {_DECLARATIONS}>{''.join(children)}</w:{tag}>", parser)
    except etree.XMLSyntaxError as exc:  # a character XML cannot hold (the model refuses them)
        raise ValueError(f"the DOCX {tag} cannot be written as XML: {exc.msg}") from None


def val(tag: str, value: str) -> str:
    return el(tag, {"val": value})


def text(content: str) -> str:
    return el("t", {"xml:space": "preserve"}, escape(content))


def run(*content: str, props: list[str] | None = None) -> str:
    return el("r", None, el("rPr", None, *props) if props else "", *content)


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
