"""The library entry points: read a document, write it in any format."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DigestconvError
from .formats.registry import by_name, for_path
from .io import write_atomic
from .model import Document


def read(source: str | os.PathLike[str], *, format: str | None = None) -> Document:
    """A document from a file (its format from the extension unless ``format`` names one), or
    from compendium Markdown or model JSON given as text (a string with a line break)."""
    if isinstance(source, str) and "\n" in source:
        if format == "json":
            from .formats import jsonmodel

            return jsonmodel.loads(source)
        if format in (None, "compendium"):
            from .compendium import parse

            return parse(source).document
        raise DigestconvError(f"text can be read as compendium Markdown or JSON, not as {format!r}")
    fmt = by_name(format) if format else for_path(source, purpose="read")
    if fmt.read is None:
        raise DigestconvError(f"format {fmt.name!r} cannot be read")
    return fmt.read(Path(source))


def write(
    doc: Document, destination: str | os.PathLike[str], *, format: str | None = None, options: object = None
) -> Path:
    """Write ``doc`` to ``destination`` atomically in the format its extension (or ``format``)
    names; ``options`` is that format's options object (``formats()[name].options``)."""
    fmt = by_name(format) if format else for_path(destination, purpose="write")
    if fmt.write is None:
        raise DigestconvError(f"format {fmt.name!r} cannot be written")
    return write_atomic(destination, fmt.write(doc, options))
