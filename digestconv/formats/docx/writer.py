"""The model as WordprocessingML: python-docx for the package, sections, footer and properties;
the body (headings, lists, footnotes, fields, hyperlinks) as markup, parsed once (see
:mod:`.ooxml`), following :mod:`.conventions`.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import count, groupby

from docx.document import Document as WordDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part

from ...errors import DigestconvError
from ...model import (
    Block,
    Contents,
    Division,
    Document,
    Field,
    FieldList,
    LineBreak,
    ListBlock,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Text,
    plain_text,
)
from . import DocxOptions, package
from . import conventions as cv
from .leaves import Format, Leaf, flatten
from .ooxml import el, escape, root, run, text, val


def write(doc: Document, options: DocxOptions) -> bytes:
    word = package.open_base()
    footnotes = package.add_footnotes(word)
    body = _Body(word.part, footnotes, {d.id for d in doc.divisions()})
    paragraphs = body.document(doc, options.toc_levels)
    footnotes.element.extend(root("footnotes", *body.notes))
    _add_numbering(word, body.nums)
    sect_pr = word.element.body[-1]
    word.element.body[:] = [*root("body", *paragraphs), sect_pr]
    _page_numbers(word, titled=bool(doc.front) and _is_title_page(doc.front[0]))
    package.set_properties(word, doc)
    return package.save(word)


def _is_title_page(division: Division) -> bool:
    return division.kind == "titlepage"


class _Body:
    """Builds the body paragraphs and collects footnotes and list instances on the way."""

    def __init__(self, main: Part, footnotes: Part, ids: set[str]) -> None:
        self.main = main
        self.footnotes = footnotes
        self.part = main  # the part whose relationships hyperlinks use (footnotes while in a note)
        self.ids = ids
        self.notes: list[str] = []
        self.auto_notes = 0
        self.bookmarks = count(1)
        self.containers = count(1)
        self.nums: list[int] = []  # abstract numbering of each w:num, in numId order
        self.lead = ""  # a run for the start of the next paragraph (a footnote's mark)

    # --- structure -----------------------------------------------------------------------

    def document(self, doc: Document, toc_levels: int) -> list[str]:
        out: list[str] = []
        toc_at = 0
        for part in (doc.front, doc.body, doc.back):
            for division in part:
                title_page = part is doc.front and division is doc.front[0] and _is_title_page(division)
                out.extend(self.division(division, 1, title_page))
                if title_page:
                    toc_at = len(out)
        out[toc_at:toc_at] = self.toc(doc, toc_levels)
        return out

    def division(self, div: Division, depth: int, title_page: bool = False) -> Iterator[str]:
        if depth > cv.MAX_HEADING_DEPTH:
            raise DigestconvError(f"division {div.id!r}: DOCX headings go {cv.MAX_HEADING_DEPTH} levels deep")
        style = cv.TITLE_STYLE if title_page else cv.HEADING_STYLE.format(depth)
        mark = str(next(self.bookmarks))
        content = [el("bookmarkStart", {"id": mark, "name": div.id})]
        if div.label:
            content += [run(text(div.label)), run(el("tab"))]
        content += self.runs(flatten(div.title))
        content.append(el("bookmarkEnd", {"id": mark}))
        yield self.paragraph(style, content)
        for f in div.meta:
            yield self.field(f, cv.METADATA_STYLE, ())
        for block in div.blocks:
            yield from self.block(block, (), subtitle=title_page)
        for child in div.children:
            yield from self.division(child, depth + 1)

    def toc(self, doc: Document, levels: int) -> list[str]:
        """The TOC field, its result filled with the headings so it reads before Word updates it."""
        entries: list[tuple[str, list[str]]] = []  # (style, content) of each paragraph
        for division, depth in _outline(doc, levels):
            label = f"{division.label}\u3000" if division.label else ""
            link = el(
                "hyperlink", {"anchor": division.id}, run(text(label + plain_text(division.title).replace("\n", " ")))
            )
            entries.append((cv.TOC_STYLE.format(depth), [link]))
        if not entries:
            entries.append((cv.TOC_STYLE.format(1), []))
        instruction = el("instrText", {"xml:space": "preserve"}, escape(f' TOC \\o "1-{levels}" \\h \\z \\u '))
        begin = [
            run(el("fldChar", {"fldCharType": "begin"})),
            run(instruction),
            run(el("fldChar", {"fldCharType": "separate"})),
        ]
        entries[0] = (entries[0][0], [*begin, *entries[0][1]])
        entries[-1] = (entries[-1][0], [*entries[-1][1], run(el("fldChar", {"fldCharType": "end"}))])
        # the first starts a page: after the title page
        return [self.paragraph(style, content, page_break=not i) for i, (style, content) in enumerate(entries)]

    # --- blocks --------------------------------------------------------------------------

    def block(
        self, block: Block, path: tuple[str, ...], *, in_note: bool = False, subtitle: bool = False
    ) -> Iterator[str]:
        if isinstance(block, Paragraph):
            yield self.paragraph(self.text_style(path, in_note, subtitle), self.runs(flatten(block.inlines)), path)
        elif isinstance(block, ListBlock):
            yield from self.list_block(block, path, in_note)
        elif isinstance(block, Quote):
            inner = (*path, f"Q{next(self.containers)}")
            for child in block.blocks:
                yield from self.block(child, inner, in_note=in_note)
        elif isinstance(block, FieldList):
            inner = (*path, f"F{next(self.containers)}")
            for f in block.fields:
                yield self.field(f, cv.FIELD_STYLE, inner)
        elif isinstance(block, Contents):
            inner = (*path, f"C{next(self.containers)}")
            for entry in block.entries:
                page = [run(el("tab")), run(text(entry.page))] if entry.page else [run(el("tab"))]
                tail = [el("hyperlink", {"anchor": entry.target}, *page)] if entry.target else page
                content = [run(text(entry.label)), run(el("tab")), *self.runs(flatten(entry.title)), *tail]
                yield self.paragraph(cv.CONTENTS_STYLE, content, inner)
        elif isinstance(block, PageBreak):
            yield self.paragraph(cv.PRINT_PAGE_STYLE, [run(text(block.page))])

    def list_block(self, block: ListBlock, path: tuple[str, ...], in_note: bool) -> Iterator[str]:
        list_path = (*path, f"L{next(self.containers)}{'o' if block.ordered else 'u'}")
        level = min(sum(segment.startswith("L") for segment in path), cv.MAX_LIST_LEVEL)
        num_ids: dict[int, int] = {}  # one w:num per list and abstract definition
        for k, item in enumerate(block.items):
            abstract = cv.ORDERED_LABELLED if block.ordered else cv.UNORDERED_LABELLED if item.label else cv.BULLETED
            if abstract not in num_ids:
                self.nums.append(abstract)
                num_ids[abstract] = len(self.nums)
            item_path = (*list_path, f"I{k}")
            first, rest = item.blocks[0], item.blocks[1:]
            head: list[str] = [run(text(item.label)), run(el("tab"))] if item.label else []
            if isinstance(first, Paragraph):
                head += self.runs(flatten(first.inlines))
            else:
                rest = item.blocks
            numbering = el("numPr", None, val("ilvl", str(level)), val("numId", str(num_ids[abstract])))
            yield self.paragraph(cv.LIST_STYLE, head, item_path, numbering)
            for child in rest:
                yield from self.block(child, item_path, in_note=in_note)

    def field(self, f: Field, style: str, path: tuple[str, ...]) -> str:
        value = self.runs(flatten(f.value))
        if f.normalized:  # a content control whose tag is the machine-readable value
            value = [el("sdt", None, el("sdtPr", None, val("tag", f.normalized)), el("sdtContent", None, *value))]
        name = run(text(f.name), props=[val("rStyle", cv.FIELD_NAME_STYLE)])
        return self.paragraph(style, [name, run(el("tab")), *value], path)

    def text_style(self, path: tuple[str, ...], in_note: bool, subtitle: bool) -> str | None:
        if not path:
            return cv.FOOTNOTE_STYLE if in_note else cv.SUBTITLE_STYLE if subtitle else None
        if path[-1].startswith("Q"):
            return cv.QUOTE_STYLE
        depth = sum(segment.startswith("L") for segment in path)
        return cv.LIST_CONTINUE_STYLES[min(depth, len(cv.LIST_CONTINUE_STYLES)) - 1]

    def paragraph(
        self,
        style: str | None,
        content: list[str],
        path: tuple[str, ...] = (),
        numbering: str = "",
        *,
        page_break: bool = False,
    ) -> str:
        props = [val("pStyle", style) if style else "", numbering, el("pageBreakBefore") if page_break else ""]
        parts = [el("pPr", None, *props), self.lead]
        self.lead = ""
        if path:
            mark = next(self.bookmarks)
            parts.append(el("bookmarkStart", {"id": str(mark), "name": cv.tag_name(mark, path)}))
            parts.append(el("bookmarkEnd", {"id": str(mark)}))
        return el("p", None, *parts, *content)

    # --- inlines -------------------------------------------------------------------------

    def runs(self, leaves: list[Leaf]) -> list[str]:
        out: list[str] = []
        for target, group in groupby(leaves, key=lambda leaf: leaf[0].link):
            if target:
                where = self.hyperlink(target)  # related before its runs are made, in document order
                out.append(el("hyperlink", where, *(self.run(fmt, item) for fmt, item in group)))
            else:
                out.extend(self.run(fmt, item) for fmt, item in group)
        return out

    def hyperlink(self, target: str) -> dict[str, str]:
        """A hyperlink's attributes: a bookmark it goes to, or the relationship to its address."""
        if target.startswith("#") and target[1:] in self.ids:
            return {"anchor": target[1:]}
        return {"r:id": self.part.relate_to(target, RT.HYPERLINK, is_external=True)}

    def run(self, fmt: Format, item: Text | LineBreak | Note | object) -> str:
        props = _run_props(fmt)
        if isinstance(item, Text):
            return run(text(item.text), props=props)
        if isinstance(item, LineBreak):
            return run(el("br"), props=props)
        assert isinstance(item, Note)
        return self.note(item, props)

    def note(self, note: Note, props: list[str]) -> str:
        if self.part is self.footnotes:  # the model forbids it; the writer may be given an unchecked one
            raise DigestconvError(f"note {note.label!r} inside a note: DOCX footnotes hold none")
        note_id = str(len(self.notes) + 1)
        auto = note.label == str(self.auto_notes + 1)
        reference = el("footnoteReference", {"id": note_id} if auto else {"customMarkFollows": "1", "id": note_id})
        ref_run = run(
            reference,
            *([] if auto or not note.label else [text(note.label)]),
            props=[val("rStyle", cv.FOOTNOTE_REFERENCE_STYLE), *props],
        )
        self.auto_notes += auto
        mark = el("footnoteRef") if auto else text(note.label)
        outer, self.part = self.part, self.footnotes
        self.lead = run(mark, props=[val("rStyle", cv.FOOTNOTE_REFERENCE_STYLE)])  # for its first paragraph
        paragraphs = [p for block in note.blocks for p in self.block(block, (), in_note=True)]
        self.part = outer
        if self.lead:
            raise DigestconvError(f"note {note.label!r} has no paragraph")
        self.notes.append(el("footnote", {"id": note_id}, *paragraphs))
        return ref_run


