"""XHTML written by :mod:`.markup` → model: the exact inverse, strict about anything else.

Elements the markup never writes raise :class:`MarkupError` (with the source line) instead of
being skipped, so a damaged or foreign document cannot quietly lose content.
"""

from __future__ import annotations

from lxml import etree
from lxml.etree import _Element as Element

from .. import xmlsafe
from ..errors import InputError
from ..model import (
    Block,
    Contents,
    ContentsEntry,
    Division,
    Emphasis,
    Field,
    FieldList,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Strong,
    Subscript,
    Superscript,
    Text,
    merge_inlines,
)
from . import vocab as v
from .vocab import h

_CONTAINERS: dict[str, type[Strong | Emphasis | Subscript | Superscript]] = {
    h("strong"): Strong,
    h("em"): Emphasis,
    h("sub"): Subscript,
    h("sup"): Superscript,
}
_HEADINGS = {h(f"h{n}") for n in range(1, 7)}
_XML_SPACE = " \t\r\n"


class MarkupError(ValueError):
    """The XHTML is not what :mod:`.markup` writes (``line``: where in the document, if known)."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(f"line {line}: {reason}" if line else reason)
        self.reason = reason
        self.line = line


def parse_xhtml(data: bytes) -> Element:
    """The root of an XHTML document, parsed by :func:`digestconv.xmlsafe.parse` (no DOCTYPE, no
    entities, libxml2's depth and size limits); malformed XML raises MarkupError, never an empty tree."""
    try:
        return xmlsafe.parse(data, "XHTML")
    except InputError as exc:
        raise MarkupError(exc.reason, exc.line) from None


def body_of(html: Element) -> Element:
    body = html.find(h("body"))
    if body is None:
        raise MarkupError("no <body>")
    return body


def read_division(body: Element) -> Division:
    """The division of a document body: one ``<section>``, followed by the asides of its notes."""
    sections = [child for child in _elements(body) if child.tag == h("section")]
    if len(sections) != 1:
        raise MarkupError(f"expected one top-level <section>, found {len(sections)}")
    notes = {aside.get("id"): aside for aside in _elements(body) if aside.tag == h("aside")}
    return _Reader(notes).division(sections[0])


class _Reader:
    def __init__(self, notes: dict[str | None, Element]) -> None:
        self.notes = notes

    def division(self, sec: Element) -> Division:
        kind, div_id = sec.get(v.DATA_KIND), sec.get("id")
        if kind is None or div_id is None:
            raise _error(sec, "a division <section> needs id and data-kind")
        children = list(_elements(sec))
        blocks: list[Block] = []
        while children and _has_type(children[0], "pagebreak"):
            blocks.append(self.block(children.pop(0)))
        label, title = "", tuple[Inline, ...]()
        if children and children[0].tag in _HEADINGS:
            heading = children.pop(0)
            label = _take_label(heading)
            title = self.inlines(heading)
        meta: tuple[Field, ...] = ()
        if children and _has_class(children[0], v.META):
            meta = self.fields(children.pop(0))
        subdivisions: list[Division] = []
        for child in children:
            if child.tag == h("section"):
                subdivisions.append(self.division(child))
            elif subdivisions:
                raise _error(child, "a block after a subdivision")
            else:
                blocks.append(self.block(child))
        return Division(kind, div_id, label, title, meta, tuple(blocks), tuple(subdivisions))

    # --- blocks ------------------------------------------------------------------------------

    def block(self, el: Element) -> Block:
        tag = el.tag
        if tag == h("p"):
            return Paragraph(self.inlines(el))
        if tag == h("ol") and _has_class(el, v.CONTENTS):
            return Contents(tuple(self.entry(li) for li in _elements(el, h("li"))))
        if tag in (h("ol"), h("ul")):
            return ListBlock(tag == h("ol"), tuple(self.item(li) for li in _elements(el, h("li"))))
        if tag == h("dl") and _has_class(el, v.FIELDS):
            return FieldList(self.fields(el))
        if tag == h("blockquote"):
            return Quote(self.blocks(el))
        if tag == h("span") and _has_type(el, "pagebreak"):
            return PageBreak(el.get("aria-label", ""))
        raise _error(el, "not a block this markup writes")

    def blocks(self, container: Element) -> tuple[Block, ...]:
        return tuple(self.block(child) for child in _elements(container))

    def item(self, li: Element) -> ListItem:
        lead = _take_lead(li, v.LABEL)
        return ListItem("" if lead is None else lead.text or "", self.blocks(li))

    def fields(self, dl: Element) -> tuple[Field, ...]:
        children = list(_elements(dl))
        if len(children) % 2 or any(
            (dt.tag, dd.tag) != (h("dt"), h("dd")) for dt, dd in zip(children[::2], children[1::2], strict=True)
        ):
            raise _error(dl, "a field list must hold <dt>/<dd> pairs")
        out = []
        for dt, dd in zip(children[::2], children[1::2], strict=True):
            if len(dt):
                raise _error(dt, "a field name is plain text")
            out.append(Field(dt.text or "", self.inlines(dd), dd.get(v.DATA_NORMALIZED, "")))
        return tuple(out)

    def entry(self, li: Element) -> ContentsEntry:
        parts = list(_elements(li))
        if not parts or not _has_class(parts[0], v.REF):
            raise _error(li, "a contents entry starts with its reference")
        ref = parts[0]
        target = ref.get("href", "").partition("#")[2] if ref.tag == h("a") else ref.get(v.DATA_TARGET, "")
        label = _take_label(ref)
        titles = [el for el in _elements(ref) if _has_class(el, v.TITLE)]
        if len(titles) != 1:
            raise _error(ref, "a contents entry has one title")
        page = (parts[1].text or "") if len(parts) > 1 and _has_class(parts[1], v.PAGE) else ""
        return ContentsEntry(target, label, self.inlines(titles[0]), page)

    # --- inlines -----------------------------------------------------------------------------

    def inlines(self, el: Element) -> tuple[Inline, ...]:
        out: list[Inline] = []
        if el.text:
            out.append(Text(el.text))
        for child in el:
            if not isinstance(child.tag, str):
                raise _error(child, "comments and processing instructions are not content")
            out.append(self.inline(child))
            if child.tail:
                out.append(Text(child.tail))
        return merge_inlines(out)

    def inline(self, el: Element) -> Inline:
        if el.tag == h("br"):
            return LineBreak()
        if el.tag in _CONTAINERS:
            return _CONTAINERS[el.tag](self.inlines(el))
        if el.tag == h("a") and _has_class(el, v.NOTEREF):
            return self.note(el)
        if el.tag == h("a") and (el.get("href") is not None or el.get(v.DATA_TARGET) is not None):
            return Link(link_target(el), self.inlines(el))
        raise _error(el, "not an inline this markup writes")

    def note(self, ref: Element) -> Note:
        aside = self.notes.get(ref.get("href", "").removeprefix("#"))
        if aside is None:
            raise _error(ref, f"note reference to a missing footnote {ref.get('href')!r}")
        _take_lead(aside, v.BACKLINK)
        return Note(ref.text or "", self.blocks(aside))


# --- helpers -----------------------------------------------------------------------------------


def link_target(a: Element) -> str:
    """A link's target as the model has it: ``data-target`` when the link has one (the IRI of an
    ``href`` in URI form, or a target that is no ``href``), else the ``href``."""
    target = a.get(v.DATA_TARGET)
    return a.get("href", "") if target is None else target


def _elements(parent: Element, tag: str | None = None) -> list[Element]:
    """The element children of a block container; text there may only be layout whitespace."""
    out = []
    for text in (parent.text, *(child.tail for child in parent)):
        if text and text.strip(_XML_SPACE):
            raise _error(parent, f"text {text.strip()[:20]!r} outside a paragraph")
    for child in parent:
        if not isinstance(child.tag, str):
            continue
        if tag is not None and child.tag != tag:
            raise _error(child, f"expected <{etree.QName(tag).localname}>")
        out.append(child)
    return out


def _take_label(el: Element) -> str:
    """Remove the leading ``<span class="label">`` of a heading or contents entry; its text."""
    if el.text or not len(el) or not _has_class(el[0], v.LABEL):
        return ""
    label = el[0]
    el.text = label.tail
    el.remove(label)
    return label.text or ""


def _take_lead(container: Element, cls: str) -> Element | None:
    """Remove the lead element (see ``markup._lead``) from a container or its first paragraph."""
    if not len(container):
        return None
    first = container[0]
    if _has_class(first, cls):
        container.remove(first)
        return first
    if first.tag == h("p") and not first.text and len(first) and _has_class(first[0], cls):
        lead = first[0]
        first.text = lead.tail
        first.remove(lead)
        return lead
    return None


def _has_class(el: Element, cls: str) -> bool:
    return cls in (el.get("class") or "").split()


def _has_type(el: Element, epub_type: str) -> bool:
    return epub_type in (el.get(v.EPUB_TYPE) or "").split()


def _error(el: Element, message: str) -> MarkupError:
    name = etree.QName(el).localname if isinstance(el.tag, str) else "node"
    return MarkupError(f"<{name}>: {message}", el.sourceline)
