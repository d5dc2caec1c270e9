"""Front and back matter: cover, introduction, staff block, printed contents, copyright,
disclaimer and back cover, plus the catalogue facts they carry.

The front matter runs, in print order: the cover (logo, title, English name, date), the
foundation's introduction (prose), the staff and contact block (``名稱：值`` lines), the title
repeated on the contents page, and the contents (``2024-01  標題.....3``). The back matter is a
series of headed parts (copyright statement, disclaimer) and the back cover, which begins at the
publisher's logo.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..errors import Diagnostic
from ..model import (
    CONTAINERS,
    Block,
    Contents,
    ContentsEntry,
    Contributor,
    Division,
    Field,
    FieldList,
    Inline,
    Link,
    Paragraph,
    Text,
    plain_text,
)
from .fields import roc_date, split_field
from .sections import plain_title
from .text import TERMINAL, needs_space
from .units import Unit

# ``2024-01  標題.....3``: the title, a leader (two or more dots, middle dots or full stops, perhaps
# spaced; an ellipsis; a tab, two spaces, or one before a page of at most three digits) and the
# page. Linear on any line: the quantifiers around the leader are possessive, and the title ends
# at a character a leader cannot start at, so the leader runs tried after each end are disjoint
# (else a long run of dots or spaces backtracks quadratically, or worse).
_LEADER = "[.…·‧．・]"
TOC_LINE = re.compile(
    rf"\s*+(?P<id>\d{{4}}-\d{{2,3}})\s++(?P<title>.*?[^\s.…·‧．・])"
    rf"(?:\s*+(?:{_LEADER}(?:\s?+{_LEADER})++|…)\s*+|(?=\s*\t|\s{{2}})\s++|\s(?=\d{{1,3}}\s*$))"
    r"(?P<page>\d{1,4})\s*+$"
)
PEOPLE_ROLES = ("發行人", "總編輯", "主編", "副主編", "執行編輯", "編輯", "美術編輯", "編輯委員")
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z&.,'\- ]*[A-Za-z.]")
_NAME_SEPARATORS = re.compile(r"[、，,;；/]")
_FIELD_KEYS = {"地址": "address", "電話": "telephone", "傳真": "fax", "網址": "website"}


@dataclass
class Facts:
    """Catalogue facts found in the front and back matter, for :class:`~digestconv.model.Metadata`."""

    title: str = ""
    publisher: str = ""
    publisher_en: str = ""
    date: str = ""
    date_printed: str = ""
    rights: str = ""
    contributors: list[Contributor] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)


def squeeze(text: str) -> str:
    return "".join(text.split())


def find_publisher(units: list[Unit]) -> str:
    """The publisher's name from a ``發行單位`` line, if the staff block has one."""
    for unit in units:
        found = split_field(unit.printed)
        if found and found.name in ("發行單位", "出版者", "出版單位"):
            return plain_text(found.value).strip()
    return ""


def is_logo(unit: Unit, publisher: str) -> bool:
    """Logo text: a few characters of the publisher's name, broken over short lines."""
    chars = squeeze(unit.text)
    if unit.kind == "heading" or not chars or len(chars) > 12:
        return False
    if publisher:
        return set(chars) <= set(squeeze(publisher))
    return all(len(squeeze(line)) <= 4 for line in unit.text.split("\n"))


# A printed page number left on a line of its own: "74", "７４", "- 74 -", "第 74 頁".
_PAGE_NUMBER = re.compile(r"[-–—]?\s*+[0-9０-９]{1,4}\s*+[-–—]?|第\s*+[0-9０-９]{1,4}\s*+頁")


def is_page_furniture(unit: Unit, raw_lines: list[str], publisher: str, title: str) -> bool:
    """A line the printed page put between the text: a page number, the running head (the
    book's title) or the publisher's logo text. Only ever a single line."""
    if unit.start != unit.end or unit.label:
        return False
    line = raw_lines[unit.start - 1].strip()
    return bool(
        _PAGE_NUMBER.fullmatch(line) or (title and squeeze(unit.text) == squeeze(title)) or is_logo(unit, publisher)
    )


def back_start(units: list[Unit], first: int, publisher: str) -> int:
    """Where the back matter starts, looking from ``first`` (after the last report's heading).

    At a heading that names a back-matter part (著作權, 免責…); or at another heading without a
    numbering label, or the back cover's logo text, when no labelled line (a report's section
    or item) comes after it: before one, such a line is a running head or foot of the report.
    """
    labelled_after = False
    found = len(units)
    for i in range(len(units) - 1, first - 1, -1):
        unit = units[i]
        if (is_back_heading(unit) and (_back_kind(unit) or not labelled_after)) or (
            is_logo(unit, publisher) and not labelled_after
        ):
            found = i
        elif unit.level:
            labelled_after = True
    return found


