"""Page content streams: the text of each marked-content sequence, and turning sequences into artifacts.

Text is decoded the way a PDF consumer does it: the glyph codes of ``Tj``/``TJ`` through each
font's ``ToUnicode`` CMap (WeasyPrint writes Type 0 fonts with two-byte Identity-H codes). The
streams are decoded within limits (:mod:`.streams`): the reader may be given anyone's PDF.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pikepdf

from .streams import SMALL_STREAM_BYTES, Budget, StreamRefused

_HEX = re.compile(rb"<([0-9A-Fa-f]+)>")
_TWO_BYTE_CODES = 0x10000  # Identity-H codes: all a map can hold
_TEXT_OPERATORS = "BDC BMC EMC Tf Tj TJ ' \""  # all the reader parses of a page

Tables = dict[tuple[int, int], dict[int, str]]  # ToUnicode maps by object, shared by the pages


def _utf16(hexcode: bytes) -> str:
    return bytes.fromhex(hexcode.decode()).decode("utf-16-be", errors="surrogatepass")


def to_unicode(font: pikepdf.Object, budget: Budget) -> dict[int, str]:
    """A font's ``ToUnicode`` CMap: code → text (``bfchar`` and ``bfrange`` sections), at most
    65,536 two-byte codes in all."""
    if "/ToUnicode" not in font:
        return {}
    data = budget.decode(font.ToUnicode, SMALL_STREAM_BYTES)
    table: dict[int, str] = {}
    entries = 0

    def count(n: int) -> None:
        nonlocal entries
        entries += n
        if entries > _TWO_BYTE_CODES:
            raise StreamRefused("a ToUnicode map of more than 65,536 codes (two-byte codes have no more)")

    for section in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        codes = _HEX.findall(section)
        count(len(codes) // 2)
        for src, dst in zip(codes[::2], codes[1::2], strict=False):
            table[int(src, 16)] = _utf16(dst)
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for line in section.splitlines():
            codes = _HEX.findall(line)
            if len(codes) == 3:
                low, high, start = int(codes[0], 16), int(codes[1], 16), _utf16(codes[2])
                if not 0 <= low <= high < _TWO_BYTE_CODES or not start:
                    raise StreamRefused(f"a ToUnicode range <{codes[0].decode()}> <{codes[1].decode()}>")
                count(high - low + 1)
                for offset in range(high - low + 1):
                    table[low + offset] = start[:-1] + chr(ord(start[-1]) + offset)
    return table


class _Fonts:
    def __init__(self, page: pikepdf.Page, budget: Budget, tables: Tables) -> None:
        fonts = page.Resources.get("/Font", pikepdf.Dictionary())
        self._fonts = {str(name): font for name, font in fonts.items()}
        self._budget, self._tables = budget, tables
        self._by_name: dict[str, dict[int, str]] = {}

    def _table(self, name: str) -> dict[int, str]:
        font = self._fonts.get(name)
        if font is None:
            return {}
        if not font.is_indirect:  # no object number to share it by
            return to_unicode(font, self._budget)
        if font.objgen not in self._tables:
            self._tables[font.objgen] = to_unicode(font, self._budget)
        return self._tables[font.objgen]

    def decode(self, name: str, data: bytes) -> str:
        if name not in self._by_name:
            self._by_name[name] = self._table(name)
        table = self._by_name[name]
        return "".join(table.get(int.from_bytes(data[i : i + 2], "big"), "") for i in range(0, len(data) - 1, 2))


def marked_text(page: pikepdf.Page, budget: Budget, tables: Tables) -> dict[int, str]:
    """The text inside each marked-content sequence with an MCID on ``page`` (nested ones apart).
    ``tables`` caches the fonts' ``ToUnicode`` maps across pages."""
    fonts = _Fonts(page, budget, tables)
    texts: dict[int, list[str]] = {}
    stack: list[int | None] = []
    font = ""
    # A stream made in a scratch PDF: one made in the read PDF would stay in memory until it closes.
    with pikepdf.new() as scratch:
        content = pikepdf.Stream(scratch, budget.page_content(page))
        for instruction in pikepdf.parse_content_stream(content, _TEXT_OPERATORS):
            operands, op = instruction.operands, str(instruction.operator)
            if op == "BDC":
                props = operands[1]
                mcid = props.get("/MCID") if isinstance(props, pikepdf.Dictionary) else None
                stack.append(int(mcid) if mcid is not None else None)
            elif op == "BMC":
                stack.append(None)
            elif op == "EMC":
                if stack:
                    stack.pop()
            elif op == "Tf":
                font = str(operands[0])
            elif op in ("Tj", "TJ", "'", '"'):
                current = next((m for m in reversed(stack) if m is not None), None)
                if current is None:
                    continue
                strings = operands[0] if op == "TJ" else [operands[-1]]
                for item in strings:
                    if isinstance(item, pikepdf.String):
                        texts.setdefault(current, []).append(fonts.decode(font, bytes(item)))
    return {mcid: "".join(parts) for mcid, parts in texts.items()}


def make_artifacts(pdf: pikepdf.Pdf, page: pikepdf.Page, keep: Iterable[int]) -> None:
    """Rewrite every marked-content sequence of ``page`` whose MCID is not in ``keep`` (not in the
    structure tree) as an ``/Artifact``."""
    kept = set(keep)
    instructions = []
    for instruction in pikepdf.parse_content_stream(page):
        operands, operator = instruction.operands, instruction.operator
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
            mcid = operands[1].get("/MCID")
            if mcid is not None and int(mcid) not in kept:
                instruction = pikepdf.ContentStreamInstruction(
                    [pikepdf.Name.Artifact, pikepdf.Dictionary(Type=pikepdf.Name.Pagination)], operator
                )
        instructions.append(instruction)
    # Saved compressed (pikepdf compresses unfiltered streams on save).
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(instructions))
