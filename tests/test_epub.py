"""The EPUB 3 edition: round trips, navigation, metadata, determinism, and ebooklib's pitfalls.

EPUBCheck and Ace runs are in test_epub_checks.py. Expectations about the seed come from the
printed compendium (its contents page lists 21 reports with their print pages), not from this
writer's output.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from digestconv import strategies
from digestconv.errors import DigestconvError, InputError
from digestconv.formats.epub import FORMAT, EpubOptions, read, write
from digestconv.formats.registry import for_path, formats
from digestconv.model import Contents, Division, Document, Metadata, Note, Text

from .conftest import ROOT, SEED

XHTML = "http://www.w3.org/1999/xhtml"
OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
NS = {"h": XHTML, "epub": "http://www.idpf.org/2007/ops", "opf": OPF, "dc": DC, "ncx": NCX}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

ROUND_TRIP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class Book:
    """An EPUB opened for inspection: its zip, OPF, nav and documents as parsed XML."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.zip = zipfile.ZipFile(io.BytesIO(data))
        self.opf = self.xml("EPUB/content.opf")
        self.nav = self.xml("EPUB/nav.xhtml")

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.zip.read(name))

    def spine_documents(self) -> list[str]:
        hrefs = {item.get("id"): item.get("href") for item in self.opf.iterfind(".//opf:item", NS)}
        return [f"EPUB/{hrefs[ref.get('idref')]}" for ref in self.opf.iterfind(".//opf:itemref", NS)]

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.iterfind(f".//opf:meta[@property='{prop}']", NS)]

    def target(self, href: str) -> etree._Element:
        """The element a nav href points at."""
        name, _, fragment = href.partition("#")
        doc = self.xml(f"EPUB/{name}")
        if not fragment:
            return doc
        [element] = doc.xpath(f"//*[@id='{fragment}']")
        return element


@pytest.fixture(scope="module")
def seed_doc(seed_parse) -> Document:
    return seed_parse.document


@pytest.fixture(scope="module")
def seed_epub(seed_doc) -> Book:
    return Book(write(seed_doc))


def read_bytes(data: bytes, tmp_path: Path) -> Document:
    path = tmp_path / "book.epub"
    path.write_bytes(data)
    return read(path)


# --- round trip --------------------------------------------------------------------------------


@ROUND_TRIP
@given(strategies.documents())
def test_round_trip_of_generated_documents_is_exact(tmp_path_factory, doc):
    data = write(doc, EpubOptions(vertical=len(doc.body) % 2 == 0))
    assert read_bytes(data, tmp_path_factory.mktemp("rt")) == doc
    nav = Book(data).nav
    assert not [ol for ol in nav.iter(f"{{{XHTML}}}ol") if not len(ol)], "an empty <ol> in nav.xhtml"


@pytest.mark.parametrize("vertical", [False, True])
def test_round_trip_of_the_compendium_is_exact(seed_doc, tmp_path, vertical):
    assert read_bytes(write(seed_doc, EpubOptions(vertical=vertical)), tmp_path) == seed_doc


def test_cli_converts_compendium_to_epub_and_back_to_the_same_json(tmp_path):
    def run(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "digestconv.cli", *args], check=True, cwd=tmp_path, timeout=120)

    run("convert", str(SEED), "-o", "out.epub")
    run("convert", "out.epub", "-o", "doc.json")
    run("convert", str(SEED), "-o", "direct.json")
    assert (tmp_path / "doc.json").read_bytes() == (tmp_path / "direct.json").read_bytes()


def test_build_writes_the_epub_edition(tmp_path, seed_doc):
    from digestconv.cli import main

    assert main(["build", str(SEED), "-o", str(tmp_path)]) == 0
    assert (tmp_path / "compendium-2024.epub").read_bytes() == write(seed_doc)


def test_registered_as_a_format_with_options():
    assert formats()["epub"] is FORMAT and FORMAT.options is EpubOptions
    assert for_path("book.epub", purpose="read") is FORMAT and for_path("book.EPUB", purpose="write") is FORMAT


# --- determinism (ebooklib pitfall: zip entries and dcterms:modified take the clock) ------------


def test_same_input_gives_identical_bytes_whatever_the_clock(seed_doc, monkeypatch):
    first = write(seed_doc)
    monkeypatch.setattr(time, "time", lambda: 2_000_000_000.0)  # 2033: zipfile and ebooklib read it
    assert write(seed_doc) == first


