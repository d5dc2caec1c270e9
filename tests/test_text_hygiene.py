"""Characters XML forbids, in a compendium: reported, replaced, and never an invalid file.

The compendium reader replaces each character the model refuses (C0 controls but tab and line
ends, DEL, C1 controls, U+FFFE/U+FFFF, lone surrogates) by U+FFFD with a ``control-character``
diagnostic at its line. Every edition written from such a source must then be well-formed (each
XML part parsed by a strict parser), TEI valid against ``tei_all``, and read back to the model.
A format joins by adding its name to ``FORMATS`` and, if it has one, its well-formedness check
to ``WELL_FORMED`` and its round-trip normalisation to ``NORMALIZE``.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from digestconv.checks import tei as tei_check
from digestconv.compendium import parse
from digestconv.errors import InputError
from digestconv.formats.docx.normalize import normalize as docx_normalize
from digestconv.formats.pdf.normalize import normalize as pdf_normalize
from digestconv.formats.registry import by_name
from digestconv.model import Document, block_text, plain_text

from .test_compendium_input import SMALL

FORMATS = ["epub", "docx", "tei", "json", "pdf"]
SUFFIX = {"epub": ".epub", "docx": ".docx", "tei": ".xml", "json": ".json", "pdf": ".pdf"}
FORBIDDEN = [chr(c) for c in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0))]
FORBIDDEN += ["\ufffe", "\uffff", "\ud800", "\udfff"]
_STRICT = etree.XMLParser(resolve_entities=False, no_network=True)


def _archive_parts(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".xhtml", ".opf", ".ncx", ".rels")):
                etree.fromstring(zf.read(name), _STRICT)


def _pdf_xmp(data: bytes) -> None:
    """The PDF opens without qpdf's repairs, and its XMP packet (the XML it carries) is well-formed."""
    with pikepdf.open(io.BytesIO(data), attempt_recovery=False) as pdf:
        etree.fromstring(pdf.Root.Metadata.read_bytes(), _STRICT)


WELL_FORMED: dict[str, Callable[[bytes], object]] = {
    "epub": _archive_parts,
    "docx": _archive_parts,
    "tei": lambda data: etree.fromstring(data, _STRICT),
    "json": lambda data: json.loads(data),
    "pdf": lambda data: _pdf_xmp(data),
}
NORMALIZE: dict[str, Callable[[Document], Document]] = {"docx": docx_normalize}


def _write_check_read(doc: Document, name: str, directory: Path) -> None:
    data = by_name(name).write(doc, None)
    WELL_FORMED[name](data)
    if name == "tei":
        assert tei_check.relaxng(data).passed
    path = directory / f"edition{SUFFIX[name]}"
    path.write_bytes(data)
    read = by_name(name).read(path)
    if name == "pdf":  # both sides: the PDF reads back text as laid out
        assert pdf_normalize(read) == pdf_normalize(doc)
    else:
        assert read == NORMALIZE.get(name, lambda d: d)(doc)


def _sprinkled() -> str:
    """SMALL with the forbidden characters in its title, headings, fields, prose and list items."""
    lines = SMALL.split("\n")
    targets = [i for i, line in enumerate(lines) if line.strip()]
    for k, ch in enumerate(FORBIDDEN):
        lines[targets[k % len(targets)]] += ch + "字"
    return "\n".join(lines)


def test_every_forbidden_character_is_reported_at_its_line_and_replaced():
    text = _sprinkled()
    result = parse(text, "dirty.md")
    reported = [d for d in result.diagnostics if d.code == "control-character"]
    assert sorted(d.dropped for d in reported) == sorted(FORBIDDEN)
    lines = text.split("\n")
    assert all(d.dropped in lines[d.line - 1] for d in reported)
    text = "".join(
        plain_text(d.title) + "".join(plain_text(f.value) for f in d.meta) + "".join(map(block_text, d.blocks))
        for d in result.document.divisions()
    )
    assert text.count("\ufffd字") == len(FORBIDDEN)  # each in its place


@pytest.mark.parametrize("name", FORMATS)
def test_every_edition_of_a_dirty_source_is_well_formed_valid_and_read_back(tmp_path, name):
    _write_check_read(parse(_sprinkled(), "dirty.md").document, name, tmp_path)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.integers(0, len(SMALL)), st.sampled_from(FORBIDDEN)), min_size=1, max_size=8))
def test_forbidden_characters_anywhere_give_well_formed_editions(tmp_path, insertions):
    text = SMALL
    for at, ch in sorted(insertions, reverse=True):
        text = text[:at] + ch + text[at:]
    try:
        doc = parse(text, "dirty.md").document
    except InputError:  # the documented error: a character can break the only report heading
        return
    for name in FORMATS:
        _write_check_read(doc, name, tmp_path)
