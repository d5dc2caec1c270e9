"""The reader on the bundled compendium, checked against an independent reading of the source.

``tests/data/seed_truth.json`` was written by reading the source line by line (every report's
headings with their lines, lists, footnotes, page-break joins), not by running this program; the
notes in it record each judgement call. Front and back matter are checked here directly.
"""

from __future__ import annotations

from collections import Counter

from digestconv.model import (
    Contents,
    FieldList,
    Link,
    ListBlock,
    Note,
    PageBreak,
    Paragraph,
    Strong,
    Subscript,
    Text,
    block_text,
    plain_text,
)
from digestconv.outline import outline


def _sections(sections: list[dict]) -> list[dict]:
    return [
        {"label": s["label"], "title": s["title"], "line": s["line"], "children": _sections(s["children"])}
        for s in sections
    ]


def test_finds_all_21_reports_in_order(seed_parse, truth):
    ids = [r.label for r in seed_parse.document.body]
    assert ids == [r["id"] for r in truth["reports"]] == [f"2024-{n:02d}" for n in range(1, 22)]
    assert all(r.kind == "report" for r in seed_parse.document.body)


def test_report_titles_and_metadata_fields(seed_parse, truth):
    data = outline(seed_parse)
    for mine, expected in zip(data["reports"], truth["reports"], strict=True):
        assert mine["title"] == expected["title"]
        assert mine["meta"] == expected["meta"], mine["id"]
    extra = {
        r["id"]: set(r["meta"]) - {"專題報告編號", "執行時間", "召集人", "研究團隊", "負責中心/同仁"}
        for r in data["reports"]
    }
    assert {k: v for k, v in extra.items() if v} == {"2024-04": {"顧問"}, "2024-09": {"顧問"}}


def test_execution_period_is_also_a_date_range(seed_parse):
    first = seed_parse.document.body[0]
    period = next(f for f in first.meta if f.name == "執行時間")
    assert plain_text(period.value) == "2023.06~2023.12"
    assert period.normalized == "2023-06/2023-12"


def test_section_tree_matches_the_reading(seed_parse, truth):
    data = outline(seed_parse)
    for mine, expected in zip(data["reports"], truth["reports"], strict=True):
        assert _sections(mine["sections"]) == _sections(expected["sections"]), mine["id"]


def test_heading_counts_per_level(seed_parse):
    levels: Counter[int] = Counter()

    def walk(divisions, depth):
        for d in divisions:
            levels[depth] += 1
            walk(d.children, depth + 1)

    for report in seed_parse.document.body:
        walk(report.children, 1)
    assert dict(levels) == {1: 84, 2: 142, 3: 66, 4: 24, 5: 6}


def test_list_blocks_per_report(seed_parse, truth):
    assert outline(seed_parse)["lists"] == {r["id"]: r["lists"] for r in truth["reports"]}


def test_page_break_joins(seed_parse, truth):
    joins = outline(seed_parse)["page_break_joins"]
    assert joins == sorted(truth["page_break_joins"], key=lambda j: j["line_before"])
    assert len(joins) == 65


def test_footnotes_bound_at_their_reference(seed_parse, truth):
    data = outline(seed_parse)
    assert [(f["n"], f["report"]) for f in data["footnotes"]] == [(f["n"], f["report"]) for f in truth["footnotes"]]
    assert data["footnotes"][0]["text"].startswith("例如目前針對社福補助款")
    bound = {(d.line, d.related_line) for d in seed_parse.diagnostics if d.code == "footnote-bound"}
    assert bound == {(f["ref_line"], f["body_line"]) for f in truth["footnotes"]}
    # the bodies left the running text: no paragraph starts with a footnote number any more
    report = next(r for r in seed_parse.document.body if r.label == "2024-15")
    texts = [block_text(b) for d in [report, *report.children] for b in d.blocks]
    assert not any(t.startswith(("2 SAIDI", "SAIDI (System")) for t in texts)


def test_note_sits_inside_the_list_item_that_references_it(seed_parse):
    report = next(r for r in seed_parse.document.body if r.label == "2024-06")
    section = report.children[3]  # 四、改善對策及建言
    (listing,) = [b for b in section.blocks if isinstance(b, ListBlock)]
    labels = [i.label for i in listing.items]
    assert labels == [
        "(一)",
        "(二)",
        "(三)",
        "(四)",
        "(五)",
        "(六)",
        "(七)",
        "(八)",
        "(九)",
        "(十)",
        "(十一)",
        "(十二)",
        "(十三)",
        "(十四)",
        "(十五)",
    ]
    eighth = listing.items[7]
    nested = eighth.blocks[1]
    assert isinstance(nested, ListBlock) and [i.label for i in nested.items] == ["1.", "2.", "3.", "4."]
    third = nested.items[2].blocks[0]
    notes = [n for n in third.inlines if isinstance(n, Note)]
    assert [n.label for n in notes] == ["1"]


