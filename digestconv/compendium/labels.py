"""Chinese numbering labels and the depth each one gives.

``一、`` (1) > ``(一)``/``（一）`` (2) > ``1.``/``1、`` (3) > ``(1)``/``（1）`` (4) > ``A.`` (5).
Full-width and half-width brackets and digits are equivalent; a ``、`` may follow a bracketed
label (``(五)、``), and a space may stand inside one (``( 一 )``, ``一 、``). A label is kept
exactly as printed.
"""

from __future__ import annotations

import re

_CJK_NUM = "〇零一二三四五六七八九十百"
_SP = "[ \u3000]?"  # extraction may space a label out: ``( 一 )``, ``一 、``
_PATTERNS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (1, re.compile(rf"[{_CJK_NUM}]+{_SP}、")),
    (2, re.compile(rf"[(（]{_SP}[{_CJK_NUM}]+{_SP}[)）]、?")),
    (3, re.compile(r"[0-9０-９]{1,3}(?:[.．)](?![0-9０-９])|、)")),
    (4, re.compile(rf"[(（]{_SP}[0-9０-９]{{1,3}}{_SP}[)）]、?")),
    (5, re.compile(r"[A-Z][.．、](?![A-Za-z0-9.])")),
)
DEEPEST = 5
_ROMAN_DIGITS = str.maketrans("（）．", "().")


def match_label(text: str) -> tuple[str, int] | None:
    """The label at the start of ``text`` and its level, or None."""
    for level, pattern in _PATTERNS:
        m = pattern.match(text)
        if m:
            return m.group(), level
    return None


def ordinal(label: str) -> int | None:
    """The number a label counts (``(三)`` → 3, ``12.`` → 12, ``C.`` → 3), if it has one."""
    core = label.translate(_ROMAN_DIGITS).strip("()、. \u3000")
    if core.isdigit():
        return int(core)
    if len(core) == 1 and "A" <= core <= "Z":
        return ord(core) - ord("A") + 1
    return _cjk_number(core)


def _cjk_number(text: str) -> int | None:
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}
    if not text or any(c not in digits and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for char in text:
        if char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            current = digits[char]
    return total + current
