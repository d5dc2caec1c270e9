"""Read a compendium: text → units → footnotes bound → front, reports, back → Document.

:func:`parse` returns the :class:`Parse`: the validated document, every repair as a
:class:`~digestconv.errors.Diagnostic`, and the source line of each division's heading (for
``digestconv outline`` and audits). Bad input raises :class:`~digestconv.errors.InputError`
naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from ..errors import Diagnostic, InputError, ModelError
from ..gcpause import gc_paused
from ..model import (
    CONTAINERS,
    Contents,
    ContentsEntry,
    Division,
    Document,
    Field,
    Inline,
    Metadata,
    PageBreak,
    Text,
    forbidden_characters,
    merge_inlines,
    plain_text,
    validate,
)
from .decode import decode
from .fields import split_field
from .footnotes import bind_footnotes, notes_out_of_titles
from .identifier import name_uuid
from .matter import (
    Facts,
    back_start,
    drop,
    find_publisher,
    is_page_furniture,
    is_toc_unit,
    read_back,
    read_front,
    squeeze,
)
from .sections import build_sections, plain_title
from .text import strip_inlines
from .units import Unit, tokenize

# ``2024-01 標題``; extraction may turn the hyphen into another dash, or drop the space.
_DASHES = "-－–—‐‑"
REPORT_HEADING = re.compile(rf"(?P<id>\d{{4}}[{_DASHES}]\d{{2,3}})(?:\s+|(?=[^\d\s]))(?P<title>\S.*)", re.DOTALL)
_ID_LINE = re.compile(rf"^\s*\d{{4}}[{_DASHES}]\d{{2,3}}\s", re.MULTILINE)
_META_MARK = "◇"


@dataclass(frozen=True)
class Parse:
    document: Document
    diagnostics: tuple[Diagnostic, ...]
    lines: Mapping[str, int]  # division id → 1-based source line of its heading
    source: str = "<text>"
    encoding: str = "utf-8"


def parse_file(path: str | Path) -> Parse:
    """Read and parse a compendium file in UTF-8, UTF-16 or Big5."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
    text, encoding = decode(data, str(path))
    result = parse(text, str(path))
    if encoding != "utf-8":
        note = Diagnostic("decoded", 1, f"file decoded from {encoding.upper()}")
        result = replace(result, diagnostics=(note, *result.diagnostics), encoding=encoding)
    return result


def parse(text: str, source: str = "<text>") -> Parse:
    """Parse compendium Markdown ``text``; ``source`` names it in errors."""
    with gc_paused():  # one large tree is built
        return _parse(text, source)


def _parse(text: str, source: str) -> Parse:
    diagnostics: list[Diagnostic] = []
    text = _clean(text, diagnostics)
    raw_lines = text.split("\n")
    units = bind_footnotes(tokenize(text, diagnostics, source), diagnostics)
    candidates = {i for i, u in enumerate(units) if _is_report_heading(u, raw_lines)}
    # A report has a body: a candidate straight before another is a contents line without a page.
    starts = sorted(i for i in candidates if i + 1 not in candidates)
    if not starts:
        raise InputError(
            "no report heading found (a compendium has lines like '## 2024-01 報告標題'): is this a compendium?",
            source=source,
            line=1,
        )
    publisher = find_publisher(units[: starts[0]])
    back_at = back_start(units, starts[-1] + 1, publisher)
    facts = Facts()
    lines: dict[str, int] = {}
    front, entries, front_lines = read_front(units[: starts[0]], raw_lines, publisher, facts, diagnostics)
    bounds = [*starts, back_at]
    reports = [
        _read_report(
            units[a],
            _without_furniture(units[a + 1 : b], raw_lines, publisher, facts, diagnostics),
            source,
            diagnostics,
            lines,
        )
        for a, b in pairwise(bounds)
    ]
    back, back_lines = read_back(units[back_at:], publisher, facts, diagnostics)
    lines |= front_lines | back_lines
    front, reports = _reconcile_contents(front, reports, entries, lines, diagnostics)
    front, reports, back = (
        [notes_out_of_titles(division, lines, diagnostics) for division in part] for part in (front, reports, back)
    )
    document = Document(_metadata(facts, reports), tuple(front), tuple(reports), tuple(back))
    diagnostics.sort(key=lambda d: d.line)
    try:
        document = validate(document)
    except ModelError as exc:  # a reader bug on unusual input: still the documented error, not a crash
        raise InputError(f"cannot be read into a valid document ({exc}); please report this", source=source) from None
    return Parse(document, tuple(diagnostics), lines, source)