def test_identical_bytes_across_processes(tmp_path):
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / f"{hash_seed}.epub"
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        subprocess.run(
            [sys.executable, "-m", "digestconv.cli", "convert", str(SEED), "-o", str(out)], check=True, env=env
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_dates_come_from_the_source_not_the_clock(seed_epub):
    # The compendium is dated 中華民國 114 年 02 月 = 2025-02.
    assert {info.date_time for info in seed_epub.zip.infolist()} == {(2025, 2, 1, 0, 0, 0)}
    assert seed_epub.meta("dcterms:modified") == ["2025-02-01T00:00:00Z"]


def test_ocf_container_layout(seed_epub):
    first = seed_epub.zip.infolist()[0]
    assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
    assert seed_epub.zip.read("mimetype") == b"application/epub+zip"


# --- ebooklib pitfalls --------------------------------------------------------------------------


def test_page_list_holds_the_print_pages_and_no_footnotes(seed_epub, seed_doc):
    [contents] = [b for d in seed_doc.front for b in d.blocks if isinstance(b, Contents)]
    printed = [entry.page for entry in contents.entries]
    assert len(printed) == 21 and printed[:3] == ["3", "8", "13"]
    links = seed_epub.nav.xpath("//h:nav[@epub:type='page-list']//h:a", namespaces=NS)
    assert [a.text for a in links] == printed
    for a, entry in zip(links, contents.entries, strict=True):
        marker = seed_epub.target(a.get("href"))
        assert marker.get(f"{{{NS['epub']}}}type") == "pagebreak" and marker.get("aria-label") == entry.page
        assert marker.getparent().get("id") == entry.target  # the report it starts
    assert seed_epub.meta("pageBreakSource") == ["中技社 113 年度 研究報告摘要彙編（印刷版）"]


def test_ebooklib_own_page_list_would_have_taken_the_footnotes(seed_epub):
    """The pitfall is real for our markup: ebooklib's get_pages lists footnotes as pages."""
    from ebooklib import epub, utils

    item = epub.EpubHtml(file_name="r.xhtml", content=seed_epub.zip.read("EPUB/010-r2024-06.xhtml"))
    found = {pageref for _, pageref, _ in utils.get_pages(item)}
    assert any(ref.startswith("note") for ref in found)


def test_documents_are_written_verbatim_not_reparsed(seed_epub):
    """EpubHtml.get_content() would drop body attributes (and give b"" on a parse error)."""
    from ebooklib import epub

    book = epub.EpubBook()
    empty = book.add_item(epub.EpubHtml(file_name="a.xhtml", content=b""))
    reparsed = book.add_item(epub.EpubHtml(file_name="b.xhtml", content=seed_epub.zip.read("EPUB/005-r2024-01.xhtml")))
    assert empty.get_content() == b"" and b"bodymatter" not in reparsed.get_content()  # the pitfall is real
    documents = seed_epub.spine_documents()
    assert documents[:2] == ["EPUB/cover.xhtml", "EPUB/nav.xhtml"]
    assert len(documents) == 2 + 28  # then every top-level division
    for name in documents[2:]:
        html = seed_epub.xml(name)
        body = html.find(f"{{{XHTML}}}body")
        assert body.get(f"{{{NS['epub']}}}type") in {"frontmatter", "bodymatter", "backmatter"}
        assert body.find(f"{{{XHTML}}}section") is not None
        assert html.xpath("h:head/h:link/@href", namespaces=NS) == ["css/epub.css"]


def test_a_damaged_chapter_is_an_error_not_an_empty_chapter(seed_doc, tmp_path):
    source = zipfile.ZipFile(io.BytesIO(write(seed_doc)))
    damaged = io.BytesIO()
    with zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "EPUB/005-r2024-01.xhtml":
                data = data[: len(data) // 2]
            target.writestr(info, data)
    with pytest.raises(InputError, match=r"005-r2024-01\.xhtml.*not well-formed"):
        read_bytes(damaged.getvalue(), tmp_path)


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # ebooklib's unclosed zip
def test_a_failed_write_raises(seed_doc, monkeypatch):
    from ebooklib import epub

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_full)
    buffer = io.BytesIO()
    with pytest.warns(UserWarning):  # ebooklib's own write_epub swallows it: the pitfall is real
        assert epub.write_epub(buffer, epub.EpubBook()) is False
    gc.collect()  # ebooklib also leaves its zip open: let it close now, while its buffer lives
    with pytest.raises(DigestconvError, match="No space left"):
        write(seed_doc)


def test_no_empty_navigation_lists_for_a_minimal_document():
    doc = Document(Metadata("t", "urn:x:1"), body=(Division("report", "r", "", (Text("r"),)),))
    book = Book(write(doc))
    assert not book.nav.xpath("//h:ol[not(h:li)]", namespaces=NS)
    assert not book.nav.xpath("//h:nav[@epub:type='page-list']", namespaces=NS)
    assert book.meta("pageBreakSource") == []
    assert "pageNavigation" not in book.meta("schema:accessibilityFeature")


# --- navigation ---------------------------------------------------------------------------------


def test_toc_is_the_whole_nested_outline_with_labels(seed_epub, seed_doc):
    [toc] = seed_epub.nav.xpath("//h:nav[@epub:type='toc']", namespaces=NS)
    assert toc.get("role") == "doc-toc"

    def tree(ol: etree._Element) -> list:
        return [
            (
                li.find(f"{{{XHTML}}}a").get("href"),
                tree(li.find(f"{{{XHTML}}}ol")) if li.find(f"{{{XHTML}}}ol") is not None else [],
            )
            for li in ol
        ]

    def expected(divisions) -> list:
        return [(d.id, expected(d.children)) for d in divisions]

    outline = tree(toc.find(f"{{{XHTML}}}ol"))
    assert outline[0] == ("cover.xhtml", [])

    def ids(nodes) -> list:
        return [(href.partition("#")[2], ids(children)) for href, children in nodes]

    assert ids(outline[1:]) == expected(seed_doc.front + seed_doc.body + seed_doc.back)
    first_report = toc.xpath(".//h:a[contains(@href, '#r2024-01')]", namespaces=NS)[0]
    assert first_report.text == "2024-01 全球核能發電現況與發展趨勢"
    assert toc.xpath(".//h:a[contains(@href, '#r2024-01.1')]/text()", namespaces=NS) == ["一、 問題及目標"]
    for a in toc.iter(f"{{{XHTML}}}a"):
        seed_epub.target(a.get("href"))  # every entry resolves


def test_landmarks(seed_epub):
    marks = seed_epub.nav.xpath("//h:nav[@epub:type='landmarks']//h:a", namespaces=NS)
    types = [a.get(f"{{{NS['epub']}}}type") for a in marks]
    assert types == ["cover", "titlepage", "toc", "bodymatter", "copyright-page"]
    kinds = [seed_epub.target(a.get("href")) for a in marks]
    assert kinds[1].get("data-kind") == "titlepage" and kinds[4].get("data-kind") == "copyright"
    assert kinds[3].find(f".//{{{XHTML}}}section").get("id") == "r2024-01"


def test_ncx_for_older_readers(seed_epub, seed_doc):
    ncx = seed_epub.xml("EPUB/toc.ncx")
    points = ncx.findall(".//ncx:navPoint", NS)
    assert len(points) == 1 + sum(1 for _ in seed_doc.divisions())
    assert [int(p.get("playOrder")) for p in points] == list(range(1, len(points) + 1))
    [uid] = ncx.xpath("//ncx:meta[@name='dtb:uid']/@content", namespaces=NS)
    assert uid == seed_epub.opf.findtext(".//dc:identifier", namespaces=NS)
    assert seed_epub.opf.find(".//opf:spine", NS).get("toc") == "ncx"


def test_every_document_declares_zh_hant_tw(seed_epub):
    names = [n for n in seed_epub.zip.namelist() if n.endswith(".xhtml")]
    assert "EPUB/nav.xhtml" in names and "EPUB/cover.xhtml" in names
    for name in names:
        html = seed_epub.xml(name)
        assert (html.get("lang"), html.get(XML_LANG)) == ("zh-Hant-TW", "zh-Hant-TW"), name
    assert seed_epub.opf.get(XML_LANG) == "zh-Hant-TW"
    assert seed_epub.opf.findtext(".//dc:language", namespaces=NS) == "zh-Hant-TW"


def _notes(node: object) -> int:
    """How many notes a model subtree holds."""
    if isinstance(node, tuple):
        return sum(map(_notes, node))
    if not dataclasses.is_dataclass(node):
        return 0
    own = isinstance(node, Note)
    return own + sum(_notes(getattr(node, f.name)) for f in dataclasses.fields(node))


def test_footnotes_stay_in_their_report(seed_epub, seed_doc):
    assert _notes(seed_doc) == 4  # the source has four footnotes
    per_file = {}
    for name in seed_epub.spine_documents()[2:]:
        doc = seed_epub.xml(name)
        refs = doc.xpath("//h:a[@epub:type='noteref']/@href", namespaces=NS)
        asides = doc.xpath("//h:aside[@epub:type='footnote']/@id", namespaces=NS)
        assert sorted(r.removeprefix("#") for r in refs) == sorted(asides)
        per_file[doc.find(f".//{{{XHTML}}}section").get("id")] = len(asides)
    assert per_file == {d.id: _notes(d) for d in seed_doc.front + seed_doc.body + seed_doc.back}


# --- metadata -----------------------------------------------------------------------------------


def test_catalogue_metadata(seed_epub, seed_doc):
    opf = seed_epub.opf
    assert opf.findtext(".//dc:title", namespaces=NS) == "中技社 113 年度 研究報告摘要彙編"
    assert opf.findtext(".//dc:identifier", namespaces=NS) == seed_doc.metadata.identifier
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", seed_doc.metadata.identifier)
    assert opf.findtext(".//dc:publisher", namespaces=NS) == "財團法人中技社"
    assert opf.findtext(".//dc:date", namespaces=NS) == "2025-02"
    names = [c.text for c in opf.iterfind(".//dc:contributor", NS)]
    assert names == ["潘文炎", "陳綠蔚", "曾志煌", "楊顯整", "芮嘉瑋", "陳潔儀", "江建將"]
    roles = opf.xpath("//opf:meta[@property='role' and @refines='#contributor-2']/text()", namespaces=NS)
    assert roles == ["edt"]  # 主編, the editor


def test_accessibility_metadata(seed_epub):
    assert seed_epub.meta("schema:accessMode") == ["textual"]
    assert seed_epub.meta("schema:accessModeSufficient") == ["textual"]
    features = set(seed_epub.meta("schema:accessibilityFeature"))
    assert {"structuralNavigation", "tableOfContents", "readingOrder", "pageNavigation", "printPageNumbers"} <= features
    assert seed_epub.meta("schema:accessibilityHazard") == ["none"]
    [summary] = seed_epub.opf.xpath("//opf:meta[@property='schema:accessibilitySummary']", namespaces=NS)
    assert summary.get(XML_LANG) == "zh-Hant-TW" and re.search(r"[\u4e00-\u9fff]{10}", summary.text)
    assert seed_epub.meta("dcterms:conformsTo") == ["EPUB Accessibility 1.1 - WCAG 2.2 Level AA"]
    assert len(seed_epub.meta("dcterms:modified")) == 1  # ebooklib must not add a second one


# --- presentation -------------------------------------------------------------------------------


def test_css_comes_from_styles(seed_epub):
    assert seed_epub.zip.read("EPUB/css/epub.css") == (ROOT / "styles" / "epub.css").read_bytes()
    assert "EPUB/css/epub-vertical.css" not in seed_epub.zip.namelist()
    assert seed_epub.opf.find(".//opf:spine", NS).get("page-progression-direction") is None


def test_vertical_writing_option(seed_doc):
    book = Book(write(seed_doc, EpubOptions(vertical=True)))
    assert book.opf.find(".//opf:spine", NS).get("page-progression-direction") == "rtl"
    assert "writing-mode: vertical-rl" in book.zip.read("EPUB/css/epub-vertical.css").decode()
    for name in book.spine_documents():
        links = book.xml(name).xpath("h:head/h:link/@href", namespaces=NS)
        assert links == ["css/epub.css", "css/epub-vertical.css"], name


def test_cover_carries_title_and_publisher(seed_epub):
    cover = seed_epub.xml("EPUB/cover.xhtml")
    text = "".join(cover.find(f"{{{XHTML}}}body").itertext())
    assert "中技社 113 年度 研究報告摘要彙編" in text and "財團法人中技社" in text and "中華民國 114 年 02 月" in text


# --- reader errors ------------------------------------------------------------------------------


def test_reading_something_else_names_the_file(tmp_path):
    bogus = tmp_path / "notes.epub"
    bogus.write_text("not a zip", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.epub: not a readable EPUB"):
        read(bogus)
    with pytest.raises(InputError, match="no such file"):
        read(tmp_path / "missing.epub")
