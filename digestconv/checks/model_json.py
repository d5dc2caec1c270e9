"""JSON checker: the model's own reader, for want of an independent one.

The JSON edition is the model itself; what checking it can mean is reading it back: the format
name and schema version, every node's type and fields, and the content model
(:func:`digestconv.model.validate`). So ``digestconv validate editions/*`` covers every edition.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DigestconvError
from . import CheckResult


def model_reader(path: Path) -> CheckResult:
    from ..formats import jsonmodel

    try:
        jsonmodel.read(path)
    except DigestconvError as exc:
        return CheckResult("digestconv model", False, (str(exc),), details=f"schema {jsonmodel.SCHEMA_VERSION}")
    return CheckResult("digestconv model", True, details=f"schema {jsonmodel.SCHEMA_VERSION}")
