"""TEI P5 → Document: the exact inverse of the writer's encoding (see :mod:`digestconv.formats.tei`).

The reader is strict: an element or a piece of text the encoding does not use raises
:class:`~digestconv.errors.InputError` with its line, so nothing in a foreign or damaged file is
silently dropped. Whitespace is ignored only inside elements that hold elements alone
(:mod:`.layout`); everywhere else it is text.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ...errors import InputError, ModelError
from ...model import (
    Block,
    Contents,
    ContentsEntry,
    Contributor,
    Division,
    Document,
    Field,
    FieldList,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Metadata,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Text,
    validate,
)
from ...xmlsafe import parse
from .layout import holds_blocks
from .names import CONTACT_LINES, LIST_REND, REND_HI, XML_ID, XML_LANG, tei

_ORDERED = {rend: ordered for ordered, rend in LIST_REND.items()}


def read_file(path: Path) -> Document:
    return from_bytes(path.read_bytes(), source=str(path))


def from_bytes(data: bytes, source: str = "<tei>") -> Document:
    root = parse(data, source)
    if root.tag != tei("TEI"):
        raise InputError(f"not a TEI document: the root element is {_name(root)}, not TEI", source=source, line=1)
    reader = _Reader(source)
    doc = reader.document(root)
    try:
        return validate(doc)
    except ModelError as exc:
        raise InputError(f"the TEI does not describe a valid document: {exc}", source=source) from None


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else repr(element.tag)


def _date_value(element: etree._Element) -> str:
    """``when``, or the interval ``from/to``."""
    if element.get("when") is not None:
        return element.get("when", "")
    if element.get("from") is not None or element.get("to") is not None:
        return f"{element.get('from', '')}/{element.get('to', '')}"
    return ""


class _Reader:
    def __init__(self, source: str) -> None:
        self.source = source

    def error(self, element: etree._Element, message: str) -> InputError:
        return InputError(message, source=self.source, line=element.sourceline)

    def children(self, element: etree._Element) -> list[etree._Element]:
        """The child elements of an element-only element; any text in it is an error."""
        for text in (element.text, *(child.tail for child in element)):
            if text and text.strip():
                raise self.error(element, f"unexpected text {text.strip()[:40]!r} in <{_name(element)}>")
        return list(element)

    def only(self, parent: etree._Element, tag: str) -> etree._Element:
        found = parent.findall(tei(tag))
        if len(found) != 1:
            raise self.error(parent, f"<{_name(parent)}> needs exactly one <{tag}>, found {len(found)}")
        return found[0]

    def text(self, element: etree._Element | None) -> str:
        """The text of an element that holds text alone."""
        if element is None:
            return ""
        if len(element):
            raise self.error(element[0], f"<{_name(element[0])}> cannot stand in <{_name(element)}>")
        return element.text or ""

    # --- header --------------------------------------------------------------------------------

    def document(self, root: etree._Element) -> Document:
        header = self.only(root, "teiHeader")
        text = self.only(root, "text")
        parts: dict[str, tuple[Division, ...]] = {"front": (), "body": (), "back": ()}
        for part in self.children(text):
            if part.tag not in {tei(name) for name in parts} or parts[_name(part)]:
                raise self.error(part, f"<{_name(part)}> cannot stand in <text>")
            parts[_name(part)] = tuple(self.division(div) for div in self.children(part))
        return Document(self.metadata(root, header), parts["front"], parts["body"], parts["back"])

    def metadata(self, root: etree._Element, header: etree._Element) -> Metadata:
        file_desc = self.only(header, "fileDesc")
        title_stmt = self.only(file_desc, "titleStmt")
        contributors = tuple(
            Contributor(self.text(self.only(resp, "resp")), self.text(self.only(resp, "name")))
            for resp in title_stmt.findall(tei("respStmt"))
        )
        publication = self.only(file_desc, "publicationStmt")
        publishers = {p.get(XML_LANG, ""): self.text(p) for p in publication.findall(tei("publisher"))}
        lines = {
            line.get("n", ""): self.text(line) for line in publication.findall(f"{tei('address')}/{tei('addrLine')}")
        }
        date = publication.find(tei("date"))
        rights = publication.find(f"{tei('availability')}/{tei('p')}")
        language = header.find(f"{tei('profileDesc')}/{tei('langUsage')}/{tei('language')}")
        return Metadata(
            title=self.text(self.only(title_stmt, "title")),
            identifier=self.text(self.only(publication, "idno")),
            language=language.get("ident", "") if language is not None else root.get(XML_LANG, ""),
            publisher=publishers.get("", ""),
            publisher_en=publishers.get("en", ""),
            date=_date_value(date) if date is not None else "",
            date_printed=self.text(date),
            contributors=contributors,
            address=lines.get("", ""),
            telephone=lines.get(CONTACT_LINES[0], ""),
            fax=lines.get(CONTACT_LINES[1], ""),
            website=lines.get(CONTACT_LINES[2], ""),
            rights=self.text(rights),
        )

    # --- divisions -----------------------------------------------------------------------------

    def division(self, div: etree._Element) -> Division:
        if div.tag != tei("div"):
            raise self.error(div, f"<{_name(div)}> cannot stand here: expected <div>")
        if div.get(XML_ID) is None or div.get("type") is None:
            raise self.error(div, "a <div> needs @xml:id and @type")
        title: tuple[Inline, ...] = ()
        meta: tuple[Field, ...] = ()
        blocks: list[Block] = []
        children: list[Division] = []
        for child in self.children(div):
            if child.tag == tei("head"):
                title = self.inlines(child)
            elif child.tag == tei("bibl") and child.get("type") == "metadata":
                meta = tuple(self.meta_field(f) for f in self.children(child))
            elif child.tag == tei("div"):
                children.append(self.division(child))
            else:
                blocks.append(self.block(child))
        return Division(
            kind=div.get("type", ""),
            id=div.get(XML_ID, ""),
            label=div.get("n", ""),
            title=title,
            meta=meta,
            blocks=tuple(blocks),
            children=tuple(children),
        )

    def meta_field(self, element: etree._Element) -> Field:
        name = element.get("n", "")
        if element.tag == tei("date"):
            return Field(name, self.inlines(element), _date_value(element))
        if element.tag == tei("idno"):
            return Field(name, (Text(self.text(element)),))
        if element.tag == tei("respStmt"):
            return Field(self.text(self.only(element, "resp")), self.inlines(self.only(element, "name")))
        raise self.error(element, f"<{_name(element)}> cannot stand in division metadata")

    # --- blocks --------------------------------------------------------------------------------

    def block(self, element: etree._Element) -> Block:
        tag = _name(element)
        if tag == "p":
            return Paragraph(self.inlines(element))
        if tag == "quote":
            return Quote(self.blocks(element))
        if tag == "pb":
            return PageBreak(element.get("n", ""))
        if tag == "list" and element.get("type") == "gloss":
            return self.field_list(element)
        if tag == "list" and element.get("type") == "toc":
            return Contents(tuple(self.contents_entry(item) for item in self.children(element)))
        if tag == "list" and element.get("rend") in _ORDERED:
            items = tuple(self.list_item(item) for item in self.children(element))
            return ListBlock(_ORDERED[element.get("rend", "")], items)
        raise self.error(element, f"<{tag}> is not a block this encoding uses")

    def blocks(self, element: etree._Element) -> tuple[Block, ...]:
        return tuple(self.block(child) for child in self.children(element))

    def content(self, element: etree._Element) -> tuple[Block, ...]:
        """An item's or a note's content: blocks, or one paragraph's inlines held directly."""
        if holds_blocks(element):
            return self.blocks(element)
        return (Paragraph(self.inlines(element)),)

    def list_item(self, item: etree._Element) -> ListItem:
        if item.tag != tei("item"):
            raise self.error(item, f"<{_name(item)}> cannot stand in a list")
        return ListItem(item.get("n", ""), self.content(item))

    def field_list(self, element: etree._Element) -> FieldList:
        children = self.children(element)
        if len(children) % 2 or any(
            (label.tag, item.tag) != (tei("label"), tei("item"))
            for label, item in zip(children[::2], children[1::2], strict=True)
        ):
            raise self.error(element, "a gloss list holds <label>/<item> pairs")
        fields = []
        for label, item in zip(children[::2], children[1::2], strict=True):
            date = item[0] if len(item) == 1 and item[0].tag == tei("date") else None
            if date is not None and not (item.text or date.tail):
                fields.append(Field(self.text(label), self.inlines(date), _date_value(date)))
            else:
                fields.append(Field(self.text(label), self.inlines(item)))
        return FieldList(tuple(fields))

    def contents_entry(self, item: etree._Element) -> ContentsEntry:
        parts = self.children(item)
        if len(parts) != 2 or parts[0].tag not in (tei("ref"), tei("seg")) or parts[1].tag != tei("num"):
            raise self.error(item, "a contents <item> holds a <ref> (or <seg>) and a <num>")
        title, page = parts
        target = title.get("target", "").removeprefix("#") if title.tag == tei("ref") else ""
        return ContentsEntry(target, item.get("n", ""), self.inlines(title), self.text(page))

    # --- inlines -------------------------------------------------------------------------------

    def inlines(self, element: etree._Element) -> tuple[Inline, ...]:
        result: list[Inline] = []
        if element.text:
            result.append(Text(element.text))
        for child in element:
            result.append(self.inline(child))
            if child.tail:
                result.append(Text(child.tail))
        return tuple(result)

    def inline(self, element: etree._Element) -> Inline:
        tag = _name(element)
        if tag == "hi" and element.get("rend") in REND_HI:
            return REND_HI[element.get("rend", "")](self.inlines(element))
        if tag == "ref" and element.get("target") is not None:
            return Link(element.get("target", ""), self.inlines(element))
        if tag == "lb":
            return LineBreak()
        if tag == "note" and element.get("place") == "foot":
            return Note(element.get("n", ""), self.content(element))
        raise self.error(element, f"<{tag}> is not an inline this encoding uses")
