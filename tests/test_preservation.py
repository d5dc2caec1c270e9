"""Nothing lost on the way out: every heading, paragraph, list item, field and note of the seed's
model is in the text of each edition, in order.

The text is taken from the files without digestconv's readers (a reader's bug must not hide a
writer's loss): EPUB, the XHTML documents of the spine in order (lxml, zipfile); DOCX, the text
runs of ``document.xml`` and of ``footnotes.xml``; TEI, the text of ``<text>``; JSON, every string
of the tree in order; PDF, the text of the structure tree as poppler reads it (``pdfinfo
-struct-text``: the tagged content in logical order, notes where they are referenced, running
heads and page numbers left out as artifacts). Whitespace is left out on both sides (writers may indent or re-space).
Notes are checked in order among themselves, since EPUB and DOCX set them apart from the running
text (EPUB after their report, DOCX in their own part): a format's extractor returns the running
text and the notes' text, the same string where notes stay in place.

A format joins by adding an extractor to ``EXTRACT``: bytes in, (running text, notes text) out.
"""

from __future__ import annotations

import functools
import io
import json
import posixpath
import subprocess
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree

from digestconv.formats.registry import by_name
from digestconv.model import (
    CONTAINERS,
    Block,
    Contents,
    Division,
    Document,
    FieldList,
    Inline,
    ListBlock,
    Note,
    Paragraph,
    Quote,
    Text,
)

OPF = "{http://www.idpf.org/2007/opf}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TEI = "{http://www.tei-c.org/ns/1.0}"


def _squeeze(text: str) -> str:
    return "".join(text.split())


# --- the model's text, in order -----------------------------------------------------------------


def model_items(doc: Document) -> tuple[list[str], list[str]]:
    """The text pieces of the running text and of the notes, in reading order."""
    running: list[str] = []
    notes: list[str] = []
    for part in (doc.front, doc.body, doc.back):
        for division in part:
            _division(division, running, notes)
    return [s for s in running if s], [s for s in notes if s]


def _division(division: Division, running: list[str], notes: list[str]) -> None:
    running += _pieces(division.title, notes)
    for field in division.meta:
        running += _pieces(field.value, notes)
    for block in division.blocks:
        _block(block, running, notes)
    for child in division.children:
        _division(child, running, notes)


def _block(block: Block, running: list[str], notes: list[str]) -> None:
    if isinstance(block, Paragraph):
        running += _pieces(block.inlines, notes)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item.blocks:
                _block(inner, running, notes)
    elif isinstance(block, Quote):
        for inner in block.blocks:
            _block(inner, running, notes)
    elif isinstance(block, FieldList):
        for field in block.fields:
            running += _pieces(field.value, notes)
    elif isinstance(block, Contents):
        for entry in block.entries:
            running += _pieces(entry.title, notes)


def _pieces(inlines: tuple[Inline, ...], notes: list[str]) -> list[str]:
    """The text of ``inlines`` cut where a note is referenced (its mark stands there, or its text)."""
    pieces = [""]
    for node in _leaves(inlines):
        if isinstance(node, Note):
            pieces.append("")
            for block in node.blocks:
                note_running: list[str] = []
                _block(block, note_running, notes)
                notes += note_running
        elif isinstance(node, Text):
            pieces[-1] += _squeeze(node.text)
    return pieces


def _leaves(inlines: tuple[Inline, ...]) -> Iterator[Inline]:
    for node in inlines:
        if isinstance(node, CONTAINERS):
            yield from _leaves(node.children)
        else:
            yield node


# --- the editions' text, without digestconv --------------------------------------------------------


def _epub(data: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        container = etree.fromstring(zf.read("META-INF/container.xml"))
        opf_name = container.find(".//{*}rootfile").get("full-path")
        opf = etree.fromstring(zf.read(opf_name))
        hrefs = {item.get("id"): item.get("href") for item in opf.iter(f"{OPF}item")}
        texts = []
        for ref in opf.iter(f"{OPF}itemref"):
            name = posixpath.join(posixpath.dirname(opf_name), unquote(hrefs[ref.get("idref")]))
            body = etree.fromstring(zf.read(name)).find("{*}body")
            texts.append("".join(body.itertext()))
    text = _squeeze("".join(texts))
    return text, text


def _docx(data: bytes) -> tuple[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        parts = [etree.fromstring(zf.read(name)) for name in ("word/document.xml", "word/footnotes.xml")]
    running, notes = ("".join(t.text or "" for t in part.iter(f"{W}t")) for part in parts)
    return _squeeze(running), _squeeze(notes)


def _tei(data: bytes) -> tuple[str, str]:
    text = _squeeze("".join(etree.fromstring(data).find(f"{TEI}text").itertext()))
    return text, text


def _json(data: bytes) -> tuple[str, str]:
    def strings(node: object) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key != "type":
                    yield from strings(value)
        elif isinstance(node, list):
            for value in node:
                yield from strings(value)
        elif isinstance(node, str):
            yield node

    text = _squeeze("".join(strings(json.loads(data)["document"])))
    return text, text


def _pdf(data: bytes) -> tuple[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "edition.pdf"
        path.write_bytes(data)
        tree = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True, text=True, check=True)
    lines = (line.strip() for line in tree.stdout.splitlines())
    text = _squeeze("".join(line[1:-1] for line in lines if len(line) > 1 and line[0] == line[-1] == '"'))
    return text, text


EXTRACT: dict[str, Callable[[bytes], tuple[str, str]]] = {
    "epub": _epub,
    "docx": _docx,
    "tei": _tei,
    "json": _json,
    "pdf": _pdf,
}


@functools.cache
def _edition_text(name: str, document: Document) -> tuple[str, str]:
    return EXTRACT[name](by_name(name).write(document, None))


def missing_in_order(pieces: list[str], text: str) -> str | None:
    """The first piece not found after the one before it, or None."""
    at = 0
    for piece in pieces:
        found = text.find(piece, at)
        if found < 0:
            return piece
        at = found + len(piece)
    return None


@pytest.mark.parametrize("name", sorted(EXTRACT))
def test_every_piece_of_the_model_is_in_the_edition_in_order(seed_parse, name):
    running_items, note_items = model_items(seed_parse.document)
    assert len(running_items) > 1000 and len(note_items) >= 4  # the seed: 1,110 pieces, 4 notes
    running, notes = _edition_text(name, seed_parse.document)
    assert missing_in_order(running_items, running) is None
    assert missing_in_order(note_items, notes) is None


@pytest.mark.parametrize("name", sorted(EXTRACT))
def test_a_lost_paragraph_would_be_found(seed_parse, name):
    running_items, _ = model_items(seed_parse.document)
    running, _ = _edition_text(name, seed_parse.document)
    victim = max(running_items, key=len)  # the longest paragraph piece, cut out of the edition's text
    assert missing_in_order(running_items, running.replace(victim, "", 1)) == victim
