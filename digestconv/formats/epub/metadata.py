"""Package metadata: the model's Metadata in Dublin Core and EPUB 3 terms, the accessibility
metadata, and the way back.

A field goes to its standard home when its value fits there: ``dc:title``, ``dc:identifier``,
``dc:language`` (a well-formed BCP 47 tag), ``dc:publisher`` with ``publisher_en`` as its
English ``alternate-script``, ``dc:date``, ``dc:rights``, one ``dc:contributor`` per
contributor with a MARC relator code where the role has one. What no standard element holds
exactly (the printed date, address, telephone, fax, website, a contributor's role as printed,
an empty required value, a language tag EPUBCheck would refuse) goes to a
``digestconv:FIELD`` meta whose text is the value as a JSON string, so that even an empty or
blank value survives. The reader takes the standard element and lets that meta override it.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from typing import Any

from ...errors import ModelError
from ...model import Contributor, Metadata

PREFIX = "digestconv"
VOCABULARY = "https://digestconv.invalid/vocab#"  # a prefix needs an IRI; .invalid never resolves
DEFAULT_LANGUAGE = "zh-Hant-TW"
UNTITLED = "未命名"
ANONYMOUS = "佚名"
OPF_NS = "http://www.idpf.org/2007/opf"
DC_NS = "http://purl.org/dc/elements/1.1/"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPOCH = datetime.datetime(1980, 1, 1)  # the earliest time a zip entry can carry

_LANGUAGE_TAG = re.compile(
    r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-[A-Za-z]{2}|-[0-9]{3})?(-[A-Za-z0-9]{5,8}|-[0-9][A-Za-z0-9]{3})*"
)
_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
# MARC relator codes for the roles the compendium (and common documents) name.
_RELATORS = {
    "發行人": "pbl",
    "主編": "edt",
    "執行編輯": "edt",
    "編輯": "edt",
    "作者": "aut",
    "譯者": "trl",
    "author": "aut",
    "editor": "edt",
    "translator": "trl",
}
_NO_HOME = ("date_printed", "address", "telephone", "fax", "website")

SUMMARY = (
    "本電子書為可重排的文字出版品，符合 EPUB Accessibility 1.1 與 WCAG 2.2 AA 級。"
    "提供完整的巢狀目錄與地標導覽{pages}；章節標題依層級標記，報告的摘要資料以定義清單呈現，"
    "清單標號以文字呈現，註腳以 EPUB 3 註釋標記並附返回連結。全書無影像、聲音或動畫，無已知危害。"
)
PAGES_SUMMARY = "，以及對應印刷版頁碼的頁碼清單"


def _fits(value: str) -> bool:
    """Whether an OPF element can carry the value: it must not be empty after XML whitespace."""
    return bool(value.strip(" "))


def language(meta: Metadata) -> str:
    """The language the package and every document declare."""
    return meta.language if _LANGUAGE_TAG.fullmatch(meta.language) else DEFAULT_LANGUAGE


def identifier(meta: Metadata) -> str:
    """``dc:identifier``: the model's identifier (derived from the content by the reader)."""
    if _fits(meta.identifier):
        return meta.identifier
    return "urn:digestconv:" + hashlib.sha256(meta.identifier.encode()).hexdigest()[:32]


def title(meta: Metadata) -> str:
    return meta.title if _fits(meta.title) else UNTITLED


def modified(meta: Metadata) -> datetime.datetime:
    """``dcterms:modified`` from the source's own date (its first day), never the clock."""
    match = _DATE.fullmatch(meta.date)
    if match:
        year, month, day = (int(part) if part else 1 for part in match.groups())
        try:
            return datetime.datetime(year, month, day)
        except ValueError:
            pass
    return EPOCH


