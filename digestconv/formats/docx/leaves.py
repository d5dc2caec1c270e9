"""Inline runs as flat leaves with formatting, the way a DOCX paragraph holds them.

A Word run has formatting properties, not nested containers, so the writer flattens the model's
inline tree into leaves (a text, line break or note, each with the formatting and link around
it) and the reader rebuilds a tree from leaves in one canonical nesting order: link outermost,
then strong, emphasis, super/subscript. :func:`canonical` applies the same to a model run; it
is part of the DOCX normalisation (see :mod:`.normalize`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from itertools import groupby

from ...model import (
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Note,
    Strong,
    Subscript,
    Superscript,
    Text,
    merge_inlines,
)


@dataclass(frozen=True, slots=True)
class Format:
    link: str = ""
    strong: bool = False
    emphasis: bool = False
    vert: str = ""  # "superscript", "subscript" or "": one value, as w:vertAlign holds


class Tab:
    """A tab in a paragraph: the separator of label and text (never content)."""


TAB = Tab()
Item = Text | LineBreak | Note | Tab
Leaf = tuple[Format, Item]
PLAIN = Format()


def flatten(inlines: Sequence[Inline], fmt: Format = PLAIN) -> list[Leaf]:
    out: list[Leaf] = []
    for node in inlines:
        if isinstance(node, (Text, LineBreak, Note)):
            out.append((fmt, node))
        elif isinstance(node, Link):
            out.extend(flatten(node.children, replace(fmt, link=node.target)))
        elif isinstance(node, Strong):
            out.extend(flatten(node.children, replace(fmt, strong=True)))
        elif isinstance(node, Emphasis):
            out.extend(flatten(node.children, replace(fmt, emphasis=True)))
        elif isinstance(node, Superscript):
            out.extend(flatten(node.children, replace(fmt, vert="superscript")))
        elif isinstance(node, Subscript):
            out.extend(flatten(node.children, replace(fmt, vert="subscript")))
    return out


_VERT: dict[str, Callable[[tuple[Inline, ...]], Inline]] = {"superscript": Superscript, "subscript": Subscript}
_LAYERS: tuple[tuple[Callable[[Format], object], Callable[[object, tuple[Inline, ...]], Inline]], ...] = (
    (lambda f: f.link, lambda key, children: Link(str(key), children)),
    (lambda f: f.strong, lambda _, children: Strong(children)),
    (lambda f: f.emphasis, lambda _, children: Emphasis(children)),
    (lambda f: f.vert, lambda key, children: _VERT[str(key)](children)),
)


def rebuild(leaves: Sequence[Leaf]) -> tuple[Inline, ...]:
    """The canonical inline tree of ``leaves`` (which must hold no tab)."""
    return merge_inlines(_layer(leaves, 0))


def _layer(leaves: Sequence[Leaf], depth: int) -> list[Inline]:
    if depth == len(_LAYERS):
        return [item for _, item in leaves if not isinstance(item, Tab)]
    key_of, wrap = _LAYERS[depth]
    out: list[Inline] = []
    for key, group in groupby(leaves, key=lambda leaf: key_of(leaf[0])):
        inner = _layer(list(group), depth + 1)
        if key:
            out.append(wrap(key, merge_inlines(inner)))
        else:
            out.extend(inner)
    return out


def canonical(inlines: Sequence[Inline]) -> tuple[Inline, ...]:
    return rebuild(flatten(inlines))


def split_tabs(leaves: Sequence[Leaf]) -> list[list[Leaf]]:
    """``leaves`` cut at each tab (n tabs give n + 1 parts)."""
    parts: list[list[Leaf]] = [[]]
    for leaf in leaves:
        if isinstance(leaf[1], Tab):
            parts.append([])
        else:
            parts[-1].append(leaf)
    return parts


def plain(leaves: Sequence[Leaf]) -> str:
    return "".join(
        item.text if isinstance(item, Text) else "\n" for _, item in leaves if not isinstance(item, (Tab, Note))
    )