def _run_props(fmt: Format) -> list[str]:
    props = [val("rStyle", cv.HYPERLINK_STYLE)] if fmt.link else []
    if fmt.strong:
        props.append(el("b"))
    if fmt.emphasis:
        props.append(el("i"))
    if fmt.vert:
        props.append(val("vertAlign", fmt.vert))
    return props


def _outline(doc: Document, levels: int) -> Iterator[tuple[Division, int]]:
    def walk(divisions: tuple[Division, ...], depth: int) -> Iterator[tuple[Division, int]]:
        for division in divisions:
            if depth <= levels:
                yield division, depth
                yield from walk(division.children, depth + 1)

    for part in (doc.front, doc.body, doc.back):
        skip_title = part is doc.front and bool(part) and _is_title_page(part[0])
        for i, division in enumerate(part):
            if skip_title and i == 0:
                yield from walk(division.children, 2)
            else:
                yield from walk((division,), 1)


def _add_numbering(word: WordDocument, abstracts: list[int]) -> None:
    nums = (el("num", {"numId": str(n)}, val("abstractNumId", str(a))) for n, a in enumerate(abstracts, 1))
    word.part.numbering_part.element.extend(root("numbering", *nums))


def _page_numbers(word: WordDocument, titled: bool) -> None:
    """The page number centred in the footer; none on the title page."""
    section = word.sections[0]
    section.different_first_page_header_footer = titled
    paragraph = section.footer.paragraphs[0]
    paragraph.style = word.styles["Footer"]
    paragraph._p.extend(root("p", el("fldSimple", {"instr": " PAGE "}, run(text("1")))))
