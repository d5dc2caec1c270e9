"""The files digestconv ships beside its code: the stylesheets and the example compendium.

``bundled/`` holds symbolic links to the repository's top-level ``styles/`` and
``examples/compendium-2024.md``. A checkout (the editable install of ``.ci/setup``) reads the
originals through them, so a designer edits ``styles/`` and sees the change at once; a wheel
carries copies (the package data in pyproject.toml), so ``pip install`` of the repository works
as well. ``$DIGESTCONV_STYLES`` names another styles folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DigestconvError

BUNDLED = Path(__file__).resolve().parent / "bundled"
COMPENDIUM = BUNDLED / "compendium-2024.md"


def styles_dir() -> Path:
    """The folder of the stylesheets and the DOCX reference parts."""
    configured = os.environ.get("DIGESTCONV_STYLES")
    return Path(configured) if configured else BUNDLED / "styles"


def read_style(relative: str) -> bytes:
    """The bytes of ``styles/RELATIVE`` (``epub.css``, ``docx/styles.xml``); a clear error if missing."""
    path = styles_dir() / relative
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DigestconvError(f"{path}: cannot read it: {exc.strerror or exc} (set DIGESTCONV_STYLES)") from None
