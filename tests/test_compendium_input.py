"""Encodings, line ends and hostile characters in compendium input."""

from __future__ import annotations

import codecs
import gc
import hashlib
import importlib
import subprocess
import sys
import uuid

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digestconv.compendium import identifier, parse, parse_file
from digestconv.compendium.decode import decode
from digestconv.compendium.identifier import name_uuid
from digestconv.errors import InputError
from digestconv.model import plain_text

from .conftest import SEED

SMALL = """# 彙編標題

中華民國 114 年 02 月

發行單位：財團法人測試社

## 2024-01 第一份報告

- ◇ 專題報告編號：2024-01
- ◇ 執行時間：2024.01~2024.12

### 一、問題及目標

這是一段被頁面切斷的文

字，後面接著完整的句子。

### 二、研究結論

1. **第一點**：說明。
2. **第二點**：說明。
"""


def test_small_compendium(tmp_path):
    result = parse(SMALL, "small.md")
    (report,) = result.document.body
    assert report.label == "2024-01" and [plain_text(s.title) for s in report.children] == ["問題及目標", "研究結論"]
    assert plain_text(report.children[0].blocks[0].inlines) == "這是一段被頁面切斷的文字，後面接著完整的句子。"
    assert result.document.metadata.date == "2025-02"


@pytest.mark.parametrize(
    "encode",
    [
        lambda t: t.encode("utf-8"),
        lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
        lambda t: t.replace("\n", "\r\n").encode("utf-8"),
        lambda t: t.encode("utf-16"),
        lambda t: t.encode("cp950"),
    ],
    ids=["utf-8", "utf-8-bom", "crlf", "utf-16", "big5"],
)
def test_encodings_and_line_ends_give_the_same_document(tmp_path, encode):
    path = tmp_path / "c.md"
    path.write_bytes(encode(SMALL))
    assert parse_file(path).document == parse(SMALL).document


def test_big5_is_reported(tmp_path):
    path = tmp_path / "c.md"
    path.write_bytes(SMALL.encode("cp950"))
    result = parse_file(path)
    assert result.encoding == "big5" and result.diagnostics[0].code == "decoded"


def test_undecodable_bytes_name_the_line():
    data = SMALL.encode("utf-8").replace("說明".encode(), b"\xff\xfe\xfd")
    with pytest.raises(InputError) as err:
        decode(data.replace("測試".encode(), b"\x80"), "x.md")
    assert err.value.source == "x.md" and err.value.line == 5


def test_control_characters_are_replaced_and_reported():
    text = SMALL.replace("完整的句子", "完整的\x07句子\x0b")
    result = parse(text)
    codes = [(d.code, d.line) for d in result.diagnostics if d.code == "control-character"]
    assert codes == [("control-character", 16), ("control-character", 16)]
    paragraph = plain_text(result.document.body[0].children[0].blocks[0].inlines)
    assert "\ufffd句子\ufffd" in paragraph


def test_duplicate_report_is_an_error():
    with pytest.raises(InputError, match="2024-01 appears twice") as err:
        parse(SMALL + "\n## 2024-01 又一次\n\n文字。\n", "dup.md")
    assert err.value.line == 23


def _with_note(ref_at: str, ref: str, body: str = "<sup>1</sup> 註解內容") -> str:
    """SMALL with ``ref_at`` replaced by ``ref`` (a note call) and the note's body at the foot of the
    page, after the first section's text."""
    section_two = "### 二、研究結論"
    return SMALL.replace(ref_at, ref, 1).replace(section_two, f"---\n\n{body}\n\n{section_two}", 1)


@pytest.mark.parametrize(
    ("ref_at", "ref"),
    [
        ("## 2024-01 第一份報告", "## 2024-01 第一份報告<sup>1</sup>"),  # the report's heading
        ("## 2024-01 第一份報告", "## <sup>1</sup>2024-01 第一份報告"),  # before the report's id
        ("- ◇ 執行時間：2024.01~2024.12", "- ◇ 執行時間：2024.01~2024.12<sup>1</sup>"),  # a ◇ field
    ],
)
def test_a_note_in_a_heading_or_field_is_set_after_it_not_lost(ref_at, ref):
    """The model allows no note in a title or field: the note goes to the head of the text."""
    result = parse(_with_note(ref_at, ref), "n.md")
    report = result.document.body[0]
    assert plain_text(report.title) == "第一份報告"
    assert [plain_text(f.value, notes=True) for f in report.meta] == ["2024-01", "2024.01~2024.12"]
    assert plain_text(report.blocks[0].inlines, notes=True) == "註解內容"
    assert [d.code for d in result.diagnostics if d.code == "note-moved"] == ["note-moved"]