def _clean(text: str, diagnostics: list[Diagnostic]) -> str:
    """Normalise line ends; replace characters the model refuses (control characters), reporting each."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    pattern = forbidden_characters()
    line, counted = 1, 0

    def swap(m: re.Match[str]) -> str:
        nonlocal line, counted
        ch = m.group()
        if ch in "\n\t":
            return ch
        line, counted = line + text.count("\n", counted, m.start()), m.start()  # each newline counted once
        diagnostics.append(Diagnostic("control-character", line, f"U+{ord(ch):04X} replaced by U+FFFD", dropped=ch))
        return "\ufffd"

    return pattern.sub(swap, text) if pattern.search(text.replace("\n", "").replace("\t", "")) else text


def _without_furniture(
    units: list[Unit], raw_lines: list[str], publisher: str, facts: Facts, diagnostics: list[Diagnostic]
) -> list[Unit]:
    kept = []
    for unit in units:
        if is_page_furniture(unit, raw_lines, publisher, facts.title):
            printed = raw_lines[unit.start - 1].lstrip("# ")  # a single line
            drop(unit, "page number, running head or logo between the text", diagnostics, printed)
        else:
            kept.append(unit)
    return kept


def _is_report_heading(unit: Unit, raw_lines: list[str]) -> bool:
    return (
        not unit.label
        and unit.kind in ("heading", "paragraph")
        and bool(REPORT_HEADING.fullmatch(unit.text.strip()))
        and not is_toc_unit(unit, raw_lines)
        and len(_ID_LINE.findall(unit.text)) < 2  # lines of contents, whatever their leaders
    )


def _read_report(
    heading: Unit, units: list[Unit], source: str, diagnostics: list[Diagnostic], lines: dict[str, int]
) -> Division:
    m = REPORT_HEADING.fullmatch(heading.text.strip())
    assert m is not None
    report_id = re.sub(f"[{_DASHES}]", "-", m.group("id"))
    if report_id != m.group("id"):
        message = f"report id {m.group('id')!r} read as {report_id!r}"
        diagnostics.append(Diagnostic("report-id-normalized", heading.start, message, dropped=m.group("id")))
    division_id = f"r{report_id}"
    if division_id in lines:
        raise InputError(f"report {report_id} appears twice", source=source, line=heading.start)
    lines[division_id] = heading.start
    meta: list[Field] = []
    count = 0
    while count < len(units) and units[count].text.lstrip().startswith(_META_MARK):
        meta += _meta_fields(units[count].printed)
        count += 1
    blocks, children = build_sections(units[count:], division_id, diagnostics, lines)
    title = _without_id(plain_title(heading.inlines), report_id)
    return Division("report", division_id, report_id, title, tuple(meta), blocks, children)


def _without_id(inlines: tuple[Inline, ...], report_id: str) -> tuple[Inline, ...]:
    """The title: the heading without the report id that begins its text. The id may sit in
    markup (a link) or after a note call (moved later by ``notes_out_of_titles``); markup left
    empty goes."""
    return strip_inlines(merge_inlines(_drop_leading(inlines, len(report_id))))


def _drop_leading(inlines: tuple[Inline, ...], count: int) -> tuple[Inline, ...]:
    """``inlines`` without the first ``count`` characters of their text after leading whitespace."""
    out: list[Inline] = []
    for node in inlines:
        if count and isinstance(node, Text):
            text = node.text.lstrip()
            node, count = Text(text[count:]), max(0, count - len(text))
        elif count and isinstance(node, CONTAINERS):
            length = len(plain_text(node.children).lstrip())
            node, count = replace(node, children=_drop_leading(node.children, count)), max(0, count - length)
            if all(isinstance(child, Text) and not child.text for child in node.children):
                continue
        out.append(node)
    return tuple(out)


def _meta_fields(inlines: tuple[Inline, ...]) -> list[Field]:
    """``◇ 名稱：值`` entries; several may share one paragraph."""
    parts: list[list[Inline]] = [[]]
    for node in inlines:
        if isinstance(node, Text) and _META_MARK in node.text:
            pieces = node.text.split(_META_MARK)
            parts[-1].append(Text(pieces[0]))
            parts += [[Text(piece)] for piece in pieces[1:]]
        else:
            parts[-1].append(node)
    fields = []
    for part in parts:
        value = merge_inlines(part)
        if not plain_text(value).strip():
            continue
        first = value[0]
        if isinstance(first, Text):
            value = merge_inlines((Text(first.text.lstrip()), *value[1:]))
        found = split_field(value)
        fields.append(found or Field("", value))
    return fields


def _reconcile_contents(
    front: list[Division],
    reports: list[Division],
    entries: list[tuple[ContentsEntry, int]],
    lines: dict[str, int],
    diagnostics: list[Diagnostic],
) -> tuple[list[Division], list[Division]]:
    """Point contents entries at their reports; give each report its printed start page."""
    by_id = {r.label: r for r in reports}
    pages: dict[str, str] = {}
    linked: list[ContentsEntry] = []
    for entry, line in entries:
        report = by_id.get(entry.label)
        if report is None:
            diagnostics.append(
                Diagnostic("toc-unmatched", line, f"contents lists {entry.label}, which is not in the body")
            )
            linked.append(entry)
            continue
        pages.setdefault(report.id, entry.page)
        listed, actual = plain_text(entry.title), plain_text(report.title)
        if squeeze(listed) != squeeze(actual):
            diagnostics.append(
                Diagnostic(
                    "toc-title-mismatch",
                    line,
                    f"contents title of {entry.label} '{listed}' differs from the report heading "
                    f"'{actual}'; the heading's title is kept",
                    lines[report.id],
                )
            )
        linked.append(replace(entry, target=report.id))
    for report in reports:
        if report.id not in pages and entries:
            diagnostics.append(
                Diagnostic("toc-missing", lines[report.id], f"report {report.label} is not in the contents")
            )
    reports = [replace(r, blocks=(PageBreak(pages[r.id]), *r.blocks)) if r.id in pages else r for r in reports]
    front = [_with_entries(d, linked) if d.kind == "contents" else d for d in front]
    return front, reports


def _with_entries(division: Division, entries: list[ContentsEntry]) -> Division:
    """``division`` with its contents entries replaced, in order, by ``entries``."""
    linked = iter(entries)
    blocks = tuple(
        Contents(tuple(next(linked) for _ in b.entries)) if isinstance(b, Contents) else b for b in division.blocks
    )
    return replace(division, blocks=blocks)


def _metadata(facts: Facts, reports: list[Division]) -> Metadata:
    # Stable across re-extractions of the same book: title, publisher, date and report ids.
    key = "\n".join([facts.title, facts.publisher, facts.date, *(r.label for r in reports)])
    identifier = name_uuid("digestconv:" + key)
    return Metadata(
        title=facts.title or (plain_text(reports[0].title) if reports else ""),
        identifier=identifier,
        publisher=facts.publisher,
        publisher_en=facts.publisher_en,
        date=facts.date,
        date_printed=facts.date_printed,
        contributors=tuple(facts.contributors),
        address=facts.contact.get("address", ""),
        telephone=facts.contact.get("telephone", ""),
        fax=facts.contact.get("fax", ""),
        website=facts.contact.get("website", ""),
        rights=facts.rights,
    )
