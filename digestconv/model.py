"""The intermediate document model: one typed, immutable tree between readers and writers.

A :class:`Document` has catalogue :class:`Metadata`, front matter, a body and back matter, each a
sequence of :class:`Division` (report, section, …). Divisions nest; depth comes from nesting,
never from a stored level. A division holds its printed numbering label, a title, optional
structured :class:`Field` metadata, its own blocks, then its child divisions.

Blocks: :class:`Paragraph`, :class:`ListBlock` of :class:`ListItem`, :class:`FieldList`,
:class:`Quote`, :class:`Contents` (a printed table of contents) and :class:`PageBreak` (a print
page number). Inlines: :class:`Text`, :class:`Strong`, :class:`Emphasis`, :class:`Subscript`,
:class:`Superscript`, :class:`Link`, :class:`LineBreak` and :class:`Note` (a footnote, placed
where it is referenced, holding blocks).

Trees are canonical so that every format can round-trip them exactly: no empty or adjacent
:class:`Text` runs, no empty containers, no characters that XML 1.0 forbids, no line breaks
inside text (use :class:`LineBreak`). :func:`validate` checks all of it and the content model
(no note inside a note, no link inside a link, unique ids, contents entries that point at real
divisions) and raises :class:`~digestconv.errors.ModelError` naming the offending node.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, fields

from .errors import ModelError

# --- inlines -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Text:
    text: str


@dataclass(frozen=True, slots=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Subscript:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Superscript:
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Link:
    target: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class LineBreak:
    pass


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote at its reference point; ``label`` is the printed mark (``"1"``)."""

    label: str
    blocks: tuple[Block, ...]


Container = Strong | Emphasis | Subscript | Superscript | Link
Inline = Text | Strong | Emphasis | Subscript | Superscript | Link | LineBreak | Note
CONTAINERS = (Strong, Emphasis, Subscript, Superscript, Link)

# --- blocks ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Paragraph:
    inlines: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class ListItem:
    """An item; ``label`` is its printed label (``"(一)"``, ``"1."``) or ``""`` for a bullet."""

    label: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]


@dataclass(frozen=True, slots=True)
class Field:
    """A named value as printed (``執行時間`` → ``2023.06~2023.12``).

    ``normalized`` is a machine-readable form when one is known: an ISO 8601 date or interval
    (``2023-06/2023-12``).
    """

    name: str
    value: tuple[Inline, ...]
    normalized: str = ""


@dataclass(frozen=True, slots=True)
class FieldList:
    fields: tuple[Field, ...]


@dataclass(frozen=True, slots=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class ContentsEntry:
    """One line of a printed table of contents: ``target`` is the id of the division it lists."""

    target: str
    label: str
    title: tuple[Inline, ...]
    page: str


@dataclass(frozen=True, slots=True)
class Contents:
    entries: tuple[ContentsEntry, ...]


@dataclass(frozen=True, slots=True)
class PageBreak:
    """The start of a printed page, ``page`` as printed (``"3"``); only between division blocks."""

    page: str


Block = Paragraph | ListBlock | FieldList | Quote | Contents | PageBreak

# --- structure ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Division:
    """A titled part of the document: a report, a section, the foreword, the colophon, …

    ``kind`` is a lowercase word (``report``, ``section``, ``titlepage``, ``introduction``,
    ``staff``, ``contents``, ``copyright``, ``disclaimer``, ``colophon``); ``id`` is stable and
    an XML NCName; ``meta`` is the division's own metadata (a report's ``◇`` block).
    """

    kind: str
    id: str
    label: str
    title: tuple[Inline, ...]
    meta: tuple[Field, ...] = ()
    blocks: tuple[Block, ...] = ()
    children: tuple[Division, ...] = ()


@dataclass(frozen=True, slots=True)
class Contributor:
    role: str
    name: str


@dataclass(frozen=True, slots=True)
class Metadata:
    """Catalogue data about the document, derived from its content by the reader.

    ``date`` is ISO 8601 (``2025-02``); ``date_printed`` the date as printed
    (``中華民國 114 年 02 月``); ``identifier`` is stable for the same content.
    """

    title: str
    identifier: str
    language: str = "zh-Hant-TW"
    publisher: str = ""
    publisher_en: str = ""
    date: str = ""
    date_printed: str = ""
    contributors: tuple[Contributor, ...] = ()
    address: str = ""
    telephone: str = ""
    fax: str = ""
    website: str = ""
    rights: str = ""


@dataclass(frozen=True, slots=True)
class Document:
    metadata: Metadata
    front: tuple[Division, ...] = ()
    body: tuple[Division, ...] = ()
    back: tuple[Division, ...] = ()

    def divisions(self) -> Iterator[Division]:
        """Every division, front to back, depth first."""
        for part in (self.front, self.body, self.back):
            yield from walk_divisions(part)


Node = Inline | Block | ListItem | Field | ContentsEntry | Division | Contributor | Metadata | Document

NODE_TYPES: tuple[type, ...] = (
    Text,
    Strong,
    Emphasis,
    Subscript,
    Superscript,
    Link,
    LineBreak,
    Note,
    Paragraph,
    ListItem,
    ListBlock,
    Field,
    FieldList,
    Quote,
    ContentsEntry,
    Contents,
    PageBreak,
    Division,
    Contributor,
    Metadata,
    Document,
)


def walk_divisions(divisions: Sequence[Division]) -> Iterator[Division]:
    for division in divisions:
        yield division
        yield from walk_divisions(division.children)


# --- text helpers ------------------------------------------------------------------------------


def plain_text(inlines: Sequence[Inline], *, notes: bool = False) -> str:
    """The characters of ``inlines`` without markup; a line break reads as ``\\n``.

    Note bodies are left out unless ``notes`` is true.
    """
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Note):
            if notes:
                out.extend(block_text(b) for b in node.blocks)
        else:
            out.append(plain_text(node.children, notes=notes))
    return "".join(out)


