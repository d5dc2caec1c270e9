"""Model → XHTML elements: one division becomes one ``<section>`` (its notes become ``<aside>``s).

The mapping is documented in :mod:`digestconv.xhtml`; :mod:`.parse` is its exact inverse.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import quote

from lxml import etree
from lxml.etree import _Element as Element

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
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Strong,
    Subscript,
    Superscript,
    Text,
    plain_text,
)
from . import vocab as v
from .vocab import h

_INLINE_TAGS = {Strong: "strong", Emphasis: "em", Subscript: "sub", Superscript: "sup"}


class Ids:
    """Ids for generated anchors (page breaks, notes) that never collide with a division id."""

    def __init__(self, reserved: Iterable[str]) -> None:
        self._taken = set(reserved)
        self._next: dict[str, int] = {}

    def new(self, prefix: str) -> str:
        n = self._next.get(prefix, 0)
        while True:
            n += 1
            candidate = f"{prefix}-{n}"
            if candidate not in self._taken:
                self._taken.add(candidate)
                self._next[prefix] = n
                return candidate


@dataclass
class Rendered:
    """One division's markup: its section, the asides of its notes, its page anchors in order."""

    section: Element
    asides: list[Element]
    pages: list[tuple[str, str]]  # (page as printed, anchor id)


def display_name(div: Division) -> str:
    """Text that names a division in navigation: label and title, else the name of its kind."""
    text = " ".join(part for part in (div.label.strip(), plain_text(div.title).strip()) if part)
    return text or v.KIND_NAMES.get(div.kind, div.kind)


# Absolute web and mail URLs in ASCII, which EPUBCheck accepts as they are.
_URI_CHARS = r"[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2}"
_HOST = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*"
_HOST_AND_PORT = re.compile(rf"{_HOST}(?::(?P<port>[0-9]{{1,5}}))?")
_LINKABLE = re.compile(
    rf"https?://(?P<authority>[^/?#]*)"
    rf"(?:/(?:{_URI_CHARS})*)?(?:\?(?:{_URI_CHARS})*)?(?:#(?:{_URI_CHARS})*)?"
    rf"|mailto:[A-Za-z0-9._+-]+@{_HOST}"
)
_SAFE = "/:?#[]@!$&'()*+,;=~%"  # what stays as it is when an IRI is mapped to a URI
# Characters IDNA 2003 (Python's codec) maps where browsers (UTS #46) keep them: ß, ς, ZWNJ, ZWJ.
_DEVIATIONS = frozenset("\u00df\u03c2\u200c\u200d")


def web_address(target: str) -> str | None:
    """The ``href`` of a link target a browser can follow: an absolute web or mail URL, in ASCII.

    An absolute ``http(s)`` IRI is given in its URI form (RFC 3987: the host in IDNA, other
    characters percent-encoded as UTF-8), so ``http://例子.tw/報告`` links to
    ``http://xn--fsqu00a.tw/%E5%A0%B1%E5%91%8A``. Anything else (relative, a fragment, a host
    that is not a plain host name, a host IDNA 2003 and browsers would read differently) gets
    None: the target is then kept in ``data-target`` only, so the EPUB stays valid and the
    target exact.
    """
    uri = target
    if not target.isascii():
        scheme, sep, rest = target.partition("://")
        if sep:  # the host (and port), up to the path, query or fragment, in IDNA
            end = min([i for i in map(rest.find, "/?#") if i >= 0] or [len(rest)])
            host = rest[:end]
            try:
                encoded = host.encode("idna").decode("ascii")
            except UnicodeError:
                return None
            # IDNA's NFKC turns full-width ／？＠：＃ into delimiters: a host that gains one is no link.
            if any(encoded.count(c) != host.count(c) for c in ":/?#@") or _DEVIATIONS.intersection(host):
                return None
            rest = encoded + rest[end:]
        uri = quote(f"{scheme}{sep}{rest}", safe=_SAFE)
    match = _LINKABLE.fullmatch(uri)
    if match is None:
        return None
    if match["authority"] is not None:  # a host name (no empty label), and a port a URL can have
        authority = _HOST_AND_PORT.fullmatch(match["authority"])
        if authority is None or int(authority["port"] or 0) > 65535:
            return None
    return uri


