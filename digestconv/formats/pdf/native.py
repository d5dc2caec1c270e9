"""WeasyPrint imported without the compiler runs of its native library lookup.

WeasyPrint opens each native library (GObject, Pango, HarfBuzz, fontconfig) by trying its names
for Windows first, then Linux and macOS. On Linux each Windows name fails to load, and cffi then
asks ``ctypes.util.find_library``, which runs ``ldconfig -p``, then ``gcc``, then ``ld``: 22
lookups and 54 processes, about a third of a second of every PDF conversion on the project's
machine (WeasyPrint issue #1125). While WeasyPrint is imported, the lookup asks ``ldconfig``
alone. What ``gcc`` or ``ld`` could add is a library's soname, which the dynamic loader finds by
the same search as the Linux sonames WeasyPrint tries after the Windows names.
"""

from __future__ import annotations

import ctypes.util
import sys
from types import ModuleType


def import_weasyprint() -> ModuleType:
    """``import weasyprint``, the first time with the quick lookup (on Linux)."""
    quick = getattr(ctypes.util, "_findSoname_ldconfig", None)  # the first step of find_library
    if "weasyprint" in sys.modules or quick is None or not sys.platform.startswith("linux"):
        import weasyprint

        return weasyprint
    find_library = ctypes.util.find_library
    ctypes.util.find_library = quick
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = find_library
    return weasyprint
