"""Lossless JSON of the model, carrying a schema version.

Every node is an object whose ``"type"`` is its class name and whose other keys are its fields in
declaration order; sequences are arrays. The top level is
``{"format": "digestconv", "schema_version": N, "document": {...}}``. Reading refuses another
version, unknown node types and unknown or missing fields, then validates the tree.

The text is compact, as pandoc's JSON is: one line, no spaces. Indenting would put the
encoding on the json module's pure-Python path, five times slower than its C encoder; ``python
-m json.tool --no-ensure-ascii`` shows a file indented.
"""

from __future__ import annotations

import json
from dataclasses import fields
from pathlib import Path
from typing import Any

from ..errors import InputError, ModelError
from ..model import NODE_TYPES, Document, validate
from .registry import Format

SCHEMA_VERSION = 1
FORMAT_NAME = "digestconv"
_TYPES = {cls.__name__: cls for cls in NODE_TYPES}
_FIELDS = {cls: tuple(f.name for f in fields(cls)) for cls in NODE_TYPES}


def dumps(doc: Document) -> str:
    """The document as JSON text (UTF-8 safe, no ASCII escapes, stable key order)."""
    payload = {"format": FORMAT_NAME, "schema_version": SCHEMA_VERSION, "document": doc}
    # The C encoder writes the tuples and strings itself and asks _encode only for the nodes; the
    # model is a tree of immutable tuples, so it has no cycle to check for.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=_encode, check_circular=False) + "\n"


def loads(text: str, source: str = "<json>") -> Document:
    """Parse JSON written by :func:`dumps`; raise InputError naming ``source`` otherwise."""
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg} (column {exc.colno})"
        raise InputError(message, source=source, line=exc.lineno) from None
    except RecursionError:  # arrays or objects nested thousands deep
        raise InputError("nested too deep to read", source=source) from None
    if not isinstance(payload, dict) or payload.get("format") != FORMAT_NAME:
        raise InputError('not a digestconv model file (no "format": "digestconv")', source=source)
    version = payload.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InputError(
            f"model schema version {version!r} is not supported (this digestconv reads version {SCHEMA_VERSION})",
            source=source,
            line=text.count("\n", 0, max(text.find('"schema_version"'), 0)) + 1,
        )
    try:
        doc = _decode(payload.get("document"), "document")
        if not isinstance(doc, Document):
            raise ModelError("document: the top node must be a Document")
        return validate(doc)
    except ModelError as exc:
        raise InputError(str(exc), source=source) from None
    except RecursionError:  # nodes nested hundreds deep
        raise InputError("nested too deep to read", source=source) from None


def _encode(node: object) -> dict[str, Any]:
    """A node as a JSON object: its type and its fields, in the dataclass's order."""
    names = _FIELDS.get(type(node))
    if names is None:
        raise TypeError(f"not a model node: {type(node).__name__}")
    out: dict[str, Any] = {"type": type(node).__name__}
    for name in names:
        out[name] = getattr(node, name)
    return out


def _decode(value: Any, where: str) -> Any:
    if isinstance(value, list):
        return tuple(_decode(item, f"{where}[{i}]") for i, item in enumerate(value))
    if isinstance(value, dict):
        name = value.get("type")
        cls = _TYPES.get(name) if isinstance(name, str) else None
        if cls is None:
            raise ModelError(f"{where}: unknown node type {name!r}")
        names = _FIELDS[cls]
        extra = set(value) - set(names) - {"type"}
        if extra:
            raise ModelError(f"{where}: unknown field(s) {sorted(extra)} for {name}")
        missing = [n for n in names if n not in value]
        if missing:
            raise ModelError(f"{where}: {name} lacks field(s) {missing}")
        kwargs = {n: _decode(value[n], f"{where}.{n}") for n in names}
        return cls(**kwargs)
    if isinstance(value, (str, bool)):
        return value
    raise ModelError(f"{where}: unexpected JSON value {value!r}")


def read(path: Path) -> Document:
    from ..compendium.decode import decode

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
    text, _ = decode(data, str(path))
    return loads(text, str(path))


def write(doc: Document, options: object = None) -> bytes:
    return dumps(doc).encode("utf-8")


FORMAT = Format("json", (".json",), "the document model as lossless JSON", read=read, write=write)