def add_metadata(book: Any, meta: Metadata, *, page_source: str) -> None:
    """Write ``meta`` and the accessibility metadata into an ebooklib book.

    ``page_source`` names the print edition the page-list follows ("" when there is no page-list).
    """
    book.IDENTIFIER_ID = "pub-id"
    book.set_identifier(identifier(meta))
    book.set_title(title(meta))
    book.set_language(language(meta))
    book.add_prefix(PREFIX, VOCABULARY)
    exact: dict[str, str] = {}
    for name, value, standard in (
        ("title", meta.title, title(meta)),
        ("identifier", meta.identifier, identifier(meta)),
        ("language", meta.language, language(meta)),
    ):
        if value != standard:
            exact[name] = value
    if _fits(meta.publisher):
        book.add_metadata("DC", "publisher", meta.publisher, {"id": "publisher"})
        if _fits(meta.publisher_en):
            _meta(book, "alternate-script", meta.publisher_en, refines="#publisher", **{XML_LANG: "en"})
        elif meta.publisher_en:
            exact["publisher_en"] = meta.publisher_en
    else:
        exact.update((k, getattr(meta, k)) for k in ("publisher", "publisher_en") if getattr(meta, k))
    if meta.date:  # the model holds ISO 8601 dates, which are W3CDTF
        book.add_metadata("DC", "date", meta.date)
    if _fits(meta.rights):
        book.add_metadata("DC", "rights", meta.rights)
    elif meta.rights:
        exact["rights"] = meta.rights
    exact.update((name, getattr(meta, name)) for name in _NO_HOME if getattr(meta, name))
    for name, value in exact.items():
        _meta(book, f"{PREFIX}:{name}", json.dumps(value, ensure_ascii=False))
    for n, person in enumerate(meta.contributors, 1):
        ref = f"contributor-{n}"
        book.add_metadata("DC", "contributor", person.name if _fits(person.name) else ANONYMOUS, {"id": ref})
        if person.role in _RELATORS:
            _meta(book, "role", _RELATORS[person.role], refines=f"#{ref}", scheme="marc:relators")
        if person.role:
            _meta(book, f"{PREFIX}:role", json.dumps(person.role, ensure_ascii=False), refines=f"#{ref}")
        if not _fits(person.name):
            _meta(book, f"{PREFIX}:name", json.dumps(person.name, ensure_ascii=False), refines=f"#{ref}")
    _accessibility(book, meta, page_source)


def _accessibility(book: Any, meta: Metadata, page_source: str) -> None:
    _meta(book, "schema:accessMode", "textual")
    _meta(book, "schema:accessModeSufficient", "textual")
    features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
    if page_source:
        features += ["pageNavigation", "printPageNumbers"]
    for feature in features:
        _meta(book, "schema:accessibilityFeature", feature)
    _meta(book, "schema:accessibilityHazard", "none")
    summary = SUMMARY.format(pages=PAGES_SUMMARY if page_source else "")
    _meta(book, "schema:accessibilitySummary", summary, **{XML_LANG: "zh-Hant-TW"})
    _meta(book, "dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.2 Level AA")
    if _fits(meta.publisher):
        _meta(book, "a11y:certifiedBy", meta.publisher)
    if page_source:
        _meta(book, "pageBreakSource", page_source)


def _meta(book: Any, prop: str, text: str, **attrs: str) -> None:
    book.add_metadata(None, "meta", text, {"property": prop, **attrs})


# --- reading -----------------------------------------------------------------------------------


def read_metadata(opf: Any) -> Metadata:
    """The model's Metadata from the root of an OPF that :func:`add_metadata` wrote (raises
    ModelError). Read with lxml from the OPF itself: ebooklib files every ``<meta>`` under one
    key and keeps no refinement order."""
    md = opf.find(f"{{{OPF_NS}}}metadata")
    if md is None:
        raise ModelError("the package has no <metadata>")
    exact: dict[str, str] = {}
    refinements: dict[str, dict[str, str]] = {}
    publisher_en = ""
    for meta in md.iterfind(f"{{{OPF_NS}}}meta"):
        prop, refines = meta.get("property", ""), meta.get("refines", "").removeprefix("#")
        if prop == "alternate-script" and refines == "publisher":
            publisher_en = meta.text or ""
        elif prop.startswith(f"{PREFIX}:"):
            value = _json_string(meta.text, prop)
            if refines:
                refinements.setdefault(refines, {})[prop] = value
            else:
                exact[prop.removeprefix(f"{PREFIX}:")] = value

    def dc(name: str) -> str:
        element = md.find(f"{{{DC_NS}}}{name}")
        return "" if element is None else element.text or ""

    contributors = []
    for element in md.iterfind(f"{{{DC_NS}}}contributor"):
        extra = refinements.get(element.get("id", ""), {})
        name = extra.get(f"{PREFIX}:name", element.text or "")
        contributors.append(Contributor(extra.get(f"{PREFIX}:role", ""), name))
    standard = {name: dc(name) for name in ("title", "identifier", "language", "publisher", "date", "rights")}
    values = {**standard, "publisher_en": publisher_en, **exact}
    unknown = (set(values) - set(Metadata.__dataclass_fields__)) | ({"contributors"} & set(exact))
    if unknown:
        raise ModelError(f"unknown digestconv metadata {sorted(unknown)}")
    return Metadata(**values, contributors=tuple(contributors))


def _json_string(text: str | None, prop: str) -> str:
    try:
        value = json.loads(text or "")
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, str):
        raise ModelError(f"metadata {prop}: expected a JSON string, got {text!r}")
    return value
