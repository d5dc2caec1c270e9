"""The sections and lists of one report, rebuilt from numbering labels instead of ``#`` marks.

Four passes over the report's units:

1. **Headings.** Labelled units of one level that share a parent form a *run* (``(一)``,
   ``(二)``, … under one ``一、``). A run is all headings or all list items: headings if any
   member was written as a ``#`` heading; otherwise headings if most members title their own
   body (a short clause with no sentence-ending mark, followed by content before the next
   sibling; shorter still if the whole run is written as a Markdown list, since an item cut by a
   page break is followed by its continuation). A run inside a list item is always items.
2. **Page-break joins.** A paragraph or item that stops mid-sentence, followed after a gap by
   an unlabelled paragraph, continues in it.
3. **False list numbers.** In a list whose items end sentences, an item cut mid-clause followed
   by the next number is one item broken across lines: the number is an artefact.
4. **Assembly.** Headings open divisions (depth from the label level, never from ``#``);
   labelled non-headings and bullets become nested lists (depth again from the label level).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import pairwise

from ..errors import Diagnostic
from ..model import (
    CONTAINERS,
    Block,
    Division,
    Emphasis,
    Inline,
    InlineRun,
    ListBlock,
    ListItem,
    Paragraph,
    Strong,
    merge_inlines,
)
from .labels import DEEPEST, ordinal
from .text import SENTENCE_END, TERMINAL, join_into, strip_inlines
from .units import Unit

TITLE_MAX = 150  # longest clause still read as a heading
SHORT_TITLE_MAX = 40  # longest heading written as a Markdown list item
_BULLET_KEY = DEEPEST + 1  # unlabelled bullets nest below every labelled level


def build_sections(
    units: list[Unit], parent_id: str, diagnostics: list[Diagnostic], lines: dict[str, int]
) -> tuple[tuple[Block, ...], tuple[Division, ...]]:
    """Blocks before the first section, and the section tree, of one report's units."""
    heading = _decide_headings(units, diagnostics)
    units, heading = _join_page_breaks(units, heading, diagnostics)
    units, heading = _drop_false_numbers(units, heading, diagnostics)
    return _assemble(units, heading, parent_id, lines)


# --- 1. headings ---------------------------------------------------------------------------


def _is_boundary(unit: Unit, level: int) -> bool:
    return (0 < unit.level < level) or (unit.kind == "heading" and not unit.level)


def _runs(units: list[Unit], level: int) -> list[list[int]]:
    runs: list[list[int]] = []
    current: list[int] = []
    for i, unit in enumerate(units):
        if _is_boundary(unit, level):
            if current:
                runs.append(current)
            current = []
        elif unit.level == level:
            current.append(i)
    if current:
        runs.append(current)
    return runs


def _parents(units: list[Unit]) -> list[int | None]:
    """For each unit, the nearest labelled unit of a shallower level before it (one pass)."""
    latest: list[int | None] = [None] * (DEEPEST + 1)  # the last unit seen at each level
    parents: list[int | None] = []
    for i, unit in enumerate(units):
        shallower = [j for j in latest[1 : unit.level] if j is not None]
        parents.append(max(shallower) if shallower else None)
        if 0 < unit.level <= DEEPEST:
            latest[unit.level] = i
    return parents


def _has_body(units: list[Unit], index: int) -> bool:
    if index + 1 >= len(units):
        return False
    nxt = units[index + 1]
    return not (0 < nxt.level <= units[index].level) and not (nxt.kind == "heading" and not nxt.level)


def title_like(text: str, longest: int = TITLE_MAX) -> bool:
    """A heading is one short clause: no sentence end, a colon only at its very end."""
    body = text.strip()
    inner = body[:-1]
    return (
        0 < len(body) <= longest
        and not any(ch in SENTENCE_END for ch in body)
        and "：" not in inner
        and ":" not in inner
    )


