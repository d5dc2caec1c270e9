"""A DOCX written by digestconv (or re-saved by Word or LibreOffice) back to the model.

It reads what :mod:`.conventions` lays down: headings give the divisions, tag bookmarks the
block containers, custom properties the metadata, kinds and matter. What a round trip may
change is in :func:`.normalize.normalize`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from lxml import etree
from lxml.etree import _Element as Element

from ...archive import open_archive
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
    LineBreak,
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
from . import conventions as cv
from .leaves import TAB, Format, Leaf, plain, rebuild, split_tabs
from .ooxml import attr, on, parse, r, w

_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_SPECIAL_CHARACTERS = {w("softHyphen"): "\u00ad", w("noBreakHyphen"): "\u2011"}
_CONTAINERS = {w("hyperlink"), w("sdt"), w("sdtContent"), w("smartTag"), w("customXml"), w("fldSimple"), w("ins")}
_NOT_DIVISION_BOOKMARK = ("_Toc", "__RefHeading", "_GoBack", cv.TAG_PREFIX)
_CONTENT_TYPES = "{http://schemas.openxmlformats.org/package/2006/content-types}Types"
_RELATIONSHIPS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationships"


def read(path: Path) -> Document:
    _check_package(path)
    try:
        word = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise InputError(f"not a readable DOCX file ({exc})", source=str(path)) from None
    except (AttributeError, TypeError) as exc:  # python-docx on a package part that lacks an attribute
        raise InputError(f"not a readable DOCX file (a damaged package part: {exc})", source=str(path)) from None
    try:
        return validate(_Reader(word.part).document())
    except ModelError as exc:
        raise InputError(str(exc), source=str(path)) from None


def _check_package(path: Path) -> None:
    """The archive within limits, every XML part parsed safely and the package's own parts of the
    right kind, before python-docx opens the file (it reads and parses without limits, and fails
    on a part of the wrong kind with an AttributeError)."""
    with open_archive(path, "DOCX") as archive:
        for name in archive.names:
            if not name.lower().endswith((".xml", ".rels")):
                continue
            root = archive.xml(name)  # a DOCTYPE, an entity bomb, deep nesting: refused, naming the part
            expected = _RELATIONSHIPS if name.endswith(".rels") else None
            expected = _CONTENT_TYPES if name == "[Content_Types].xml" else expected
            if expected and root.tag != expected:
                message = f"not a readable DOCX: <{etree.QName(root).localname}> is not the root of a package part"
                raise InputError(message, source=archive.where(name))


@dataclass
class _Division:
    depth: int
    id: str
    label: str
    title: tuple
    meta: list[Field] = field(default_factory=list)
    entries: list[_Entry] = field(default_factory=list)
    children: list[_Division] = field(default_factory=list)


@dataclass(frozen=True)
class _Entry:
    """One paragraph of blocks: its container path and its content leaves."""

    path: tuple[str, ...]
    leaves: list[Leaf]
    role: str = "text"  # "text", "page" (a print page) or "contents" (the page link's target in ``target``)
    target: str = ""
    normalized: str = ""  # the content control tag of a field value


class _Reader:
    def __init__(self, main: Part) -> None:
        self.main = main
        self.styles = _style_names(main)
        self.properties = _custom_properties(main)
        self.footnotes = self._footnotes()
        self.auto_notes = 0
        self.part = main

    def document(self) -> Document:
        roots: list[_Division] = []
        stack: list[_Division] = []
        in_toc = False
        body = parse(self.main.blob).find(w("body"))
        if body is None:
            raise ModelError("the document part has no <w:body>")
        for p in _paragraphs(body):
            style = self.styles.get(_style_id(p), "")
            in_toc, skip = _toc_state(p, style, in_toc)
            if skip:
                continue
            depth = 1 if style == cv.TITLE else _heading_depth(style)
            if depth:
                division = self.heading(p, depth)
                while stack and stack[-1].depth >= depth:
                    stack.pop()
                if len(stack) != depth - 1:
                    raise ModelError(f"heading {division.id!r} (level {depth}) skips a level")
                (stack[-1].children if stack else roots).append(division)
                stack.append(division)
                continue
            if not stack:
                if self.leaves(p):
                    raise ModelError("text before the first heading")
                continue  # an empty paragraph before the first heading
            if style == cv.DIVISION_METADATA:
                stack[-1].meta.append(self.field(p))
            else:
                stack[-1].entries.append(self.entry(p, style))
        return self.assemble(roots)

    # --- paragraphs ----------------------------------------------------------------------

    def heading(self, p: Element, depth: int) -> _Division:
        names = [attr(b, "name") or "" for b in p.iter(w("bookmarkStart"))]
        ids = [n for n in names if not n.startswith(_NOT_DIVISION_BOOKMARK)]
        if not ids:
            raise ModelError(f"heading {plain(self.leaves(p))!r} has no id bookmark")
        label, title = self.label_and_rest(self.leaves(p))
        return _Division(depth, ids[0], label, rebuild(title))

    def field(self, p: Element) -> Field:
        name, value = self.label_and_rest(self.leaves(p))
        return Field(name, rebuild(value), _control_tag(p))

    def entry(self, p: Element, style: str) -> _Entry:
        path = _tag(p) or ()
        leaves = self.leaves(p)
        if style == cv.PRINT_PAGE and not path:
            return _Entry(path, leaves, role="page")
        if path and path[-1].startswith("C"):
            targets = [attr(h, "anchor") or "" for h in p.iter(w("hyperlink"))]
            return _Entry(path, leaves, role="contents", target=targets[-1] if targets else "")
        return _Entry(path, leaves, normalized=_control_tag(p))

    @staticmethod
    def label_and_rest(leaves: list[Leaf]) -> tuple[str, list[Leaf]]:
        """The text before the first tab, and the leaves after it ("" and all without a tab)."""
        if not any(item is TAB for _, item in leaves):
            return "", leaves
        parts = split_tabs(leaves)
        return plain(parts[0]), [leaf for part in parts[1:] for leaf in part]

    def leaves(self, p: Element) -> list[Leaf]:
        return list(self._leaves(p, Format()))

    def _leaves(self, node: Element, fmt: Format) -> Iterator[Leaf]:
        for child in node:
            if child.tag == w("r"):
                yield from self.run(child, fmt)
            elif child.tag == w("hyperlink"):
                yield from self._leaves(child, replace(fmt, link=self.link_target(child)))
            elif child.tag in _CONTAINERS:
                yield from self._leaves(child, fmt)

    def link_target(self, hyperlink: Element) -> str:
        rid = hyperlink.get(r("id"))
        if rid:
            if rid not in self.part.rels:
                raise ModelError(f"hyperlink to a missing relationship {rid!r}")
            return self.part.rels[rid].target_ref
        return "#" + (attr(hyperlink, "anchor") or "")

    def run(self, node: Element, outer: Format) -> Iterator[Leaf]:
        props = node.find(w("rPr"))
        fmt = outer
        if props is not None:
            vert = props.find(w("vertAlign"))
            fmt = replace(
                outer,
                strong=on(props.find(w("b"))),
                emphasis=on(props.find(w("i"))),
                vert=attr(vert, "val") or "" if vert is not None else "",
            )
            if fmt.vert == "baseline":
                fmt = replace(fmt, vert="")
        custom_mark = False
        for child in node:
            tag = child.tag
            if tag == w("t"):
                if not custom_mark:
                    yield fmt, Text(child.text or "")
            elif tag == w("tab"):
                yield fmt, TAB
            elif tag in (w("br"), w("cr")):
                if attr(child, "type") in (None, "textWrapping"):
                    yield fmt, LineBreak()
            elif tag in _SPECIAL_CHARACTERS:
                yield fmt, Text(_SPECIAL_CHARACTERS[tag])
            elif tag == w("footnoteReference"):
                custom_mark = attr(child, "customMarkFollows") in ("1", "true", "on")
                label = "".join(t.text or "" for t in node.iter(w("t"))) if custom_mark else self.next_auto_label()
                yield fmt, Note(label, self.note(attr(child, "id") or ""))

    def next_auto_label(self) -> str:
        self.auto_notes += 1
        return str(self.auto_notes)

    def note(self, note_id: str) -> tuple[Block, ...]:
        footnote = self.footnotes.get(note_id)
        if footnote is None:
            raise ModelError(f"footnote {note_id} is missing")
        outer, self.part = self.part, self.footnote_part
        entries = []
        for i, p in enumerate(_paragraphs(footnote)):
            if i == 0:  # the mark repeated at the start of the note
                for mark in p.findall(w("r")):
                    if mark.find(w("footnoteRef")) is not None or _run_style(mark, self.styles) == "footnote reference":
                        p.remove(mark)
                        break
            entries.append(self.entry(p, self.styles.get(_style_id(p), "")))
        self.part = outer
        return tuple(_blocks(entries))

    def _footnotes(self) -> dict[str, Element]:
        try:
            self.footnote_part = self.main.part_related_by(RT.FOOTNOTES)
        except KeyError:
            self.footnote_part = self.main
            return {}
        root = parse(self.footnote_part.blob)
        return {attr(n, "id") or "": n for n in root.iter(w("footnote"))}

    # --- the document --------------------------------------------------------------------

    def assemble(self, roots: list[_Division]) -> Document:
        props = self.properties
        front = set(props.get(cv.FRONT, "").split())
        back = set(props.get(cv.BACK, "").split())
        kinds = dict(pair.split("=", 1) for pair in props.get(cv.KINDS, "").split() if "=" in pair)

        def freeze(d: _Division) -> Division:
            return Division(
                kinds.get(d.id, cv.DEFAULT_KIND),
                d.id,
                d.label,
                d.title,
                tuple(d.meta),
                tuple(_blocks(d.entries)),
                tuple(freeze(c) for c in d.children),
            )

        divisions = [freeze(d) for d in roots]
        return Document(
            metadata=_metadata(props),
            front=tuple(d for d in divisions if d.id in front),
            body=tuple(d for d in divisions if d.id not in front and d.id not in back),
            back=tuple(d for d in divisions if d.id in back),
        )


# --- blocks from paths -------------------------------------------------------------------


def _blocks(entries: Sequence[_Entry]) -> Iterator[Block]:
    """The block tree of consecutive entries, grouped by the first segment of their paths."""
    for segment, group in groupby(entries, key=lambda e: e.path[0] if e.path else ""):
        members = list(group)
        if not segment:
            for e in members:
                yield PageBreak(plain(e.leaves)) if e.role == "page" else Paragraph(rebuild(e.leaves))
        elif segment[0] == "Q":
            yield Quote(tuple(_blocks([_shift(e) for e in members])))
        elif segment[0] == "F":
            yield FieldList(tuple(_field(e) for e in members))
        elif segment[0] == "C":
            yield Contents(tuple(_contents_entry(e) for e in members))
        elif segment[0] == "L":
            items = groupby(members, key=lambda e: e.path[1] if len(e.path) > 1 else "")
            yield ListBlock(segment.endswith("o"), tuple(_item([_shift(e) for e in item]) for _, item in items))


def _shift(entry: _Entry) -> _Entry:
    return replace(entry, path=entry.path[1:])


def _item(entries: list[_Entry]) -> ListItem:
    """An item: its first entry is the numbered paragraph (label, tab, text or nothing)."""
    head, rest = _shift(entries[0]), [_shift(e) for e in entries[1:]]
    label, content = _Reader.label_and_rest(head.leaves)
    first = [Paragraph(rebuild(content))] if content else []
    return ListItem(label, (*first, *_blocks(rest)))


def _field(entry: _Entry) -> Field:
    name, value = _Reader.label_and_rest(entry.leaves)
    return Field(name, rebuild(value), entry.normalized)


def _contents_entry(entry: _Entry) -> ContentsEntry:
    parts = split_tabs(entry.leaves)
    label, title = plain(parts[0]), parts[1] if len(parts) > 1 else []
    page = plain(parts[2]) if len(parts) > 2 else ""
    return ContentsEntry(entry.target, label, rebuild(title), page)


# --- parts and properties ----------------------------------------------------------------


def _paragraphs(container: Element) -> Iterator[Element]:
    """The paragraphs of a body or footnote in order, also inside block-level content controls."""
    for child in container:
        if child.tag == w("p"):
            yield child
        elif child.tag in (w("sdt"), w("sdtContent")):
            yield from _paragraphs(child)


def _style_names(main: Part) -> dict[str, str]:
    try:
        styles = parse(main.part_related_by(RT.STYLES).blob)
    except KeyError:  # no styles part: no style names, so no headings
        return {}
    names = {}
    for style in styles.iter(w("style")):
        name = style.find(w("name"))
        names[attr(style, "styleId") or ""] = (attr(name, "val") or "").lower() if name is not None else ""
    return names


def _style_id(p: Element) -> str:
    style = p.find(f"{w('pPr')}/{w('pStyle')}")
    return attr(style, "val") or "" if style is not None else ""


def _run_style(run: Element, names: dict[str, str]) -> str:
    style = run.find(f"{w('rPr')}/{w('rStyle')}")
    return names.get(attr(style, "val") or "", "") if style is not None else ""


def _heading_depth(style: str) -> int:
    match = cv.HEADING.match(style)
    return int(match.group(1)) if match else 0


def _tag(p: Element) -> tuple[str, ...] | None:
    for bookmark in p.iter(w("bookmarkStart")):
        path = cv.parse_tag(attr(bookmark, "name") or "")
        if path is not None:
            return path
    return None


def _control_tag(p: Element) -> str:
    tag = p.find(f".//{w('sdtPr')}/{w('tag')}")
    return attr(tag, "val") or "" if tag is not None else ""


def _toc_state(p: Element, style: str, in_toc: bool) -> tuple[bool, bool]:
    """(inside the TOC field after this paragraph, skip this paragraph): the TOC is not content."""
    starts = any((t.text or "").strip().startswith("TOC") for t in p.iter(w("instrText")))
    ends = any(attr(c, "fldCharType") == "end" for c in p.iter(w("fldChar")))
    inside = in_toc or starts
    return inside and not ends, inside or bool(cv.TOC.match(style))


def _custom_properties(main: Part) -> dict[str, str]:
    try:
        part = main.package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        return {}
    out = {}
    for prop in parse(part.blob).iter(f"{{{_CUSTOM_NS}}}property"):
        out[prop.get("name", "")] = "".join(prop.itertext())
    return out


def _metadata(props: dict[str, str]) -> Metadata:
    def get(name: str) -> str:
        return props.get(cv.metadata_property(name), "")

    contributors = []
    i = 1
    while cv.contributor_property(i, "role") in props or cv.contributor_property(i, "name") in props:
        role, name = (props.get(cv.contributor_property(i, part), "") for part in ("role", "name"))
        contributors.append(Contributor(role, name))
        i += 1
    if not get("identifier"):
        raise ModelError("no digestconv metadata in the document properties (not written by digestconv?)")
    return Metadata(
        title=get("title"),
        identifier=get("identifier"),
        language=get("language"),
        publisher=get("publisher"),
        publisher_en=get("publisher_en"),
        date=get("date"),
        date_printed=get("date_printed"),
        contributors=tuple(contributors),
        address=get("address"),
        telephone=get("telephone"),
        fax=get("fax"),
        website=get("website"),
        rights=get("rights"),
    )