def block_text(block: Block) -> str:
    """The characters of one block, notes included, in reading order."""
    if isinstance(block, Paragraph):
        return plain_text(block.inlines, notes=True)
    if isinstance(block, ListBlock):
        return "".join(item.label + "".join(map(block_text, item.blocks)) for item in block.items)
    if isinstance(block, FieldList):
        return "".join(f.name + plain_text(f.value, notes=True) for f in block.fields)
    if isinstance(block, Quote):
        return "".join(map(block_text, block.blocks))
    if isinstance(block, Contents):
        return "".join(e.label + plain_text(e.title) + e.page for e in block.entries)
    return ""


def merge_inlines(inlines: Sequence[Inline]) -> tuple[Inline, ...]:
    """Canonical form of an inline run: adjacent texts and like containers merged, empties gone."""
    if len(inlines) == 1 and type(inlines[0]) is Text and inlines[0].text:  # most runs: one text
        return tuple(inlines)
    return InlineRun(inlines).build()


class InlineRun:
    """An inline run built node by node, kept canonical (see :func:`merge_inlines`), in time linear
    in its size: merging a growing tuple again for every piece would copy it every time.

    Each node stays open until :meth:`build`: a text as a list of pieces, a container as a run of
    its own, so that what is appended next merges into it without copying.
    """

    __slots__ = ("_before", "_nodes")

    def __init__(self, inlines: Iterable[Inline] = ()) -> None:
        self._nodes: list[Inline | list[str] | _OpenContainer] = []
        self._before: list[str] = []  # the last character of the plain text before each node
        for node in inlines:
            self.append(node)

    def __bool__(self) -> bool:
        return bool(self._nodes)

    def append(self, node: Inline) -> None:
        last = self._nodes[-1] if self._nodes else None
        if isinstance(node, Text):
            if not node.text:
                return
            if isinstance(last, list):
                last.append(node.text)
            else:
                self._push([node.text])
        elif isinstance(node, CONTAINERS):
            if isinstance(last, _OpenContainer) and last.takes(node):
                last.run.extend(node.children)
            else:
                run = InlineRun(node.children)
                if run:
                    self._push(_OpenContainer(node, run))
        else:
            self._push(node)

    def extend(self, inlines: Iterable[Inline]) -> None:
        for node in inlines:
            self.append(node)

    def strip_end(self) -> None:
        """Remove the whitespace at the end of the last node (of that node only, not beyond)."""
        if not self._nodes:
            return
        last = self._nodes[-1]
        if isinstance(last, list):
            while last and not last[-1].rstrip():
                last.pop()
            if last:
                last[-1] = last[-1].rstrip()
            emptied = not last
        elif isinstance(last, _OpenContainer):
            last.run.strip_end()
            emptied = not last.run
        else:
            return
        if emptied:
            self._nodes.pop()
            self._before.pop()

    def last_char(self) -> str:
        """The last character of the run's plain text (a line break counts as ``\\n``)."""
        if not self._nodes:
            return ""
        return _last_char(self._nodes[-1]) or self._before[-1]

    def build(self) -> tuple[Inline, ...]:
        return tuple(_close(node) for node in self._nodes)

    def _push(self, node: Inline | list[str] | _OpenContainer) -> None:
        self._before.append(self.last_char())
        self._nodes.append(node)


