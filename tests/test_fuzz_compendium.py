"""The compendium reader under fuzzing: whatever the text, a valid Document or the documented
InputError, never another exception; no Chinese character lost; no catastrophic backtracking.

The generated Markdown mixes the seed's constructs (report headings, ``◇`` lines, the four kinds
of numbering labels, bold lead-ins, bullets, footnote references and bodies under ``---``,
``<sup>``/``<sub>``, contents lines, links) with their broken forms, stray HTML, Markdown
syntax in odd places and garbage characters.
"""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from digestconv.compendium import parse
from digestconv.compendium.decode import decode
from digestconv.errors import InputError
from digestconv.formats import jsonmodel

from .conftest import ROOT

FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_CJK = "這是研究報告摘要臺灣能源政策產業發展核電氫能財團法人中技社"
_PUNCT = "，。、；：「」（）！？…．"
prose = st.text(alphabet=st.sampled_from(_CJK + _PUNCT + " abcXY0123"), max_size=50)
numbers = st.integers(min_value=0, max_value=120)
labels = st.sampled_from(
    [
        *("一、", "十二、", "(一)", "（二）", "(三)、", "1.", "2、", "１０.", "(1)", "（２）", "A.", "Z、"),
        *("(一", "一、、", "1..", "（３", "(1)(2)", "A.B.", "百百、", "(〇)"),  # broken or odd
    ]
)
markdown_junk = st.text(alphabet=st.sampled_from("*_`[]()<>!#>-|\\~&;:/ \t"), max_size=20)
garbage = st.one_of(
    st.text(max_size=20),  # any code point except surrogates: controls, private use, astral
    st.sampled_from(["\x00", "\x01\x02", "\x0b\x0c", "\x7f", "\x85", "\x9f", "\ufeff", "\ufffe", "\u2028", "\r"]),
)
html = st.sampled_from(
    [
        *("<sup>", "</sup>", "<sub>2</sub>", "<b>", "</b>", "<i>x</i>", "<br>", "<br/>", "<div>", "</div>"),
        *("<span a='1'>", "<!-- 註 -->", "<sup\t>", "<SUP>1</SUP>", "<a href='x'>", "</p>", "<b><i>交錯</b></i>"),
    ]
)


def _join(parts: list[str]) -> str:
    return "".join(parts)


inline = st.lists(
    st.one_of(
        prose,
        prose.map(lambda t: f"**{t}**"),
        st.tuples(numbers, prose).map(lambda p: f"{p[1]}<sup>{p[0]}</sup>"),
        html,
        markdown_junk,
        garbage,
        st.sampled_from(
            ["[中技社](http://www.ctci.org.tw)", "<https://example.org/a>", "[斷](", "](x)", "![圖](a.png)"]
        ),
        st.sampled_from(['[網站](http://x.org "說明")', "[文][參考]", "`程式`", "\\*跳脫", "&copy;", "&#x4E2D;"]),
    ),
    max_size=6,
).map(_join)

line = st.one_of(
    st.tuples(st.integers(0, 6), numbers, prose).map(lambda p: f"{'#' * p[0]} 2024-{p[1]:02d} {p[2]}"),
    st.tuples(st.integers(0, 5), st.booleans(), labels, inline).map(
        lambda p: f"{'#' * p[0]} {'**' if p[1] else ''}{p[2]}{p[3]}"
    ),
    st.tuples(st.sampled_from(["- ", "", "  - "]), prose, inline).map(lambda p: f"{p[0]}◇ {p[1][:6]}：{p[2]}"),
    st.tuples(st.sampled_from(["- ", "-", "* ", "  - ", "1. ", "> "]), inline).map(_join),
    st.tuples(numbers, prose, numbers).map(lambda p: f"2024-{p[0]:02d}\t{p[1]}.....\t{p[2]}"),
    st.tuples(numbers, inline).map(lambda p: f"<sup>{p[0]}</sup> {p[1]}"),
    st.sampled_from(["---", "***", "- - -", "```", "```說明", "~~~", "<div>", "</div>", "[1]: 註解", "    縮排"]),
    st.sampled_from(["[參考]: http://x.org", "<!--", "-->", "<pre>", "> > 引文", "| 表 | 格 |", "<?php 文 ?>"]),
    inline,
)
markdown = st.lists(st.tuples(line, st.sampled_from(["\n", "\n\n", "\n\n\n", "  \n", "\r\n"])), max_size=40).map(
    lambda pairs: "".join(a + b for a, b in pairs)
)


def _han(text: str) -> Counter[str]:
    return Counter(ch for ch in text if unicodedata.name(ch, "").startswith("CJK UNIFIED"))