def _decide_headings(units: list[Unit], diagnostics: list[Diagnostic]) -> list[bool]:
    heading = [u.kind == "heading" and not u.level for u in units]
    parents = _parents(units)
    for level in range(1, DEEPEST + 1):
        for run in _runs(units, level):
            parent = parents[run[0]]
            if parent is not None and not heading[parent]:
                decided = False  # inside a list item
            elif any(units[i].marked for i in run):
                decided = True
            else:
                # A Markdown list item cut by a page break also "has a body": in a run written
                # as a Markdown list, a heading must be short.
                longest = SHORT_TITLE_MAX if all(units[i].marker for i in run) else TITLE_MAX
                votes = sum(1 for i in run if _has_body(units, i) and title_like(units[i].text, longest))
                decided = votes * 2 > len(run)
            for i in run:
                heading[i] = decided
                if decided and not units[i].marked:
                    diagnostics.append(
                        Diagnostic("inferred-heading", units[i].start, f"'{units[i].label}' line read as a heading")
                    )
    return heading


# --- 2. page-break joins -----------------------------------------------------------------------


def _continues(chain: list[Unit], ending: str, second: Unit) -> bool:
    """Does ``second`` continue the units of ``chain``, whose text ends (spaces aside) with ``ending``?"""
    return (
        chain[0].kind in ("paragraph", "item")
        and second.kind == "paragraph"
        and not second.label
        and not second.marker
        and second.start > chain[-1].end + 1
        and bool(ending)
        and ending not in TERMINAL
    )


def _join_page_breaks(
    units: list[Unit], heading: list[bool], diagnostics: list[Diagnostic]
) -> tuple[list[Unit], list[bool]]:
    chains: list[list[Unit]] = []  # units that read as one, each chain joined once at the end
    out_heading: list[bool] = []
    ending = ""  # the last non-space character of the last chain
    for unit, is_heading in zip(units, heading, strict=True):
        if chains and not is_heading and not out_heading[-1] and _continues(chains[-1], ending, unit):
            diagnostics.append(
                Diagnostic("page-break-join", chains[-1][-1].end, "text cut by a page break re-joined", unit.start)
            )
            chains[-1].append(unit)
            ending = _ending(unit) or ending
            continue
        chains.append([unit])
        out_heading.append(is_heading)
        ending = _ending(unit)
    return [_joined(chain) for chain in chains], out_heading


def _ending(unit: Unit) -> str:
    return unit.text.rstrip()[-1:]


def _joined(chain: list[Unit]) -> Unit:
    """The first unit of ``chain`` continued by the others (across page or line breaks)."""
    if len(chain) == 1:
        return chain[0]
    run = InlineRun(chain[0].inlines)
    for unit in chain[1:]:
        join_into(run, unit.inlines)
    return replace(chain[0], inlines=run.build(), end=chain[-1].end)


# --- 3. false list numbers ---------------------------------------------------------------------


def _drop_false_numbers(
    units: list[Unit], heading: list[bool], diagnostics: list[Diagnostic]
) -> tuple[list[Unit], list[bool]]:
    merges: set[int] = set()  # index of an item whose number is an artefact
    for level in range(1, DEEPEST + 1):
        for run in _runs(units, level):
            items = [i for i in run if not heading[i]]
            ends = {i: units[i].text.rstrip()[-1:] in TERMINAL for i in items}
            ending = sum(ends.values())
            for a, b in pairwise(items):
                first, second = units[a], units[b]
                numbers = ordinal(first.label), ordinal(second.label)
                if (
                    b == a + 1
                    and not ends[a]
                    and any(comma in first.text for comma in "，,")  # a clause, cut mid-sentence
                    and numbers[0] is not None
                    and numbers[1] == numbers[0] + 1
                    and ending >= 0.75 * (len(items) - 1)  # the other items end sentences (a does not)
                ):
                    merges.add(b)
    chains: list[list[Unit]] = []
    out_heading: list[bool] = []
    for i, (unit, is_heading) in enumerate(zip(units, heading, strict=True)):
        if i not in merges:
            chains.append([unit])
            out_heading.append(is_heading)
            continue
        first = chains[-1][-1]
        diagnostics.append(
            Diagnostic(
                "false-list-number",
                unit.start,
                f"'{unit.label}' continues item '{first.label}' (a broken line, not a new item)",
                dropped=unit.label,
            )
        )
        chains[-1].append(unit)
    return [_joined(chain) for chain in chains], out_heading


