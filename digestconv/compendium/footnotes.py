"""Footnotes: bodies found after a page-foot rule, bound to their ``<sup>N</sup>`` references.

In the extracted text a footnote is a ``<sup>N</sup>`` in the running text and, at the foot of
the page, a ``---`` rule followed by paragraphs that start with ``<sup>N</sup>`` (the number
perhaps bracketed: ``<sup>[N]</sup>``). Each body is bound to the nearest unbound reference with
the same number before it and becomes a :class:`~digestconv.model.Note` at the reference point;
the rule and the bodies leave the running text. A rule with no bodies under it is page furniture
and is dropped. A body nobody references stays where it was, as a paragraph, with a diagnostic.
Where the model allows no note, the note moves: out of a link's text to just after the link, out
of a heading or a ``◇`` field to the head of the division's text (:func:`notes_out_of_titles`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from ..errors import Diagnostic
from ..model import CONTAINERS, Division, Inline, Link, Note, Paragraph, Superscript, Text, merge_inlines, plain_text
from .text import strip_inlines
from .units import Unit


@dataclass(frozen=True, slots=True)
class _Body:
    number: str
    inlines: tuple[Inline, ...]
    unit: Unit


def bind_footnotes(units: list[Unit], diagnostics: list[Diagnostic]) -> list[Unit]:
    kept, bodies = _split_bodies(units, diagnostics)
    pools: dict[str, _Pool] = {}
    for body in bodies:
        pools.setdefault(body.number, _Pool()).add(body)
    bound: set[int] = set()

    def bind(node: Superscript, line: int) -> Inline:
        number, key = plain_text(node.children).strip(), _number(node)
        pool = pools.get(key) if key else None
        body = pool.take(line) if pool else None
        if body is None:
            return node
        bound.add(id(body))
        diagnostics.append(Diagnostic("footnote-bound", line, f"footnote {number} bound to its body", body.unit.start))
        return Note(number, (Paragraph(body.inlines),))

    def bind_in(unit: Unit) -> Unit:
        inlines = _map_superscripts(unit.inlines, lambda node: bind(node, unit.start))
        return unit if inlines is unit.inlines else replace(unit, inlines=_notes_after_links(inlines))

    out = [bind_in(u) for u in kept]
    for body in bodies:
        if id(body) not in bound:  # nothing references it: keep the text where it stood
            diagnostics.append(
                Diagnostic("footnote-unbound", body.unit.start, f"footnote body {body.number} has no reference")
            )
            out.append(body.unit)
    out.sort(key=lambda u: u.start)
    return out


class _Pool:
    """The bodies of one footnote number in source order. :meth:`take` binds the first unbound
    body after a line, or else the first unbound one, skipping bound ones in amortised constant
    time (a scan of every body for every reference is quadratic on a hostile file)."""

    def __init__(self) -> None:
        self.bodies: list[_Body] = []
        self.starts: list[int] = []
        self.skip: list[int] = [0]  # skip[i] == i: body i is unbound (the last entry is "none left")

    def add(self, body: _Body) -> None:
        self.bodies.append(body)
        self.starts.append(body.unit.start)
        self.skip.append(len(self.bodies))

    def take(self, line: int) -> _Body | None:
        i = self._unbound(bisect_right(self.starts, line))
        if i == len(self.bodies):
            i = self._unbound(0)
        if i == len(self.bodies):
            return None
        self.skip[i] = i + 1
        return self.bodies[i]

    def _unbound(self, i: int) -> int:
        """The first unbound index at or after ``i`` (halving the path to it on the way)."""
        while self.skip[i] != i:
            self.skip[i] = self.skip[self.skip[i]]
            i = self.skip[i]
        return i


def _split_bodies(units: list[Unit], diagnostics: list[Diagnostic]) -> tuple[list[Unit], list[_Body]]:
    kept: list[Unit] = []
    bodies: list[_Body] = []
    after_rule = False
    for unit in units:
        if unit.kind == "rule":
            diagnostics.append(Diagnostic("furniture-dropped", unit.start, "page-foot rule removed", dropped="---"))
            after_rule = True
            continue
        number = _body_number(unit) if after_rule else None
        if number is None:
            after_rule = False
            kept.append(unit)
            continue
        bodies.append(_Body(number, merge_inlines(_strip_first(unit.inlines)), unit))
    return kept, bodies


def _body_number(unit: Unit) -> str | None:
    """The number of a footnote body: a paragraph that starts with it and has text after it."""
    first = unit.inlines[0] if unit.inlines else None
    if unit.kind == "paragraph" and not unit.label and isinstance(first, Superscript):
        return _number(first) if plain_text(unit.inlines[1:]).strip() else None
    return None


def _number(sup: Superscript) -> str | None:
    """The footnote number a superscript prints: ``1``, also bracketed (``[1]``, ``(1)``)."""
    text = plain_text(sup.children).strip()
    core = text[1:-1].strip() if text[:1] + text[-1:] in ("[]", "()", "（）", "［］") else text
    return core if core.isdigit() else None


def _strip_first(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    rest = inlines[1:]
    if rest and isinstance(rest[0], Text):
        rest = (Text(rest[0].text.lstrip()), *rest[1:])
    return rest


def _map_superscripts(inlines: tuple[Inline, ...], fn: Callable[[Superscript], Inline]) -> tuple[Inline, ...]:
    """``inlines`` with ``fn`` applied to each numbered superscript; the same tuple if none changed
    (most units have no note: copying every one cost about 5% of the parse)."""
    out: list[Inline] = []
    changed = False
    for node in inlines:
        if isinstance(node, Superscript) and _number(node):
            node, changed = fn(node), True
        elif isinstance(node, CONTAINERS):
            children = _map_superscripts(node.children, fn)
            if children is not node.children:
                node, changed = replace(node, children=children), True
        out.append(node)
    return tuple(out) if changed else inlines


def _notes_after_links(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A note called in a link's text set right after the link: a link holds no note."""
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Link):
            children, notes = _without_notes(node.children)
            out += [replace(node, children=children) if notes else node, *notes]
        elif isinstance(node, CONTAINERS):
            out.append(replace(node, children=_notes_after_links(node.children)))
        else:
            out.append(node)
    return merge_inlines(out)


