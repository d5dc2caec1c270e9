"""Bytes to text: which encoding a compendium file is in, and clean line ends.

UTF-8 (with or without a BOM), UTF-16 and UTF-32 (with a BOM) are read as such; UTF-16 without
a BOM is refused by name rather than guessed. Text that is not UTF-8 is tried as Big5 (code page
950, the usual legacy encoding of Traditional Chinese) and accepted only when it decodes cleanly
and is mostly CJK; anything else is refused with the line of the first undecodable byte.
"""

from __future__ import annotations

import codecs
import unicodedata

from ..errors import InputError


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Return ``(text, encoding)`` with ``\\r\\n`` and ``\\r`` turned into ``\\n``."""
    if not data.strip():
        raise InputError("the file is empty", source=source)
    marked = next((encoding for bom, encoding in _BOMS if data.startswith(bom)), None)
    if marked:
        text, encoding = _strict(data, marked, source), marked
    elif b"\x00" in data:
        if _utf16_without_bom(data):
            raise InputError("UTF-16 without a byte-order mark: save it with one, or as UTF-8", source=source)
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("binary data (NUL byte): not a text file", source=source, line=line)
    else:
        try:
            text, encoding = data.decode("utf-8-sig"), "utf-8"
        except UnicodeDecodeError as exc:
            text, encoding = _big5_or_fail(data, exc, source), "big5"
    return text.replace("\r\n", "\n").replace("\r", "\n"), encoding


# UTF-32 first: its little-endian mark begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _utf16_without_bom(data: bytes) -> bool:
    """Many NUL bytes (the high bytes of line ends, spaces, digits and markup: 15% of the seed's
    code units) that read as lines of text without control characters in one byte order."""
    if data.count(0) * 20 < len(data) // 2:
        return False
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\n" in text and not any(ch < " " and ch not in "\t\n\r" for ch in text):
            return True
    return False


def _strict(data: bytes, encoding: str, source: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, "replace").count("\n") + 1
        raise InputError(f"not valid {encoding.upper()}: {exc.reason}", source=source, line=line) from None


def _big5_or_fail(data: bytes, utf8_error: UnicodeDecodeError, source: str) -> str:
    line = data[: utf8_error.start].count(b"\n") + 1
    try:
        text = data.decode("cp950")
    except UnicodeDecodeError:
        raise InputError("not UTF-8 (and not Big5 either): save the file as UTF-8", source=source, line=line) from None
    letters = [ch for ch in text if ch.isalpha()]
    cjk = sum(1 for ch in letters if unicodedata.east_asian_width(ch) in "WF")
    if not letters or cjk / len(letters) < 0.5:
        raise InputError("not UTF-8, and not plausible Big5 text either", source=source, line=line)
    return text
