"""Document → TEI P5 (the encoding is described in :mod:`digestconv.formats.tei`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from lxml import etree

from ... import __version__
from ...errors import Diagnostic
from ...model import (
    Block,
    Contents,
    Division,
    Document,
    Field,
    FieldList,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Metadata,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Text,
)
from . import TeiOptions
from .layout import indent
from .names import CONTACT_LINES, HI_REND, LIST_REND, TEI_NS, XML_ID, XML_LANG, tei

LANGUAGE_NAMES = {"zh-Hant-TW": "Traditional Chinese as written in Taiwan", "zh-Hant": "Traditional Chinese"}

# What the reader's repairs mean, for editorialDecl (codes: digestconv.errors.Diagnostic).
REPAIRS = {
    "page-break-join": "Page breaks: paragraphs and list items cut by a page break were re-joined",
    "hard-break-joined": "Line breaks: hard line breaks that only wrapped prose were removed",
    "false-list-number": "List numbers: a number created by a broken line was removed and its item re-joined",
    "inferred-heading": (
        "Headings: the hierarchy follows the printed numbering labels, not the Markdown heading marks; "
        "labelled lines without heading marks were read as headings"
    ),
    "footnote-bound": "Footnotes: bodies printed at the page foot were bound to their references and placed there",
    "toc-title-mismatch": "Contents: where a contents title differs from the report heading, the heading is kept",
    "toc-wrapped": "Contents: a title wrapped onto a second line was re-joined",
    "furniture-dropped": (
        "Page furniture (logo text, repeated running title, page-foot rules, page numbers and running heads "
        "between the text) was removed"
    ),
    "bullet-repaired": "Bullets: a dash without a following space was read as a bullet",
    "heading-mark-repaired": "Headings: a heading mark glued to its text was read as a heading mark",
    "report-id-normalized": "Report ids: a dash other than the hyphen in a report id was read as a hyphen",
    "control-character": "Control characters, which XML cannot carry, were replaced by U+FFFD",
}


def to_bytes(doc: Document, options: TeiOptions) -> bytes:
    root = etree.Element(tei("TEI"), nsmap={None: TEI_NS})
    root.set(XML_LANG, doc.metadata.language)
    root.append(_header(doc.metadata, options.diagnostics))
    text = etree.SubElement(root, tei("text"))
    for part, divisions in (("front", doc.front), ("body", doc.body), ("back", doc.back)):
        if divisions:
            container = etree.SubElement(text, tei(part))
            for division in divisions:
                _division(container, division)
    indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


# --- header ------------------------------------------------------------------------------------


def _el(parent: etree._Element, tag: str, text: str = "", **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tei(tag), attributes)
    if text:
        element.text = text
    return element


def _header(meta: Metadata, diagnostics: Sequence[Diagnostic]) -> etree._Element:
    header = etree.Element(tei("teiHeader"))
    file_desc = _el(header, "fileDesc")
    title_stmt = _el(file_desc, "titleStmt")
    _el(title_stmt, "title", meta.title)
    for contributor in meta.contributors:
        resp_stmt = _el(title_stmt, "respStmt")
        _el(resp_stmt, "resp", contributor.role)
        _el(resp_stmt, "name", contributor.name)

    publication = _el(file_desc, "publicationStmt")
    _el(publication, "publisher", meta.publisher)
    if meta.publisher_en:
        _el(publication, "publisher", meta.publisher_en).set(XML_LANG, "en")
    contact = {"telephone": meta.telephone, "fax": meta.fax, "website": meta.website}
    if meta.address or any(contact.values()):
        address = _el(publication, "address")
        if meta.address:
            _el(address, "addrLine", meta.address)
        for kind in CONTACT_LINES:
            if contact[kind]:
                _el(address, "addrLine", contact[kind], n=kind)
    if meta.date or meta.date_printed:
        _date(publication, meta.date, meta.date_printed)
    if meta.rights:
        _el(_el(publication, "availability"), "p", meta.rights)
    _el(publication, "idno", meta.identifier, type="URI")

    source = _el(file_desc, "sourceDesc")
    if meta.title or meta.publisher or meta.date_printed:
        bibl = _el(source, "bibl", type="print")
        _el(bibl, "title", meta.title)
        if meta.publisher:
            _el(bibl, "publisher", meta.publisher)
        if meta.date or meta.date_printed:
            _date(bibl, meta.date, meta.date_printed)
    else:
        _el(source, "p", "Born digital: no printed source is recorded.")

    encoding = _el(header, "encodingDesc")
    application = _el(_el(encoding, "appInfo"), "application", ident="digestconv", version=__version__)
    _el(application, "label", "digestconv")
    editorial = _el(encoding, "editorialDecl")
    for statement in _repairs(diagnostics):
        _el(editorial, "p", statement)
    _el(
        encoding,
        "p",
        "Rendition: hi/@rend is bold, italic, subscript or superscript; list/@rend is numbered or bulleted; "
        "list/@type gloss holds a field list and toc the printed table of contents.",
    )

    languages = _el(_el(header, "profileDesc"), "langUsage")
    _el(languages, "language", LANGUAGE_NAMES.get(meta.language, ""), ident=meta.language)
    return header


def _date(parent: etree._Element, iso: str, printed: str) -> etree._Element:
    element = _el(parent, "date", printed)
    _set_date(element, iso)
    return element


def _set_date(element: etree._Element, iso: str) -> None:
    if "/" in iso:
        start, end = iso.split("/", 1)
        element.set("from", start)
        element.set("to", end)
    elif iso:
        element.set("when", iso)


def _repairs(diagnostics: Sequence[Diagnostic]) -> list[str]:
    if not diagnostics:
        return ["No repairs were recorded: the text was encoded from the digestconv document model as given."]
    lines: dict[str, list[int]] = defaultdict(list)
    for diagnostic in diagnostics:
        lines[diagnostic.code].append(diagnostic.line)
    statements = []
    for code, found in lines.items():
        what = REPAIRS.get(code, f"Reader diagnostic '{code}'")
        where = ", ".join(str(n) for n in found)
        statements.append(f"{what} ({len(found)} times; source lines {where}).")
    return statements


# --- text --------------------------------------------------------------------------------------


def _division(parent: etree._Element, division: Division) -> None:
    div = _el(parent, "div", type=division.kind)
    div.set(XML_ID, division.id)
    if division.label:
        div.set("n", division.label)
    if division.title:
        _inlines(_el(div, "head"), division.title)
    if division.meta:
        bibl = _el(div, "bibl", type="metadata")
        for f in division.meta:
            _meta_field(bibl, f, division)
    for block in division.blocks:
        _block(div, block)
    for child in division.children:
        _division(div, child)


def _meta_field(bibl: etree._Element, f: Field, division: Division) -> None:
    if f.normalized:
        date = _el(bibl, "date", n=f.name)
        _set_date(date, f.normalized)
        _inlines(date, f.value)
    elif f.value == (Text(division.label),):
        _el(bibl, "idno", division.label, type=division.kind, n=f.name)
    else:
        resp_stmt = _el(bibl, "respStmt")
        _el(resp_stmt, "resp", f.name)
        _inlines(_el(resp_stmt, "name"), f.value)


def _block(parent: etree._Element, block: Block) -> None:
    if isinstance(block, Paragraph):
        _inlines(_el(parent, "p"), block.inlines)
    elif isinstance(block, ListBlock):
        listing = _el(parent, "list", rend=LIST_REND[block.ordered])
        for item in block.items:
            element = _el(listing, "item", n=item.label) if item.label else _el(listing, "item")
            _content(element, item.blocks)
    elif isinstance(block, FieldList):
        gloss = _el(parent, "list", type="gloss")
        for f in block.fields:
            _el(gloss, "label", f.name)
            item = _el(gloss, "item")
            if f.normalized:
                item = _el(item, "date")
                _set_date(item, f.normalized)
            _inlines(item, f.value)
    elif isinstance(block, Contents):
        toc = _el(parent, "list", type="toc")
        for entry in block.entries:
            item = _el(toc, "item", n=entry.label) if entry.label else _el(toc, "item")
            title = _el(item, "ref", target=f"#{entry.target}") if entry.target else _el(item, "seg", type="title")
            _inlines(title, entry.title)
            _el(item, "num", entry.page, type="page")
    elif isinstance(block, Quote):
        quote = _el(parent, "quote")
        for child in block.blocks:
            _block(quote, child)
    elif isinstance(block, PageBreak):
        _el(parent, "pb", n=block.page)
    else:  # pragma: no cover - validate() admits no other block
        raise TypeError(f"no TEI for {type(block).__name__}")


def _content(element: etree._Element, blocks: tuple[Block, ...]) -> None:
    """An item's or note's content: one paragraph inline, anything else as blocks."""
    if len(blocks) == 1 and isinstance(blocks[0], Paragraph):
        _inlines(element, blocks[0].inlines)
    else:
        for block in blocks:
            _block(element, block)


def _inlines(parent: etree._Element, inlines: tuple[Inline, ...]) -> None:
    for node in inlines:
        if isinstance(node, Text):
            _append_text(parent, node.text)
        elif isinstance(node, LineBreak):
            _el(parent, "lb")
        elif isinstance(node, Note):
            note = _el(parent, "note", place="foot", n=node.label) if node.label else _el(parent, "note", place="foot")
            _content(note, node.blocks)
        elif isinstance(node, Link):
            _inlines(_el(parent, "ref", target=node.target), node.children)
        else:
            _inlines(_el(parent, "hi", rend=HI_REND[type(node)]), node.children)


def _append_text(parent: etree._Element, text: str) -> None:
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
