"""A long document is rendered in two halves at once (digestconv/formats/pdf/split.py and join.py):
the book must be the one a rendering in one piece gives, page for page, on one core or two.

The compendium's own PDF (the session's, see pdf_support.seed_pdf) is rendered in halves; the
validators run on it in test_pdf_checks.py.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pikepdf
import pytest

from digestconv.errors import DigestconvError
from digestconv.formats.pdf import read, split, write
from digestconv.formats.pdf.markup import print_markup
from digestconv.formats.pdf.render import element_tree
from digestconv.model import Contents, ContentsEntry, Division, Document, Metadata, Paragraph, Text

from .pdf_support import seed_pdf


@pytest.fixture(scope="module")
def seed_path(tmp_path_factory) -> Path:
    return seed_pdf(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="module")
def whole(seed_parse, tmp_path_factory) -> Path:
    """The compendium rendered in one piece."""
    path = tmp_path_factory.mktemp("whole") / "whole.pdf"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(split, "SPLIT_FROM_CHARS", 10**12)
        path.write_bytes(write(seed_parse.document))
    return path


def _pages_text(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return text.stdout.split("\f")


def _outline(path: Path) -> list[tuple[str, int]]:
    """Each bookmark's title and the page it leads to, depth first."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        out = []
        with pdf.open_outline() as outline:
            stack = list(reversed(outline.root))
            while stack:
                item = stack.pop()
                out.append((item.title, pages[item.destination[0].objgen]))
                stack.extend(reversed(item.children))
        return out


def test_the_compendium_is_cut_in_two(seed_parse):
    cut = split._cut(element_tree(print_markup(seed_parse.document).html))
    assert cut is not None
    reports = [len(half.find("body")[0]) for half in cut.halves]
    assert sum(reports) == 21 and min(reports) >= 8  # by text, the first at most 42%: 9 and 12 on the seed


def test_halves_give_the_book_one_piece_gives(seed_path, whole):
    """Same pages with the same text (folios and contents page numbers included), the same
    bookmarks to the same pages, the same document read back."""
    halves_text, whole_text = _pages_text(seed_path), _pages_text(whole)
    assert len(halves_text) == len(whole_text) > 100
    for n, (a, b) in enumerate(zip(halves_text, whole_text, strict=True), 1):
        assert a == b, f"page {n} differs"
    assert _outline(seed_path) == _outline(whole)
    assert read(seed_path) == read(whole)


def test_one_core_gives_the_same_bytes(seed_path, seed_parse, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert write(seed_parse.document) == seed_path.read_bytes()


def _links(path: Path) -> list[tuple[int, str, int | str]]:
    """Each link annotation: its page, its description, the page its destination is on (or URI)."""
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        flat = pdf.Root.Names.Dests.Names
        dests = {str(flat[i]): pages[flat[i + 1][0].objgen] for i in range(0, len(flat), 2)}
        return [
            (n, str(annot.Contents), dests[str(annot.Dest)] if "/Dest" in annot else str(annot.A.URI))
            for n, page in enumerate(pdf.pages)
            for annot in page.get("/Annots", [])
        ]


def test_links_lead_where_they_lead_in_one_piece(seed_path, whole):
    """The contents' links (in the frame) lead to the pages of the halves; the web links stay."""
    links = _links(seed_path)
    assert len([link for link in links if isinstance(link[2], int)]) >= 40
    assert links == _links(whole)


def _report(n: int, blocks: tuple = ()) -> Division:
    text = "報告內文，" * 60
    paragraphs = tuple(Paragraph((Text(f"{n}之{p}：{text}"),)) for p in range(12))
    return Division("report", f"r{n}", f"2024-0{n}", (Text(f"報告{n}"),), blocks=(*paragraphs, *blocks))


def test_what_cannot_be_cut_is_rendered_in_one_piece(monkeypatch):
    monkeypatch.setattr(split, "SPLIT_FROM_CHARS", 10)

    def cut(*body: Division) -> object:
        return split._cut(element_tree(print_markup(Document(Metadata("切", "urn:x:cut"), body=body)).html))

    assert cut(_report(1), _report(2)) is not None
    assert cut(_report(1)) is None  # one report
    contents = Contents((ContentsEntry("r1", "2024-01", (Text("報告1"),), "1"),))
    assert cut(_report(1, (contents,)), _report(2)) is None  # page numbers known only in one piece
    intro = Division("introduction", "i", "", (Text("前言"),), blocks=(Paragraph((Text("前言"),)),))
    assert cut(intro, _report(1), _report(2)) is None  # not on a right-hand page: cannot start a half
    monkeypatch.setattr(split, "SPLIT_FROM_CHARS", 10**6)
    assert cut(_report(1), _report(2)) is None  # short


def _split_document(*extra: Paragraph) -> Document:
    """Three reports, cut before the third when ``SPLIT_FROM_CHARS`` is low; ``extra`` in the third."""
    return Document(Metadata("切", "urn:x:cut"), body=(_report(1), _report(2), _report(3, extra)))


@pytest.fixture
def two_cores(monkeypatch):
    """The second half rendered by a worker process, whatever the machine's cores."""
    monkeypatch.setattr(split, "SPLIT_FROM_CHARS", 10)
    monkeypatch.setattr(split, "available_cores", lambda: 2)


def test_an_error_in_the_second_half_reaches_the_caller(two_cores):
    doc = _split_document(Paragraph((Text("缺字\U0010fffd"),)))
    cut = split._cut(element_tree(print_markup(doc).html))
    assert cut is not None and "\U0010fffd" in "".join(cut.halves[1].itertext())
    assert "\U0010fffd" not in "".join(cut.halves[0].itertext())
    with pytest.raises(DigestconvError, match="U\\+10FFFD") as raised:
        write(doc)
    assert any("second half of the PDF" in note for note in raised.value.__notes__)  # the worker's traceback


def _in_the_worker(monkeypatch, action):
    """``render_tree`` doing ``action`` where only the worker calls it (with ``on_layout``)."""
    real = split.render_tree

    def render_tree(root, options, extra_css="", on_layout=None):
        if on_layout is not None:
            action()
        return real(root, options, extra_css)

    monkeypatch.setattr(split, "render_tree", render_tree)


def test_a_worker_that_dies_is_an_error_not_a_wait(two_cores, monkeypatch):
    _in_the_worker(monkeypatch, lambda: os._exit(3))
    with pytest.raises(DigestconvError, match="second half of the PDF exited with status 3"):
        write(_split_document())


def test_an_exception_that_cannot_be_pickled_arrives_by_name(two_cores, monkeypatch):
    class Local(Exception):  # a local class cannot be pickled
        pass

    def fail():
        raise Local("broken")

    _in_the_worker(monkeypatch, fail)
    with pytest.raises(RuntimeError, match="Local: broken"):
        write(_split_document())