def notes_out_of_titles(division: Division, lines: Mapping[str, int], diagnostics: list[Diagnostic]) -> Division:
    """``division`` (and its children) with each note bound in its title or in a ``◇`` field
    moved to a paragraph of its own at the head of its text: the model allows no note there
    (titles become contents entries and bookmarks), and the note must not be lost."""
    title, moved = _without_notes(division.title)
    meta = []
    for field in division.meta:
        value, found = _without_notes(field.value)
        meta.append(replace(field, value=strip_inlines(value)) if found else field)
        moved += found
    children = tuple(notes_out_of_titles(child, lines, diagnostics) for child in division.children)
    if not moved:
        same = all(a is b for a, b in zip(children, division.children, strict=True))
        return division if same else replace(division, children=children)
    line = lines.get(division.id, 1)  # every division the reader makes has its line
    labels = ", ".join(note.label for note in moved)
    diagnostics.append(Diagnostic("note-moved", line, f"footnote {labels} of a heading or field set after it"))
    blocks = (Paragraph(tuple(moved)), *division.blocks)
    return replace(division, title=strip_inlines(title), meta=tuple(meta), blocks=blocks, children=children)


def _without_notes(inlines: tuple[Inline, ...]) -> tuple[tuple[Inline, ...], list[Note]]:
    """``inlines`` without their notes (at any depth), and the notes in order."""
    kept: list[Inline] = []
    notes: list[Note] = []
    for node in inlines:
        if isinstance(node, Note):
            notes.append(node)
        elif isinstance(node, CONTAINERS):
            children, inner = _without_notes(node.children)
            notes += inner
            kept.append(replace(node, children=children) if inner else node)
        else:
            kept.append(node)
    return (merge_inlines(kept) if notes else inlines), notes
