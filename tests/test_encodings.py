"""The seed in other encodings and line ends: the same document, diagnostics and source lines as
the UTF-8 seed, or a clear error naming the file (and the line, where there is one)."""

from __future__ import annotations

import codecs

import pytest

from digestconv.compendium import parse_file
from digestconv.errors import InputError

ENCODED = {
    "utf-8 with a BOM": lambda t: codecs.BOM_UTF8 + t.encode("utf-8"),
    "CRLF line ends": lambda t: t.replace("\n", "\r\n").encode("utf-8"),
    "CR line ends": lambda t: t.replace("\n", "\r").encode("utf-8"),
    "utf-16-le with a BOM": lambda t: codecs.BOM_UTF16_LE + t.replace("\n", "\r\n").encode("utf-16-le"),
    "utf-16-be with a BOM": lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be"),
    "utf-32 with a BOM": lambda t: t.encode("utf-32"),
    # Big5 lacks five of the seed's characters (© Ü 峯 战 楳): saved as character references,
    # which Markdown reads back as the characters.
    "big5": lambda t: t.encode("cp950", "xmlcharrefreplace"),
}


@pytest.mark.parametrize("encoding", ENCODED)
def test_the_seed_in_another_encoding_reads_the_same(seed_text, seed_parse, tmp_path, encoding):
    path = tmp_path / "seed.md"
    path.write_bytes(ENCODED[encoding](seed_text))
    result = parse_file(path)
    assert result.document == seed_parse.document
    assert result.lines == seed_parse.lines
    decoded = [d for d in result.diagnostics if d.code == "decoded"]
    assert [d for d in result.diagnostics if d.code != "decoded"] == list(seed_parse.diagnostics)
    assert len(decoded) == (result.encoding != "utf-8")


REFUSED = {
    "utf-16 without a BOM": (lambda t: t.encode("utf-16-le"), "UTF-16 without a byte-order mark", None),
    "gb18030": (lambda t: t.encode("gb18030"), "not UTF-8 \\(and not Big5 either\\)", 4),
    "shift-jis": (lambda t: t.encode("shift_jis", "replace"), "not UTF-8", 4),
    "a NUL byte": (lambda t: t.encode("utf-8").replace("中技社".encode(), b"\x00", 1), "binary data", 7),
}


@pytest.mark.parametrize("encoding", REFUSED)
def test_what_cannot_be_decoded_is_a_clear_error(seed_text, tmp_path, encoding):
    encode, message, line = REFUSED[encoding]
    path = tmp_path / "seed.md"
    path.write_bytes(encode(seed_text))
    with pytest.raises(InputError, match=message) as caught:
        parse_file(path)
    assert caught.value.source == str(path) and caught.value.line == line


def test_broken_utf16_names_the_line_by_its_characters_not_its_bytes(seed_text, tmp_path):
    text = seed_text[:3000]
    assert any(b"\n" in ch.encode("utf-16-le") for ch in text if ch != "\n")  # 上 is 0A 4E: not a line end
    path = tmp_path / "seed.md"
    path.write_bytes(codecs.BOM_UTF16_LE + (text + "\U00020000").encode("utf-16-le")[:-2])  # cut in a surrogate pair
    with pytest.raises(InputError, match="not valid UTF-16") as caught:
        parse_file(path)
    assert caught.value.line == text.count("\n") + 1
