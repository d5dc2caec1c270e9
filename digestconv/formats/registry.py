"""The formats digestconv knows, found through the ``digestconv.formats`` entry-point group.

Each entry point (read by :mod:`.entrypoints`) names a :class:`Format`: a name, file extensions,
and a reader and/or writer. The built-in formats register the same way a third party's would (see
``pyproject.toml``), so a plugin adds a format without touching this package. A format module
should stay light to import: it defines its ``FORMAT`` and imports its heavy libraries inside the
reader and writer.

A reader takes a path and returns a :class:`~digestconv.model.Document`. A writer takes a
document and the format's options (an instance of ``Format.options``, or ``None`` for the
defaults) and returns the file's bytes; :func:`digestconv.io.write_atomic` then writes them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from ..errors import DigestconvError
from ..model import Document
from .entrypoints import entry_points

ENTRY_POINT_GROUP = "digestconv.formats"

Reader = Callable[[Path], Document]
Writer = Callable[[Document, Any], bytes]


@dataclass(frozen=True)
class Format:
    name: str
    extensions: tuple[str, ...]
    description: str
    read: Reader | None = None
    write: Writer | None = None
    options: type | None = None  # the dataclass of this format's writer options

    def options_from(self, settings: Mapping[str, object]) -> Any:
        """This writer's options built from ``settings``, taking only the fields its options have.

        Settings are shared by all formats (``font``, ``paper``, ``vertical``, and
        ``diagnostics``: the reader's repairs, which TEI records); ``None`` means the default.
        """
        if self.options is None:
            return None
        names = {f.name for f in fields(self.options)}
        return self.options(**{k: v for k, v in settings.items() if k in names and v is not None})


@cache
def _load() -> dict[str, Format]:
    found: dict[str, Format] = {}
    for entry in sorted(entry_points(ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            fmt = entry.load()
        except Exception as exc:  # a broken plugin must not take the others down silently
            raise DigestconvError(f"format plugin {entry.name!r} ({entry.value}) failed to load: {exc}") from exc
        if not isinstance(fmt, Format):
            raise DigestconvError(f"format plugin {entry.name!r} ({entry.value}) is not a digestconv Format")
        if fmt.name in found:
            raise DigestconvError(f"two plugins register the format {fmt.name!r}")
        found[fmt.name] = fmt
    return found


def formats() -> dict[str, Format]:
    """Every installed format by name."""
    return dict(_load())


def by_name(name: str) -> Format:
    known = _load()
    try:
        return known[name.lower()]
    except KeyError:
        raise DigestconvError(f"unknown format {name!r} (known: {', '.join(sorted(known))})") from None


def for_path(path: str | os.PathLike[str], *, purpose: str) -> Format:
    """The format a file's extension names; ``purpose`` ("read"/"write") picks the direction."""
    suffix = Path(path).suffix.lower()
    known = _load().values()
    for fmt in known:
        if suffix in fmt.extensions and getattr(fmt, purpose) is not None:
            return fmt
    able = sorted(e for f in known if getattr(f, purpose) for e in f.extensions)
    raise DigestconvError(
        f"{path}: cannot tell the format to {purpose} from the extension {suffix or '(none)'!r} "
        f"(known: {', '.join(able)}; or name one with --from/--to)"
    )
