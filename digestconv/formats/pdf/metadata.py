"""Catalogue data both ways: the document information dictionary and an XMP packet of our own.

WeasyPrint's XMP is replaced, so that every value comes from the model and nothing from the
clock: the dates are the document's date (``2025-02`` → 2025-02-01T00:00:00Z), or absent. The
XMP has the Dublin Core the PDF/UA checkers read (``dc:title``, ``dc:language``, …), the
``pdfuaid:part`` claim, and every :class:`~digestconv.model.Metadata` field exactly under the
``digestconv`` namespace, which the reader takes back.
"""

from __future__ import annotations

import pikepdf
from lxml import etree

from ... import xmlsafe
from ...model import Contributor, Metadata
from .streams import SMALL_STREAM_BYTES, bounded_bytes

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "dcv": "urn:digestconv:metadata:1",
}
PRODUCER = "digestconv (WeasyPrint, pikepdf)"
_FIELDS = (
    "title", "identifier", "language", "publisher", "publisher_en", "date", "date_printed",
    "address", "telephone", "fax", "website", "rights",
)  # fmt: skip


def _q(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def _iso_instant(date: str) -> str:
    """``2025-02`` → ``2025-02-01T00:00:00Z``; ``""`` stays empty."""
    if not date:
        return ""
    year, month, day = ([*date.split("-"), "01", "01"])[:3]
    return f"{year}-{month}-{day}T00:00:00Z"


def _shown_title(meta: Metadata) -> str:
    """The title viewers show (PDF/UA: never empty); the exact one is in ``dcv:title``."""
    return meta.title.strip() or meta.identifier.strip() or "untitled"


def write_metadata(pdf: pikepdf.Pdf, meta: Metadata) -> None:
    instant = _iso_instant(meta.date)
    info = pikepdf.Dictionary(Title=pikepdf.String(_shown_title(meta)), Producer=pikepdf.String(PRODUCER))
    info.Creator = pikepdf.String("digestconv")
    if instant:
        pdf_date = "D:" + instant.replace("-", "").replace(":", "").replace("T", "")
        info.CreationDate = info.ModDate = pikepdf.String(pdf_date)
    pdf.trailer.Info = pdf.make_indirect(info)
    packet = _packet(meta, instant)
    pdf.Root.Metadata = pdf.make_stream(packet, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)


def _packet(meta: Metadata, instant: str) -> bytes:
    xmpmeta = etree.Element(_q("x:xmpmeta"), nsmap={"x": NS["x"]})
    rdf = etree.SubElement(xmpmeta, _q("rdf:RDF"), nsmap={k: v for k, v in NS.items() if k != "x"})
    desc = etree.SubElement(rdf, _q("rdf:Description"), {_q("rdf:about"): ""})
    etree.SubElement(desc, _q("pdfuaid:part")).text = "1"
    _container(desc, "dc:title", "rdf:Alt", [_shown_title(meta)], default_lang=True)
    _container(desc, "dc:language", "rdf:Bag", [meta.language])
    etree.SubElement(desc, _q("dc:identifier")).text = meta.identifier
    if meta.publisher:
        _container(desc, "dc:publisher", "rdf:Bag", [meta.publisher])
    if meta.rights:
        _container(desc, "dc:rights", "rdf:Alt", [meta.rights], default_lang=True)
    if meta.date:
        _container(desc, "dc:date", "rdf:Seq", [meta.date])
    if meta.contributors:
        _container(desc, "dc:contributor", "rdf:Bag", [c.name for c in meta.contributors])
    if instant:
        for name in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
            etree.SubElement(desc, _q(name)).text = instant
    etree.SubElement(desc, _q("xmp:CreatorTool")).text = "digestconv"
    etree.SubElement(desc, _q("pdf:Producer")).text = PRODUCER
    for name in _FIELDS:
        etree.SubElement(desc, _q(f"dcv:{name}")).text = getattr(meta, name)
    people = etree.SubElement(etree.SubElement(desc, _q("dcv:contributors")), _q("rdf:Seq"))
    for person in meta.contributors:
        li = etree.SubElement(people, _q("rdf:li"), {_q("rdf:parseType"): "Resource"})
        etree.SubElement(li, _q("dcv:role")).text = person.role
        etree.SubElement(li, _q("dcv:name")).text = person.name
    body = etree.tostring(xmpmeta, encoding="utf-8")
    return b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' + body + b'\n<?xpacket end="r"?>'


def _container(parent: etree._Element, name: str, kind: str, values: list[str], default_lang: bool = False) -> None:
    box = etree.SubElement(etree.SubElement(parent, _q(name)), _q(kind))
    for value in values:
        li = etree.SubElement(box, _q("rdf:li"))
        if default_lang:
            li.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")
        li.text = value


def read_metadata(pdf: pikepdf.Pdf, source: str) -> Metadata | None:
    """The model's metadata from our XMP packet; ``None`` if the PDF has none of ours. The packet
    is parsed as anyone's XML (:mod:`digestconv.xmlsafe`); ``source`` names the file in errors."""
    if "/Metadata" not in pdf.Root:
        return None
    root = xmlsafe.parse(bounded_bytes(pdf.Root.Metadata, SMALL_STREAM_BYTES), f"{source}!XMP")
    desc = root.find(f".//{_q('rdf:Description')}[{_q('dcv:identifier')}]")
    if desc is None:
        return None
    values = {name: desc.findtext(_q(f"dcv:{name}")) or "" for name in _FIELDS}
    people = tuple(
        Contributor(li.findtext(_q("dcv:role")) or "", li.findtext(_q("dcv:name")) or "")
        for li in desc.iterfind(f"{_q('dcv:contributors')}/{_q('rdf:Seq')}/{_q('rdf:li')}")
    )
    return Metadata(**values, contributors=people)
