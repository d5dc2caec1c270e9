"""``名稱：值`` lines (the staff block, a report's ``◇`` block) and the dates printed in them."""

from __future__ import annotations

import re

from ..model import Emphasis, Field, Inline, Strong, Text, merge_inlines, plain_text

# A name is up to 12 characters, or Han characters spaced out to fill a column (``召 集 人``).
_SEPARATOR = re.compile(
    r"\s*(?P<name>[\u4e00-\u9fff](?:[ \u3000][\u4e00-\u9fff]){1,7}|[^\s：:︰◇]{1,12}?)\s*(?:[：:︰]|\s/\s)\s*"
)
_SPACES = re.compile(r"[ \u3000]")
_ROC_DATE = re.compile(r"中華民國\s*(\d{1,3})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
# ``\s*(?:月\s*)?`` rather than ``\s*月?\s*``: two space runs side by side backtrack quadratically.
_PERIOD = re.compile(r"(\d{4})[./\-年]\s*(\d{1,2})\s*(?:月\s*)?[~～〜–\-至]\s*(\d{4})[./\-年]\s*(\d{1,2})")
# The same in years of the Republic (``112年6月~112年12月``): 年 must follow the year.
_ROC_PERIOD = re.compile(
    r"(\d{2,3})\s*年\s*(\d{1,2})\s*(?:月\s*)?[~～〜–\-至]\s*(?:民國\s*)?(\d{2,3})\s*年\s*(\d{1,2})"
)


def split_field(inlines: tuple[Inline, ...]) -> Field | None:
    """``發行人：潘文炎`` → Field("發行人", "潘文炎"), with a normalized date where one is printed."""
    head, rest = _leading_text(inlines)
    m = _SEPARATOR.match(head)
    if not m:
        return None
    value = merge_inlines((Text(head[m.end() :]), *rest))
    return Field(_SPACES.sub("", m.group("name")), value, normalize(plain_text(value)))


def _leading_text(inlines: tuple[Inline, ...]) -> tuple[str, tuple[Inline, ...]]:
    """The plain text the line starts with and the inlines after it; a name in bold
    (``**專題報告編號**：``) counts as text: the bold is the name's, and the name is structure."""
    if inlines and isinstance(inlines[0], (Strong, Emphasis)) and all(isinstance(c, Text) for c in inlines[0].children):
        inlines = (Text(plain_text(inlines[:1])), *inlines[1:])
    parts: list[str] = []
    for index, node in enumerate(inlines):
        if not isinstance(node, Text):
            return "".join(parts), inlines[index:]
        parts.append(node.text)
    return "".join(parts), ()


def normalize(value: str) -> str:
    """An ISO 8601 date (``2025-02``) or interval (``2023-06/2023-12``) for a printed date."""
    period = _PERIOD.search(value)
    if period:
        y1, m1, y2, m2 = (int(g) for g in period.groups())
        return f"{y1:04d}-{m1:02d}/{y2:04d}-{m2:02d}"
    period = _ROC_PERIOD.search(value)
    if period:
        y1, m1, y2, m2 = (int(g) for g in period.groups())
        return f"{y1 + 1911:04d}-{m1:02d}/{y2 + 1911:04d}-{m2:02d}"
    return roc_date(value)


def roc_date(text: str) -> str:
    """``中華民國 114 年 02 月`` → ``2025-02`` (ROC year + 1911); ``""`` if none is printed."""
    m = _ROC_DATE.search(text)
    if not m:
        return ""
    year, month, day = int(m.group(1)) + 1911, int(m.group(2)), m.group(3)
    return f"{year:04d}-{month:02d}" + (f"-{int(day):02d}" if day else "")
