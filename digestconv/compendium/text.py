"""Character classes and joining text the way Chinese typesetting does."""

from __future__ import annotations

import unicodedata
from dataclasses import replace

from ..model import CONTAINERS, Inline, InlineRun, Text, merge_inlines, plain_text

# Marks that end a sentence or a clause: a line ending with one is not cut mid-sentence.
TERMINAL = frozenset("。！？；：」』）)!?;:．.…")
SENTENCE_END = frozenset("。！？；!?;")


def is_cjk(ch: str) -> bool:
    """Wide or full-width characters: Han, kana, CJK and full-width punctuation."""
    return bool(ch) and unicodedata.east_asian_width(ch) in ("W", "F")


def needs_space(before: str, after: str) -> bool:
    """Text joined across a line break gets a space only between two non-CJK characters."""
    return bool(before) and bool(after) and not is_cjk(before[-1]) and not is_cjk(after[0])


def join_inlines(first: tuple[Inline, ...], second: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``first`` continued by ``second`` across a line or page break, spaced as typeset."""
    run = InlineRun(first)
    join_into(run, second)
    return run.build()


def join_into(run: InlineRun, second: tuple[Inline, ...]) -> None:
    """:func:`join_inlines` in place: joining many pieces one by one stays linear."""
    run.strip_end()
    second = _strip_edge(second, end=False)
    if needs_space(run.last_char(), plain_text(second)[:1]):
        run.append(Text(" "))
    run.extend(second)


def strip_inlines(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """``inlines`` without whitespace at either edge."""
    return merge_inlines(_strip_edge(_strip_edge(inlines, end=True), end=False))


def _strip_edge(inlines: tuple[Inline, ...], *, end: bool) -> tuple[Inline, ...]:
    if not inlines:
        return inlines
    index = -1 if end else 0
    node = inlines[index]
    if isinstance(node, Text):
        node = Text(node.text.rstrip() if end else node.text.lstrip())
    elif isinstance(node, CONTAINERS):
        node = replace(node, children=_strip_edge(node.children, end=end))
    else:
        return inlines
    return (*inlines[:-1], node) if end else (node, *inlines[1:])
