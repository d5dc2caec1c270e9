"""Writing files so that a failure never leaves a partial or corrupt file behind.

The overwrite policy: by default an existing file is replaced (atomically: a reader sees the old
file or the new one, never a mixture); with ``overwrite=False`` an existing file is left alone
and :class:`~digestconv.errors.OutputExists` is raised.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import DigestconvError, OutputExists


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = True) -> Path:
    """Write ``data`` to a temporary file beside ``path``, then move it into place."""
    path = Path(path)
    if not overwrite and path.exists():
        raise OutputExists(f"{path}: exists and overwriting is off")
    directory = path.parent if str(path.parent) else Path(".")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=directory)
    except OSError as exc:
        raise DigestconvError(f"{path}: cannot write: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(temp, 0o644)
        if overwrite:
            os.replace(temp, path)
        else:  # a hard link fails if the name was taken meanwhile: never replace
            os.link(temp, path)
            os.unlink(temp)
    except FileExistsError:
        Path(temp).unlink(missing_ok=True)
        raise OutputExists(f"{path}: exists and overwriting is off") from None
    except BaseException as exc:
        Path(temp).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise DigestconvError(f"{path}: cannot write: {exc.strerror or exc}") from None
        raise
    return path
