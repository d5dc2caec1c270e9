"""Single kinds of extraction noise on a small compendium, each with the structure it must give.

(The property tests in test_compendium_noise.py mix them on the whole seed.)
"""

from __future__ import annotations

import pytest

from digestconv.compendium import parse
from digestconv.model import Contents, Division, ListBlock, Paragraph, Text, block_text, plain_text

from .test_compendium_input import SMALL

BROKEN = "這是一段被頁面切斷的文\n\n字，後面接著完整的句子。"


def report(text: str) -> Division:
    (only,) = parse(text, "small.md").document.body
    return only


def section_titles(division: Division) -> list[str]:
    return [f"{d.label} {plain_text(d.title)}" for d in division.children]


def codes(text: str) -> list[str]:
    return [d.code for d in parse(text).diagnostics]


def test_the_small_compendium_as_it_is():
    assert section_titles(report(SMALL)) == ["一、 問題及目標", "二、 研究結論"]
    assert block_text(report(SMALL).children[0].blocks[0]) == BROKEN.replace("\n\n", "")


@pytest.mark.parametrize("furniture", ["12", "１２", "- 12 -", "第 12 頁", "彙編標題", "彙編標題\n\n12", "測試社"])
def test_page_furniture_in_a_page_break_is_dropped_and_the_sentence_joined(furniture):
    text = SMALL.replace(BROKEN, BROKEN.replace("\n\n", f"\n\n{furniture}\n\n"))
    first = report(text).children[0]
    assert [block_text(b) for b in first.blocks] == [BROKEN.replace("\n\n", "")]
    dropped = [d.dropped for d in parse(text).diagnostics if d.code == "furniture-dropped"]
    assert "".join(dropped) == "".join(furniture.split())  # as printed


def test_a_label_alone_on_a_line_is_text_not_an_empty_item():
    text = SMALL.replace("### 二、", "(74)\n\n### 二、")
    first = report(text).children[0]
    assert [block_text(b) for b in first.blocks][-1] == "(74)"


def test_items_cut_from_a_paragraph_keep_their_own_numbers():
    text = SMALL.replace(BROKEN, "本段列出三項，\n2. 第二項。\n3. 第三項。\n4. 第四項。")
    (listing,) = [b for b in report(text).children[0].blocks if isinstance(b, ListBlock)]
    assert [(item.label, block_text(item.blocks[0])) for item in listing.items] == [
        ("2.", "第二項。"),
        ("3.", "第三項。"),
        ("4.", "第四項。"),
    ]


def test_logo_text_inside_the_last_report_is_a_running_foot_not_the_back_cover():
    text = SMALL.replace("### 二、", "測試社\n\n### 二、") + "\n### 著作權聲明\n\n版權所有。\n\n測試社\n"
    parsed = parse(text)
    assert section_titles(parsed.document.body[0]) == ["一、 問題及目標", "二、 研究結論"]
    assert [d.kind for d in parsed.document.back] == ["copyright", "colophon"]


def test_a_running_head_marked_as_a_heading_in_the_last_report_is_dropped():
    text = SMALL.replace(BROKEN, BROKEN.replace("\n\n", "\n\n## 彙編標題\n\n"))
    assert section_titles(report(text)) == ["一、 問題及目標", "二、 研究結論"]
    assert block_text(report(text).children[0].blocks[0]) == BROKEN.replace("\n\n", "")


CONTENTS = "## 目 錄\n\n2024-01 第一份報告{leader}\n\n## 2024-01"


@pytest.mark.parametrize("leader", [".....3", "‧‧‧‧3", "．．．．3", " . . . . 3", "……3", " 3", "\t3", "  3"])
def test_contents_leaders(leader):
    text = SMALL.replace("## 2024-01", CONTENTS.format(leader=leader))
    (contents,) = [d for d in parse(text).document.front if d.kind == "contents"]
    (entries,) = contents.blocks
    assert [(e.label, plain_text(e.title), e.page) for e in entries.entries] == [("2024-01", "第一份報告", "3")]


@pytest.mark.parametrize("contents", ["2024-01 第一份報告", "2024-01 第一份報告\n2024-02 第二份報告"])
def test_contents_lines_without_pages_are_not_reports(contents):
    text = SMALL.replace("## 2024-01", f"## 目 錄\n\n{contents}\n\n## 2024-01")
    assert [r.label for r in parse(text).document.body] == ["2024-01"]
    assert "第一份報告" in "".join(block_text(b) for d in parse(text).document.front for b in d.blocks)


