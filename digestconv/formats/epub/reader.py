"""EPUB written by this package → Document, exactly.

Normalisation for the round trip: none, ``read(write(doc)) == doc`` for every valid document.
What EPUB markup or metadata cannot say directly is carried so that nothing is lost: division
kinds in ``data-kind``, normalised field values in ``data-normalized``, link targets that are not
valid URLs in ``data-target``, metadata without a Dublin Core home (or not valid there) in
``digestconv:`` metas (see :mod:`.metadata`). What the reader ignores is derived from the model
and rebuilt by every write: the generated cover, the navigation document, the NCX, generated ids,
the stylesheets, and the writer's options (vertical writing is presentation, not content).

Only EPUBs of this writer are read; anything else raises InputError naming the file (and the
document and line inside it) rather than being read partly.
"""

from __future__ import annotations

from pathlib import Path

from ...archive import open_archive
from ...errors import InputError, ModelError
from ...model import Division, Document, validate
from ...xhtml import MarkupError, body_of, parse_xhtml, read_division
from ...xhtml import vocab as v
from .container import read_package
from .metadata import read_metadata

_PARTS = {epub_type: part for part, epub_type in v.PART_TYPES.items()}
_ORDER = ("front", "body", "back")


def read(path: Path) -> Document:
    source = str(path)
    if not path.is_file():
        raise InputError("no such file", source=source)
    with open_archive(path, "EPUB") as archive:
        package = read_package(archive)
        try:
            meta = read_metadata(package.opf)
        except ModelError as exc:
            raise InputError(str(exc), source=archive.where(package.name)) from None

        parts: dict[str, list[Division]] = {part: [] for part in _ORDER}
        last = 0
        for item in package.spine:
            if item.id == "cover" or "nav" in item.properties:
                continue  # generated from the metadata and the divisions
            try:
                body = body_of(parse_xhtml(archive.read(item.name)))
                part = _PARTS.get(body.get(v.EPUB_TYPE, ""))
                if part is None:
                    raise MarkupError("<body> has no epub:type of frontmatter, bodymatter or backmatter")
                if _ORDER.index(part) < last:
                    raise MarkupError(f"{part} matter after {_ORDER[last]} matter")
                last = _ORDER.index(part)
                parts[part].append(read_division(body))
            except MarkupError as exc:
                raise InputError(exc.reason, source=archive.where(item.name), line=exc.line) from None
    doc = Document(meta, tuple(parts["front"]), tuple(parts["body"]), tuple(parts["back"]))
    try:
        return validate(doc)
    except ModelError as exc:
        raise InputError(str(exc), source=source) from None
