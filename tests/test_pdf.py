"""The PDF/UA-1 edition: round trips, the structure tree repairs, fonts, determinism, print design.

Each repair of WeasyPrint's tagging (see digestconv/formats/pdf/structure.py) is proved by
reading the tree back, and the gap it repairs is shown on WeasyPrint's own output first. The
checkers (page-validation, outloud, pdfinfo) run in test_pdf_checks.py.
"""

from __future__ import annotations

import gc
import io
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from lxml import etree

from digestconv import strategies
from digestconv.checks import pdf as poppler
from digestconv.errors import DigestconvError, InputError
from digestconv.formats.pdf import FORMAT, PdfOptions, read, write
from digestconv.formats.pdf.footnotes import not_at_foot
from digestconv.formats.pdf.markup import print_markup
from digestconv.formats.pdf.normalize import normalize
from digestconv.formats.pdf.reader import properties
from digestconv.formats.pdf.render import render
from digestconv.formats.pdf.structure import repair
from digestconv.formats.registry import for_path, formats
from digestconv.model import (
    Contents,
    Division,
    Document,
    Emphasis,
    Field,
    FieldList,
    LineBreak,
    Metadata,
    Note,
    Paragraph,
    Subscript,
    Text,
    plain_text,
)

from .conftest import SEED
from .pdf_support import difference, printable, seed_pdf, struct_text