def drop(unit: Unit, rule: str, diagnostics: list[Diagnostic], printed: str = "") -> None:
    """Report ``unit`` dropped as furniture, with its text (``printed``: the text as printed where
    Markdown read part of it as markup, as the ``-`` of ``- 12 -``)."""
    dropped = squeeze(printed or plain_text(unit.printed))
    targets = "".join(f" {target}" for target in _link_targets(unit.inlines))  # not in the text
    diagnostics.append(Diagnostic("furniture-dropped", unit.start, rule, dropped=dropped + targets))


def _link_targets(inlines: tuple[Inline, ...]) -> Iterator[str]:
    for node in inlines:
        if isinstance(node, Link):
            yield node.target
        if isinstance(node, CONTAINERS):
            yield from _link_targets(node.children)


def is_toc_unit(unit: Unit, raw_lines: list[str]) -> bool:
    """Whether a unit starts with a contents entry, its title perhaps wrapped onto a second line."""
    first = raw_lines[unit.start - 1].strip()
    second = raw_lines[unit.start].strip() if unit.end > unit.start else ""
    return bool(TOC_LINE.match(first) or (second and _match_wrapped(first, second)))


def _match_wrapped(before: str, line: str) -> re.Match[str] | None:
    return TOC_LINE.match(before + " " + line if needs_space(before, line) else before + line)


# --- front matter ------------------------------------------------------------------------------


def read_front(
    units: list[Unit], raw_lines: list[str], publisher: str, facts: Facts, diagnostics: list[Diagnostic]
) -> tuple[list[Division], list[tuple[ContentsEntry, int]], dict[str, int]]:
    """Front divisions, the printed contents entries (with their source lines), division lines."""
    divisions: list[Division] = []
    lines: dict[str, int] = {}
    entries: list[tuple[ContentsEntry, int]] = []
    title_at = next((i for i, u in enumerate(units) if u.kind == "heading"), None)
    if title_at is None:  # no title page to build on: whatever there is, kept as it stands
        if units:
            divisions.append(_division("front", "front-matter", (), units))
            lines["front-matter"] = units[0].start
        return divisions, entries, lines
    title = units[title_at]
    facts.title = plain_text(plain_title(title.printed))
    for unit in units[:title_at]:
        if is_logo(unit, publisher):
            drop(unit, "cover logo text", diagnostics)
    cover = [u for u in units[:title_at] if not is_logo(u, publisher)]

    rest = units[title_at + 1 :]
    prose_at = next((i for i, u in enumerate(rest) if _is_prose(u) or split_field(u.printed)), len(rest))
    cover += rest[:prose_at]
    for unit in rest[:prose_at]:
        text = unit.text.strip()
        if _LATIN_NAME.fullmatch(text) and not facts.publisher_en:
            facts.publisher_en = text
        if roc_date(text) and not facts.date:
            facts.date, facts.date_printed = roc_date(text), text
    divisions.append(_division("titlepage", "front-titlepage", plain_title(title.printed), cover))
    lines["front-titlepage"] = title.start

    rest = rest[prose_at:]
    staff_at = next((i for i, u in enumerate(rest) if split_field(u.printed)), len(rest))
    if staff_at:
        divisions.append(_division("introduction", "front-introduction", (), rest[:staff_at]))
        lines["front-introduction"] = rest[0].start
    rest = rest[staff_at:]
    contents_at = next((i for i, u in enumerate(rest) if u.kind == "heading" or is_toc_unit(u, raw_lines)), len(rest))
    if contents_at:
        divisions.append(Division("staff", "front-staff", "", (), blocks=_field_blocks(rest[:contents_at], facts)))
        lines["front-staff"] = rest[0].start

    heading: Unit | None = None
    body: list[Block] = []
    for unit in rest[contents_at:]:
        if unit.kind == "heading" and squeeze(unit.text) == squeeze(facts.title):
            drop(unit, "title repeated above the contents", diagnostics)
        elif unit.kind == "heading" and heading is None:
            heading = unit
        elif is_toc_unit(unit, raw_lines):
            found, blocks = _toc_entries(unit, raw_lines, diagnostics)
            entries += found
            for block in blocks:  # entries a blank line apart stay one list
                _append_block(body, block)
        else:
            body.append(Paragraph(unit.printed))
    if heading is not None or entries:
        title_inlines = plain_title(heading.printed) if heading else ()
        divisions.append(Division("contents", "front-contents", "", title_inlines, blocks=tuple(body)))
        lines["front-contents"] = heading.start if heading else entries[0][1]
    return divisions, entries, lines


def _is_prose(unit: Unit) -> bool:
    text = unit.text
    return len(text) >= 40 and any(ch in text for ch in "。，")


def _division(kind: str, id_: str, title: tuple[Inline, ...], units: list[Unit]) -> Division:
    return Division(kind, id_, "", title, blocks=tuple(Paragraph(u.printed) for u in units))


def _field_blocks(units: list[Unit], facts: Facts) -> tuple[Block, ...]:
    """The staff and contact block: runs of fields as field lists, other lines as paragraphs."""
    blocks: list[Block] = []
    run: list[Field] = []
    for unit in units:
        found = split_field(unit.printed)
        if found is None:
            if run:
                blocks.append(FieldList(tuple(run)))
                run = []
            blocks.append(Paragraph(unit.printed))
            continue
        run.append(found)
        _note_fact(found, facts)
    if run:
        blocks.append(FieldList(tuple(run)))
    return tuple(blocks)


