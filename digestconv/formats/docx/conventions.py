"""How the model is laid out in a DOCX: the contract between the writer and the reader.

What Word has a construct for uses it:

* a division is a heading paragraph (``heading N``, N = depth; a front-matter ``titlepage``
  division at the top uses ``Title``) holding a bookmark named by the division id, then the
  printed label, a tab, and the title;
* a division's ``meta`` fields are ``Division Metadata`` paragraphs right after the heading;
  a field is its name, a tab, its value; a normalised value (ISO date) is the ``w:tag`` of a
  content control around the value;
* a :class:`~digestconv.model.PageBreak` is a ``Print Page`` paragraph holding the page;
* a list item's first paragraph has ``w:numPr`` (one ``w:num`` per list) and, when the item
  has a printed label, the label and a tab before its text; an item whose first block is not a
  paragraph opens with a paragraph that has nothing after the label;
* a contents entry is label, tab, title, then a ``w:hyperlink`` to the target's bookmark
  around the second tab and the page;
* a note is a footnote; its reference is auto-numbered when its label is the next number,
  otherwise the label is a custom mark (``w:customMarkFollows``);
* inline formatting is run properties; links are ``w:hyperlink`` (to a bookmark for ``#id``
  targets naming a division, else through an external relationship).

What Word has no construct for is recorded where Word and LibreOffice keep it:

* the block containers a paragraph sits in (quotes, lists and their items, field lists,
  printed contents) are the *path* of a hidden bookmark at the start of the paragraph, see
  :func:`tag_name`; Word's styles and numbering still show the structure;
* the catalogue metadata, the kinds of divisions other than ``section``, and which top-level
  divisions are front and back matter are custom document properties (``PROPERTY_PREFIX``).

Labels, names and titles never contain a tab (the model forbids it), so the first tab of a
paragraph always separates label from text.
"""

from __future__ import annotations

import re

# Paragraph styles the reader relies on (by name, lower case: LibreOffice renames style ids).
HEADING = re.compile(r"heading ([1-9])\Z")
TITLE = "title"
DIVISION_METADATA = "division metadata"
PRINT_PAGE = "print page"
TOC = re.compile(r"(toc|contents) [1-9]\Z|toc heading\Z|contents heading\Z")

# Style ids the writer uses, as defined in styles/docx/styles.xml.
HEADING_STYLE = "Heading{}"
TITLE_STYLE = "Title"
SUBTITLE_STYLE = "Subtitle"
METADATA_STYLE = "DivisionMetadata"
FIELD_STYLE = "Field"
FIELD_NAME_STYLE = "FieldName"
CONTENTS_STYLE = "ContentsEntry"
PRINT_PAGE_STYLE = "PrintPage"
QUOTE_STYLE = "Quote"
LIST_STYLE = "ListParagraph"
LIST_CONTINUE_STYLES = ("ListContinue", "ListContinue2", "ListContinue3", "ListContinue4", "ListContinue5")
FOOTNOTE_STYLE = "FootnoteText"
FOOTNOTE_REFERENCE_STYLE = "FootnoteReference"
HYPERLINK_STYLE = "Hyperlink"
TOC_STYLE = "TOC{}"
MAX_HEADING_DEPTH = 9

# Abstract numbering definitions of styles/docx/numbering.xml.
ORDERED_LABELLED, UNORDERED_LABELLED, BULLETED = 0, 1, 2
MAX_LIST_LEVEL = 5

# Custom document properties.
PROPERTY_PREFIX = "digestconv:"
FRONT = PROPERTY_PREFIX + "front"  # ids of the front-matter divisions, space separated
BACK = PROPERTY_PREFIX + "back"
KINDS = PROPERTY_PREFIX + "kinds"  # "id=kind" for every division whose kind is not "section"
DEFAULT_KIND = "section"


def metadata_property(field: str) -> str:
    return f"{PROPERTY_PREFIX}{field}"


CONTRIBUTOR_PREFIX = PROPERTY_PREFIX + "contributor."


def contributor_property(index: int, part: str) -> str:
    """``part`` is "role" or "name"; both are written, even empty, so contributors keep their count."""
    return f"{CONTRIBUTOR_PREFIX}{index}.{part}"


# Path segments: Q<n> a quote, L<n>o / L<n>u an ordered / unordered list, I<k> its item k,
# F<n> a field list, C<n> a printed contents; n numbers the containers of the document.
TAG_PREFIX = "_dc"
_TAG = re.compile(TAG_PREFIX + r"\d+((?:_(?:Q\d+|L\d+[ou]|I\d+|F\d+|C\d+))*)\Z")


def tag_name(serial: int, path: tuple[str, ...]) -> str:
    """The hidden bookmark recording ``path``; ``serial`` keeps bookmark names unique."""
    return TAG_PREFIX + str(serial) + "".join("_" + segment for segment in path)


def parse_tag(name: str) -> tuple[str, ...] | None:
    """The path a tag bookmark records, or None if ``name`` is not one."""
    match = _TAG.match(name)
    if match is None:
        return None
    return tuple(match.group(1).split("_")[1:])
