"""Encodings, line ends and hostile characters in compendium input."""

from __future__ import annotations

import codecs

import pytest

from digestconv.compendium import parse, parse_file
from digestconv.compendium.decode import decode
from digestconv.errors import InputError
from digestconv.model import plain_text

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
