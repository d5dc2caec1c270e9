"""The TEI P5 edition: valid against tei_all, the header an archivist expects, an exact round
trip, and a reader that refuses what it should."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from digestconv import strategies
from digestconv.checks import tei as tei_check
from digestconv.errors import InputError
from digestconv.formats import jsonmodel
from digestconv.formats.registry import by_name, for_path
from digestconv.formats.tei import TeiOptions
from digestconv.formats.tei.names import TEI_NS, XML_ID
from digestconv.formats.tei.reader import from_bytes
from digestconv.formats.tei.writer import to_bytes
from digestconv.model import Division, Document, Metadata, Paragraph, Text, plain_text

from .conftest import SEED

NS = {"t": TEI_NS}
GENERATED = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def seed_xml(seed_parse) -> bytes:
    return to_bytes(seed_parse.document, TeiOptions(seed_parse.diagnostics))


@pytest.fixture(scope="module")
def seed_tree(seed_xml) -> etree._Element:
    return etree.fromstring(seed_xml)


def xpath(tree: etree._Element, path: str) -> list:
    return tree.xpath(path, namespaces=NS)


# --- validity ----------------------------------------------------------------------------------


def test_the_compendium_is_valid_tei_all_by_jing(seed_xml, tmp_path):
    path = tmp_path / "compendium.xml"
    path.write_bytes(seed_xml)
    result = tei_check.jing(path)
    assert result.passed, result.errors


def test_jing_catches_an_invalid_file(seed_xml, tmp_path):
    path = tmp_path / "broken.xml"
    path.write_bytes(seed_xml.replace(b"<availability>", b"<availability><shelfmark/>", 1))
    result = tei_check.jing(path)
    assert not result.passed and any("shelfmark" in error for error in result.errors)


def test_generated_documents_are_valid_tei_all_by_jing(tmp_path):
    """One jing run over many generated files (the JVM starts once)."""
    paths: list[Path] = []

    @GENERATED
    @given(strategies.documents())
    def write(doc: Document) -> None:
        path = tmp_path / f"generated-{len(paths)}.xml"
        path.write_bytes(to_bytes(doc, TeiOptions()))
        paths.append(path)

    write()
    result = tei_check.jing(*paths)
    assert result.passed, result.errors[:10]


@GENERATED
@given(strategies.documents())
def test_generated_documents_are_valid_and_round_trip_exactly(doc):
    data = to_bytes(doc, TeiOptions())
    validity = tei_check.relaxng(data)
    assert validity.passed, validity.errors[:5]
    assert from_bytes(data) == doc


def test_the_compendium_round_trips_exactly(seed_parse, seed_xml):
    assert from_bytes(seed_xml) == seed_parse.document


# --- the file itself ---------------------------------------------------------------------------


def test_deterministic_utf8_without_character_references(seed_parse, seed_xml):
    assert to_bytes(seed_parse.document, TeiOptions(seed_parse.diagnostics)) == seed_xml
    assert seed_xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n")
    assert b"&#" not in seed_xml
    assert "全球核能發電現況與發展趨勢".encode() in seed_xml


def test_indented_for_a_human_reader(seed_xml):
    lines = seed_xml.decode().splitlines()
    assert "  <teiHeader>" in lines and "    <front>" in lines
    assert "      <titleStmt>" in lines and '        <div type="report" xml:id="r2024-01" n="2024-01">' not in lines
    assert '      <div type="report" xml:id="r2024-01" n="2024-01">' in lines
    header = lines[1 : lines.index("  </teiHeader>")]
    assert all(line.lstrip().startswith("<") for line in header)  # one element per line


def test_xml_hostile_text_is_escaped_and_read_back():
    text = "a < b && c > \"d\" 'e' ]]> 𠀀"
    report = Division("report", "r1", "", (Text(text),), blocks=(Paragraph((Text(text),)),))
    doc = Document(Metadata("t & <t>", "urn:x"), body=(report,))
    data = to_bytes(doc, TeiOptions())
    assert b"&lt; b &amp;&amp; c &gt;" in data and "𠀀".encode() in data
    assert from_bytes(data) == doc


# --- the header --------------------------------------------------------------------------------


def test_title_statement_names_the_responsible_people(seed_tree):
    assert xpath(seed_tree, "string(//t:titleStmt/t:title)") == "中技社 113 年度 研究報告摘要彙編"
    people = [
        (s.findtext(f"{{{TEI_NS}}}resp"), s.findtext(f"{{{TEI_NS}}}name"))
        for s in xpath(seed_tree, "//t:titleStmt/t:respStmt")
    ]
    assert ("發行人", "潘文炎") in people and ("主編", "陳綠蔚") in people
    assert sum(1 for role, _ in people if role == "執行編輯") == 5


def test_publication_statement(seed_tree):
    stmt = xpath(seed_tree, "//t:publicationStmt")[0]
    assert xpath(stmt, "string(t:publisher[not(@xml:lang)])") == "財團法人中技社"
    assert xpath(stmt, "string(t:publisher[@xml:lang='en'])") == "CTCI FOUNDATION"
    assert "敦化南路" in xpath(stmt, "string(t:address/t:addrLine[not(@n)])")
    assert xpath(stmt, "string(t:address/t:addrLine[@n='telephone'])") == "886-2-2704-9805"
    assert xpath(stmt, "string(t:date/@when)") == "2025-02"
    assert "著作權" in xpath(stmt, "string(t:availability)")
    assert xpath(stmt, "string(t:idno)").startswith("urn:uuid:")


def test_source_description_keeps_the_printed_date(seed_tree):
    assert xpath(seed_tree, "string(//t:sourceDesc/t:bibl/t:date)") == "中華民國 114 年 02 月"


def test_encoding_description_names_the_tool_and_summarises_the_repairs(seed_tree, seed_parse):
    from digestconv import __version__

    assert xpath(seed_tree, "string(//t:application/@version)") == __version__
    decisions = xpath(seed_tree, "string(//t:editorialDecl)")
    joins = sum(1 for d in seed_parse.diagnostics if d.code == "page-break-join")
    assert joins == 65 and f"({joins} times;" in decisions
    for topic in ("Page breaks", "Headings", "Footnotes"):
        assert topic in decisions


def test_language_usage(seed_tree):
    assert xpath(seed_tree, "string(//t:langUsage/t:language/@ident)") == "zh-Hant-TW"
    assert seed_tree.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hant-TW"


# --- the text ----------------------------------------------------------------------------------


def test_reports_with_metadata_and_print_pages(seed_tree):
    reports = xpath(seed_tree, "//t:body/t:div[@type='report']")
    assert [r.get(XML_ID) for r in reports] == [f"r2024-{n:02d}" for n in range(1, 22)]
    first = reports[0]
    assert xpath(first, "string(t:head)") == "全球核能發電現況與發展趨勢"
    period = xpath(first, "t:bibl[@type='metadata']/t:date[@n='執行時間']")[0]
    assert (period.get("from"), period.get("to")) == ("2023-06", "2023-12")
    roles = xpath(first, "t:bibl[@type='metadata']/t:respStmt/t:resp/text()")
    assert roles[:2] == ["召集人", "研究團隊"]
    assert xpath(first, "t:pb/@n") == ["3"]


def test_sections_nest_with_printed_labels(seed_tree):
    section = xpath(seed_tree, "//t:div[@xml:id='r2024-01.3.1.1']")[0]
    assert section.get("n") == "1." and xpath(section, "string(t:head)") == "核能安全"
    assert xpath(section, "string(../@n)") == "(一)" and xpath(section, "string(../../@n)") == "三、"


def test_lists_notes_and_highlighting(seed_tree, truth):
    top_level = xpath(seed_tree, "//t:body//t:list[@rend][not(ancestor::t:item)]")
    assert len(top_level) == sum(report["lists"] for report in truth["reports"]) == 59
    assert len(xpath(seed_tree, "//t:note[@place='foot']")) == 4
    assert set(xpath(seed_tree, "//t:hi/@rend")) <= {"bold", "italic", "subscript", "superscript"}
    assert xpath(seed_tree, "//t:hi[@rend='subscript']")  # CO₂ and the like


def test_front_and_back_matter(seed_tree):
    assert xpath(seed_tree, "//t:front/t:div/@type")[:1] == ["titlepage"]
    assert {"copyright", "disclaimer"} <= set(xpath(seed_tree, "//t:back/t:div/@type"))


def test_every_character_of_the_model_is_in_the_file(seed_parse, seed_tree):
    text = "".join(seed_tree.itertext())
    for division in seed_parse.document.divisions():
        assert plain_text(division.title) in text


# --- the reader refuses --------------------------------------------------------------------------


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&f;</p></body></text></TEI>"""
EXTERNAL = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file:///etc/passwd"><!ENTITY remote SYSTEM "http://example.invalid/x">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&secret;&remote;</p></body></text></TEI>"""
RECURSIVE = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY a "&b;"><!ENTITY b "&a;">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>&a;</p></body></text></TEI>"""


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader>", "not well-formed XML"),
        (b"", "not well-formed XML"),
        (b"<html xmlns='http://www.w3.org/1999/xhtml'/>", "not a TEI document"),
        (b"<TEI/>", "not a TEI document"),
        (BILLION_LAUGHS, "DOCTYPE"),
        (EXTERNAL, "DOCTYPE"),
        (RECURSIVE, "DOCTYPE"),
    ],
    ids=["truncated", "empty", "xhtml", "no-namespace", "billion-laughs", "external-entities", "recursive-entities"],
)
def test_bad_input_is_a_clear_error(data, message):
    started = time.perf_counter()
    with pytest.raises(InputError, match=message) as caught:
        from_bytes(data, source="bad.xml")
    assert str(caught.value).startswith("bad.xml")
    assert time.perf_counter() - started < 5  # no expansion: a bomb is refused, not evaluated


def test_an_element_the_encoding_does_not_use_is_an_error_with_its_line(seed_xml):
    body = seed_xml.index(b"<body>")
    damaged = seed_xml[:body] + seed_xml[body:].replace(b"<p>", b"<p><unclear>?</unclear>", 1)
    line = damaged[: damaged.index(b"<unclear>")].count(b"\n") + 1
    with pytest.raises(InputError, match=r"<unclear> is not an inline") as caught:
        from_bytes(damaged, source="damaged.xml")
    assert caught.value.line == line


def test_stray_text_between_blocks_is_an_error_not_lost(seed_xml):
    damaged = seed_xml.replace(b"</head>", b"</head>stray words", 1)
    with pytest.raises(InputError, match="unexpected text 'stray words'"):
        from_bytes(damaged, source="damaged.xml")


def test_an_invalid_model_is_an_input_error(seed_xml):
    damaged = seed_xml.replace(b'target="#r2024-02"', b'target="#r2099-01"', 1)
    with pytest.raises(InputError, match="unknown division id 'r2099-01'"):
        from_bytes(damaged, source="damaged.xml")


# --- the command line --------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "digestconv", *args], capture_output=True, text=True, timeout=300)


def test_registered_by_extension():
    assert for_path("out.xml", purpose="write") is by_name("tei") is for_path("x.tei", purpose="read")


def test_cli_converts_to_tei_and_back_to_the_same_json(tmp_path, seed_xml):
    xml, via_tei, direct = tmp_path / "out.xml", tmp_path / "via-tei.json", tmp_path / "direct.json"
    assert run("convert", str(SEED), "-o", str(xml)).returncode == 0
    assert xml.read_bytes() == seed_xml  # the CLI records the reader's repairs too
    assert run("convert", str(xml), "-o", str(via_tei)).returncode == 0
    assert run("convert", str(SEED), "-o", str(direct)).returncode == 0
    assert jsonmodel.loads(via_tei.read_text()) == jsonmodel.loads(direct.read_text())


def test_cli_refuses_hostile_tei_and_writes_nothing(tmp_path):
    bad, out = tmp_path / "bomb.xml", tmp_path / "out.json"
    bad.write_bytes(BILLION_LAUGHS)
    result = run("convert", str(bad), "-o", str(out))
    assert result.returncode == 1
    assert "bomb.xml:1: a DOCTYPE declaration is not accepted" in result.stderr
    assert not out.exists() and "Traceback" not in result.stderr
