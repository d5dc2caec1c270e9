"""The compendium Markdown format (read only): see :mod:`digestconv.compendium`."""

from __future__ import annotations

from pathlib import Path

from ..model import Document
from .registry import Format


def read(path: Path) -> Document:
    from ..compendium import parse_file

    return parse_file(path).document


FORMAT = Format("compendium", (".md", ".markdown", ".txt"), "compendium Markdown extracted from the PDF", read=read)