class Renderer:
    """Renders divisions; ``href`` gives the link to a division by id (for printed contents)."""

    def __init__(self, ids: Ids, href: Callable[[str], str]) -> None:
        self.ids = ids
        self.href = href

    def render(self, div: Division, depth: int = 1) -> Rendered:
        self._asides: list[Element] = []
        self._pages: list[tuple[str, str]] = []
        section = self._division(div, depth)
        return Rendered(section, self._asides, self._pages)

    # --- structure ---------------------------------------------------------------------------

    def _division(self, div: Division, depth: int) -> Element:
        sec = etree.Element(h("section"), {"id": div.id, v.DATA_KIND: div.kind})
        semantics = v.KIND_SEMANTICS.get(div.kind)
        if semantics:
            sec.set(v.EPUB_TYPE, semantics[0])
            if semantics[1]:
                sec.set("role", semantics[1])
        blocks = list(div.blocks)
        # A print page starts before the division's heading, so its marker goes there.
        while blocks and isinstance(blocks[0], PageBreak):
            self._block(sec, blocks.pop(0))
        if div.label or div.title:
            heading = _sub(sec, f"h{min(depth, 6)}")
            if div.label:
                _sub(heading, "span", {"class": v.LABEL}, div.label)
            self._inlines(heading, div.title)
        else:
            sec.set("aria-label", display_name(div))
        if div.meta:
            self._fields(_sub(sec, "dl", {"class": v.META}), div.meta)
        for block in blocks:
            self._block(sec, block)
        for child in div.children:
            _block_end(sec, self._division(child, depth + 1))
        return sec

    def _block(self, parent: Element, block: Block) -> Element:
        if isinstance(block, Paragraph):
            el = etree.Element(h("p"))
            self._inlines(el, block.inlines)
        elif isinstance(block, ListBlock):
            el = etree.Element(h("ol" if block.ordered else "ul"))
            for item in block.items:
                li = _sub(el, "li")
                self._blocks(li, item.blocks)
                if item.label:
                    _lead(li, _element("span", {"class": v.LABEL}, item.label))
                _block_end(el, li)
        elif isinstance(block, FieldList):
            el = etree.Element(h("dl"), {"class": v.FIELDS})
            self._fields(el, block.fields)
        elif isinstance(block, Quote):
            el = etree.Element(h("blockquote"))
            self._blocks(el, block.blocks)
        elif isinstance(block, Contents):
            el = etree.Element(h("ol"), {"class": v.CONTENTS})
            for entry in block.entries:
                _block_end(el, self._entry(entry))
        elif isinstance(block, PageBreak):
            anchor = self.ids.new("page")
            self._pages.append((block.page, anchor))
            el = etree.Element(
                h("span"), {v.EPUB_TYPE: "pagebreak", "role": "doc-pagebreak", "id": anchor, "aria-label": block.page}
            )
        else:  # pragma: no cover - the model's Block union is closed
            raise TypeError(f"not a block: {block!r}")
        _block_end(parent, el)
        return el

    def _blocks(self, parent: Element, blocks: Iterable[Block]) -> None:
        for block in blocks:
            self._block(parent, block)

    def _fields(self, dl: Element, fields: Iterable[Field]) -> None:
        for f in fields:
            _block_end(dl, _element("dt", text=f.name))
            dd = _element("dd", {v.DATA_NORMALIZED: f.normalized} if f.normalized else {})
            self._inlines(dd, f.value)
            _block_end(dl, dd)

    def _entry(self, entry: ContentsEntry) -> Element:
        li = etree.Element(h("li"))
        # A title holding a link cannot sit inside another link: then the target is kept as data.
        if entry.target and not any(isinstance(node, Link) for node in entry.title):
            ref = _sub(li, "a", {"class": v.REF, "href": self.href(entry.target)})
        else:
            ref = _sub(li, "span", {"class": v.REF})
            if entry.target:
                ref.set(v.DATA_TARGET, entry.target)
        if entry.label:
            _sub(ref, "span", {"class": v.LABEL}, entry.label)
        self._inlines(_sub(ref, "span", {"class": v.TITLE}), entry.title)
        if entry.page:
            _sub(li, "span", {"class": v.PAGE}, entry.page)
        return li

    # --- inlines -----------------------------------------------------------------------------

    def _inlines(self, parent: Element, inlines: Iterable[Inline]) -> None:
        for node in inlines:
            if isinstance(node, Text):
                _append_text(parent, node.text)
            elif isinstance(node, LineBreak):
                _sub(parent, "br")
            elif isinstance(node, Link):
                href = web_address(node.target)
                attrs = {} if href is None else {"href": href}
                if href != node.target:  # no web address, or an IRI's: the target as written
                    attrs[v.DATA_TARGET] = node.target
                self._inlines(_sub(parent, "a", attrs), node.children)
            elif isinstance(node, Note):
                self._note(parent, node)
            else:
                self._inlines(_sub(parent, _INLINE_TAGS[type(node)]), node.children)

    def _note(self, parent: Element, note: Note) -> None:
        ref_id, note_id = self.ids.new("noteref"), self.ids.new("note")
        _sub(
            parent,
            "a",
            {"class": v.NOTEREF, v.EPUB_TYPE: "noteref", "role": "doc-noteref", "id": ref_id, "href": f"#{note_id}"},
            note.label,
        )
        aside = etree.Element(h("aside"), {"id": note_id, v.EPUB_TYPE: "footnote", "role": "doc-footnote"})
        self._blocks(aside, note.blocks)
        back = _element("a", {"class": v.BACKLINK, "role": "doc-backlink", "href": f"#{ref_id}"}, note.label or "↩")
        _lead(aside, back)
        aside.tail = "\n"
        self._asides.append(aside)


# --- element helpers ---------------------------------------------------------------------------


def _element(tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> Element:
    el = etree.Element(h(tag), attrs or {})
    el.text = text
    return el


def _sub(parent: Element, tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> Element:
    el = etree.SubElement(parent, h(tag), attrs or {})
    el.text = text
    return el


def _block_end(parent: Element, child: Element) -> None:
    """Append a block element; the newline after it only makes the source readable."""
    if child.getparent() is None:
        parent.append(child)
    child.tail = "\n"


def _append_text(parent: Element, text: str) -> None:
    if len(parent):
        parent[-1].tail = (parent[-1].tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _lead(container: Element, lead: Element) -> None:
    """Put ``lead`` (an item label, a note's backlink) at the start of the container's first
    paragraph when it opens with one, so that it reads on the same line; else before the blocks."""
    first = container[0] if len(container) else None
    if first is not None and first.tag == h("p"):
        lead.tail, first.text = first.text, None
        first.insert(0, lead)
    else:
        lead.tail = "\n" if first is not None else None
        container.insert(0, lead)
