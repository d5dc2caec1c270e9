"""The DOCX edition: what the writer puts in the package, the reader, and round trips.

The independent checkers (openxml-audit, LibreOffice, pandoc) are in test_docx_checks.py.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from digestconv.cli import main
from digestconv.errors import DigestconvError, InputError
from digestconv.formats import jsonmodel
from digestconv.formats.docx import ooxml, read, write
from digestconv.formats.docx.normalize import normalize
from digestconv.model import (
    Contents,
    ContentsEntry,
    Contributor,
    Division,
    Document,
    Emphasis,
    Field,
    FieldList,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Metadata,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Strong,
    Subscript,
    Superscript,
    Text,
    validate,
    walk_divisions,
)
from digestconv.strategies import documents

from .conftest import SEED

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NS = {"w": W[1:-1]}
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def xml(data: bytes, name: str) -> etree._Element:
    return etree.fromstring(parts(data)[name])


def sample_document() -> Document:
    """A small document with every construct of the DOCX conventions (see formats/docx/conventions.py)."""
    para = Paragraph
    note_list = ListBlock(False, (ListItem("", (para((Text("注中清單"),)),)),))
    body = Division(
        "report",
        "r1",
        "2024-01",
        (Text("全球"), Emphasis((Text("核能"),))),
        meta=(Field("執行時間", (Text("2023.06~2023.12"),), "2023-06/2023-12"), Field("召集人", (Text("某人"),))),
        blocks=(PageBreak("3"),),
        children=(
            Division(
                "section",
                "r1.1",
                "一、",
                (Text("問題及目標"),),
                blocks=(
                    para((Text(" 𠀀<&>\"' "), Note("1", (para((Text("第一注"),)),)), Strong((Text("粗"),)))),
                    para((Text("H"), Subscript((Text("2"),)), Text("O"), Superscript((Text("3"),)), LineBreak())),
                    para((Link("https://example.org/?a=1&b=2", (Text("網站"),)), Link("#r1.1.1", (Text("內部"),)))),
                    para((Text("自訂標記"), Note("*", (note_list,)), Note("2", (para((Text("第二注"),)),)))),
                    ListBlock(
                        True,
                        (
                            ListItem(
                                "(一)",
                                (para((Text("第一項"),)), ListBlock(True, (ListItem("1.", (para((Text("子項"),)),)),))),
                            ),
                            ListItem("(二)", (Quote((para((Text("引文"),)),)), para((Text("續段"),)))),
                        ),
                    ),
                    ListBlock(False, (ListItem("", (para((Text("圓點"),)),)),)),
                    ListBlock(False, (ListItem("", (para((Text("相鄰清單"),)),)),)),
                    Quote((para((Text("獨立引文"),)), Quote((para((Text("巢狀"),)),)))),
                    FieldList((Field("電話", (Text("886-2"),)), Field("", ()))),
                    FieldList((Field("傳真", (Text("886-3"),), "2025"),)),
                ),
                children=(
                    Division(
                        "section",
                        "r1.1.1",
                        "(一)",
                        (Text("深層"),),
                        children=(Division("section", "r1.1.1.1", "", ()),),
                    ),
                ),
            ),
        ),
    )
    front = (
        Division("titlepage", "front-title", "", (Text("彙編"),), blocks=(para((Text("財團法人中技社"),)),)),
        Division(
            "contents",
            "front-contents",
            "",
            (Text("目 錄"),),
            blocks=(
                Contents((ContentsEntry("r1", "2024-01", (Text("全球核能"),), "3"), ContentsEntry("", "", (), ""))),
            ),
        ),
    )
    back = (Division("colophon", "back-colophon", "", (), blocks=(para((Text("版權頁"),)),)),)
    metadata = Metadata(
        "彙編", "urn:uuid:0", "zh-Hant-TW", "財團法人中技社", "CTCI", "2025-02", "中華民國 114 年 02 月",
        (Contributor("主編", "某"), Contributor("", "")), rights="©",
    )  # fmt: skip
    return validate(Document(metadata, front, (body,), back))


@pytest.fixture(scope="session")
def seed_docx(seed_parse) -> bytes:
    return write(seed_parse.document)


def styled(document: etree._Element, style: str) -> list[etree._Element]:
    return document.xpath(f"//w:body/w:p[w:pPr/w:pStyle/@w:val='{style}']", namespaces=NS)


def test_same_document_same_bytes_and_no_clock(seed_parse, seed_docx):
    assert write(seed_parse.document) == seed_docx
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"
    core = xml(seed_docx, "docProps/core.xml")
    # The compendium is dated 中華民國 114 年 02 月, that is 2025-02.
    assert core.findtext("{http://purl.org/dc/terms/}created") == "2025-02-01T00:00:00Z"
    assert core.findtext("{http://purl.org/dc/terms/}modified") == "2025-02-01T00:00:00Z"
    assert core.findtext("{http://purl.org/dc/elements/1.1/}title") == "中技社 113 年度 研究報告摘要彙編"
    assert core.findtext("{http://purl.org/dc/elements/1.1/}creator") == "財團法人中技社"
    assert core.findtext("{http://purl.org/dc/elements/1.1/}language") == "zh-Hant-TW"
    assert "全球核能發電現況與發展趨勢" in core.findtext("{http://purl.org/dc/elements/1.1/}subject")


def test_clean_package_without_the_default_template(seed_docx):
    names = set(parts(seed_docx))
    assert not any("stylesWithEffects" in n or "thumbnail" in n or n.startswith("customXml") for n in names)
    assert {"word/footnotes.xml", "word/numbering.xml", "docProps/custom.xml", "word/theme/theme1.xml"} <= names


def test_headings_follow_the_outline(seed_parse, seed_docx):
    document = xml(seed_docx, "word/document.xml")
    doc = seed_parse.document
    depths: dict[str, int] = {}

    def walk(divisions: tuple[Division, ...], depth: int) -> None:
        for d in divisions:
            depths[d.id] = depth
            walk(d.children, depth + 1)

    for part in (doc.front, doc.body, doc.back):
        walk(part, 1)
    headings = document.xpath("//w:body/w:p[starts-with(w:pPr/w:pStyle/@w:val, 'Heading')]", namespaces=NS)
    assert len(headings) == len(depths) - 1  # the title page has the Title style
    for p in headings:
        division_id = p.xpath("w:bookmarkStart/@w:name", namespaces=NS)[0]
        assert p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)[0] == f"Heading{depths[division_id]}"
    first_section = next(d for d in walk_divisions(doc.body) if d.label == "一、")
    p = document.xpath(f"//w:p[w:bookmarkStart/@w:name='{first_section.id}']", namespaces=NS)[0]
    assert "".join(p.xpath(".//w:t/text()", namespaces=NS)) == "一、問題及目標"  # the printed label, then the title
    styles = xml(seed_docx, "word/styles.xml")
    for n in range(1, 10):
        level = styles.xpath(f"//w:style[@w:styleId='Heading{n}']/w:pPr/w:outlineLvl/@w:val", namespaces=NS)
        assert level == [str(n - 1)]
    assert styles.xpath("//w:style[@w:styleId='Heading1']/w:pPr/w:pageBreakBefore", namespaces=NS)
    assert len(styled(document, "Title")) == 1


def test_lists_notes_links_and_runs(seed_parse, seed_docx):
    document = xml(seed_docx, "word/document.xml")
    items = document.xpath("//w:body/w:p[w:pPr/w:numPr]", namespaces=NS)
    assert len(items) == 252  # the seed's list items (tests/data/seed_truth.json counts their lists)
    labels = ["".join(p.xpath("w:r[following-sibling::w:r/w:tab][1]/w:t/text()", namespaces=NS)) for p in items]
    assert {"(一)", "1.", "(1)"} <= set(labels)
    numbering = xml(seed_docx, "word/numbering.xml")
    used = set(document.xpath("//w:numPr/w:numId/@w:val", namespaces=NS))
    assert used == set(numbering.xpath("//w:num/@w:numId", namespaces=NS))
    footnotes = xml(seed_docx, "word/footnotes.xml")
    assert len(document.xpath("//w:footnoteReference", namespaces=NS)) == 4
    assert len(footnotes.xpath("//w:footnote[not(@w:type)]", namespaces=NS)) == 4
    assert len(document.xpath("//w:r[w:rPr/w:vertAlign/@w:val='subscript']", namespaces=NS)) == 11
    assert document.xpath("//w:r[w:rPr/w:b]", namespaces=NS)
    rels = {rel.get("Id"): rel for rel in xml(seed_docx, "word/_rels/document.xml.rels")}
    links = document.xpath("//w:hyperlink/@r:id", namespaces={**NS, "r": RNS})
    assert len(links) == 2  # the foundation's website, on the staff page and the colophon
    for rid in links:
        assert rels[rid].get("Target") == "http://www.ctci.org.tw" and rels[rid].get("TargetMode") == "External"
    meta_lines = SEED.read_text(encoding="utf-8").count("◇")  # a report's metadata lines start with ◇
    assert len(styled(document, "DivisionMetadata")) == meta_lines


def test_toc_field_page_numbers_and_east_asian_settings(seed_docx):
    document = xml(seed_docx, "word/document.xml")
    instructions = "".join(document.xpath("//w:instrText/text()", namespaces=NS))
    assert instructions.strip() == 'TOC \\o "1-4" \\h \\z \\u'
    settings = xml(seed_docx, "word/settings.xml")
    assert settings.xpath("w:updateFields/@w:val", namespaces=NS) == ["true"]
    footers = [xml(seed_docx, n) for n in parts(seed_docx) if n.startswith("word/footer")]
    assert [f.xpath("//w:fldSimple/@w:instr", namespaces=NS) for f in footers] == [[" PAGE "]]
    assert document.xpath("//w:sectPr/w:titlePg", namespaces=NS)  # no page number on the title page
    styles = xml(seed_docx, "word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}rFonts").get(f"{W}eastAsia") == "PMingLiU"
    assert defaults.find(f"{W}lang").get(f"{W}eastAsia") == "zh-TW"
    fonts = xml(seed_docx, "word/fontTable.xml")
    assert fonts.xpath("//w:font[@w:name='PMingLiU']/w:altName/@w:val", namespaces=NS) == ["新細明體"]


def test_seed_round_trip_is_exact(seed_parse, seed_docx, tmp_path):
    path = tmp_path / "seed.docx"
    path.write_bytes(seed_docx)
    assert normalize(seed_parse.document) == seed_parse.document
    assert read(path) == seed_parse.document


def test_sample_round_trip(tmp_path):
    doc = sample_document()
    path = tmp_path / "sample.docx"
    path.write_bytes(write(doc))
    assert read(path) == normalize(doc) == doc


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_generated_documents_round_trip(tmp_path_factory, doc):
    data = write(doc)
    assert write(doc) == data
    path = tmp_path_factory.mktemp("docx") / "doc.docx"
    path.write_bytes(data)
    assert read(path) == normalize(doc)


def test_normalisation_is_the_canonical_nesting_of_runs(tmp_path):
    x = Text("x")
    doc = Document(
        Metadata("t", "id"),
        body=(
            Division(
                "report",
                "r1",
                "",
                (Emphasis((Strong((x,)),)),),
                blocks=(Paragraph((Superscript((Subscript((x,)),)), Strong((Strong((x,)),)))),),
            ),
        ),
    )
    path = tmp_path / "n.docx"
    path.write_bytes(write(doc))
    back = read(path)
    assert back.body[0].title == (Strong((Emphasis((x,)),)),)
    assert back.body[0].blocks == (Paragraph((Subscript((x,)), Strong((x,)))),)
    assert back == normalize(doc) != doc


def test_unreadable_files_are_input_errors(tmp_path, seed_docx):
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"not a zip")
    with pytest.raises(InputError, match=r"junk\.docx"):
        read(junk)
    stripped = tmp_path / "foreign.docx"  # a DOCX without digestconv's properties
    with zipfile.ZipFile(io.BytesIO(seed_docx)) as src, zipfile.ZipFile(stripped, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/custom.xml":
                data = data.split(b"<property")[0] + b"</Properties>"
            dst.writestr(info, data)
    with pytest.raises(InputError, match=r"foreign\.docx.*not written by digestconv"):
        read(stripped)


def test_cli_converts_to_docx_and_back(tmp_path, seed_parse):
    docx = tmp_path / "out.docx"
    assert main(["convert", str(SEED), "-o", str(docx)]) == 0
    model = tmp_path / "doc.json"
    assert main(["convert", str(docx), "-o", str(model)]) == 0
    assert jsonmodel.loads(model.read_text(encoding="utf-8")) == seed_parse.document


def test_markup_builders_escape_what_a_parser_would_change():
    """The writer writes markup (ooxml.el, text) and parses it: every value must come back as it
    was, markup characters, line ends and tabs included."""
    tricky = "a & b < c > d \" e ' f ]]> g \r h \r\n i \t j \n k &amp; 中 𠀀"
    holder = ooxml.root("p", ooxml.el("bookmarkStart", {"name": tricky, "r:id": tricky}), ooxml.run(ooxml.text(tricky)))
    start, run = holder
    assert start.get(ooxml.w("name")) == tricky and start.get(ooxml.r("id")) == tricky
    assert run[0].text == tricky and run[0].get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    assert ooxml.el("tab") == "<w:tab/>" and ooxml.run(ooxml.el("tab")) == "<w:r><w:tab/></w:r>"


_INNER = Note("2", (Paragraph((Text("b"),)),))


@pytest.mark.parametrize(
    ("note", "error"),
    [
        (Note("1", ()), "has no paragraph"),  # the footnote mark would go to the next paragraph
        (Note("1", (Paragraph((Text("a"), _INNER)),)), "inside a note"),
    ],
)
def test_notes_the_model_forbids_are_refused_not_misplaced(note, error):
    """``write`` may be given a document that was never validated: what the model forbids fails."""
    body = Division("report", "r1", "", (Text("題"),), (), (Paragraph((Text("正文"), note)),))
    doc = Document(Metadata("t", "urn:x:1"), (), (body,), ())
    with pytest.raises(DigestconvError, match=error):
        write(doc)


def test_a_character_xml_cannot_hold_is_a_value_error():
    body = Division("report", "r1", "", (Text("題"),), (), (Paragraph((Text("a\x01b"),)),))
    with pytest.raises(ValueError, match="cannot be written as XML"):
        write(Document(Metadata("t", "urn:x:1"), (), (body,), ()))