@dataclass(slots=True)
class _OpenContainer:
    node: Container
    run: InlineRun

    def takes(self, other: Container) -> bool:
        node = self.node
        return type(node) is type(other) and getattr(node, "target", None) == getattr(other, "target", None)


def _last_char(node: Inline | list[str] | _OpenContainer) -> str:
    if isinstance(node, list):
        return node[-1][-1] if node else ""
    if isinstance(node, _OpenContainer):
        return node.run.last_char()
    return "\n" if isinstance(node, LineBreak) else ""


def _close(node: Inline | list[str] | _OpenContainer) -> Inline:
    if isinstance(node, list):
        return Text("".join(node))
    if isinstance(node, _OpenContainer):
        return _with_children(node.node, node.run.build())
    return node


def _with_children(node: Container, children: tuple[Inline, ...]) -> Container:
    if isinstance(node, Link):
        return Link(node.target, children)
    return type(node)(children)


# --- validation --------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry, plus the line and tab controls the model expresses otherwise.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")
_KIND = re.compile(r"[a-z][a-z0-9-]*\Z")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*\Z")
_ISO_DATE = re.compile(r"[0-9]{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?)?\Z")
# RFC 3986/3987 references, checked as far as XML Schema's anyURI validators (jing) check them:
# no space or < > " { } | \ ^ `, a % only as an escape, one #, a scheme only if well formed,
# square brackets only around an IP-literal host.
_NOT_IN_URI = re.compile(r'[\s<>"{}|\\^`]|%(?![0-9A-Fa-f]{2})')
_BEFORE_COLON = re.compile(r"[^/?#]*:")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\Z")
_IP_LITERAL_HOST = re.compile(r"(?:[A-Za-z][A-Za-z0-9+.\-]*:)?//\[[0-9A-Fa-f:.]+\]")


def validate(doc: Document) -> Document:
    """Check ``doc`` against the content model; return it unchanged or raise ModelError."""
    _Validator().document(doc)
    return doc


