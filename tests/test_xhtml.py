"""The shared model → XHTML step: the markup each construct gets, and its strict inverse.

Expected markup is written out by hand from the EPUB 3 / DPUB-ARIA conventions the issue asks
for (noteref → footnote aside with a backlink, definition lists, printed labels, pagebreaks).
"""

from __future__ import annotations

import pytest
from lxml import etree

from digestconv import xhtml
from digestconv.model import (
    Division,
    Field,
    FieldList,
    Link,
    ListBlock,
    ListItem,
    Note,
    PageBreak,
    Paragraph,
    Strong,
    Text,
)
from digestconv.xhtml.vocab import EPUB_NS, XHTML_NS

from .conftest import ROOT

NS = {"h": XHTML_NS, "epub": EPUB_NS}
EPUB_TYPE = f"{{{EPUB_NS}}}type"


def render(division: Division) -> etree._Element:
    """The division as a complete document, serialised and parsed again (what a reader gets)."""
    ids = xhtml.Ids(d.id for d in _walk(division))
    out = xhtml.Renderer(ids, lambda target: f"other.xhtml#{target}").render(division)
    html = xhtml.page([out.section, *out.asides], title="t", lang="zh-Hant-TW", stylesheets=["css/epub.css"])
    return etree.fromstring(xhtml.serialize(html))


def round_trip(division: Division) -> Division:
    return xhtml.read_division(xhtml.body_of(render(division)))


def _walk(division: Division):
    yield division
    for child in division.children:
        yield from _walk(child)


def report(*blocks, meta=(), children=(), label="2024-06", title="報告") -> Division:
    return Division("report", "r1", label, (Text(title),), meta, tuple(blocks), tuple(children))


def test_note_is_an_epub3_footnote_in_the_same_document_with_a_backlink():
    note = Note("1", (Paragraph((Text("註腳本文"),)),))
    doc = render(report(Paragraph((Text("正文"), note, Text("續"))), label=""))
    [ref] = doc.xpath("//h:a[@epub:type='noteref']", namespaces=NS)
    assert ref.get("role") == "doc-noteref" and ref.text == "1" and ref.tail == "續"
    [aside] = doc.xpath("//h:aside", namespaces=NS)
    assert ref.get("href") == "#" + aside.get("id")
    assert aside.get(EPUB_TYPE) == "footnote" and aside.get("role") == "doc-footnote"
    [back] = aside.xpath(".//h:a[@role='doc-backlink']", namespaces=NS)
    assert back.get("href") == "#" + ref.get("id")
    assert "".join(aside.itertext()).strip() == "1註腳本文"
    assert not doc.xpath("//h:sup", namespaces=NS)  # the raised number is CSS, not a Superscript


def test_report_metadata_is_a_definition_list():
    meta = (Field("專題報告編號", (Text("2024-06"),)), Field("執行時間", (Text("2021.06~2024.03"),), "2021-06/2024-03"))
    doc = render(report(meta=meta))
    [dl] = doc.xpath("//h:dl", namespaces=NS)
    assert [(el.tag.split("}")[1], el.text) for el in dl] == [
        ("dt", "專題報告編號"),
        ("dd", "2024-06"),
        ("dt", "執行時間"),
        ("dd", "2021.06~2024.03"),
    ]
    assert dl[3].get("data-normalized") == "2021-06/2024-03"
    assert not doc.xpath("//h:ul | //h:li", namespaces=NS)


def test_list_labels_are_printed_text_not_counters():
    items = (
        ListItem("(一)", (Paragraph((Text("第一項"),)),)),
        ListItem("(二)", (ListBlock(True, (ListItem("1.", (Paragraph((Text("細項"),)),)),)),)),
    )
    doc = render(report(ListBlock(True, items)))
    outer = doc.xpath("//h:section/h:ol", namespaces=NS)[0]
    first, second = outer.findall(f"{{{XHTML_NS}}}li")
    assert "".join(first.itertext()).strip() == "(一)第一項"
    assert first.xpath("h:p/h:span[@class='label']/text()", namespaces=NS) == ["(一)"]
    # An item opening with a nested list carries its label before it.
    assert second.xpath("h:span[@class='label']/text()", namespaces=NS) == ["(二)"]
    assert second.xpath(".//h:li/h:p/h:span[@class='label']/text()", namespaces=NS) == ["1."]
    css = (ROOT / "styles" / "epub.css").read_text(encoding="utf-8")
    assert "counter(" not in css and "counter-" not in css and "ol { list-style: none; }" in css


