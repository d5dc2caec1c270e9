"""What a DOCX round trip may change: the one normalisation of the DOCX edition."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlsplit

from ...model import (
    CONTAINERS,
    Block,
    Contents,
    ContentsEntry,
    Division,
    Document,
    Field,
    FieldList,
    Inline,
    Link,
    ListBlock,
    ListItem,
    Note,
    Paragraph,
    Quote,
)
from .leaves import canonical


def normalize(doc: Document, *, resaved: bool = False) -> Document:
    """``doc`` as reading back its DOCX gives it: ``read(write(doc)) == normalize(doc)``.

    For a file digestconv wrote, one thing changes. Word runs carry formatting properties,
    not nested containers, so every inline run takes one canonical nesting: link outermost,
    then strong, emphasis, superscript or subscript; a container nested in one of its own
    kind disappears; where a subscript and a superscript nest, the inner one wins (a run has
    one vertical alignment); like neighbours merge. Besides, a printed contents without
    entries is dropped (it has no paragraph to stand in). Everything else is exact: text
    (edge spaces, astral and XML-hostile characters), labels, ids, kinds, matter, metadata,
    page breaks, nested lists, quotes and field lists, notes and their labels.

    After LibreOffice re-saves the file (``resaved=True``; checked on the compendium), two more
    things change: the normalised values of fields are gone (LibreOffice 7.4 keeps the content
    control but drops its tag), and a web address without a path gets one (``http://host``
    becomes ``http://host/``).
    """
    return Document(
        metadata=doc.metadata,
        front=tuple(_division(d, resaved) for d in doc.front),
        body=tuple(_division(d, resaved) for d in doc.body),
        back=tuple(_division(d, resaved) for d in doc.back),
    )


def _division(d: Division, resaved: bool) -> Division:
    return replace(
        d,
        title=_inlines(d.title, resaved),
        meta=tuple(_field(f, resaved) for f in d.meta),
        blocks=_blocks(d.blocks, resaved),
        children=tuple(_division(c, resaved) for c in d.children),
    )


def _field(f: Field, resaved: bool) -> Field:
    return Field(f.name, _inlines(f.value, resaved), "" if resaved else f.normalized)


def _blocks(blocks: tuple[Block, ...], resaved: bool) -> tuple[Block, ...]:
    out: list[Block] = []
    for b in blocks:
        if isinstance(b, Paragraph):
            out.append(Paragraph(_inlines(b.inlines, resaved)))
        elif isinstance(b, ListBlock):
            out.append(ListBlock(b.ordered, tuple(ListItem(i.label, _blocks(i.blocks, resaved)) for i in b.items)))
        elif isinstance(b, Quote):
            out.append(Quote(_blocks(b.blocks, resaved)))
        elif isinstance(b, FieldList):
            out.append(FieldList(tuple(_field(f, resaved) for f in b.fields)))
        elif isinstance(b, Contents):
            if b.entries:
                entries = (ContentsEntry(e.target, e.label, _inlines(e.title, resaved), e.page) for e in b.entries)
                out.append(Contents(tuple(entries)))
        else:
            out.append(b)
    return tuple(out)


def _inlines(inlines: tuple[Inline, ...], resaved: bool) -> tuple[Inline, ...]:
    return tuple(_inline(node, resaved) for node in canonical(inlines))


def _inline(node: Inline, resaved: bool) -> Inline:
    if isinstance(node, Note):
        return Note(node.label, _blocks(node.blocks, resaved))
    if isinstance(node, Link) and resaved:
        return Link(_with_path(node.target), tuple(_inline(child, resaved) for child in node.children))
    if isinstance(node, CONTAINERS):
        return replace(node, children=tuple(_inline(child, resaved) for child in node.children))
    return node


def _with_path(target: str) -> str:
    url = urlsplit(target)
    return target + "/" if url.scheme in ("http", "https") and url.netloc and not url.path else target