def _note_fact(found: Field, facts: Facts) -> None:
    value = plain_text(found.value).strip()
    if found.name in PEOPLE_ROLES:
        facts.contributors += [Contributor(found.name, n.strip()) for n in _NAME_SEPARATORS.split(value) if n.strip()]
    elif found.name in ("發行單位", "出版者", "出版單位"):
        facts.publisher = value
    elif found.name in ("發行日期", "出版日期") and found.normalized:
        facts.date, facts.date_printed = found.normalized, value
    elif found.name in _FIELD_KEYS:
        link = next((n for n in found.value if isinstance(n, Link)), None)
        facts.contact[_FIELD_KEYS[found.name]] = link.target if link else value


def _toc_entries(
    unit: Unit, raw_lines: list[str], diagnostics: list[Diagnostic]
) -> tuple[list[tuple[ContentsEntry, int]], list[Block]]:
    """The contents entries of a unit (with their lines), a title wrapped onto a second line
    joined; and the unit as blocks: runs of entries as :class:`Contents`, and every other line
    as a paragraph in its place, never lost."""
    items: list[tuple[int, ContentsEntry | str]] = []  # (line, entry or a line that is none)
    for number in range(unit.start, unit.end + 1):
        line = raw_lines[number - 1].strip()
        m = TOC_LINE.match(line)
        if m is None and items and items[-1][0] == number - 1 and isinstance(items[-1][1], str):
            m = _match_wrapped(items[-1][1], line)
            if m:
                number = items.pop()[0]
                diagnostics.append(Diagnostic("toc-wrapped", number, "a contents title wrapped onto the next line"))
        if m:
            title = m.group("title").strip().replace("\t", " ")  # the model keeps no tabs
            items.append((number, ContentsEntry("", m.group("id"), (Text(title),), m.group("page"))))
        elif line:
            items.append((number, line))
    blocks: list[Block] = []
    for number, item in items:
        if isinstance(item, str):
            message = "a line among the contents that is not an entry, kept in its place"
            diagnostics.append(Diagnostic("toc-line-kept", number, message))
            blocks.append(Paragraph((Text(item.replace("\t", " ")),)))
        else:
            _append_block(blocks, Contents((item,)))
    return [(item, number) for number, item in items if isinstance(item, ContentsEntry)], blocks


def _append_block(blocks: list[Block], block: Block) -> None:
    """Append ``block``; contents entries straight after contents entries join their list."""
    last = blocks[-1] if blocks else None
    if isinstance(last, Contents) and isinstance(block, Contents):
        blocks[-1] = Contents((*last.entries, *block.entries))
    else:
        blocks.append(block)


# --- back matter -------------------------------------------------------------------------------

BACK_TITLE_MAX = 24  # characters: a part title, not a sentence about copyright
_BACK_KINDS = (("著作權", "copyright"), ("版權", "copyright"), ("免責", "disclaimer"))


def is_back_heading(unit: Unit) -> bool:
    """A heading without a numbering label; or, lost its ``#`` marks, a short line that names a
    back-matter part (``著作權聲明``) and ends no sentence."""
    if unit.kind == "heading":
        return not unit.level
    text = squeeze(unit.text)
    return (
        unit.kind == "paragraph"
        and not unit.label
        and len(text) <= BACK_TITLE_MAX
        and bool(_back_kind(unit))
        and text[-1:] not in TERMINAL
    )


def _back_kind(unit: Unit) -> str:
    return next((kind for word, kind in _BACK_KINDS if word in unit.text), "")


def read_back(
    units: list[Unit], publisher: str, facts: Facts, diagnostics: list[Diagnostic]
) -> tuple[list[Division], dict[str, int]]:
    """Headed back-matter parts, then the back cover from the logo on."""
    parts: list[tuple[str, Unit | None, list[Unit]]] = []
    for unit in units:
        if is_back_heading(unit):
            kind = _back_kind(unit) or "back"
            parts.append((kind, unit, []))
            if kind == "copyright" and not facts.rights:
                facts.rights = plain_text(plain_title(unit.printed))
        elif is_logo(unit, publisher):
            drop(unit, "back-cover logo text", diagnostics)
            parts.append(("colophon", None, []))
        elif parts:
            parts[-1][2].append(unit)
        else:
            parts.append(("back", None, [unit]))
    divisions: list[Division] = []
    lines: dict[str, int] = {}
    used: set[str] = set()
    for kind, heading, body in parts:
        id_ = f"back-{kind}"
        if id_ in used:
            id_ = f"back-{kind}-{len(divisions) + 1}"
        used.add(id_)
        title = plain_title(heading.printed) if heading else ()
        divisions.append(_division(kind, id_, title, body))
        first = heading or (body[0] if body else None)
        if first is not None:
            lines[id_] = first.start
    return divisions, lines