def test_heading_level_follows_depth_and_stops_at_h6():
    deepest = Division("section", "s8", "", (Text("8"),))
    for depth in range(7, 1, -1):
        deepest = Division("section", f"s{depth}", "", (Text(str(depth)),), children=(deepest,))
    doc = render(report(children=(deepest,), title="1"))
    levels = [
        (h.tag.split("}")[1], h.xpath("string()")) for h in doc.iter(*(f"{{{XHTML_NS}}}h{n}" for n in range(1, 7)))
    ]
    expected = [("h1", "2024-061"), *((f"h{n}", str(n)) for n in range(2, 7)), ("h6", "7"), ("h6", "8")]
    assert levels == expected
    assert round_trip(report(children=(deepest,), title="1")) == report(children=(deepest,), title="1")


def test_page_break_marker_precedes_the_heading_and_is_labelled():
    doc = render(report(PageBreak("31"), Paragraph((Text("正文"),))))
    section = doc.find(f".//{{{XHTML_NS}}}section")
    marker, heading = section[0], section[1]
    assert marker.tag == f"{{{XHTML_NS}}}span" and heading.tag == f"{{{XHTML_NS}}}h1"
    assert marker.get(EPUB_TYPE) == "pagebreak" and marker.get("role") == "doc-pagebreak"
    assert marker.get("aria-label") == "31" and marker.get("id")
    assert round_trip(report(PageBreak("31"), Paragraph((Text("正文"),)))).blocks[0] == PageBreak("31")


def test_lang_and_xml_lang_on_the_document():
    html = render(report())
    assert html.get("lang") == "zh-Hant-TW"
    assert html.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-Hant-TW"


def test_generated_ids_step_around_division_ids():
    clash = Division("section", "page-1", "", (Text("s"),), blocks=(PageBreak("2"),))
    note = Note("1", (Paragraph((Text("n"),)),))
    division = Division("report", "note-1", "", (Text("r"),), blocks=(Paragraph((note,)),), children=(clash,))
    ids = [el.get("id") for el in render(division).iter() if el.get("id")]
    assert len(ids) == len(set(ids)) == 5  # two divisions, one page, a note and its reference
    assert round_trip(division) == division


def test_only_absolute_web_and_mail_urls_become_href():
    links = (
        Link("http://www.ctci.org.tw", (Text("a"),)),
        Link("#sec-1", (Text("b"),)),
        Link("https://例え.jp/路径", (Text("c"),)),
        Link("mailto:someone@example.org", (Text("d"),)),
    )
    doc = render(report(Paragraph(links)))
    anchors = doc.xpath("//h:p/h:a", namespaces=NS)
    assert [(a.get("href"), a.get("data-target")) for a in anchors] == [
        ("http://www.ctci.org.tw", None),
        (None, "#sec-1"),
        ("https://xn--r8jz45g.jp/%E8%B7%AF%E5%BE%84", "https://例え.jp/路径"),  # an IRI: its URI form, kept as written
        ("mailto:someone@example.org", None),
    ]
    assert round_trip(report(Paragraph(links))).blocks == (Paragraph(links),)


def test_division_without_label_or_title_has_no_empty_heading():
    staff = Division("staff", "front-staff", "", (), blocks=(FieldList((Field("電話", (Text("1"),)),)),))
    doc = render(staff)
    assert not doc.xpath("//h:h1", namespaces=NS)
    assert doc.find(f".//{{{XHTML_NS}}}section").get("aria-label") == "編輯與聯絡資訊"
    assert round_trip(staff) == staff


def test_text_keeps_every_space_and_hostile_character():
    text = "  <&>\"' 　\u00a0𠀀\u2028 "
    division = report(Paragraph((Strong((Text(text),)), Text(text))))
    assert round_trip(division) == division


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<section id="a" data-kind="report"><table/></section>', "not a block"),
        ('<section id="a" data-kind="report">loose text</section>', "outside a paragraph"),
        ('<section id="a" data-kind="report"><p><blink>x</blink></p></section>', "not an inline"),
        ('<section id="a"><p>x</p></section>', "data-kind"),
        ('<section id="a" data-kind="r"><p><a class="noteref" href="#n">1</a></p></section>', "missing footnote"),
    ],
)
def test_parser_refuses_markup_it_does_not_write(body, message):
    data = f'<html xmlns="{XHTML_NS}"><body>{body}</body></html>'.encode()
    with pytest.raises(xhtml.MarkupError, match=message):
        xhtml.read_division(xhtml.body_of(xhtml.parse_xhtml(data)))


def test_malformed_xhtml_is_an_error_not_an_empty_document():
    with pytest.raises(xhtml.MarkupError, match="not well-formed"):
        xhtml.parse_xhtml(b"<html><body><p>cut off")