def test_a_note_in_a_section_heading_is_set_after_it():
    result = parse(_with_note("### 一、問題及目標", "### 一、問題及目標<sup>1</sup>"), "n.md")
    section = result.document.body[0].children[0]
    assert plain_text(section.title) == "問題及目標"
    assert [plain_text(b.inlines, notes=True) for b in section.blocks] == [
        "註解內容",
        "這是一段被頁面切斷的文字，後面接著完整的句子。",
    ]


def test_a_note_number_without_text_is_no_body():
    """A lone ``<sup>1</sup>`` under the rule is not bound as an empty note: the call and the
    number both stay as text."""
    result = parse(_with_note("完整的句子。", "完整的句子<sup>1</sup>。", body="<sup>1</sup>"), "n.md")
    section = result.document.body[0].children[0]
    texts = [plain_text(b.inlines, notes=True) for b in section.blocks]
    assert texts == ["這是一段被頁面切斷的文字，後面接著完整的句子1。", "1"]
    assert not any(d.code == "footnote-bound" for d in result.diagnostics)


def test_a_note_in_a_link_is_set_after_the_link():
    result = parse(_with_note("完整的句子。", "完整的[句子<sup>1</sup>](http://x.org)。"), "n.md")
    inlines = result.document.body[0].children[0].blocks[0].inlines
    assert [type(node).__name__ for node in inlines] == ["Text", "Link", "Note", "Text"]
    assert plain_text(inlines[1].children) == "句子"


def test_a_link_keeps_its_address_as_written():
    """markdown-it percent-encodes a link's address; the model keeps the IRI, as written."""
    result = parse(SMALL.replace("完整的句子。", "完整的[句子](http://例子.tw/報告)。"), "l.md")
    link = result.document.body[0].children[0].blocks[0].inlines[1]
    assert link.target == "http://例子.tw/報告"


def test_the_garbage_collector_is_paused_while_parsing_and_restored(monkeypatch):
    from digestconv.compendium import reader

    seen = []
    real = reader._parse

    def spying(text: str, source: str):
        seen.append(gc.isenabled())
        return real(text, source)

    monkeypatch.setattr(reader, "_parse", spying)
    assert len(parse(SMALL).document.body) == 1 and gc.isenabled()
    with pytest.raises(InputError):
        parse("no compendium here")
    assert gc.isenabled()  # also after an error
    gc.disable()
    try:
        parse(SMALL)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
    assert seen == [False, False, False]


@given(st.text())
def test_the_identifier_is_the_version_5_uuid_of_its_name(name):
    assert name_uuid(name) == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def test_the_identifier_refuses_what_uuid5_refuses():
    for compute in (name_uuid, lambda name: uuid.uuid5(uuid.NAMESPACE_URL, name)):
        with pytest.raises(UnicodeEncodeError):
            compute("lone \ud800 surrogate")


def test_the_identifier_without_cpythons_sha1_module(monkeypatch):
    monkeypatch.setitem(sys.modules, "_sha1", None)  # as on a Python without it: hashlib's SHA-1
    fallback = importlib.reload(identifier)
    try:
        assert fallback.sha1 is hashlib.sha1
        assert fallback.name_uuid("digestconv:書") == f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'digestconv:書')}"
    finally:
        monkeypatch.undo()
        importlib.reload(identifier)


def test_the_seed_keeps_its_identifier(seed_parse):
    # The version 5 UUID of the seed's title, publisher, date and report ids. It must not change
    # from one release to the next: e-readers and catalogues file a re-made edition by it.
    assert seed_parse.document.metadata.identifier == "urn:uuid:4887e2c6-a679-583d-b576-5147291b16db"


def test_a_json_conversion_loads_neither_uuid_nor_openssl(tmp_path):
    # What identifier.py is for: a fresh process that converts the seed to JSON has imported neither.
    pytest.importorskip("_sha1", reason="without CPython's SHA-1 module the identifier uses hashlib")
    code = (
        "import sys; from digestconv.cli import main; main(['convert', sys.argv[1], '-o', sys.argv[2]]); "
        "print(sorted({'uuid', 'hashlib', '_hashlib'} & set(sys.modules)))"
    )
    out = tmp_path / "seed.json"
    done = subprocess.run([sys.executable, "-c", code, str(SEED), str(out)], capture_output=True, text=True, check=True)
    assert out.stat().st_size > 0
    assert done.stdout.strip() == "[]"