@FUZZ
@given(markdown)
# What this test found (each was lost, or crashed the reader, before the fix):
@example(" 一、\n# 2024-00 0\n")  # front matter without a title heading dropped whole
@example("## 2024-01 報告\n\n 一、****\n")  # a label left out of what the logo rule dropped
@example("## 2024-01 報告\n\n[1]: 註解\n")  # read as a link reference definition: vanished
@example('## 2024-01 報告\n\n[網站](http://x.org "說明")\n')  # a link's title
@example("## 2024-01 報告\n\n```說明\n")  # a code fence's info string
@example("## 2024-01 報告\n\n 一、[\n 一、]()\n")  # a link cut in two by a label line: IndexError
@example("# 題\n2024-00\t：.....\t0\n◇ 中：\n# 2024-00 0\n")  # a line among the contents entries
@example(" 2024-00 0\n- [0](中)\n")  # a link's address came percent-encoded, and furniture lost it
@example("<div>\n\n[參考]: http://x.org\n")  # after an HTML block, the block's lines read as the source's
def test_any_markdown_gives_a_document_or_the_documented_error(text):
    try:
        result = parse(text, "fuzz.md")
    except InputError as exc:
        assert str(exc).startswith("fuzz.md")
        return
    lines = text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert all(1 <= d.line <= lines for d in result.diagnostics)
    # Nothing lost: every Chinese character of the source is in the model or reported dropped.
    kept = _han(jsonmodel.dumps(result.document)) + _han("".join(d.dropped for d in result.diagnostics))
    assert not _han(text) - kept


@FUZZ
@given(st.binary(max_size=400) | markdown.map(lambda t: t.encode("utf-8", "surrogatepass")))
@example(b"<sup>0</sup>0000-00\x01\n---\n<sup>0</sup>")  # a note call before a report id: AssertionError
def test_any_bytes_give_a_document_or_the_documented_error(data):
    try:
        text, _ = decode(data, "fuzz.md")
        parse(text, "fuzz.md")
    except InputError as exc:
        assert str(exc).startswith("fuzz.md")


# --- linear time -------------------------------------------------------------------------------

MB = 2**20
# Lines that made regular expressions of the reader backtrack catastrophically (a contents line
# with a long run of spaces took minutes for 50 KB), and single long lines of each construct.
HOSTILE_LINES = {
    "contents line, spaces": "2024-01 標題" + " " * MB + "x",
    "contents line, dots": "2024-01 標題" + "." * MB + "x",
    "contents line, tabs and spaces": "2024-01 標題" + " \t" * (MB // 2) + "x",
    "period field, spaces": "◇ 執行時間：2023.06" + " " * MB + "x",
    "staff field, spaces": " " * MB + "發行人：x",
    "prose": "這是一段很長的文字，" * (MB // 30),
    "labels": "(一)" * (MB // 9),
}
_RUN_ALL = """
import time
from digestconv.compendium import parse
from digestconv.errors import InputError
from tests.test_fuzz_compendium import HOSTILE_LINES
head = "## 2024-01 報告\\n\\n"
for name, line in HOSTILE_LINES.items():
    for text in (line + "\\n\\n" + head, head + line + "\\n"):  # in the front matter, in a report
        started = time.perf_counter()
        try:
            parse(text)
        except InputError:
            pass
        print(f"{name}: {time.perf_counter() - started:.2f} s", flush=True)
"""


def test_a_megabyte_line_of_any_kind_parses_without_hanging():
    # In a child process, with a generous limit for the lot (each parse takes about a second):
    # catastrophic backtracking takes hours, and a regular expression cannot be interrupted.
    result = subprocess.run(
        [sys.executable, "-c", _RUN_ALL], capture_output=True, text=True, timeout=120, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.count(" s\n") == 2 * len(HOSTILE_LINES)


@pytest.mark.parametrize("depth", [18, 40])
def test_deep_nesting_is_an_input_error_not_silently_skipped(depth):
    quotes = "## 2024-01 報告\n\n" + "> " * depth + "引文內容。\n"
    lists = "## 2024-01 報告\n\n" + "".join("  " * i + f"- 第{i}層\n" for i in range(depth))
    for text in (quotes, lists):
        with pytest.raises(InputError, match="nested too deep"):
            parse(text, "deep.md")


def test_inline_markup_nested_deep_is_kept_as_text():
    text = "## 2024-01 報告\n\n" + "<sup>" * 500 + "深" + "</sup>" * 500 + "。這是最後一段很長的文字內容，不是標誌。\n"
    result = parse(text, "deep.md")
    assert any(d.code == "markup-too-deep" for d in result.diagnostics)
    assert "深" in jsonmodel.dumps(result.document)
