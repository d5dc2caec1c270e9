"""Names the markup and its parser agree on: namespaces, classes, attributes, division semantics."""

from __future__ import annotations

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {None: XHTML_NS, "epub": EPUB_NS}

EPUB_TYPE = f"{{{EPUB_NS}}}type"
XML_LANG = f"{{{XML_NS}}}lang"

# Classes and attributes the parser reads back; every other class is only for CSS.
LABEL = "label"  # a printed label: of a heading, a list item, a contents entry
META = "meta"  # <dl> of a division's own metadata (a report's ◇ block)
FIELDS = "fields"  # <dl> of a FieldList block
CONTENTS = "contents"  # <ol> of a printed table of contents
REF = "ref"  # a contents entry's label and title (an <a> when it can link)
TITLE = "title"
PAGE = "page"
NOTEREF = "noteref"
BACKLINK = "backlink"
DATA_KIND = "data-kind"
DATA_NORMALIZED = "data-normalized"
DATA_TARGET = "data-target"  # a link or contents target that is not written as href

# Parts of the book, as the epub:type of a document's <body>.
PART_TYPES = {"front": "frontmatter", "body": "bodymatter", "back": "backmatter"}

# epub:type and DPUB-ARIA role per division kind. A type is given its matching role wherever
# DPUB-ARIA has one (DAISY Ace reports a type without it); kinds not listed get neither.
KIND_SEMANTICS: dict[str, tuple[str, str | None]] = {
    "report": ("chapter", "doc-chapter"),
    "introduction": ("introduction", "doc-introduction"),
    "foreword": ("foreword", "doc-foreword"),
    "appendix": ("appendix", "doc-appendix"),
    "colophon": ("colophon", "doc-colophon"),
    "titlepage": ("titlepage", None),
    "copyright": ("copyright-page", None),
}

# What to call a division that has neither label nor title (navigation needs some text).
KIND_NAMES = {
    "titlepage": "書名頁",
    "introduction": "簡介",
    "staff": "編輯與聯絡資訊",
    "contents": "目錄",
    "report": "報告",
    "section": "節",
    "copyright": "著作權聲明",
    "disclaimer": "免責聲明",
    "colophon": "版權頁",
    "foreword": "序",
    "appendix": "附錄",
}


def h(tag: str) -> str:
    """The qualified XHTML name of ``tag``."""
    return f"{{{XHTML_NS}}}{tag}"
