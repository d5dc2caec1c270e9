"""Noisy re-extractions of the compendium, for property tests.

Each function takes the source text and a ``random.Random`` and returns a variant with one
kind of extraction noise that must not change the recovered structure: heading marks re-drawn
(zero marks included),
bold added or removed on headings and lead-ins, full-width and half-width label brackets
swapped or spaced out (``( 一 )``), reports in another order, extra page breaks cut into the middle of sentences, and
printed page numbers and running heads left in those breaks, and the small stuff of other
extractors (:func:`retype`): full-width label digits, half-width colons, bold or spaced-out names
in the ``◇`` lines, other contents leaders, heading marks glued to their text, other dashes in
report ids, blank lines of no-break or ideographic spaces, tabs, trailing spaces (ASCII,
no-break, ideographic), doubled blank lines, CRLF line ends.
"""

from __future__ import annotations

import random
import re
import unicodedata

from digestconv.compendium.labels import match_label

_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_REPORT = re.compile(r"^(?:#{1,6}\s+)?\**\d{4}-\d{2}\s(?!.*\.{3,})")  # not a contents line
_LABEL_AT = re.compile(r"^(\s*(?:[-*]\s+)?(?:#{1,6}\s+)?(?:\*\*)?)([(（](?:[一二三四五六七八九十]+|[0-9]{1,2})[)）])")
_BOLD_LEAD = re.compile(r"\*\*([^*]{1,40}?)\*\*")
_SWAP = str.maketrans("()（）", "（）()")


