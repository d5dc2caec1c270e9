"""The recovered structure of a parsed compendium, as data and as readable text.

:func:`outline` builds the shape ``digestconv outline --json`` prints: reports (id, title,
``◇`` metadata as printed, the section tree with source lines), footnotes, page-break joins and
the number of list blocks per report (top-level lists; a nested list belongs to its item).
"""

from __future__ import annotations

from typing import Any

from .compendium import Parse
from .model import Division, ListBlock, Note, block_text, plain_text


def outline(parse: Parse) -> dict[str, Any]:
    reports = [r for r in parse.document.body if r.kind == "report"]
    return {
        "reports": [
            {
                "id": r.label,
                "title": plain_text(r.title),
                "meta": {f.name: plain_text(f.value) for f in r.meta},
                "sections": [_section(s, parse.lines) for s in r.children],
            }
            for r in reports
        ],
        "footnotes": [
            {
                "n": int(n.label) if n.label.isdigit() else n.label,
                "report": r.label,
                "text": "".join(map(block_text, n.blocks)),
            }
            for r in reports
            for n in _notes(r)
        ],
        "page_break_joins": [
            {"line_before": d.line, "line_after": d.related_line}
            for d in parse.diagnostics
            if d.code == "page-break-join"
        ],
        "lists": {r.label: sum(_list_blocks(d) for d in _walk(r)) for r in reports},
    }


def render(data: dict[str, Any]) -> str:
    """The outline as an indented tree a person can read."""
    out: list[str] = []
    for report in data["reports"]:
        out.append(f"{report['id']}  {report['title']}")
        for name, value in report["meta"].items():
            out.append(f"    ◇ {name}：{value}")
        _render_sections(report["sections"], 1, out)
    out.append(
        f"footnotes: {len(data['footnotes'])}, page-break joins: {len(data['page_break_joins'])}, "
        f"lists: {sum(data['lists'].values())}"
    )
    return "\n".join(out) + "\n"


def _render_sections(sections: list[dict[str, Any]], depth: int, out: list[str]) -> None:
    for s in sections:
        out.append(f"{'    ' * depth}{s['label']} {s['title']}  (line {s['line']})")
        _render_sections(s["children"], depth + 1, out)


def _section(division: Division, lines: Any) -> dict[str, Any]:
    return {
        "label": division.label,
        "title": plain_text(division.title),
        "line": lines.get(division.id),
        "children": [_section(c, lines) for c in division.children],
    }


def _walk(division: Division) -> list[Division]:
    return [division, *(d for c in division.children for d in _walk(c))]


def _list_blocks(division: Division) -> int:
    return sum(1 for b in division.blocks if isinstance(b, ListBlock))


def _notes(division: Division) -> list[Note]:
    found: list[Note] = []

    def visit(nodes: Any) -> None:
        for node in nodes:
            if isinstance(node, Note):
                found.append(node)
            for attr in ("children", "inlines", "blocks", "items"):
                if hasattr(node, attr):
                    visit(getattr(node, attr))

    for d in _walk(division):
        visit(d.blocks)
    return found


__all__ = ["outline", "render"]