# --- 4. assembly -------------------------------------------------------------------------------


@dataclass
class _Item:
    label: str
    blocks: list[Block | _List] = field(default_factory=list)


@dataclass
class _List:
    key: int
    ordered: bool
    items: list[_Item] = field(default_factory=list)

    def freeze(self) -> ListBlock:
        return ListBlock(
            self.ordered,
            tuple(ListItem(i.label, tuple(_freeze(b) for b in i.blocks)) for i in self.items),
        )


def _freeze(block: Block | _List) -> Block:
    return block.freeze() if isinstance(block, _List) else block


@dataclass
class _Section:
    level: int
    id: str
    unit: Unit | None = None
    blocks: list[Block] = field(default_factory=list)
    children: list[_Section] = field(default_factory=list)

    def freeze(self) -> Division:
        assert self.unit is not None
        return Division(
            "section",
            self.id,
            self.unit.label,
            plain_title(self.unit.inlines),
            blocks=tuple(self.blocks),
            children=tuple(c.freeze() for c in self.children),
        )


def _item_key(unit: Unit) -> int:
    return unit.level if unit.label else _BULLET_KEY + unit.depth


def _is_item(unit: Unit) -> bool:
    return bool(unit.label) or unit.kind == "item"


def _assemble(
    units: list[Unit], heading: list[bool], parent_id: str, lines: dict[str, int]
) -> tuple[tuple[Block, ...], tuple[Division, ...]]:
    root = _Section(0, parent_id)
    sections = [root]
    next_keys = _next_item_keys(units, heading)
    open_lists: list[_List] = []

    def close_lists() -> None:
        if open_lists:
            sections[-1].blocks.append(open_lists[0].freeze())
            open_lists.clear()

    for index, (unit, is_heading) in enumerate(zip(units, heading, strict=True)):
        if is_heading:
            close_lists()
            level = unit.level or 1
            while len(sections) > 1 and sections[-1].level >= level:
                sections.pop()
            parent = sections[-1]
            section = _Section(level, f"{parent.id}.{len(parent.children) + 1}", unit)
            parent.children.append(section)
            sections.append(section)
            lines[section.id] = unit.start
        elif _is_item(unit):
            key = _item_key(unit)
            while open_lists and open_lists[-1].key > key:
                if len(open_lists) == 1:
                    close_lists()
                else:
                    open_lists.pop()
            if not open_lists or open_lists[-1].key < key:
                new = _List(key, ordered=bool(unit.label))
                if open_lists:
                    open_lists[-1].items[-1].blocks.append(new)
                open_lists.append(new)
            open_lists[-1].items.append(_Item(unit.label, [Paragraph(unit.inlines)]))
        elif open_lists and (unit.depth > 0 or next_keys[index] >= open_lists[0].key):  # the list resumes
            open_lists[-1].items[-1].blocks.append(Paragraph(unit.inlines))
        else:
            close_lists()
            sections[-1].blocks.append(Paragraph(unit.inlines))
    close_lists()
    return tuple(root.blocks), tuple(c.freeze() for c in root.children)


def _next_item_keys(units: list[Unit], heading: list[bool]) -> list[int]:
    """For each unit, the key of the first list item after it and before any heading (-1: none)."""
    keys = [-1] * len(units)
    following = -1
    for index in range(len(units) - 1, -1, -1):
        keys[index] = following
        if heading[index]:
            following = -1
        elif _is_item(units[index]):
            following = _item_key(units[index])
    return keys


def plain_title(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A heading's inlines without bold or italics: on headings they are extraction noise."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, (Strong, Emphasis)):
            out.extend(plain_title(node.children))
        elif isinstance(node, CONTAINERS):
            out.append(replace(node, children=plain_title(node.children)))
        else:
            out.append(node)
    return strip_inlines(merge_inlines(out))
