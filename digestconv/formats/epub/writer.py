"""Document → EPUB 3: one XHTML document per top-level division, a generated cover, the
navigation document and NCX, the stylesheets, packaged by :mod:`.package`."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from ... import xhtml
from ...model import Division, Document, Metadata, walk_divisions
from ...shipped import read_style
from ...xhtml import vocab as v
from ...xhtml.vocab import h
from . import EpubOptions, metadata
from .navigation import COVER_FILE, NAV_FILE, Entry, nav_document, ncx_document, outline
from .package import XHTML_TYPE, Resource, package

STYLESHEETS = {"epub.css": "style", "epub-vertical.css": "style-vertical"}


@dataclass(frozen=True)
class _Chapter:
    part: str  # "front", "body" or "back"
    division: Division
    item_id: str
    file_name: str


def write(doc: Document, options: EpubOptions | None = None) -> bytes:
    options = options or EpubOptions()
    lang = metadata.language(doc.metadata)
    sheets = ["epub.css", "epub-vertical.css"] if options.vertical else ["epub.css"]
    css = [f"css/{name}" for name in sheets]

    parts = [(part, division) for part in ("front", "body", "back") for division in getattr(doc, part)]
    # Numbered names keep reading order and never collide with nav.xhtml, cover.xhtml or each
    # other (ids may differ only in case, which some file systems fold).
    chapters = [_Chapter(part, d, f"d{n:03d}", f"{n:03d}-{d.id}.xhtml") for n, (part, d) in enumerate(parts, 1)]
    href = {d.id: f"{c.file_name}#{d.id}" for c in chapters for d in walk_divisions((c.division,))}
    renderer = xhtml.Renderer(xhtml.Ids(href), href.__getitem__)

    resources = [Resource(STYLESHEETS[name], f"css/{name}", "text/css", read_style(name)) for name in sheets]
    resources.append(Resource("cover", COVER_FILE, XHTML_TYPE, _cover(doc.metadata, lang, css)))
    pages: list[tuple[str, str]] = []
    documents = []
    for chapter in chapters:
        rendered = renderer.render(chapter.division)
        pages += [(page, f"{chapter.file_name}#{anchor}") for page, anchor in rendered.pages]
        html = xhtml.page(
            [rendered.section, *rendered.asides],
            title=xhtml.display_name(chapter.division),
            lang=lang,
            stylesheets=css,
            body_type=v.PART_TYPES[chapter.part],
        )
        documents.append(Resource(chapter.item_id, chapter.file_name, XHTML_TYPE, xhtml.serialize(html)))

    toc = (Entry("封面", COVER_FILE), *outline([c.division for c in chapters], href))
    nav = nav_document(toc=toc, landmarks=_landmarks(chapters, href), pages=pages, lang=lang, stylesheets=css)
    resources.append(Resource("nav", NAV_FILE, XHTML_TYPE, nav, ("nav",)))
    resources += documents
    ncx = ncx_document(
        toc=toc, identifier=metadata.identifier(doc.metadata), title=metadata.title(doc.metadata), lang=lang
    )
    resources.append(Resource("ncx", "toc.ncx", "application/x-dtbncx+xml", ncx))

    spine = [("cover", True), ("nav", False), *((c.item_id, True) for c in chapters)]
    page_source = f"{metadata.title(doc.metadata)}（印刷版）" if pages else ""
    return package(doc.metadata, resources, spine, rtl=options.vertical, page_source=page_source)


def _landmarks(chapters: list[_Chapter], href: dict[str, str]) -> list[tuple[str, str, str]]:
    """Cover, title page, toc, body matter and copyright page, where the book has them."""

    def first(kind: str) -> Division | None:
        return next((d for c in chapters for d in walk_divisions((c.division,)) if d.kind == kind), None)

    marks = [("cover", COVER_FILE, "封面")]
    titlepage = first("titlepage")
    if titlepage:
        marks.append(("titlepage", href[titlepage.id], xhtml.display_name(titlepage)))
    marks.append(("toc", f"{NAV_FILE}#toc", "目錄"))
    body = next((c for c in chapters if c.part == "body"), None)
    if body:
        marks.append(("bodymatter", body.file_name, "正文"))
    copyright_ = first("copyright")
    if copyright_:
        marks.append(("copyright-page", href[copyright_.id], xhtml.display_name(copyright_)))
    return marks


def _cover(meta: Metadata, lang: str, css: list[str]) -> bytes:
    """A text cover from the catalogue data (title, publisher, date); the reader skips it."""
    section = etree.Element(h("section"), {"class": "cover"})
    etree.SubElement(section, h("h1")).text = metadata.title(meta)
    for cls, text in (("publisher", meta.publisher), ("publisher", meta.publisher_en), ("date", meta.date_printed)):
        if text.strip():
            etree.SubElement(section, h("p"), {"class": cls}).text = text
    return xhtml.serialize(xhtml.page([section], title=metadata.title(meta), lang=lang, stylesheets=css))