class _Validator:
    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.targets: list[str] = []

    def document(self, doc: Document) -> None:
        if not isinstance(doc, Document):
            raise ModelError(f"expected a Document, got {type(doc).__name__}")
        if not isinstance(doc.metadata, Metadata):
            raise ModelError(f"document metadata: expected Metadata, got {type(doc.metadata).__name__}")
        self.metadata(doc.metadata)
        for part, divisions in (("front", doc.front), ("body", doc.body), ("back", doc.back)):
            for division in self.tuple_of(divisions, Division, part):
                self.division(division, part)
        if not doc.body:
            raise ModelError("a document needs at least one body division")
        for target in self.targets:
            if target and target not in self.ids:
                raise ModelError(f"contents entry points at unknown division id {target!r}")

    def metadata(self, meta: Metadata) -> None:
        for f in fields(meta):
            value = getattr(meta, f.name)
            if f.name == "contributors":
                for c in self.tuple_of(value, Contributor, "metadata.contributors"):
                    self.string(c.role, "contributor role")
                    self.string(c.name, "contributor name")
            else:
                self.string(value, f"metadata.{f.name}")
        if not meta.identifier:
            raise ModelError("metadata.identifier must not be empty")
        if not _LANGUAGE.match(meta.language):
            raise ModelError(f"metadata.language {meta.language!r} is not a BCP 47 language tag")
        if meta.date and not _ISO_DATE.match(meta.date):
            raise ModelError(f"metadata.date {meta.date!r} is not an ISO 8601 date (2025, 2025-02, 2025-02-28)")

    def division(self, div: Division, where: str) -> None:
        where = f"{where} division {div.id!r}"
        self.string(div.id, f"{where} id")
        self.string(div.kind, f"{where} kind")
        if not _NCNAME.match(div.id):
            raise ModelError(f"{where}: id must be an XML name (letter first, then letters, digits, . - _)")
        if div.id in self.ids:
            raise ModelError(f"{where}: duplicate id")
        self.ids.add(div.id)
        if not _KIND.match(div.kind):
            raise ModelError(f"{where}: kind {div.kind!r} must be a lowercase word")
        self.string(div.label, f"{where} label")
        self.inlines(div.title, f"{where} title", notes=False)
        for f in self.tuple_of(div.meta, Field, f"{where} meta"):
            self.field(f, where)
        for block in self.tuple_of(div.blocks, Block, f"{where} blocks"):
            self.block(block, where, top=True)
        for child in self.tuple_of(div.children, Division, f"{where} children"):
            self.division(child, where)

    def field(self, f: Field, where: str) -> None:
        self.string(f.name, f"{where} field name")
        self.string(f.normalized, f"{where} field {f.name!r} normalized value")
        if f.normalized and not all(_ISO_DATE.match(part) for part in f.normalized.split("/", 1)):
            raise ModelError(
                f"{where} field {f.name!r}: normalized value {f.normalized!r} is not an ISO 8601 date or interval"
            )
        self.inlines(f.value, f"{where} field {f.name!r}", notes=False)

    def block(self, block: Block, where: str, *, top: bool = False, in_note: bool = False) -> None:
        if isinstance(block, Paragraph):
            if not block.inlines:
                raise ModelError(f"{where}: empty paragraph")
            self.inlines(block.inlines, f"{where} paragraph", notes=not in_note)
        elif isinstance(block, ListBlock):
            if not isinstance(block.ordered, bool):
                raise ModelError(f"{where}: list 'ordered' must be true or false")
            if not block.items:
                raise ModelError(f"{where}: list without items")
            for item in self.tuple_of(block.items, ListItem, f"{where} list"):
                self.string(item.label, f"{where} list item label")
                if not item.blocks:
                    raise ModelError(f"{where}: list item {item.label!r} has no content")
                for child in self.tuple_of(item.blocks, Block, f"{where} list item"):
                    self.nested(child, where, in_note)
        elif isinstance(block, FieldList):
            if not block.fields:
                raise ModelError(f"{where}: field list without fields")
            for f in self.tuple_of(block.fields, Field, f"{where} field list"):
                self.field(f, where)
        elif isinstance(block, Quote):
            if not block.blocks:
                raise ModelError(f"{where}: empty quote")
            for child in self.tuple_of(block.blocks, Block, f"{where} quote"):
                self.nested(child, where, in_note)
        elif isinstance(block, Contents):
            if not block.entries:
                raise ModelError(f"{where}: contents without entries")
            for entry in self.tuple_of(block.entries, ContentsEntry, f"{where} contents"):
                self.string(entry.label, f"{where} contents label")
                self.string(entry.page, f"{where} contents page")
                self.string(entry.target, f"{where} contents target")
                self.inlines(entry.title, f"{where} contents title", notes=False)
                self.targets.append(entry.target)
        elif isinstance(block, PageBreak):
            if not top:
                raise ModelError(f"{where}: a page break may only stand between a division's blocks")
            self.string(block.page, f"{where} page break")
            if not block.page:
                raise ModelError(f"{where}: page break without a page number")
        else:
            raise ModelError(f"{where}: {type(block).__name__} is not a block")

    def nested(self, block: Block, where: str, in_note: bool) -> None:
        if isinstance(block, (Contents, PageBreak)):
            raise ModelError(f"{where}: {type(block).__name__} cannot be nested in a list, quote or note")
        self.block(block, where, in_note=in_note)

    def inlines(self, inlines: tuple[Inline, ...], where: str, *, notes: bool, in_link: bool = False) -> None:
        if not isinstance(inlines, tuple):
            raise ModelError(f"{where}: inlines must be a tuple")
        previous: Inline | None = None
        for node in inlines:
            if isinstance(node, Text):
                if not node.text:
                    raise ModelError(f"{where}: empty text run")
                if isinstance(previous, Text):
                    raise ModelError(f"{where}: adjacent text runs must be merged")
                self.string(node.text, where)
            elif isinstance(node, LineBreak):
                pass
            elif isinstance(node, Note):
                if not notes:
                    raise ModelError(f"{where}: a note cannot stand here (titles, fields, links, notes)")
                self.string(node.label, f"{where} note label")
                if not node.blocks:
                    raise ModelError(f"{where}: note {node.label!r} has no content")
                for block in self.tuple_of(node.blocks, Block, f"{where} note"):
                    self.nested(block, f"{where} note {node.label!r}", in_note=True)
            elif isinstance(node, CONTAINERS):
                if not node.children:
                    raise ModelError(f"{where}: empty {type(node).__name__}")
                if isinstance(node, Link):
                    if in_link:
                        raise ModelError(f"{where}: a link cannot contain a link")
                    if not is_uri_reference(node.target):
                        raise ModelError(f"{where}: link target {node.target!r} is not a URI reference")
                    self.string(node.target, f"{where} link target")
                self.inlines(
                    node.children,
                    where,
                    notes=notes and not isinstance(node, Link),
                    in_link=in_link or isinstance(node, Link),
                )
            else:
                raise ModelError(f"{where}: {type(node).__name__} is not an inline")
            previous = node

    def string(self, value: object, where: str) -> None:
        if not isinstance(value, str):
            raise ModelError(f"{where}: expected text, got {type(value).__name__}")
        bad = _FORBIDDEN.search(value)
        if bad:
            raise ModelError(f"{where}: forbidden character U+{ord(bad.group()):04X}")

    @staticmethod
    def tuple_of(value: object, kind: object, where: str) -> tuple:
        if not isinstance(value, tuple):
            raise ModelError(f"{where}: expected a tuple, got {type(value).__name__}")
        for item in value:
            if not isinstance(item, kind):  # type: ignore[arg-type]
                raise ModelError(f"{where}: {type(item).__name__} cannot stand here")
        return value


