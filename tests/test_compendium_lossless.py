"""Nothing lost: every character of content in the source is in the model, in order.

The source side is computed here, independently of the reader: each line loses its Markdown
syntax (heading marks, bullets, ``**``, HTML tags, link syntax, the ``◇`` mark, a field's
separator, the contents' dot leaders) and then whitespace; the characters the reader reports as
dropped by a named rule (``Diagnostic.dropped``: page furniture, a false list number) are taken
out at their line. Footnote bodies are compared separately, since the model moves them to their
reference point.
"""

from __future__ import annotations

import re

from digestconv.compendium import parse
from digestconv.model import (
    Contents,
    Division,
    Document,
    FieldList,
    Inline,
    LineBreak,
    ListBlock,
    Note,
    Paragraph,
    Quote,
    Text,
    block_text,
)

_MARKUP = [
    (re.compile(r"^\s*#+\s*"), ""),  # heading marks
    (re.compile(r"^\s*-(?!--)\s*(?=\S)"), ""),  # bullets, also "-大多數"
    (re.compile(r"\*\*"), ""),
    (re.compile(r"</?(sup|sub)>"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url) → text
    (re.compile(r"<(https?://[^>]+)>"), r"\1"),  # <url> → url
    (re.compile(r"◇\s*([^：]{1,12})："), r"\1"),  # ◇ name：value
    (re.compile(r"^(發行人|主編|執行編輯|發行單位|發行日期)："), r"\1"),  # staff fields
    (re.compile(r"^(地址|電話|傳真|網址) / "), r"\1"),
    (re.compile(r"\.{3,}(?=\s*\d+\s*$)"), ""),  # contents leaders
]
_FOOTNOTE_BODY = re.compile(r"^<sup>\d+</sup>")


def source_stream(text: str, dropped: list[tuple[int, str]]) -> str:
    chars: list[str] = []
    starts: dict[int, int] = {}
    for number, line in enumerate(text.split("\n"), 1):
        starts[number] = len(chars)
        if _FOOTNOTE_BODY.match(line):
            continue
        for pattern, replacement in _MARKUP:
            line = pattern.sub(replacement, line)
        chars.extend("".join(line.split()))
    stream = "".join(chars)
    removed = 0
    for line, text_dropped in sorted(dropped):
        at = stream.find(text_dropped, starts[line] - removed)
        assert at >= 0, f"dropped text {text_dropped!r} of line {line} is not in the source"
        stream = stream[:at] + stream[at + len(text_dropped) :]
        removed += len(text_dropped)
    return stream


def model_stream(doc: Document) -> str:
    out: list[str] = []
    for part in (doc.front, doc.body, doc.back):
        for division in part:
            _division(division, out)
    return "".join("".join(out).split())


def _division(d: Division, out: list[str]) -> None:
    out += [d.label, _inlines(d.title)]
    out += [f.name + _inlines(f.value) for f in d.meta]
    for block in d.blocks:
        _block(block, out)
    for child in d.children:
        _division(child, out)


def _block(block, out: list[str]) -> None:
    if isinstance(block, Paragraph):
        out.append(_inlines(block.inlines))
    elif isinstance(block, ListBlock):
        for item in block.items:
            out.append(item.label)
            for child in item.blocks:
                _block(child, out)
    elif isinstance(block, FieldList):
        out += [f.name + _inlines(f.value) for f in block.fields]
    elif isinstance(block, Contents):
        out += [e.label + _inlines(e.title) + e.page for e in block.entries]
    elif isinstance(block, Quote):
        for child in block.blocks:
            _block(child, out)


def _inlines(inlines: tuple[Inline, ...]) -> str:
    out = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Note):
            out.append(node.label)  # the reference mark; the body is checked on its own
        elif not isinstance(node, LineBreak):
            out.append(_inlines(node.children))
    return "".join(out)


def _notes(doc: Document) -> list[Note]:
    found: list[Note] = []

    def visit(node) -> None:
        if isinstance(node, Note):
            found.append(node)
        for attr in ("children", "inlines", "blocks", "items", "body", "front", "back"):
            for child in getattr(node, attr, ()):
                visit(child)

    visit(doc)
    return found


def _first_difference(a: str, b: str) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    return f"at {at}: source …{a[max(0, at - 30) : at + 30]}… model …{b[max(0, at - 30) : at + 30]}…"


def test_every_content_character_reaches_the_model_in_order(seed_parse, seed_text):
    dropped = [(d.line, d.dropped) for d in seed_parse.diagnostics if d.dropped]
    expected = source_stream(seed_text, dropped)
    actual = model_stream(seed_parse.document)
    assert actual == expected, _first_difference(expected, actual)


def test_footnote_bodies_reach_the_model(seed_parse, seed_text):
    bodies = [
        "".join(_FOOTNOTE_BODY.sub("", line).split()) for line in seed_text.split("\n") if _FOOTNOTE_BODY.match(line)
    ]
    notes = ["".join("".join(map(block_text, n.blocks)).split()) for n in _notes(seed_parse.document)]
    assert len(bodies) == 4
    assert sorted(notes) == sorted(bodies)


def test_the_check_notices_a_lost_character(seed_parse, seed_text):
    """The audit above can fail: drop one character from the model and it does."""
    doc = seed_parse.document
    mangled = parse(seed_text.replace("核廢料隨著時間衰變", "核廢料隨時間衰變"))
    dropped = [(d.line, d.dropped) for d in seed_parse.diagnostics if d.dropped]
    assert model_stream(mangled.document) != source_stream(seed_text, dropped)
    assert model_stream(doc) == source_stream(seed_text, dropped)
