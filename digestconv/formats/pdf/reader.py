"""PDF written by this package → Document, from the structure tree and the text it marks.

Text is what the pages draw, decoded through the fonts' ``ToUnicode`` maps (:mod:`.content`), so
it is the printed text: the round trip equals the model after :func:`.normalize.normalize`
(whitespace as laid out, this edition's contents pages, no print page markers of the source).
Structure comes from the tree :mod:`.structure` writes; the catalogue data from the XMP
(:mod:`.metadata`). Generated matter (title page, table of contents, bullets) is skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf

from ...errors import InputError
from ...model import (
    Block,
    Contents,
    ContentsEntry,
    Division,
    Document,
    Emphasis,
    Field,
    FieldList,
    Inline,
    Link,
    ListBlock,
    ListItem,
    Metadata,
    Note,
    Paragraph,
    Quote,
    Strong,
    Subscript,
    Superscript,
    Text,
    merge_inlines,
)
from .content import Tables, marked_text
from .metadata import read_metadata
from .streams import Budget, StreamRefused
from .structure import element_kids

_CONTAINERS: dict[str, Callable[[tuple[Inline, ...]], Inline]] = {
    "/Strong": Strong,
    "/Em": Emphasis,
    "/Sub": Subscript,
    "/Sup": Superscript,
}
_HEADINGS = {f"/H{n}" for n in range(1, 7)}


class StructureRefused(ValueError):
    """A structure tree that is not a tree."""


def read(path: Path) -> Document:
    source = str(path)
    if not path.is_file():
        raise InputError("no such file", source=source)
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as exc:
        raise InputError(f"not a readable PDF: {exc}", source=source) from None
    with pdf:
        try:
            meta = read_metadata(pdf, source)
            if meta is None or "/StructTreeRoot" not in pdf.Root:
                raise InputError("not a tagged PDF written by digestconv (no digestconv metadata)", source=source)
            return _Reader(pdf).document(meta)
        except (StreamRefused, StructureRefused) as exc:
            raise InputError(f"refused: {exc}", source=source) from None
        except RecursionError:  # a loop in the tree, or nesting no document of ours has
            raise InputError("refused: a structure tree nested too deep or with a loop", source=source) from None
        except pikepdf.PdfError as exc:
            raise InputError(f"not a readable PDF: {exc}", source=source) from None
        except (KeyError, AttributeError, ValueError, IndexError, TypeError) as exc:
            raise InputError(f"unexpected structure tree: {type(exc).__name__}: {exc}", source=source) from None


def properties(elem: pikepdf.Object) -> dict[str, str]:
    """The ``UserProperties`` attributes of a structure element."""
    attrs = elem.get("/A")
    if attrs is None:
        return {}
    out = {}
    for attr in attrs if isinstance(attrs, pikepdf.Array) else [attrs]:
        if attr.get("/O") == pikepdf.Name.UserProperties:
            out.update({str(p.N): str(p.V) for p in attr.P})
    return out


def _role(elem: object) -> str:
    return str(elem.get("/S", "")) if isinstance(elem, pikepdf.Dictionary) else ""


class _Reader:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pages = {page.obj.objgen: page for page in pdf.pages}
        self.texts: dict[tuple[int, int], dict[int, str]] = {}
        self.budget = Budget()
        self.tables: Tables = {}
        self.root = pdf.Root.StructTreeRoot

    def document(self, meta: Metadata) -> Document:
        parts: dict[str, list[Division]] = {"front": [], "body": [], "back": []}
        for part in self.elements(self.root.K[0]):
            name = properties(part).get("part", "")
            if name in parts:
                parts[name] = [self.division(sect) for sect in self.elements(part)]
        return Document(meta, tuple(parts["front"]), tuple(parts["body"]), tuple(parts["back"]))

    # --- tree access -------------------------------------------------------------------------

    def kids(self, elem: pikepdf.Object) -> Iterator[pikepdf.Object | str]:
        """Child elements, and the text of marked content, in order."""
        seen: set[tuple[int, int]] = set()
        for kid in element_kids(elem):
            if isinstance(kid, int):
                yield self.text_of(elem.Pg, kid)
            elif kid.get("/Type") == pikepdf.Name.MCR:
                yield self.text_of(kid.Pg, int(kid.MCID))
            elif kid.get("/Type") != pikepdf.Name.OBJR:
                # A tree: each element listed once, under the parent it names. An element shared
                # by parents (or listed twice) would be read once per path: exponential time.
                parent = kid.get("/P")
                if parent is None or parent.objgen != elem.objgen or kid.objgen in seen:
                    raise StructureRefused("a structure element shared by parents or listed twice")
                seen.add(kid.objgen)
                yield kid

    def elements(self, elem: pikepdf.Object) -> list[pikepdf.Object]:
        return [kid for kid in self.kids(elem) if not isinstance(kid, str)]

    def text_of(self, page: pikepdf.Object, mcid: int) -> str:
        key = page.objgen
        if key not in self.texts:
            self.texts[key] = marked_text(self.pages[key], self.budget, self.tables)
        return self.texts[key].get(mcid, "")

    def text(self, elem: pikepdf.Object) -> str:
        return "".join(kid if isinstance(kid, str) else self.text(kid) for kid in self.kids(elem))

    # --- structure ---------------------------------------------------------------------------

    def division(self, sect: pikepdf.Object) -> Division:
        kids = self.elements(sect)
        label, title = "", tuple[Inline, ...]()
        if kids and _role(kids[0]) in _HEADINGS:
            heading = kids.pop(0)
            parts = list(self.kids(heading))
            if parts and _role(parts[0]) == "/Label":
                label = self.text(parts.pop(0))  # type: ignore[arg-type]
            title = self.inline_run(parts)
        meta: tuple[Field, ...] = ()
        if kids and properties(kids[0]).get("role") == "meta":
            meta = self.fields(kids.pop(0))
        blocks = [self.block(kid) for kid in kids if _role(kid) != "/Sect"]
        children = [self.division(kid) for kid in kids if _role(kid) == "/Sect"]
        props = properties(sect)
        return Division(props.get("kind", ""), str(sect.ID), label, title, meta, tuple(blocks), tuple(children))

    def block(self, elem: pikepdf.Object) -> Block:
        role, props = _role(elem), properties(elem)
        if role == "/P":
            return Paragraph(self.inline_run(list(self.kids(elem))) or (Text(" "),))
        if role == "/L" and props.get("role") == "list":
            ordered = any(
                a.get("/ListNumbering") == pikepdf.Name.Decimal for a in elem.A if a.get("/O") == pikepdf.Name.List
            )
            return ListBlock(ordered, tuple(self.item(li) for li in self.elements(elem)))
        if role == "/L":
            return FieldList(self.fields(elem))
        if role == "/BlockQuote":
            return Quote(self.blocks(elem))
        if role == "/TOC":
            return Contents(tuple(self.entry(item) for item in self.elements(elem)))
        raise ValueError(f"a {role} element where a block belongs")

    def blocks(self, elem: pikepdf.Object) -> tuple[Block, ...]:
        return tuple(self.block(kid) for kid in self.elements(elem) if _role(kid) != "/Lbl")

    def item(self, li: pikepdf.Object) -> ListItem:
        label, blocks = "", tuple[Block, ...]()
        for kid in self.elements(li):
            if _role(kid) == "/Lbl" and not properties(kid).get("generated"):
                label = self.text(kid)
            elif _role(kid) == "/LBody":
                blocks = self.blocks(kid)
        return ListItem(label, blocks)

    def fields(self, elem: pikepdf.Object) -> tuple[Field, ...]:
        out = []
        for li in self.elements(elem):
            name, value = "", tuple[Inline, ...]()
            for kid in self.elements(li):
                if _role(kid) == "/Lbl":
                    name = self.text(kid)
                elif _role(kid) == "/LBody":
                    value = self.inline_run(list(self.kids(kid)))
            out.append(Field(name, value, properties(li).get("normalized", "")))
        return tuple(out)

    def entry(self, item: pikepdf.Object) -> ContentsEntry:
        kids = self.elements(item)
        ref = kids[0]
        parts = list(self.kids(ref))
        label = self.text(parts.pop(0)) if parts and _role(parts[0]) == "/Label" else ""  # type: ignore[arg-type]
        page = self.text(kids[1]) if len(kids) > 1 else ""
        target = properties(ref).get("target", "").removeprefix("#")
        return ContentsEntry(target, label, self.inline_run(parts), page)

    # --- inlines -----------------------------------------------------------------------------

    def inline_run(self, kids: list[pikepdf.Object | str]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        pending_label: str | None = None
        for kid in kids:
            if isinstance(kid, str):
                out.append(Text(kid))
                continue
            role = _role(kid)
            if role == "/Reference":
                pending_label = self.text(kid)
            elif role == "/Note":
                out.append(Note(pending_label or "", self.blocks(kid)))
                pending_label = None
            elif role in _CONTAINERS:
                out.append(_CONTAINERS[role](self.inline_run(list(self.kids(kid)))))
            elif role in ("/Link", "/Span") and "target" in properties(kid):
                out.append(Link(properties(kid)["target"], self.inline_run(list(self.kids(kid)))))
            else:
                out.extend(self.inline_run(list(self.kids(kid))))
        return merge_inlines(out)
