"""digestconv: the research-report compendium as typed documents and real editions.

>>> import digestconv
>>> doc = digestconv.read("examples/compendium-2024.md")      # doctest: +SKIP
>>> digestconv.write(doc, "editions/compendium.json")          # doctest: +SKIP
"""

from . import model
from .api import read, write
from .errors import Diagnostic, DigestconvError, InputError, ModelError
from .formats.registry import formats

__version__ = "0.1.0"

__all__ = [
    "Diagnostic",
    "DigestconvError",
    "InputError",
    "ModelError",
    "__version__",
    "formats",
    "model",
    "read",
    "write",
]
