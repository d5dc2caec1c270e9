"""The formats digestconv knows: each has a name, file extensions, and a reader and/or writer.

A reader takes a path and returns a :class:`~digestconv.model.Document`; a writer takes a
document and returns the file's bytes (files are then written atomically by
:func:`digestconv.io.write_atomic`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import DigestconvError
from ..model import Document

Reader = Callable[[Path], Document]
Writer = Callable[[Document], bytes]


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    description: str
    read: Reader | None = None
    write: Writer | None = None


def _read_compendium(path: Path) -> Document:
    from ..compendium import parse_file

    return parse_file(path).document


def _read_json(path: Path) -> Document:
    from ..compendium.decode import decode
    from . import jsonmodel

    text, _ = decode(path.read_bytes(), str(path))
    return jsonmodel.loads(text, str(path))


def _write_json(doc: Document) -> bytes:
    from . import jsonmodel

    return jsonmodel.dumps(doc).encode("utf-8")


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "compendium",
            (".md", ".markdown", ".txt"),
            "compendium Markdown extracted from the PDF",
            read=_read_compendium,
        ),
        Format("json", (".json",), "the document model as lossless JSON", read=_read_json, write=_write_json),
    )
}


def formats() -> dict[str, Format]:
    """Every known format by name."""
    return dict(FORMATS)


def by_name(name: str) -> Format:
    try:
        return FORMATS[name.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise DigestconvError(f"unknown format {name!r} (known: {known})") from None


def for_path(path: str | os.PathLike[str], *, purpose: str) -> Format:
    """The format a file's extension names; ``purpose`` ("read"/"write") picks the direction."""
    suffix = Path(path).suffix.lower()
    for fmt in FORMATS.values():
        if suffix in fmt.extensions and getattr(fmt, purpose) is not None:
            return fmt
    able = sorted(e for f in FORMATS.values() if getattr(f, purpose) for e in f.extensions)
    raise DigestconvError(
        f"{path}: cannot tell the format to {purpose} from the extension {suffix or '(none)'!r} "
        f"(known: {', '.join(able)}; or name one with --from/--to)"
    )
