"""The CSS of the XHTML editions, read from ``styles/`` (see digestconv.shipped).

The stylesheets are files, not strings in code, so a designer edits them without touching
Python.
"""

from __future__ import annotations

from ..errors import DigestconvError
from ..shipped import styles_dir


def stylesheet(name: str) -> bytes:
    """The bytes of ``styles/NAME`` (for example ``epub.css``)."""
    path = styles_dir() / name
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DigestconvError(
            f"{path}: cannot read the stylesheet: {exc.strerror or exc} (set DIGESTCONV_STYLES)"
        ) from None