# Each example renders a PDF (a second or more): a few, reproducible, not shrunk.
FEW = settings(
    max_examples=6,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def seed_doc(seed_parse) -> Document:
    return seed_parse.document


@pytest.fixture(scope="module")
def seed_path(tmp_path_factory) -> Path:
    return seed_pdf(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def seed(seed_path):
    with pikepdf.open(seed_path) as pdf:
        yield pdf


@pytest.fixture(scope="module")
def seed_back(seed_path) -> Document:
    return read(seed_path)


def tree(elem: pikepdf.Object):
    """Every structure element below ``elem``, depth first."""
    kids = elem.get("/K")
    for kid in (kids if isinstance(kids, pikepdf.Array) else [kids]) if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from tree(kid)


def role(elem: pikepdf.Object) -> str:
    return str(elem.S)


def children(elem: pikepdf.Object) -> list:
    kids = elem.get("/K")
    return [
        k
        for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
        if isinstance(k, pikepdf.Dictionary) and "/S" in k
    ]


def first_page(elem: pikepdf.Object, page_of: dict) -> int | None:
    """The page of the first content ``elem`` marks (its ``/Pg`` is only that of its own content)."""
    kids = elem.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
        if isinstance(kid, int):
            return page_of[elem.Pg.objgen]
        if isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
            return page_of[kid.Pg.objgen]
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and (found := first_page(kid, page_of)):
            return found
    return None


# --- round trip --------------------------------------------------------------------------------


def test_round_trip_of_the_compendium(seed_doc, seed_back):
    assert normalize(seed_back) == normalize(seed_doc)


@FEW
@given(strategies.documents())
def test_round_trip_of_generated_documents(tmp_path_factory, doc):
    doc = printable(doc)
    path = tmp_path_factory.mktemp("gen") / "doc.pdf"
    path.write_bytes(write(doc))
    back, expected = normalize(read(path)), normalize(doc)
    assert back == expected, difference(expected, back)


def test_normalisation_is_only_whitespace_print_pages_and_contents_pages():
    note = Note("1", (Paragraph((Text("註 腳"),)),))
    doc = Document(
        Metadata("t", "urn:x:1"),
        body=(Division("report", "r", "一、", (Text("標 題\u00ad"),), blocks=(Paragraph((Text("a b"), note)),)),),
    )
    [division] = normalize(doc).body
    assert division.title == (Text("標題"),) and division.blocks[0].inlines[0] == Text("ab")
    assert division.blocks[0].inlines[1].blocks[0].inlines == (Text("註腳"),)


def test_cli_converts_to_pdf_and_back(tmp_path):
    def run(*args: str) -> None:
        subprocess.run([sys.executable, "-m", "digestconv.cli", *args], check=True, cwd=tmp_path, timeout=300)

    run("convert", str(SEED), "-o", "out.pdf")
    run("convert", "out.pdf", "-o", "back.json")
    assert (tmp_path / "back.json").stat().st_size > 100_000


def test_registered_as_a_format_with_options():
    assert formats()["pdf"] is FORMAT and FORMAT.options is PdfOptions
    assert for_path("book.PDF", purpose="write") is FORMAT and for_path("a.pdf", purpose="read") is FORMAT


# --- determinism -------------------------------------------------------------------------------


def test_identical_bytes_across_processes(tmp_path, seed_path):
    out = tmp_path / "again.pdf"
    code = "import sys; from digestconv.compendium import parse_file; from digestconv.formats.pdf import write; "
    code += f"open(sys.argv[1], 'wb').write(write(parse_file({str(SEED)!r}).document))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code, str(out)], check=True, env=env, timeout=300)
    assert out.read_bytes() == seed_path.read_bytes()


def test_dates_and_ids_come_from_the_document(seed):
    assert str(seed.docinfo.CreationDate) == str(seed.docinfo.ModDate) == "D:20250201000000Z"
    xmp = seed.Root.Metadata.read_bytes().decode()
    assert "2025-02-01T00:00:00Z" in xmp and "uuid" not in xmp.replace("urn:uuid:4887e2c6", "")


# --- catalogue and PDF/UA basics ----------------------------------------------------------------


def test_title_shown_language_and_marking(seed):
    assert seed.Root.ViewerPreferences.DisplayDocTitle is True
    assert str(seed.Root.Lang) == "zh-Hant-TW"
    assert seed.Root.MarkInfo.Marked is True
    assert str(seed.docinfo.Title) == "中技社 113 年度 研究報告摘要彙編"
    assert "<pdfuaid:part>1</pdfuaid:part>" in seed.Root.Metadata.read_bytes().decode()


def test_metadata_round_trips_exactly(seed_doc, seed_back):
    assert seed_back.metadata == seed_doc.metadata


# --- structure repairs, each shown against WeasyPrint's own tree --------------------------------


@pytest.fixture(scope="module")
def weasyprint_pdf(seed_doc):
    """What WeasyPrint writes without the repairs."""
    with pikepdf.open(io.BytesIO(render(print_markup(seed_doc).html, PdfOptions()))) as raw:
        yield raw


@pytest.fixture(scope="module")
def weasyprint_tree(weasyprint_pdf):
    return [(role(e), str(e.get("/DigestconvKey", ""))) for e in tree(weasyprint_pdf.Root.StructTreeRoot)]


def test_one_element_per_division_although_weasyprint_splits_them_per_page(seed, seed_doc, weasyprint_tree):
    keys = [key for r, key in weasyprint_tree if r == "/Sect"]
    assert len(keys) > len(set(keys))  # the gap: a section across pages is several Sect elements
    sects = [str(e.ID) for e in tree(seed.Root.StructTreeRoot) if role(e) == "/Sect" and "/ID" in e]
    assert sects == [d.id for d in seed_doc.divisions()]


def test_a_paragraph_across_pages_is_one_element(seed, weasyprint_tree):
    keys = [key for r, key in weasyprint_tree if r == "/P"]
    assert len(keys) > len(set(keys))  # the gap
    pages = {}
    for elem in tree(seed.Root.StructTreeRoot):
        if role(elem) == "/P":
            kids = elem.K if isinstance(elem.K, pikepdf.Array) else [elem.K]
            pages[elem.objgen] = {k.Pg.objgen for k in kids if isinstance(k, pikepdf.Dictionary) and "/MCID" in k}
    assert any(len(p) == 1 for p in pages.values())  # at least one paragraph runs onto a second page


def test_footnotes_are_notes_with_ids_right_after_their_reference(seed, weasyprint_tree):
    assert "/Note" not in {r for r, _ in weasyprint_tree}  # the gap
    notes = [e for e in tree(seed.Root.StructTreeRoot) if role(e) == "/Note"]
    assert [str(n.ID) for n in notes] == ["note-1", "note-2", "note-3", "note-4"]
    for note in notes:
        siblings = children(note.P)
        before = siblings[siblings.index(note) - 1]
        assert role(before) == "/Reference" and role(note.P) == "/P"
        assert role(children(note)[0]) == "/Lbl" and role(children(note)[1]) == "/P"
    ids = seed.Root.StructTreeRoot.IDTree.Names
    assert {str(ids[i]) for i in range(0, len(ids), 2)} >= {"note-1", "r2024-01"}


def _notes_document(tall: int) -> Document:
    """A report whose last paragraph has a note in <em><sub>, one after a line break, and a third
    of ``tall`` paragraphs; the text before them fills the page so that they do not fit."""

    def note(n: int, paragraphs: int = 1) -> Note:
        return Note(str(n), tuple(Paragraph((Text(f"註{n}之{p}" + "說明文字" * 12),)) for p in range(paragraphs)))

    blocks = [Paragraph((Text("本文" * 40), note(1)))] + [Paragraph((Text("段落文字" * 30),))] * 6
    blocks.append(Paragraph((Emphasis((Subscript((Text("jr"), note(2, 3))),)), LineBreak(), note(3, tall), Text("完"))))
    report = Division("report", "r", "一、", (Text("註腳"),), blocks=tuple(blocks))
    return Document(Metadata("註腳", "urn:x:notes"), body=(report,))


def _note_pages(path: Path) -> dict[str, tuple[int | None, int | None]]:
    """Each Note's ID → the page of its reference and the page of its text."""
    with pikepdf.open(path) as pdf:
        page_of = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
        notes = [e for e in tree(pdf.Root.StructTreeRoot) if role(e) == "/Note"]
        out = {}
        for note in notes:
            siblings = children(note.P)
            call = siblings[siblings.index(note) - 1]
            out[str(note.ID)] = (first_page(call, page_of), first_page(note, page_of))
        return out


def test_every_footnote_is_printed_on_the_page_of_its_call(tmp_path):
    """WeasyPrint lost these notes (see styles/print.css): an edge on its footnote area made each
    note 'overflow' by a rounding error, so notes went to the next page one by one, and a note
    deferred from the last page vanished when the pages were laid out again."""
    doc = _notes_document(tall=8)
    markup = print_markup(doc)
    with pikepdf.open(io.BytesIO(render(markup.html, PdfOptions()))) as raw:
        assert not_at_foot(raw, markup) == frozenset()  # no note needs setting in the text
    path = tmp_path / "notes.pdf"
    path.write_bytes(write(doc))
    assert normalize(read(path)) == normalize(doc)
    pages = _note_pages(path)
    assert sorted(pages) == ["note-1", "note-2", "note-3"]
    assert all(call == text for call, text in pages.values()), pages
    drawn = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert all(f"註{n}之0" in drawn for n in (1, 2, 3))


def test_a_note_taller_than_a_page_is_set_in_the_text(tmp_path):
    """WeasyPrint cannot split a footnote: a note taller than a page goes after its call's line."""
    doc = _notes_document(tall=40)
    markup = print_markup(doc)
    with pikepdf.open(io.BytesIO(render(markup.html, PdfOptions()))) as raw:
        assert not_at_foot(raw, markup) == {"note-3"}  # the gap: WeasyPrint drops it
    html = print_markup(doc, frozenset({"note-3"})).html
    assert html.xpath("//*[@id='note-3']/@class") == ["footnote in-place"]
    path = tmp_path / "tall.pdf"
    path.write_bytes(write(doc))
    assert normalize(read(path)) == normalize(doc)
    pages = _note_pages(path)
    assert pages["note-1"][0] == pages["note-1"][1] and pages["note-3"][0] == pages["note-3"][1]


def test_elements_keep_source_order_when_weasyprint_meets_a_later_one_first():
    """A field list's grid split by a page break can put a value on the page before its name, so
    WeasyPrint's tree has the value first (seen on a generated document): the value must still
    read after its name."""
    field = Field("名稱", (Text("值"),), "")
    doc = Document(
        Metadata("t", "urn:x:1"), body=(Division("report", "r", "", (Text("題"),), blocks=(FieldList((field,)),)),)
    )
    markup = print_markup(doc)
    key = {etree.QName(el).localname: k for k, el in markup.elements.items()}
    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0]
    page.Contents = pdf.make_stream(b"/Span <</MCID 0>> BDC EMC /Span <</MCID 1>> BDC EMC")

    def elem(source: str, kids: list) -> pikepdf.Object:
        entries = {"/Type": pikepdf.Name.StructElem, "/S": pikepdf.Name.NonStruct, "/Pg": page.obj}
        entries |= {"/DigestconvKey": pikepdf.String(key[source]), "/K": pikepdf.Array(kids)}
        return pdf.make_indirect(pikepdf.Dictionary(entries))

    field_list = elem("dl", [elem("dd", [0]), elem("dt", [1])])  # the value met first
    pdf.Root.StructTreeRoot = pdf.make_indirect(pikepdf.Dictionary(K=pikepdf.Array([elem("html", [field_list])])))
    repair(pdf, markup)
    [item] = [e for e in tree(pdf.Root.StructTreeRoot) if role(e) == "/LI"]
    assert [(role(k), list(k.K)) for k in children(item)] == [("/Lbl", [1]), ("/LBody", [0])]


def test_headings_follow_depth_without_skipping(seed):
    levels = [int(role(e)[2:]) for e in tree(seed.Root.StructTreeRoot) if re.fullmatch(r"/H[1-6]", role(e))]
    assert levels[0] == 1 and max(levels) <= 6
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    for sect in (
        e for e in tree(seed.Root.StructTreeRoot) if role(e) == "/Sect" and properties(e).get("kind") == "report"
    ):
        assert role(children(sect)[0]) == "/H1"


def test_a_division_without_heading_does_not_make_its_children_skip_a_level():
    inner = Division("section", "s", "1.", (Text("子節"),))
    doc = Document(
        Metadata("t", "urn:x:1"),
        body=(Division("report", "r", "", (), blocks=(Paragraph((Text("本文"),)),), children=(inner,)),),
    )
    html = print_markup(doc).html
    headings = html.xpath("//*[@data-part='body']//*[starts-with(local-name(), 'h') and @data-depth]")
    assert [(etree.QName(h).localname, "".join(h.itertext())) for h in headings] == [("h1", "1.子節")]


def test_lists_have_printed_labels_as_lbl(seed):
    items = [
        e
        for e in tree(seed.Root.StructTreeRoot)
        if role(e) == "/LI" and role(e.P) == "/L" and properties(e.P).get("role") == "list"
    ]
    assert items
    for item in items:
        assert [role(k) for k in children(item)][-1] == "/LBody"
    labels = [
        e
        for e in tree(seed.Root.StructTreeRoot)
        if role(e) == "/Lbl" and role(e.P) == "/LI" and properties(e.P.P).get("role") == "list"
    ]
    assert labels and all(role(e.P.P) == "/L" for e in labels)


def test_running_heads_and_page_numbers_are_artifacts(seed_path):
    # The report title is printed as running head on each of its pages but its first, and tagged
    # only in its heading and its contents entry.
    assert struct_text(seed_path).count("全球核能發電現況與發展趨勢") == 2
    text = subprocess.run(["pdftotext", str(seed_path), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("全球核能發電現況與發展趨勢") == 2 + 3  # pages 8 to 10


def objrs(elem: pikepdf.Object) -> list:
    kids = elem.get("/K")
    return [
        k
        for k in (kids if isinstance(kids, pikepdf.Array) else [kids])
        if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.OBJR
    ]


def test_every_link_has_one_described_printed_annotation_per_line(seed, weasyprint_pdf):
    def annotations(pdf):
        return [a for page in pdf.pages for a in page.get("/Annots", [])]

    # The gap: WeasyPrint also annotates every box inside a link (its spans, its ::before).
    assert len(annotations(weasyprint_pdf)) == 2 + 21 * 3 + 21 * 2
    links = [e for e in tree(seed.Root.StructTreeRoot) if role(e) == "/Link"]
    owned = [k.Obj.objgen for e in links for k in objrs(e)]
    assert all(objrs(e) for e in links) and sorted(owned) == sorted(a.objgen for a in annotations(seed))
    internal = [a for a in annotations(seed) if "/Dest" in a]
    assert len(internal) == 21 * 2  # each contents entry: its title and its page number
    for annotation in annotations(seed):
        assert str(annotation.Contents) and int(annotation.F) == 4 and "/StructParent" in annotation
    described = {str(a.Contents) for a in internal}
    assert {"2024-01 全球核能發電現況與發展趨勢", "2024-01 全球核能發電現況與發展趨勢：頁碼"} <= described


# --- print design -------------------------------------------------------------------------------


def test_contents_show_this_editions_pages(seed, seed_doc, seed_back):
    """The printed contents link each report and show the page where its heading is."""
    page_of = {page.obj.objgen: n for n, page in enumerate(seed.pages, 1)}
    heading_page = {
        str(e.ID): first_page(children(e)[0], page_of)
        for e in tree(seed.Root.StructTreeRoot)
        if role(e) == "/Sect" and "/ID" in e
    }
    printed = [e for d in seed_doc.divisions() for b in d.blocks if isinstance(b, Contents) for e in b.entries]
    entries = [e for d in seed_back.divisions() for b in d.blocks if isinstance(b, Contents) for e in b.entries]
    assert len(printed) == 21 and [e.target for e in entries] == [e.target for e in printed]
    for entry in entries:
        assert int(entry.page) == heading_page[entry.target]
        assert int(entry.page) % 2 == 1  # each report starts on a right-hand page
    assert [e.page for e in entries] != [e.page for e in printed]  # this edition's, not the source's


def test_bookmarks_mirror_the_division_tree(seed, seed_doc):
    def shape(items):
        return [shape(item.children) for item in items]

    def expected(divisions):
        return [expected(d.children) for d in divisions]

    def destinations(items):
        return [d for item in items for d in [item.destination, *destinations(item.children)]]

    with seed.open_outline() as outline:
        assert shape(outline.root) == expected(seed_doc.front + seed_doc.body + seed_doc.back)
        titles = [item.title for item in outline.root]
        assert "2024-01全球核能發電現況與發展趨勢" in titles
        pages = {page.obj.objgen for page in seed.pages}
        assert all(d is not None and d[0].objgen in pages for d in destinations(outline.root))


def test_a4_pages(seed):
    box = [float(x) for x in seed.pages[0].MediaBox]
    assert round(box[2] - box[0]) == 595 and round(box[3] - box[1]) == 842


# --- options -----------------------------------------------------------------------------------


def test_options_are_the_settings_the_command_line_passes():
    settings = {"font": "Noto Serif CJK TC", "paper": "A5", "vertical": True, "diagnostics": ()}
    assert FORMAT.options_from(settings) == PdfOptions(font="Noto Serif CJK TC", paper="A5")
    assert FORMAT.options_from({"font": None, "paper": None}) == PdfOptions()


def test_a_chosen_font_and_paper(tmp_path):
    doc = _notes_document(tall=1)
    path = tmp_path / "serif.pdf"
    path.write_bytes(write(doc, PdfOptions(font="Noto Serif CJK TC", paper="A5")))
    fonts = poppler.pdffonts(path).splitlines()[2:]
    assert fonts and all(line.split()[0].partition("+")[2].startswith("Noto-Serif-CJK-TC") for line in fonts)
    with pikepdf.open(path) as pdf:
        assert {tuple(round(float(x), 2) for x in page.MediaBox) for page in pdf.pages} == {(0, 0, 419.53, 595.28)}
    assert normalize(read(path)) == normalize(doc)


@pytest.mark.parametrize("paper", ["A7", "A4; color: red", "", "A4 sideways"])
def test_a_paper_size_css_does_not_know_is_an_error(paper):
    with pytest.raises(DigestconvError, match="unknown paper size"):
        PdfOptions(paper=paper)


def test_a_font_that_is_not_installed_is_an_error():
    with pytest.raises(DigestconvError, match="'No Such Font' is not installed"):
        write(_notes_document(tall=1), PdfOptions(font="No Such Font"))


# --- fonts and text ----------------------------------------------------------------------------


def test_every_font_embedded_and_every_character_drawn(seed_path, seed_doc):
    fonts = poppler.pdffonts(seed_path).splitlines()[2:]
    assert fonts and all(line.split()[-5:-2] == ["yes", "yes", "yes"] for line in fonts), fonts
    assert all("Noto-Sans-CJK-TC" in line for line in fonts)
    # -raw: in the order the pages draw; poppler's layout mode splits a line at a wide space.
    drawn = subprocess.run(["pdftotext", "-raw", str(seed_path), "-"], capture_output=True, text=True, check=True)
    text = re.sub(r"\s", "", drawn.stdout)
    assert "\ufffd" not in text
    # The model's text (notes apart: they are drawn at the foot) in order: a subsequence.
    position = 0
    for division in seed_doc.divisions():
        for block in division.blocks:
            if isinstance(block, Paragraph):
                for ch in re.sub(r"\s", "", plain_text(block.inlines)):
                    position = text.index(ch, position) + 1


def test_a_character_no_font_has_is_an_error_not_a_notdef():
    doc = Document(Metadata("t", "urn:x:1"), body=(Division("report", "r", "", (Text("缺字\U000e0100\U0010fffd"),)),))
    with pytest.raises(DigestconvError, match="U\\+10FFFD"):
        write(doc)


# --- reader errors -----------------------------------------------------------------------------


def test_reading_something_else_names_the_file(tmp_path):
    bogus = tmp_path / "notes.pdf"
    bogus.write_text("not a pdf", encoding="utf-8")
    with pytest.raises(InputError, match=r"notes\.pdf: not a readable PDF"):
        read(bogus)
    other = tmp_path / "other.pdf"
    pikepdf.new().save(other)
    with pytest.raises(InputError, match="not a tagged PDF written by digestconv"):
        read(other)


_IMPORT_COUNTING_PROCESSES = """
import ctypes.util, json, re, subprocess
started = []
popen = subprocess.Popen.__init__
def counting(self, args, *more, **options):
    started.append(args[0])
    popen(self, args, *more, **options)
subprocess.Popen.__init__ = counting
find_library = ctypes.util.find_library
from digestconv.formats.pdf.native import import_weasyprint
import_weasyprint()
maps = open("/proc/self/maps").read()
loaded = sorted(set(re.findall(r"/\\S*/(lib(?:pango|harfbuzz|fontconfig|gobject)\\S*)", maps)))
print(json.dumps({"started": started, "restored": ctypes.util.find_library is find_library, "loaded": loaded}))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the quick lookup is for Linux")
def test_weasyprint_finds_its_libraries_without_a_compiler():
    """Its library lookup asks ldconfig only (not gcc or ld, 54 processes), and finds them all."""
    out = subprocess.run([sys.executable, "-c", _IMPORT_COUNTING_PROCESSES], capture_output=True, text=True, check=True)
    found = json.loads(out.stdout)
    assert set(found["started"]) == {"/sbin/ldconfig"}
    assert found["restored"]
    names = {name.split(".so")[0] for name in found["loaded"]}
    assert {"libpango-1.0", "libpangoft2-1.0", "libharfbuzz", "libfontconfig", "libgobject-2.0"} <= names


def test_the_layout_runs_with_the_garbage_collector_paused(monkeypatch):
    """Its full passes over the growing tree of boxes made the PDF writer grow faster than its input."""
    from digestconv.formats.pdf import render as rendering

    seen = []
    real = rendering._document

    def spying(root):
        seen.append(gc.isenabled())
        return real(root)

    monkeypatch.setattr(rendering, "_document", spying)
    doc = Document(Metadata("t", "urn:x:1"), body=(Division("report", "r", "", (Text("報告"),)),))
    assert render(print_markup(doc).html, PdfOptions()).startswith(b"%PDF")
    assert seen == [False] and gc.isenabled()
