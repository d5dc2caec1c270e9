"""Markdown tokens → a flat sequence of units (one per heading, paragraph, list item or rule).

markdown-it-py does the Markdown: block structure, emphasis (with the CJK rule), links,
autolinks, inline HTML. The compendium's real structure is not Markdown's (the ``#`` count lies,
list nesting is broken by page breaks), so the reader flattens Markdown's tree into units that
remember what Markdown said (heading mark, list marker, nesting depth) and their source lines,
and rebuilds the structure from the numbering labels itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from markdown_it import MarkdownIt
from markdown_it.rules_block import StateBlock
from markdown_it.token import Token

from ..errors import Diagnostic, InputError
from ..model import (
    Emphasis,
    Inline,
    InlineRun,
    LineBreak,
    Link,
    Strong,
    Subscript,
    Superscript,
    Text,
    merge_inlines,
    plain_text,
    repair_uri_reference,
)
from .cjk_emphasis import cjk_emphasis_plugin
from .labels import match_label
from .text import TERMINAL, join_inlines, join_into


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def _refuse_deep_nesting(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """Matches nothing; stops the parse where markdown-it would silently skip the rest of a block
    nested deeper than its ``maxNesting`` (a list opens two levels at once)."""
    if state.level >= state.md.options["maxNesting"] - 2:
        raise _TooDeep(start + 1)
    return False


def _nesting_guard(md: MarkdownIt) -> None:
    md.block.ruler.before("blockquote", "refuse_deep_nesting", _refuse_deep_nesting)


# Setext headings would turn a sentence above a page rule into a heading, indented code would
# swallow indented continuation lines, and a line like "[1]: 註解" would vanish as a link reference
# definition (a code fence's info string and an image's address too): none of them exists in the
# compendium, so their syntax is read as text.
_MD = (
    MarkdownIt("commonmark", {"html": True})
    .disable(["lheading", "code", "fence", "reference", "image"])
    .use(cjk_emphasis_plugin)
    .use(_nesting_guard)
)

# A bullet whose dash lost its space in extraction ("-大多數國家…").
_TIGHT_BULLET = re.compile(r"^([ \t]*)-(?=[^\s\-*_])", re.MULTILINE)
# A heading mark glued to its text ("###一、問題"): CommonMark reads it as text.
_GLUED_HEADING = re.compile(r"^( {0,3}#{1,6})(?=[^#\s])", re.MULTILINE)
# Spaces of other kinds (no-break, ideographic) at a line's end, a line of them included: they
# hide a blank line or a rule from CommonMark, which knows only ASCII spaces and tabs. (The
# lookbehind starts a match only where a run of spaces starts: linear on any line. It follows the
# first space rather than preceding it, so that the regex engine can skip to candidate characters:
# three times faster on the seed.)
_TRAILING_SPACES = re.compile(r"[^\S\n](?<![^\S\n][^\S\n])[^\S\n]*$", re.MULTILINE)
_OTHER_SPACES = re.compile(r"[^ \t]")
_ORDERED_MARKER = re.compile(r"([0-9]{1,9}[.)])\s")
_NOTE_START = re.compile(r"<sup>\s*[\[(（［]?\s*[0-9]+\s*[\])）］]?\s*</sup>", re.IGNORECASE)
_HTML_TAG = re.compile(r"<(/?)([a-zA-Z]+)\s*(/?)>")
_INLINE_TAGS: dict[str, Callable[[tuple[Inline, ...]], Inline]] = {
    "sup": Superscript,
    "sub": Subscript,
    "b": Strong,
    "strong": Strong,
    "i": Emphasis,
    "em": Emphasis,
}
# A hard line break after a line this long that stops mid-sentence is a printed line wrap.
WRAPPED_LINE = 24
# Bold in italics in a superscript is three levels; far deeper nesting is noise or an attack (the
# model's depth costs recursion in every writer, and XML readers refuse documents over 256 deep).
MAX_INLINE_DEPTH = 16


@dataclass(frozen=True, slots=True)
class Unit:
    kind: str  # "heading" | "paragraph" | "item" | "rule"
    start: int  # first source line, 1-based
    end: int  # last source line
    inlines: tuple[Inline, ...]
    marked: bool = False  # written as a "#" heading
    marker: str = ""  # Markdown list marker of an item: "-", "1."
    depth: int = 0  # Markdown list nesting depth
    label: str = ""  # printed numbering label, peeled off the text
    level: int = 0  # depth the label gives (labels.py), 0 without one

    @property
    def text(self) -> str:
        return plain_text(self.inlines)

    @property
    def printed(self) -> tuple[Inline, ...]:
        """The inlines with the label put back in front, for a unit whose label is not structure."""
        return join_inlines((Text(self.label),), self.inlines) if self.label else self.inlines


def tokenize(text: str, diagnostics: list[Diagnostic], source: str = "<text>") -> list[Unit]:
    """Units of ``text`` in source order, labels peeled, tight bullets repaired."""
    text = _TRAILING_SPACES.sub(lambda m: _OTHER_SPACES.sub("", m.group()), text)  # ASCII ones mean a break
    text = _repair(
        text, _TIGHT_BULLET, r"\1- ", "bullet-repaired", "a '-' without a space read as a bullet", diagnostics
    )
    text = _repair(text, _GLUED_HEADING, r"\1 ", "heading-mark-repaired", "a '#' mark glued to its text", diagnostics)
    try:
        tokens = _MD.parse(text)
    except _TooDeep as exc:
        message = "quotes or lists nested too deep to read (a compendium nests a few levels)"
        raise InputError(message, source=source, line=exc.line) from None
    return [_peel(unit) for unit in _units(tokens, text.split("\n"), diagnostics)]


def _repair(
    text: str, pattern: re.Pattern[str], fix: str, code: str, message: str, diagnostics: list[Diagnostic]
) -> str:
    """``text`` with each match of ``pattern`` replaced by ``fix``, reported with its line."""
    line, counted = 1, 0

    def report(m: re.Match[str]) -> str:
        nonlocal line, counted
        line, counted = line + text.count("\n", counted, m.start()), m.start()  # counted once: linear
        diagnostics.append(Diagnostic(code, line, message))
        return m.expand(fix)

    return pattern.sub(report, text)


def _units(tokens: Sequence[Token], lines: list[str], diagnostics: list[Diagnostic]) -> list[Unit]:
    units: list[Unit] = []
    lists: list[str] = []  # open lists' kinds, to know depth
    pending_marker = ""  # marker of a list item whose first paragraph is still to come
    kind, marked = "paragraph", False
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append(token.type)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "list_item_open":
            pending_marker = (token.info + token.markup) if token.info else token.markup
        elif token.type == "heading_open":
            kind, marked = "heading", True
        elif token.type == "paragraph_open":
            kind, marked = ("item", False) if pending_marker else ("paragraph", False)
        elif token.type == "inline" and token.map:
            depth = max(len(lists) - (kind == "item"), 0)
            piece_kind, marker = kind, (pending_marker if kind == "item" else "")
            for index, (piece, start, end, split_marker) in enumerate(
                _split_at_labels(token.children or [], token.map, lines)
            ):
                if index:  # a piece cut off at a label line: an item when that line has a list marker
                    piece_kind, marker = ("item", split_marker) if split_marker else ("paragraph", "")
                inlines = _inlines(piece, start, diagnostics)
                if inlines:
                    units.append(Unit(piece_kind, start, end, inlines, marked, marker, depth))
            pending_marker = "" if kind == "item" else pending_marker
            kind, marked = "paragraph", False
        elif token.type == "hr" and token.map:
            units.append(Unit("rule", token.map[0] + 1, token.map[1], ()))
        elif token.type == "html_block" and token.map:
            parts: list[Inline] = []
            for html_line in (line for line in token.content.split("\n") if line.strip()):
                parts += [LineBreak(), _text(html_line)] if parts else [_text(html_line)]
            if parts:
                units.append(Unit("paragraph", token.map[0] + 1, token.map[1], merge_inlines(parts), depth=len(lists)))
    return units


def _split_at_labels(
    children: Sequence[Token], span: list[int], lines: list[str]
) -> list[tuple[list[Token], int, int, str]]:
    """Cut a paragraph where a line starts with a numbering label, and a paragraph of footnote
    bodies where a line starts with the next one's ``<sup>N</sup>``.

    CommonMark lets only a list starting at 1 interrupt a paragraph, so when a page break left
    ``…。`` directly above ``3. 技術…`` the item became a lazy continuation of the paragraph.
    Returns (tokens, first line, last line, Markdown marker of the line or "") per piece.
    """
    pieces: list[tuple[list[Token], int, int, str]] = [([], span[0] + 1, span[1], "")]
    line = span[0] + 1
    notes = bool(_NOTE_START.match(lines[span[0]].lstrip()))  # footnote bodies, one a line
    for tok in children:
        if tok.type in ("softbreak", "hardbreak"):
            line += 1
            raw = lines[line - 1].lstrip() if line - 1 < len(lines) else ""
            if match_label(raw.replace("**", "")) or (notes and _NOTE_START.match(raw)):
                marker = _ORDERED_MARKER.match(raw)
                first, start, _, mark = pieces[-1]
                pieces[-1] = (first, start, line - 1, mark)
                pieces.append(([], line, span[1], marker.group(1) if marker else ""))
                continue
        pieces[-1][0].append(tok)
    return pieces


def _inlines(children: Sequence[Token], start: int, diagnostics: list[Diagnostic]) -> tuple[Inline, ...]:
    """Inline tokens → model inlines; soft and wrapped hard breaks joined the CJK way."""
    stack: list[tuple[str, str, list[Inline | _Break]]] = [("", "", [])]  # (tag, raw open markup, children)
    flattened: list[str] = []  # tags opened too deep: their markup is kept as text, up to their closing
    line = start

    def open_(tag: str, raw: str) -> None:
        if len(stack) <= MAX_INLINE_DEPTH:
            stack.append((tag, raw, []))
            return
        if not flattened:
            message = f"inline markup nested deeper than {MAX_INLINE_DEPTH} levels kept as text"
            diagnostics.append(Diagnostic("markup-too-deep", line, message))
        flattened.append(tag)
        stack[-1][2].append(_text(raw))

    def close(expected: str, raw: str) -> None:
        if flattened and flattened[-1] == expected:
            flattened.pop()
            stack[-1][2].append(_text(raw))
            return
        if stack[-1][0] != expected:
            stack[-1][2].append(_text(raw))  # unbalanced: keep the markup as text
            return
        tag, _, kids = stack.pop()
        inner = _resolve_breaks(kids, diagnostics)
        if not tag.startswith("link:"):
            stack[-1][2].extend([_INLINE_TAGS.get(tag, Strong)(inner)] if inner else [])
            return
        href = tag[5:]
        target = repair_uri_reference(href)
        if target != href:
            diagnostics.append(Diagnostic("link-target-repaired", line, f"link target {href!r} kept as {target!r}"))
        shown = inner or ((Text(href),) if href else ())  # an empty link text shows its address
        stack[-1][2].extend([Link(target, shown)] if target and shown else shown)

    for tok in children:
        out = stack[-1][2]
        if tok.type == "text":
            out.append(_text(tok.content))
        elif tok.type == "code_inline":
            out.append(_text(tok.markup + tok.content + tok.markup))
        elif tok.type in ("softbreak", "hardbreak"):
            line += 1
            out.append(_Break(tok.type == "hardbreak", line))
        elif tok.type in ("strong_open", "em_open"):
            open_("strong" if tok.type == "strong_open" else "em", tok.markup)
        elif tok.type in ("strong_close", "em_close"):
            close("strong" if tok.type == "strong_close" else "em", tok.markup)
        elif tok.type == "link_open":
            # The address as written: markdown-it percent-encodes it (中 → %E4%B8%AD); the model
            # takes IRIs, and repair_uri_reference escapes what a URI cannot hold.
            stack.append((f"link:{_MD.normalizeLinkText(str(tok.attrGet('href') or ''))}", "[", []))
            title = str(tok.attrGet("title") or "")
            if title:  # a tooltip the model has no place for
                message = f"link title {title!r} dropped"
                diagnostics.append(Diagnostic("link-title-dropped", line, message, dropped=title))
        elif tok.type == "link_close":  # unbalanced where a label line cut a link in two
            close(stack[-1][0] if stack[-1][0].startswith("link:") else "link:", "]")
        elif tok.type == "html_inline":
            m = _HTML_TAG.fullmatch(tok.content.strip())
            tag = m.group(2).lower() if m else ""
            if m and tag == "br":
                out.append(LineBreak())
            elif m and tag in _INLINE_TAGS and not m.group(1) and not m.group(3):
                open_(tag, tok.content)
            elif m and tag in _INLINE_TAGS and m.group(1) and stack[-1][0] == tag:
                close(tag, tok.content)
            else:
                out.append(_text(tok.content))  # unknown or stray HTML stays as text
        else:  # anything unexpected: keep the characters
            out.append(_text(tok.content))
    for _, raw, kids in stack[1:]:  # unclosed tags: their markup becomes text again
        stack[0][2].extend([_text(raw), *kids])
    return _resolve_breaks(stack[0][2], diagnostics)


def _text(content: str) -> Text:
    """A text run; a tab (which the model, like XML text in most formats, cannot keep) is a space."""
    return Text(content.replace("\t", " "))


@dataclass(frozen=True, slots=True)
class _Break:
    hard: bool
    line: int


def _resolve_breaks(nodes: list[Inline | _Break], diagnostics: list[Diagnostic]) -> tuple[Inline, ...]:
    """Join line breaks that only wrap prose; keep hard breaks that end a sentence or a title."""
    lines: list[list[Inline]] = [[]]
    breaks: list[_Break] = []
    for node in nodes:
        if isinstance(node, _Break):
            breaks.append(node)
            lines.append([])
        else:
            lines[-1].append(node)
    if not breaks:
        return merge_inlines(lines[0])
    result = InlineRun(lines[0])
    for brk, previous, line in zip(breaks, lines, lines[1:], strict=False):
        before = plain_text(previous).rstrip()
        if brk.hard and (len(before) < WRAPPED_LINE or before[-1:] in TERMINAL):
            result.append(LineBreak())
            result.extend(line)
            continue
        if brk.hard:
            diagnostics.append(
                Diagnostic("hard-break-joined", brk.line - 1, "hard line break inside prose joined", brk.line)
            )
        join_into(result, tuple(line))
    return result.build()


def _peel(unit: Unit) -> Unit:
    """Move a numbering label from the start of the text (or the list marker) into the unit."""
    if unit.kind == "rule":
        return unit
    if unit.marker and unit.marker != "-" and unit.marker not in "*+":
        found = match_label(unit.marker)
        label, rest = peel_label(unit.inlines)  # an item cut from a paragraph still has its marker
        inlines = rest if label == unit.marker and plain_text(rest).strip() else unit.inlines
        return replace(unit, inlines=inlines, label=unit.marker, level=found[1] if found else 3)
    label, rest = peel_label(unit.inlines)
    if not label or not plain_text(rest).strip():  # a label alone ("(74)", a page number) is text
        return unit
    found = match_label(label)
    return replace(unit, inlines=rest, label=label, level=found[1] if found else 0)


def peel_label(inlines: tuple[Inline, ...]) -> tuple[str, tuple[Inline, ...]]:
    """Split a leading numbering label off ``inlines`` (looking inside a leading bold)."""
    if not inlines:
        return "", inlines
    first = inlines[0]
    if isinstance(first, Text):
        stripped = first.text.lstrip()
        found = match_label(stripped)
        if not found:
            return "", inlines
        rest = stripped[len(found[0]) :].lstrip()
        return found[0], merge_inlines((Text(rest), *inlines[1:]))
    if isinstance(first, (Strong, Emphasis)):
        label, inner = peel_label(first.children)
        if label:
            return label, merge_inlines((type(first)(inner), *inlines[1:]))
    return "", inlines
