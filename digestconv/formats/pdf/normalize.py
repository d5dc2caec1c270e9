"""What a PDF round trip keeps: ``read(write(doc))`` equals ``doc`` after :func:`normalize`.

The PDF is a printed book, so what it cannot keep is what printing changes:

- whitespace: text is what the lines draw, and layout collapses spaces, drops them at line ends
  and breaks lines (a line break is layout too), so every whitespace character is removed, and so
  is every invisible format character (soft hyphen, zero-width space, …), which draws nothing;
- characters that share one glyph with another in the font (U+00B7 and U+2022 in Noto Sans CJK)
  read back as the character the font's ``ToUnicode`` map names: not normalised, a known limit;
- the source's print page markers (:class:`PageBreak`): this edition has its own pages;
- the page of a contents entry that points at a division: it is this edition's page.

Everything else (divisions with ids and kinds, labels, titles, metadata fields, lists, notes in
place, links and their exact targets, emphasis, the catalogue data) comes back as written.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any

from ...model import (
    ContentsEntry,
    Document,
    LineBreak,
    Metadata,
    PageBreak,
    Text,
    merge_inlines,
)

# Whitespace, and the invisible format characters (Unicode Cf: soft hyphen, zero-width space and
# joiners, BOM, …) that draw no glyph.
_SPACE = re.compile("[\\s" + "".join(chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf") + "]+")


def normalize(doc: Document) -> Document:
    return _walk(doc)


def _walk(node: Any) -> Any:
    if isinstance(node, tuple):
        items = [_walk(n) for n in node if not isinstance(n, PageBreak | LineBreak)]
        # merge_inlines leaves blocks and fields alone and re-merges runs whose spaces are gone.
        return merge_inlines(items) if all(dataclasses.is_dataclass(n) for n in items) else tuple(items)
    if isinstance(node, Metadata):
        return node
    if isinstance(node, Text):
        return Text(_SPACE.sub("", node.text))
    if isinstance(node, ContentsEntry) and node.target:
        node = dataclasses.replace(node, page="")
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {}
        for f in dataclasses.fields(node):
            value = getattr(node, f.name)
            if f.name in ("id", "kind", "target", "normalized"):
                continue
            changes[f.name] = _SPACE.sub("", value) if isinstance(value, str) else _walk(value)
        return dataclasses.replace(node, **changes)
    return node
