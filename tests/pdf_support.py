"""Shared by the PDF tests: the seed rendered once per session, and printable generated documents."""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from pathlib import Path
from typing import Any

from digestconv.checks import pdf as poppler
from digestconv.compendium import parse_file
from digestconv.formats.pdf import write
from digestconv.formats.pdf.render import font_files

from .conftest import SEED

# Fields that are never printed: they travel in the structure tree and the XMP as they are.
_NOT_PRINTED = {"id", "kind", "target", "normalized", "identifier", "language", "date"}


@functools.cache
def seed_pdf(directory: Path) -> Path:
    """The compendium as PDF (rendered once per test session; about 5 s)."""
    path = directory / "compendium.pdf"
    path.write_bytes(write(parse_file(SEED).document))
    return path


@functools.cache
def struct_text(path: Path) -> str:
    """poppler's ``pdfinfo -struct-text`` (some 20 s on the compendium: once per session)."""
    return poppler.pdfinfo(path, "-struct-text")


@functools.cache
def _drawable() -> frozenset[int]:
    """Code points the bundled fonts draw with a glyph of their own (a glyph two characters share
    reads back as one of them)."""
    from fontTools.ttLib import TTFont

    found: set[int] | None = None
    for path in font_files().values():
        cmap = TTFont(path).getBestCmap()
        uses = Counter(cmap.values())
        own = {code for code, glyph in cmap.items() if uses[glyph] == 1}
        found = own if found is None else found & own
    # Shaping can draw U+00B7 and U+30FB with the glyph of the list bullet U+2022 (which one
    # depends on the run), and the ToUnicode map names one character per glyph.
    return frozenset((found or set()) - {0xB7, 0x30FB})


def printable(node: Any) -> Any:
    """A generated document with every printed character the bundled fonts cannot draw as
    itself replaced by 字 (the writer refuses a character no font has: see test_pdf)."""
    if isinstance(node, tuple):
        return tuple(printable(n) for n in node)
    if isinstance(node, str):
        return "".join(c if ord(c) in _drawable() or c.isspace() else "字" for c in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        changes = {
            f.name: printable(getattr(node, f.name)) for f in dataclasses.fields(node) if f.name not in _NOT_PRINTED
        }
        return dataclasses.replace(node, **changes)
    return node


def difference(expected: Any, actual: Any) -> str:
    """The first lines where two model trees differ (an assertion message)."""
    import difflib
    import pprint

    lines = difflib.unified_diff(
        pprint.pformat(expected, width=120).splitlines(),
        pprint.pformat(actual, width=120).splitlines(),
        lineterm="",
        n=2,
    )
    return "\n".join(list(lines)[:40])
