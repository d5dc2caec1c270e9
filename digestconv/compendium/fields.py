"""``名稱：值`` lines (the staff block, a report's ``◇`` block) and the dates printed in them."""

from __future__ import annotations

import re

from ..model import Field, Inline, Text, merge_inlines, plain_text

_SEPARATOR = re.compile(r"\s*(?P<name>[^\s：:◇]{1,12}?)\s*(?:：|:|\s/\s)\s*")
_ROC_DATE = re.compile(r"中華民國\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
# ``\s*(?:月\s*)?`` rather than ``\s*月?\s*``: two space runs side by side backtrack quadratically.
_PERIOD = re.compile(r"(\d{4})[./\-年]\s*(\d{1,2})\s*(?:月\s*)?[~～〜–\-至]\s*(\d{4})[./\-年]\s*(\d{1,2})")


def split_field(inlines: tuple[Inline, ...]) -> Field | None:
    """``發行人：潘文炎`` → Field("發行人", "潘文炎"), with a normalized date where one is printed."""
    first = inlines[0] if inlines else None
    if not isinstance(first, Text):
        return None
    m = _SEPARATOR.match(first.text)
    if not m:
        return None
    value = merge_inlines((Text(first.text[m.end() :]), *inlines[1:]))
    return Field(m.group("name"), value, normalize(plain_text(value)))


def normalize(value: str) -> str:
    """An ISO 8601 date (``2025-02``) or interval (``2023-06/2023-12``) for a printed date."""
    period = _PERIOD.search(value)
    if period:
        y1, m1, y2, m2 = (int(g) for g in period.groups())
        return f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}"
    return roc_date(value)


def roc_date(text: str) -> str:
    """``中華民國 114 年 02 月`` → ``2025-02`` (ROC year + 1911); ``""`` if none is printed."""
    m = _ROC_DATE.search(text)
    if not m:
        return ""
    year, month, day = int(m.group(1)) + 1911, int(m.group(2)), m.group(3)
    return f"{year:04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