@pytest.mark.parametrize(
    ("line", "name", "normalized"),
    [
        ("- ◇ **執行時間**：2024.01~2024.12", "執行時間", "2024-01/2024-12"),
        ("- ◇ **執行時間：**2024.01~2024.12", "執行時間", "2024-01/2024-12"),
        ("- ◇ 執 行 時 間：2024.01~2024.12", "執行時間", "2024-01/2024-12"),
        ("- ◇ 執行時間︰2024.01~2024.12", "執行時間", "2024-01/2024-12"),
        ("- ◇ 執行時間：113年1月~113年12月", "執行時間", "2024-01/2024-12"),
    ],
)
def test_metadata_names_and_periods(line, name, normalized):
    text = SMALL.replace("- ◇ 執行時間：2024.01~2024.12", line)
    field = report(text).meta[1]
    assert (field.name, field.normalized) == (name, normalized)


def test_a_heading_mark_glued_to_its_text():
    text = SMALL.replace("### 一、", "###一、").replace("## 2024-01", "##2024-01")
    assert report(text).label == "2024-01"
    assert section_titles(report(text)) == ["一、 問題及目標", "二、 研究結論"]
    assert codes(text).count("heading-mark-repaired") == 2


@pytest.mark.parametrize("space", ["\u00a0", "\u3000", " \u3000\u00a0"])
def test_a_line_of_other_spaces_is_a_blank_line(space):
    text = SMALL.replace("### 二、研究結論\n\n", f"### 二、研究結論\n{space}\n")
    (listing,) = report(text).children[1].blocks
    assert isinstance(listing, ListBlock) and len(listing.items) == 2
    text = SMALL.replace(BROKEN, "第一段。\n\u3000\n第二段。")
    assert list(report(text).children[0].blocks) == [Paragraph((Text("第一段。"),)), Paragraph((Text("第二段。"),))]


@pytest.mark.parametrize("dash", ["–", "－", "—"])
def test_another_dash_in_a_report_id(dash):
    text = SMALL.replace("## 2024-01", f"## 2024{dash}01")
    assert report(text).label == "2024-01"
    (found,) = [d for d in parse(text).diagnostics if d.code == "report-id-normalized"]
    assert found.dropped == f"2024{dash}01"


def test_footnote_bodies_on_consecutive_lines_are_each_bound():
    text = SMALL.replace("字，後面接著完整的句子。", "字<sup>2</sup>，後面<sup>3</sup>接著完整的句子。")
    text += "\n---\n\n<sup>2</sup> 第二個註。\n<sup>3</sup> 第三個註。\n"
    notes = [d for d in parse(text).diagnostics if d.code == "footnote-bound"]
    assert len(notes) == 2
    first = report(text).children[0].blocks[0]
    assert [block_text(b) for n in first.inlines if hasattr(n, "blocks") for b in n.blocks] == [
        "第二個註。",
        "第三個註。",
    ]


@pytest.mark.parametrize("mark", ["### ", "### **", "**", ""])
def test_back_matter_headings_without_their_marks(mark):
    close = "**" if "**" in mark else ""
    back = f"\n{mark}著作權聲明©財團法人測試社{close}\n\n版權所有，翻印必究。\n\n"
    back += f"{mark}免責聲明{close}\n\n本出版品不代表本社立場。\n"
    parsed = parse(SMALL + back)
    assert section_titles(parsed.document.body[0]) == ["一、 問題及目標", "二、 研究結論"]
    assert [(d.kind, plain_text(d.title)) for d in parsed.document.back] == [
        ("copyright", "著作權聲明©財團法人測試社"),
        ("disclaimer", "免責聲明"),
    ]


@pytest.mark.parametrize("space", ["\u00a0", "\u3000"])
def test_other_spaces_at_line_ends_hide_no_rule_or_break(space):
    text = SMALL.replace("字，後面", "字<sup>2</sup>，後面") + "\n---\n\n<sup>2</sup> 註。\n"
    spaced = text.replace("\n", f"{space}\n")
    assert [d.code for d in parse(spaced).diagnostics] == [d.code for d in parse(text).diagnostics]
    assert report(spaced) == report(text)


def test_a_line_among_the_contents_entries_keeps_its_place():
    contents = "## 目 錄\n\n2024-01 第一份報告.....3\n上半年\n2024-02 第二份報告.....9\n\n## 2024-01"
    text = SMALL.replace("## 2024-01", contents)
    (division,) = [d for d in parse(text).document.front if d.kind == "contents"]
    assert [type(b).__name__ for b in division.blocks] == ["Contents", "Paragraph", "Contents"]
    assert [block_text(b) for b in division.blocks][1] == "上半年"
    assert [e.label for b in division.blocks if isinstance(b, Contents) for e in b.entries] == ["2024-01", "2024-02"]


@pytest.mark.parametrize(("ref", "body"), [("[2]", "[2]"), ("(2)", "(2)"), ("[2]", "2")])
def test_bracketed_footnote_numbers_are_bound(ref, body):
    text = SMALL.replace("字，後面", f"字<sup>{ref}</sup>，後面") + f"\n---\n\n<sup>{body}</sup> 註。\n"
    (note,) = [n for n in report(text).children[0].blocks[0].inlines if hasattr(n, "blocks")]
    assert (note.label, block_text(note.blocks[0])) == (ref, "註。")