def redraw_heading_marks(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if m and (_is_section(m.group(2)) or _REPORT.match(line)):
            marks = rng.randint(0, 6)
            lines[i] = "#" * marks + " " + m.group(2) if marks else m.group(2)
    return "\n".join(lines)


def toggle_bold(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _HEADING.match(line)
        if m and _is_section(m.group(2)) and rng.random() < 0.5:
            content = m.group(2)
            bare = content.replace("**", "")
            lines[i] = f"{m.group(1)} " + (bare if "**" in content else f"**{bare}**")
        elif not m and "**" in line and rng.random() < 0.5:
            lines[i] = _BOLD_LEAD.sub(r"\1", line, count=1)
    return "\n".join(lines)


def swap_label_brackets(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _LABEL_AT.match(line)
        if m and rng.random() < 0.5:
            lines[i] = m.group(1) + m.group(2).translate(_SWAP) + line[m.end() :]
    return "\n".join(lines)


def space_out_labels(text: str, rng: random.Random) -> str:
    """``(一)`` → ``( 一 )``, ``一、`` → ``一 、`` on some labelled lines."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = _LABEL_AT.match(line) or _CJK_LABEL_AT.match(line)
        if m and rng.random() < 0.5:
            label = m.group(2)
            spaced = f"{label[0]} {label[1:-1]} {label[-1]}" if label[0] in "(（" else f"{label[:-1]} {label[-1]}"
            lines[i] = m.group(1) + spaced + line[m.end() :]
    return "\n".join(lines)


_CJK_LABEL_AT = re.compile(r"^(\s*(?:[-*]\s+)?(?:#{1,6}\s+)?(?:\*\*)?)([一二三四五六七八九十]+、)")
_DIGIT_LABEL = re.compile(r"^(\s*(?:[-*]\s+)?(?:#{1,6}\s+)?(?:\*\*)?[(（]?)([0-9]{1,2})(?=[.)）、])", re.MULTILINE)
_WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def retype(text: str, rng: random.Random) -> str:
    """What another PDF-to-Markdown extractor does to the same page, each at random."""
    if rng.random() < 0.5:
        text = _DIGIT_LABEL.sub(lambda m: m.group(1) + m.group(2).translate(_WIDE), text)
    if rng.random() < 0.5:
        text = _META_NAME.sub(lambda m: _retype_name(m, rng), text)
    if rng.random() < 0.5:
        text = _CONTENTS_LEADER.sub(lambda m: rng.choice(("‧‧‧‧", "．．．．", " . . . . ", " ", "\t")) + m[1], text)
    if rng.random() < 0.5:
        text = re.sub(r"^(#{1,6}) (?=\S)", r"\1", text, flags=re.MULTILINE)
    if rng.random() < 0.5:
        text = _REPORT_ID_DASH.sub(lambda m: rng.choice(("–", "－", "—")), text)
    if rng.random() < 0.5:
        text = re.sub(r"\n\n", lambda m: rng.choice(("\n\n", "\n\u3000\n", "\n\u00a0 \n")), text)
    if rng.random() < 0.5:
        text = re.sub(r"(?<=[。，])(?=\S)", lambda m: rng.choice(("", "\t", " \t")), text)
    if rng.random() < 0.5:
        text = re.sub(r"\n", lambda m: rng.choice(("\n", "  \n", " \t\n", "\u00a0\n", "\u3000\n")), text)
    if rng.random() < 0.5:
        text = _CONTENTS_LINE.sub(lambda m: _wrap_title(m, rng), text)
    if rng.random() < 0.5:
        text = text.replace("\n\n", "\n\n\n")
    if rng.random() < 0.5:
        text = text.replace("\n", "\r\n")
    return text


_META_NAME = re.compile(r"^((?:- )?◇ ?)([^：\n]{1,12})：", re.MULTILINE)
_CONTENTS_LEADER = re.compile(r"(?<=\S)\.{3,}\s*(\d+)$", re.MULTILINE)
_REPORT_ID_DASH = re.compile(r"(?<=^## \d{4})-(?=\d{2} )", re.MULTILINE)


def _retype_name(m: re.Match[str], rng: random.Random) -> str:
    """A ``◇`` field name in bold, spaced out (``召 集 人``), or with a half-width colon."""
    name = m.group(2)
    form = rng.choice(("bold", "spaced", "colon", "as is"))
    if form == "bold":
        return f"{m.group(1)}**{name}**："
    if form == "spaced" and len(name) <= 4 and all(_cjk_letter(ch) for ch in name):
        return m.group(1) + " ".join(name) + "："
    return m.group(1) + name + (":" if form == "colon" else "：")


_CONTENTS_LINE = re.compile(r"^(\d{4}-\d{2}\s+)(\S.{5,}?)(\.{3,}.*)$", re.MULTILINE)


def _wrap_title(m: re.Match[str], rng: random.Random) -> str:
    """A contents title wrapped onto the next line, cut next to a Chinese character."""
    title = m.group(2)
    points = [
        p
        for p in range(2, len(title) - 1)
        if (_cjk_letter(title[p - 1]) or _cjk_letter(title[p])) and not (title[p - 1].isspace() or title[p].isspace())
    ]
    if not points or rng.random() < 0.5:
        return m.group()
    p = rng.choice(points)
    return m.group(1) + title[:p] + "\n" + title[p:] + m.group(3)


def shuffle_reports(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if _REPORT.match(line)]
    back = next(i for i, line in enumerate(lines) if "著作權聲明" in line)
    chunks = [lines[a:b] for a, b in zip(starts, [*starts[1:], back], strict=True)]
    rng.shuffle(chunks)
    return "\n".join(lines[: starts[0]] + [line for chunk in chunks for line in chunk] + lines[back:])


def add_page_breaks(text: str, rng: random.Random, count: int = 12) -> tuple[str, int]:
    """Cut ``count`` report paragraphs mid-sentence; return the text and how many were cut."""
    lines = text.split("\n")
    first_report = next(i for i, line in enumerate(lines) if _REPORT.match(line))
    back = next(i for i, line in enumerate(lines) if "著作權聲明" in line)
    title = next(line[2:] for line in lines if line.startswith("# "))  # the running head
    candidates = [i for i in range(first_report, back) if _is_prose(lines[i])]
    chosen = sorted(rng.sample(candidates, min(count, len(candidates))), reverse=True)
    cut = 0
    for i in chosen:
        line = lines[i]
        points = [p for p in range(12, len(line) - 12) if _cuttable(line, p)]
        if points:
            p = rng.choice(points)
            lines[i : i + 1] = [line[:p], "", *_page_furniture(title, cut, rng), line[p:]]
            cut += 1
    return "\n".join(lines), cut


def _page_furniture(title: str, page: int, rng: random.Random) -> list[str]:
    """What a page break may leave between the halves of a sentence: nothing, the page number
    (in one of its printed forms), the running head, or both; each followed by a blank line."""
    number = rng.choice((str(page + 3), str(page + 3).translate(_WIDE), f"- {page + 3} -"))
    return [[], [number, ""], [title, ""], [title, "", number, ""]][rng.randrange(4)]


def _is_section(content: str) -> bool:
    return match_label(content.replace("**", "").lstrip()) is not None


def _is_prose(line: str) -> bool:
    stripped = line.strip()
    return (
        len(stripped) >= 60
        and not stripped.startswith(("#", "-", "◇", "<", "*", "("))
        and match_label(stripped) is None
    )


def _cuttable(line: str, at: int) -> bool:
    before, after = line[at - 1], line[at]
    prefix = line[:at]
    return (
        _cjk_letter(before)
        and _cjk_letter(after)
        and prefix.count("**") % 2 == 0
        and prefix.count("<") == prefix.count(">")
        and prefix.count("[") == prefix.count("]")
        and match_label(line[at:]) is None
    )


def _cjk_letter(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) == "W" and unicodedata.category(ch) == "Lo"
