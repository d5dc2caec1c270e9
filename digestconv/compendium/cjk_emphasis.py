"""A markdown-it rule that lets ``**bold**`` open and close next to CJK text.

CommonMark decides whether ``**`` can open or close emphasis from the characters around it
("flanking"). Its rules assume spaces between words, so ``**(1)法規進程：**臺灣`` stays literal:
the closing run sits between a punctuation mark and a letter. Chinese has no spaces, so here,
as in the markdown-it-cjk-friendly proposal, a punctuation mark beside a CJK character no longer
stops a run from opening or closing. There is no Python plugin for
this, hence this small rule; it wraps markdown-it's own emphasis tokenizer and only adjusts the
open/close flags of the delimiters it pushed.
"""

from __future__ import annotations

import unicodedata

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar, isWhiteSpace
from markdown_it.rules_inline import emphasis
from markdown_it.rules_inline.state_inline import StateInline


def cjk_emphasis_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.at("emphasis", _tokenize)


def _tokenize(state: StateInline, silent: bool) -> bool:
    start, before = state.pos, len(state.delimiters)
    if not emphasis.tokenize(state, silent):
        return False
    can_open, can_close = _flanking(state.src, start, state.pos, state.posMax)
    for delim in state.delimiters[before:]:
        delim.open, delim.close = can_open, can_close
    return True


def _is_cjk(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def _flanking(src: str, start: int, end: int, maximum: int) -> tuple[bool, bool]:
    last = src[start - 1] if start > 0 else " "
    nxt = src[end] if end < maximum else " "
    last_ws, next_ws = isWhiteSpace(ord(last)), isWhiteSpace(ord(nxt))
    last_punct = isMdAsciiPunct(ord(last)) or isPunctChar(last)
    next_punct = isMdAsciiPunct(ord(nxt)) or isPunctChar(nxt)
    cjk = _is_cjk(last) or _is_cjk(nxt)  # next to CJK, punctuation does not block flanking
    left = not next_ws and (not next_punct or last_ws or last_punct or cjk)
    right = not last_ws and (not last_punct or next_ws or next_punct or cjk)
    marker_star = src[start] == "*"
    can_open = left and (marker_star or not right or last_punct)
    can_close = right and (marker_star or not left or next_punct)
    return can_open, can_close
