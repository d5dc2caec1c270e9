"""The OCF container of an EPUB, read back: the package document and its spine.

Read with :mod:`digestconv.archive` and :mod:`digestconv.xmlsafe` rather than ebooklib's reader,
which opens the zip without limits and parses with libxml2's ``recover`` option (a damaged
document is silently repaired, that is, partly lost).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from ...archive import Archive
from ...errors import InputError
from .metadata import OPF_NS

_CONTAINER_NS = "urn:oasis:names:tc:opendocument:xmlns:container"
_PACKAGE_TYPE = "application/oebps-package+xml"


@dataclass(frozen=True)
class SpineItem:
    id: str
    name: str  # the entry in the archive
    properties: frozenset[str]


@dataclass(frozen=True)
class Package:
    name: str  # the package document's entry
    opf: etree._Element
    spine: tuple[SpineItem, ...]


def read_package(archive: Archive) -> Package:
    container = archive.xml("META-INF/container.xml")
    rootfile = container.find(f".//{{{_CONTAINER_NS}}}rootfile[@media-type='{_PACKAGE_TYPE}']")
    if rootfile is None or not rootfile.get("full-path"):
        raise InputError("no package document", source=archive.where("META-INF/container.xml"))
    opf_name = rootfile.get("full-path", "")
    opf = archive.xml(opf_name)
    manifest = {
        item.get("id"): item for item in opf.iterfind(f"{{{OPF_NS}}}manifest/{{{OPF_NS}}}item") if item.get("id")
    }
    spine = []
    for ref in opf.iterfind(f"{{{OPF_NS}}}spine/{{{OPF_NS}}}itemref"):
        idref = ref.get("idref", "")
        item = manifest.get(idref)
        if item is None:
            raise InputError(f"the spine names a missing item {idref!r}", source=archive.where(opf_name))
        name = posixpath.normpath(posixpath.join(posixpath.dirname(opf_name), unquote(item.get("href", ""))))
        if name.split("/")[0] == "..":
            raise InputError(f"item {idref!r} lies outside the archive", source=archive.where(opf_name))
        spine.append(SpineItem(idref, name, frozenset(item.get("properties", "").split())))
    return Package(opf_name, opf, tuple(spine))