def test_bold_lead_in_items_keep_label_and_bold(seed_parse):
    report = next(r for r in seed_parse.document.body if r.label == "2024-02")
    policy = report.children[3].children[0]  # 四、 > (一) 政策法規面
    (listing,) = policy.blocks
    assert isinstance(listing, ListBlock) and listing.ordered
    first = listing.items[0]
    assert first.label == "1."
    assert first.blocks[0].inlines[0] == Strong((Text("設立「跨部會專責委員會」"),))
    assert plain_text(first.blocks[0].inlines).startswith("設立「跨部會專責委員會」：建議設立專責委員會")


def test_heading_written_as_one_item_bullet(seed_parse):
    report = next(r for r in seed_parse.document.body if r.label == "2024-18")
    six = report.children[3].children[5]
    assert (six.label, plain_text(six.title)[:8]) == ("(六)", "英國採兩手策略，")
    assert plain_text(six.blocks[0].inlines).startswith("英國採取兩手策略")


def test_false_list_number_is_merged(seed_parse):
    report = next(r for r in seed_parse.document.body if r.label == "2024-18")
    three = report.children[3].children[2]
    (listing,) = three.blocks
    assert [i.label for i in listing.items] == ["1.", "2.", "3.", "4."]
    assert "延後鋼鐵業在歐盟 CBAM 機制實施期程，重新評估" in plain_text(listing.items[3].blocks[0].inlines)
    (diag,) = [d for d in seed_parse.diagnostics if d.code == "false-list-number"]
    assert (diag.line, diag.dropped) == (1743, "5.")


def test_joined_text_cjk_without_space_latin_with_one(seed_parse):
    paragraphs = [plain_text(b.inlines) for b in _all_paragraphs(seed_parse.document)]
    assert any("分別論述核能之過去" in p for p in paragraphs)  # lines 82/84
    assert any("上市後研究(Postmarketing requirement study" in p for p in paragraphs)  # lines 2033/2035
    assert not any("\n" in p for p in paragraphs if "核能之過去" in p)


def test_hard_breaks_in_prose_joined_but_kept_after_titles(seed_parse):
    back = {d.kind: d for d in seed_parse.document.back}
    copyright_text = plain_text(back["copyright"].blocks[0].inlines)
    assert "著作權法規定引用" in copyright_text and "\n" not in copyright_text
    report = next(r for r in seed_parse.document.body if r.label == "2024-14")
    five = report.children[2].children[4]  # 三、 > (五)
    listing = next(b for b in five.blocks if isinstance(b, ListBlock))
    assert plain_text(listing.items[0].blocks[0].inlines).startswith("物流是支撐關鍵產業的全球競爭力\n台灣的半導體")


def test_subscript_links_and_autolinks(seed_parse):
    doc = seed_parse.document
    report = next(r for r in doc.body if r.label == "2024-04")
    subs = [n for b in _all_paragraphs_in(report) for n in _inline_nodes(b.inlines) if isinstance(n, Subscript)]
    assert subs and all(plain_text(s.children) == "2" for s in subs)
    links = [
        n
        for d in doc.divisions()
        for b in d.blocks
        if isinstance(b, (Paragraph, FieldList))
        for n in _inline_nodes(b.inlines if isinstance(b, Paragraph) else [x for f in b.fields for x in f.value])
        if isinstance(n, Link)
    ]
    assert {link.target for link in links} == {"http://www.ctci.org.tw"}
    assert [plain_text(link.children) for link in links] == ["www.ctci.org.tw", "http://www.ctci.org.tw"]


