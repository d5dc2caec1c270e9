"""A link to an IRI (a Chinese host, path, query and fragment) in every edition.

The model keeps link targets as written (IRIs included, as the compendium reader finds them). Each
edition must carry such a link so that its checker passes it and its reader gives the address back
unchanged. The EPUB and the PDF, whose link actions hold 7-bit ASCII, link to the IRI's URI form
(RFC 3987), so a reader can follow the link, and keep the IRI itself beside it.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

import digestconv
from digestconv.checks import docx as docx_check
from digestconv.checks import epub as epub_check
from digestconv.checks import tei as tei_check
from digestconv.model import Division, Document, Link, Metadata, Paragraph, Text
from digestconv.xhtml.markup import web_address

IRI = "http://例子.tw/報告/第一章?頁=2&版=新#第一節"
# RFC 3987's mapping: the host in IDNA (xn--fsqu00a, as markdown-it's own port of punycode.js
# also gives it), the rest percent-encoded UTF-8 (報 is E5 A0 B1).
URI = (
    "http://xn--fsqu00a.tw/%E5%A0%B1%E5%91%8A/%E7%AC%AC%E4%B8%80%E7%AB%A0"
    "?%E9%A0%81=2&%E7%89%88=%E6%96%B0#%E7%AC%AC%E4%B8%80%E7%AF%80"
)


@pytest.fixture(scope="module")
def doc() -> Document:
    paragraph = Paragraph((Text("詳見"), Link(IRI, (Text("報告全文"),)), Text("。")))
    report = Division("report", "r2024-01", "2024-01", (Text("連結測試"),), blocks=(paragraph,))
    return Document(Metadata("連結測試", "urn:uuid:2f1c3a52-53b4-5d4e-9c57-1b1f1c6a0e01"), body=(report,))


@pytest.fixture(scope="module")
def editions(doc, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("iri")
    return {ext: digestconv.write(doc, out / f"links.{ext}") for ext in ("epub", "docx", "xml", "json", "pdf")}


@pytest.mark.parametrize(
    ("target", "href"),
    [
        (IRI, URI),
        ("https://example.org/a?b=1#frag", "https://example.org/a?b=1#frag"),
        ("http://example.org:8080/%E4%B8%AD", "http://example.org:8080/%E4%B8%AD"),
        ("mailto:someone@example.org", "mailto:someone@example.org"),
        ("#r-1", None),  # within the document: not a web address
        ("../other.xhtml", None),
        ("urn:isbn:9789570000000", None),
        ("http://例子..tw/", None),  # an empty label: IDNA cannot encode the host
        ("http://example.org:65536/", None),  # no such port
        ("http://a..b/", None),
        ("http://example.com／evil.org/報告", None),  # IDNA would make the ／ a delimiter
        ("http://例子.tw？q=1", None),
        ("http://例子.tw：80/", None),
        ("http://例子.tw:80/報", "http://xn--fsqu00a.tw:80/%E5%A0%B1"),
        ("http://faß.de/報", None),  # IDNA 2003 and browsers read ß differently
        ("HTTP://例子.tw/", None),
    ],
)
def test_web_address(target, href):
    assert web_address(target) == href


def test_the_epub_links_to_the_uri_and_keeps_the_iri(editions):
    with zipfile.ZipFile(editions["epub"]) as book:
        pages = [book.read(name) for name in book.namelist() if name.endswith(".xhtml")]
    anchors = [a for page in pages for a in etree.fromstring(page).iter("{*}a") if a.get("data-target") == IRI]
    assert [a.get("href") for a in anchors] == [URI]


@pytest.mark.parametrize("ext", ["epub", "docx", "xml", "json", "pdf"])
def test_each_reader_gives_the_address_back_as_written(editions, doc, ext):
    back = digestconv.read(editions[ext])
    links = [node for node in back.body[0].blocks[0].inlines if isinstance(node, Link)]  # type: ignore[union-attr]
    assert [link.target for link in links] == [IRI]


def test_epubcheck_passes_the_link(editions):
    result = epub_check.epubcheck(editions["epub"])
    assert result.passed and not result.errors and not result.warnings, result.errors + result.warnings


def test_tei_all_passes_the_link(editions):
    result = tei_check.jing(editions["xml"])
    assert result.passed, result.errors


def test_openxml_audit_passes_the_link(editions):
    result = docx_check.openxml_audit(editions["docx"])
    assert result.passed, result.errors


def test_the_pdf_link_action_holds_the_uri_and_describes_the_iri(editions):
    with pikepdf.open(editions["pdf"]) as pdf:
        links = [
            (bytes(annot.A.URI), str(annot.Contents))
            for page in pdf.pages
            for annot in page.get("/Annots", [])
            if annot.get("/Subtype") == "/Link" and "/A" in annot
        ]
    assert links == [(URI.encode("ascii"), f"報告全文（{IRI}）")]  # its description names the IRI
