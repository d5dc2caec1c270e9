"""Clean Markdown from a digestconv document: headings by depth with their printed labels, the
``◇`` metadata lines, lists with their printed labels, footnotes as ``[^n]``.

An example of a third-party format: it uses only digestconv's public model and ``Format``.
"""

from __future__ import annotations

from digestconv.formats.registry import Format
from digestconv.model import (
    Block,
    Contents,
    Division,
    Document,
    Emphasis,
    FieldList,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Strong,
    Subscript,
    Superscript,
    Text,
    plain_text,
)

_WRAP = {Strong: ("**", "**"), Emphasis: ("*", "*"), Subscript: ("<sub>", "</sub>"), Superscript: ("<sup>", "</sup>")}


class _Writer:
    def __init__(self) -> None:
        self.notes: list[str] = []

    def document(self, doc: Document) -> str:
        parts = [f"# {doc.metadata.title}"] if doc.metadata.title else []
        for division in (*doc.front, *doc.body, *doc.back):
            parts += self.division(division, 2)
        parts += self.notes
        return "\n\n".join(parts) + "\n"

    def division(self, division: Division, depth: int) -> list[str]:
        heading = " ".join(filter(None, (division.label, self.inlines(division.title))))
        out = [f"{'#' * min(depth, 6)} {heading}"] if heading else []
        out += [f"◇{f.name}：{self.inlines(f.value)}  " for f in division.meta]
        out += [self.block(block) for block in division.blocks]
        for child in division.children:
            out += self.division(child, depth + 1)
        return out

    def block(self, block: Block, indent: str = "") -> str:
        if isinstance(block, Paragraph):
            return indent + self.inlines(block.inlines)
        if isinstance(block, ListBlock):
            items = []
            for item in block.items:
                first, *rest = [self.block(b, indent + "  ") for b in item.blocks]
                label = f"{item.label} " if item.label else ""
                items.append(f"{indent}- {label}{first.lstrip()}" + "".join(f"\n\n{r}" for r in rest))
            return "\n".join(items)
        if isinstance(block, FieldList):
            return "\n".join(f"{indent}- **{f.name}**：{self.inlines(f.value)}" for f in block.fields)
        if isinstance(block, Quote):
            return "\n>\n".join(f"> {self.block(b)}" for b in block.blocks)
        if isinstance(block, Contents):
            return "\n".join(f"- {e.label} {plain_text(e.title)} …… {e.page}" for e in block.entries)
        if isinstance(block, PageBreak):
            return f"<!-- page {block.page} -->"
        raise TypeError(type(block).__name__)

    def inlines(self, inlines: tuple[Inline, ...]) -> str:
        return "".join(self.inline(node) for node in inlines)

    def inline(self, node: Inline) -> str:
        if isinstance(node, Text):
            return node.text
        if isinstance(node, LineBreak):
            return "\\\n"
        if isinstance(node, Link):
            return f"[{self.inlines(node.children)}]({node.target})"
        if isinstance(node, Note):
            mark = f"n{len(self.notes) + 1}"
            body = "\n\n    ".join(self.block(b) for b in node.blocks)
            self.notes.append(f"[^{mark}]: {body}")
            return f"[^{mark}]"
        before, after = _WRAP[type(node)]
        return f"{before}{self.inlines(node.children)}{after}"


def write(doc: Document, options: object = None) -> bytes:
    return _Writer().document(doc).encode("utf-8")


FORMAT = Format("markdown", (".md", ".markdown"), "clean Markdown (example plugin)", write=write)