def test_front_matter(seed_parse):
    doc = seed_parse.document
    meta = doc.metadata
    assert meta.title == "中技社 113 年度 研究報告摘要彙編"
    assert (meta.publisher, meta.publisher_en) == ("財團法人中技社", "CTCI FOUNDATION")
    assert (meta.date, meta.date_printed) == ("2025-02", "中華民國 114 年 02 月")
    assert meta.language == "zh-Hant-TW"
    assert [(c.role, c.name) for c in meta.contributors] == [
        ("發行人", "潘文炎"),
        ("主編", "陳綠蔚"),
        *[("執行編輯", n) for n in ["曾志煌", "楊顯整", "芮嘉瑋", "陳潔儀", "江建將"]],
    ]
    assert meta.address == "106 臺北市敦化南路二段 97 號 8 樓"
    assert (meta.telephone, meta.fax, meta.website) == ("886-2-2704-9805", "886-2-2705-5044", "http://www.ctci.org.tw")
    kinds = [d.kind for d in doc.front]
    assert kinds == ["titlepage", "introduction", "staff", "contents"]
    intro = doc.front[1]
    assert len(intro.blocks) == 2 and plain_text(intro.blocks[0].inlines).startswith(
        "財團法人中技社(CTCI Foundation)創立於"
    )
    staff = doc.front[2]
    names = [f.name for b in staff.blocks if isinstance(b, FieldList) for f in b.fields]
    assert names == ["發行人", "主編", "執行編輯", "發行單位", "地址", "電話", "傳真", "網址", "發行日期"]
    issued = staff.blocks[-1].fields[-1]
    assert issued.normalized == "2025-02"


def test_contents_pages_and_reconciliation(seed_parse):
    doc = seed_parse.document
    (contents,) = [b for b in doc.front[3].blocks if isinstance(b, Contents)]
    assert [e.page for e in contents.entries] == [
        "3",
        "8",
        "13",
        "18",
        "26",
        "31",
        "37",
        "42",
        "50",
        "57",
        "64",
        "70",
        "79",
        "84",
        "92",
        "101",
        "106",
        "111",
        "119",
        "127",
        "132",
    ]
    assert all(e.target == f"r{e.label}" for e in contents.entries)
    assert plain_text(contents.entries[6].title) == "我國中央財政與稅制優化研究"  # as printed in the contents
    seventh = doc.body[6]
    assert plain_text(seventh.title) == "我國財政與稅制優化研究"  # the body's title is kept
    assert seventh.blocks[0] == PageBreak("37")
    mismatches = [(d.line, d.related_line) for d in seed_parse.diagnostics if d.code == "toc-title-mismatch"]
    assert mismatches == [(51, 596), (64, 1770)]


def test_back_matter_and_dropped_furniture(seed_parse):
    back = seed_parse.document.back
    assert [d.kind for d in back] == ["copyright", "disclaimer", "colophon"]
    assert plain_text(back[0].title) == "著作權聲明©財團法人中技社"
    colophon = [plain_text(b.inlines) for b in back[2].blocks]
    assert colophon == [
        "CTCI FOUNDATION",
        "106 台北市敦化南路2段97號8樓",
        "Tel : 02-2704-9805~7 Fax : 02-2705-5044",
        "http://www.ctci.org.tw",
        "使用再生紙印製",
    ]
    dropped = [(d.line, d.dropped) for d in seed_parse.diagnostics if d.code == "furniture-dropped"]
    assert dropped == [
        (4, "財團法人"),
        (7, "中技社"),
        (41, "中技社113年度研究報告摘要彙編"),
        (584, "---"),
        (1454, "---"),
        (2100, "財團中技社法人"),
    ]


def test_every_repair_is_reported_with_its_line(seed_parse):
    codes = Counter(d.code for d in seed_parse.diagnostics)
    assert codes["page-break-join"] == 65
    assert codes["footnote-bound"] == 4
    assert codes["toc-title-mismatch"] == 2
    assert codes["bullet-repaired"] == 1
    assert all(d.line >= 1 for d in seed_parse.diagnostics)
    inferred = sorted(d.line for d in seed_parse.diagnostics if d.code == "inferred-heading")
    assert {816, 921, 929, 979, 981, 1011, 1724, 1756} <= set(inferred)


# --- helpers -----------------------------------------------------------------------------------


def _inline_nodes(inlines):
    for node in inlines:
        yield node
        if hasattr(node, "children"):
            yield from _inline_nodes(node.children)


def _blocks(blocks):
    for block in blocks:
        yield block
        if isinstance(block, ListBlock):
            for item in block.items:
                yield from _blocks(item.blocks)


def _all_paragraphs_in(division):
    for d in [division, *_descendants(division)]:
        yield from (b for b in _blocks(d.blocks) if isinstance(b, Paragraph))


def _descendants(division):
    for child in division.children:
        yield child
        yield from _descendants(child)


def _all_paragraphs(doc):
    for d in doc.divisions():
        yield from (b for b in _blocks(d.blocks) if isinstance(b, Paragraph))
