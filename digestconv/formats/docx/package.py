"""The DOCX package around the body: a clean base built from ``styles/docx/``, the document
properties, the footnotes part, and a byte-reproducible zip.

The base is assembled here from the commented XML in ``styles/docx/`` rather than taken from
python-docx's default template, which carries a ``stylesWithEffects`` part (openxml-audit
rejects it), a thumbnail and 430 KB of unused styles.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document as WordDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from lxml import etree

from ...model import Document, plain_text
from ...shipped import read_style
from . import conventions as cv
from .ooxml import el, parse, run, serialize
from .ooxml import root as ooxml_root

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same document gives the same bytes

_WORD_PARTS = (  # (file in styles/docx and its place under word/, relationship type, content type)
    ("styles.xml", RT.STYLES, CT.WML_STYLES),
    ("numbering.xml", RT.NUMBERING, CT.WML_NUMBERING),
    ("settings.xml", RT.SETTINGS, CT.WML_SETTINGS),
    ("fontTable.xml", RT.FONT_TABLE, CT.WML_FONT_TABLE),
    ("theme/theme1.xml", RT.THEME, CT.OFC_THEME),
)
_PKG = "http://schemas.openxmlformats.org/package/2006"
_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id of user-defined properties


def open_base() -> WordDocument:
    """A python-docx document of the clean base: styles, numbering, settings, fonts, empty body."""
    overrides = [("/word/document.xml", CT.WML_DOCUMENT_MAIN), ("/docProps/core.xml", CT.OPC_CORE_PROPERTIES)]
    overrides += [(f"/word/{name}", ctype) for name, _, ctype in _WORD_PARTS]
    package_rels = _rels(
        [("rId1", RT.OFFICE_DOCUMENT, "word/document.xml"), ("rId2", RT.CORE_PROPERTIES, "docProps/core.xml")]
    )
    word_rels = _rels([(f"rId{i}", reltype, name) for i, (name, reltype, _) in enumerate(_WORD_PARTS, 1)])
    core = etree.Element(
        f"{{{_PKG}/metadata/core-properties}}coreProperties", nsmap={"cp": f"{_PKG}/metadata/core-properties"}
    )

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", _content_types(overrides))
        z.writestr("_rels/.rels", package_rels)
        z.writestr("docProps/core.xml", serialize(core))
        z.writestr("word/_rels/document.xml.rels", word_rels)
        for name in ("document.xml", *(name for name, _, _ in _WORD_PARTS)):
            z.writestr(f"word/{name}", serialize(parse(read_style(f"docx/{Path(name).name}"))))
    return docx.Document(io.BytesIO(buffer.getvalue()))


def _content_types(overrides: list[tuple[str, str]]) -> bytes:
    """[Content_Types].xml: every part is .xml, so each gets an override (partname, type)."""
    ns = f"{_PKG}/content-types"
    types = etree.Element(f"{{{ns}}}Types", nsmap={None: ns})
    for ext, ctype in (("rels", CT.OPC_RELATIONSHIPS), ("xml", CT.XML)):
        etree.SubElement(types, f"{{{ns}}}Default", Extension=ext, ContentType=ctype)
    for partname, ctype in overrides:
        etree.SubElement(types, f"{{{ns}}}Override", PartName=partname, ContentType=ctype)
    return serialize(types)


def _rels(rels: list[tuple[str, str, str]]) -> bytes:
    ns = f"{_PKG}/relationships"
    root = etree.Element(f"{{{ns}}}Relationships", nsmap={None: ns})
    for rid, reltype, target in rels:
        etree.SubElement(root, f"{{{ns}}}Relationship", Id=rid, Type=reltype, Target=target)
    return serialize(root)


def add_footnotes(word: WordDocument) -> XmlPart:
    """An empty footnotes part (the two separators only), related to the main document."""
    separators = []
    for note_id, kind in (("-1", "separator"), ("0", "continuationSeparator")):
        spacing = el("spacing", {"after": "0", "line": "240", "lineRule": "auto"})
        paragraph = el("p", None, el("pPr", None, spacing), run(el(kind)))
        separators.append(el("footnote", {"type": kind, "id": note_id}, paragraph))
    root = ooxml_root("footnotes", *separators)
    part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, word.part.package)
    word.part.relate_to(part, RT.FOOTNOTES)
    return part


def set_properties(word: WordDocument, doc: Document) -> None:
    """Core properties for Word's dialog and catalogues; custom ones hold the exact metadata."""
    meta = doc.metadata
    core = word.core_properties
    core.title = meta.title[:255]  # python-docx's limit; the exact title is a custom property
    core.subject = "、".join(plain_text(d.title) for d in doc.body)[:255]
    core.author = meta.publisher[:255]
    core.language = meta.language[:255]
    core.identifier = meta.identifier[:255]
    when = source_date(meta.date)
    if when is not None:
        core.created = core.modified = when

    values: list[tuple[str, str]] = []
    for name in ("title", "identifier", "language", "publisher", "publisher_en", "date", "date_printed"):
        values.append((cv.metadata_property(name), getattr(meta, name)))
    for i, contributor in enumerate(meta.contributors, 1):
        values.append((cv.contributor_property(i, "role"), contributor.role))
        values.append((cv.contributor_property(i, "name"), contributor.name))
    for name in ("address", "telephone", "fax", "website", "rights"):
        values.append((cv.metadata_property(name), getattr(meta, name)))
    values.append((cv.FRONT, " ".join(d.id for d in doc.front)))
    values.append((cv.BACK, " ".join(d.id for d in doc.back)))
    values.append((cv.KINDS, " ".join(f"{d.id}={d.kind}" for d in doc.divisions() if d.kind != cv.DEFAULT_KIND)))

    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    # Empty values are left out, except a contributor's: their number counts.
    kept = [(n, v) for n, v in values if v or n.startswith(cv.CONTRIBUTOR_PREFIX)]
    for pid, (name, value) in enumerate(kept, 2):
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    part = XmlPart(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, root, word.part.package)
    word.part.package.relate_to(part, RT.CUSTOM_PROPERTIES)


def source_date(iso: str) -> datetime.datetime | None:
    """The start of an ISO date, month, year or interval as a UTC time (the document's date)."""
    start = iso.split("/")[0]
    try:
        parts = [int(p) for p in start.split("-")] if start else []
        if not parts:
            return None
        year, month, day = [*parts, 1, 1][:3]
        return datetime.datetime(year, month, day, tzinfo=datetime.UTC)
    except ValueError:
        return None


def save(word: WordDocument) -> bytes:
    """The package as bytes, zipped here rather than by python-docx, whose entries carry the
    clock's time: fixed entry times and a fixed order make the same document the same bytes."""
    package = word.part.package
    parts = list(package.iter_parts())
    types = _content_types([(part.partname, part.content_type) for part in parts])
    entries = [("[Content_Types].xml", types), ("_rels/.rels", package.rels.xml)]
    for part in parts:
        entries.append((part.partname.membername, part.blob))
        if part.rels:
            entries.append((part.partname.rels_uri.membername, part.rels.xml))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in entries:
            entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, data)
    return out.getvalue()