def is_uri_reference(target: str) -> bool:
    """Can ``target`` stand as a link target (a URI or IRI reference)?"""
    if not target or _NOT_IN_URI.search(target) or target.count("#") > 1:
        return False
    scheme = _BEFORE_COLON.match(target)
    if scheme and not _SCHEME.match(scheme.group()):
        return False
    host = _IP_LITERAL_HOST.match(target)
    rest = target[host.end() :] if host else target
    return "[" not in rest and "]" not in rest


_URI_ASCII = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?@!$&'()*+,;=")
_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


def repair_uri_reference(text: str) -> str:
    """``text`` made a link target :func:`is_uri_reference` accepts, by percent-escaping what a
    URI cannot hold as it is (a second ``#``, brackets, a bare ``%``, spaces); ``""`` if empty."""
    if not text or is_uri_reference(text):
        return text
    head, hash_, fragment = text.partition("#")
    fixed = _escape(head) + (hash_ + _escape(fragment).replace("#", "%23") if hash_ else "")
    scheme = _BEFORE_COLON.match(fixed)
    if scheme and not _SCHEME.match(scheme.group()):
        fixed = "./" + fixed  # a colon in a first path segment must not read as a scheme
    return fixed if is_uri_reference(fixed) else ""


def _escape(text: str) -> str:
    out = []
    for i, ch in enumerate(text):
        if (ch in _URI_ASCII or (ord(ch) > 127 and not ch.isspace())) or (ch == "%" and _ESCAPE.match(text, i)):
            out.append(ch)
        else:
            out.append("".join(f"%{byte:02X}" for byte in ch.encode("utf-8", "surrogatepass")))
    return "".join(out)


def forbidden_characters() -> re.Pattern[str]:
    """The pattern of characters the model refuses (for readers that must clean input)."""
    return _FORBIDDEN


__all__ = [
    "NODE_TYPES",
    "Block",
    "Contents",
    "ContentsEntry",
    "Contributor",
    "Division",
    "Document",
    "Emphasis",
    "Field",
    "FieldList",
    "Inline",
    "InlineRun",
    "LineBreak",
    "Link",
    "ListBlock",
    "ListItem",
    "Metadata",
    "Note",
    "PageBreak",
    "Paragraph",
    "Quote",
    "Strong",
    "Subscript",
    "Superscript",
    "Text",
    "block_text",
    "forbidden_characters",
    "is_uri_reference",
    "merge_inlines",
    "plain_text",
    "repair_uri_reference",
    "validate",
    "walk_divisions",
]
