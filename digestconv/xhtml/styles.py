"""The CSS of the XHTML editions, read from the repository's ``styles/`` folder.

The stylesheets are files, not strings in code, so a designer edits them without touching
Python. digestconv is installed editable from its repository (``.ci/setup``), so ``styles/``
sits beside the package; for another layout, ``$DIGESTCONV_STYLES`` names the folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import DigestconvError


def styles_dir() -> Path:
    configured = os.environ.get("DIGESTCONV_STYLES")
    return Path(configured) if configured else Path(__file__).resolve().parents[2] / "styles"


def stylesheet(name: str) -> bytes:
    """The bytes of ``styles/NAME`` (for example ``epub.css``)."""
    path = styles_dir() / name
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DigestconvError(
            f"{path}: cannot read the stylesheet: {exc.strerror or exc} (set DIGESTCONV_STYLES)"
        ) from None
