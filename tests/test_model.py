"""The document model: validation of impossible trees, lossless JSON, and the generators.

Property tests draw from :mod:`digestconv.strategies`, which the writer round-trip tests of every
format share; the tests here also check that the strategies are valid and reach the hard cases.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
from collections.abc import Callable, Iterator

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from digestconv import strategies as gen
from digestconv.errors import InputError, ModelError
from digestconv.formats import jsonmodel
from digestconv.model import (
    NODE_TYPES,
    Contents,
    ContentsEntry,
    Contributor,
    Division,
    Document,
    Emphasis,
    Field,
    FieldList,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Metadata,
    Note,
    PageBreak,
    Paragraph,
    Quote,
    Strong,
    Superscript,
    Text,
    forbidden_characters,
    validate,
)

PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# A reproducible pass over many documents, to see that they reach the hard cases.
SURVEY = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
)

# --- walking trees -----------------------------------------------------------------------------


def nodes(value: object) -> Iterator[object]:
    """Every model node under ``value``, itself included, depth first."""
    if dataclasses.is_dataclass(value):
        yield value
        for f in dataclasses.fields(value):
            yield from nodes(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from nodes(item)


def strings(value: object) -> Iterator[str]:
    """Every string field under ``value``."""
    for node in nodes(value):
        for f in dataclasses.fields(node):  # type: ignore[arg-type]
            field_value = getattr(node, f.name)
            if isinstance(field_value, str):
                yield field_value


def depth(divisions: tuple[Division, ...]) -> int:
    return max((1 + depth(d.children) for d in divisions), default=0)


def texts_of(doc: Document) -> Iterator[str]:
    return (n.text for n in nodes(doc) if isinstance(n, Text))


# --- properties --------------------------------------------------------------------------------


@PROPERTY
@given(gen.documents())
def test_json_round_trip_is_exact_and_deterministic(doc: Document) -> None:
    text = jsonmodel.dumps(doc)
    assert jsonmodel.dumps(doc) == text
    text.encode("utf-8")  # no lone surrogates
    back = jsonmodel.loads(text)
    assert back == doc
    assert jsonmodel.dumps(back) == text


@PROPERTY
@given(gen.documents())
def test_generated_documents_are_valid(doc: Document) -> None:
    assert validate(doc) is doc
    bad = forbidden_characters()
    assert not any(bad.search(s) for s in strings(doc))
    ids = [d.id for d in doc.divisions()]
    assert len(ids) == len(set(ids))
    assert depth(doc.body) <= 6 and depth(doc.front) <= 2 and depth(doc.back) <= 2


def _in_division(blocks: tuple = (), title: tuple = (), meta: tuple = (), children: tuple = ()) -> Document:  # type: ignore[type-arg]
    division = Division("section", "s1", "", title, meta, blocks, children)
    return Document(Metadata("t", "id"), body=(division,))


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        gen.blocks().map(lambda b: _in_division(blocks=b)),
        gen.blocks(max_depth=3, top_level=False, in_note=True).map(lambda b: _in_division(blocks=b)),
        gen.inlines(min_size=1).map(lambda i: _in_division(blocks=(Paragraph(i),))),
        gen.inlines(notes=False).map(lambda i: _in_division(title=i)),
        st.lists(gen.fields(), max_size=3).map(lambda f: _in_division(meta=tuple(f))),
        gen.divisions(max_depth=3, min_roots=1).map(lambda d: Document(Metadata("t", "id"), body=d)),
        gen.metadata().map(lambda m: Document(m, body=(Division("section", "s1", "", ()),))),
    )
)
def test_building_blocks_are_valid(doc: Document) -> None:
    validate(doc)
    assert depth(doc.body) <= 3


@settings(max_examples=200, deadline=None)
@given(gen.texts(), gen.texts(min_size=1, max_size=5, long=False, edge_space=False))
def test_texts_respect_their_options(text: str, short: str) -> None:
    assert not forbidden_characters().search(text)
    assert 1 <= len(short) <= 5


# --- the strategies reach the hard cases --------------------------------------------------------


def _astral(doc: Document) -> bool:
    return any(0x20000 <= ord(c) <= 0x2A6DF for s in strings(doc) for c in s)


def _mixed_run(doc: Document) -> bool:
    return any(re.search(r"[A-Za-z]", t) and re.search(r"[\u4e00-\u9fff]", t) for t in texts_of(doc))


def _note_with_list(doc: Document) -> bool:
    return any(isinstance(n, Note) and any(isinstance(b, ListBlock) for b in n.blocks) for n in nodes(doc))


def _list_in_list(doc: Document) -> bool:
    return any(isinstance(n, ListItem) and any(isinstance(b, ListBlock) for b in n.blocks) for n in nodes(doc))


def _contents_target(doc: Document) -> bool:
    return any(isinstance(n, ContentsEntry) and n.target for n in nodes(doc))


def _all_metadata(doc: Document) -> bool:
    return all(getattr(doc.metadata, f.name) for f in dataclasses.fields(Metadata))


def _has_character(char: str, doc: Document) -> bool:
    return any(char in s for s in strings(doc))


def _has_node(cls: type, doc: Document) -> bool:
    return any(type(n) is cls for n in nodes(doc))


FEATURES: dict[str, Callable[[Document], bool]] = {
    "divisions 6 deep": lambda d: depth(d.body) >= 6,
    "note holding a list": _note_with_list,
    "list in a list": _list_in_list,
    "astral Han": _astral,
    "Latin and CJK in one run": _mixed_run,
    "long text": lambda d: any(len(t) >= 2000 for t in texts_of(d)),
    "empty string field": lambda d: "" in strings(d),
    "empty title": lambda d: any(not div.title for div in d.divisions()),
    "leading space": lambda d: any(t.startswith(" ") for t in texts_of(d)),
    "trailing ideographic space": lambda d: any(t.endswith("\u3000") for t in texts_of(d)),
    "contents pointing at a division": _contents_target,
    "front, body and back": lambda d: bool(d.front and d.body and d.back),
    "every metadata field": _all_metadata,
    **{f"hostile {c}": functools.partial(_has_character, c) for c in gen.HOSTILE},
    **{f"node {cls.__name__}": functools.partial(_has_node, cls) for cls in NODE_TYPES},
}


def test_documents_reach_the_hard_cases() -> None:
    missing = set(FEATURES)

    @SURVEY
    @given(gen.documents())
    def survey(doc: Document) -> None:
        missing.difference_update([name for name in missing if FEATURES[name](doc)])

    survey()
    assert not missing, f"never generated: {sorted(missing)}"


# --- validate rejects impossible trees --------------------------------------------------------


def para(*inlines: object) -> Paragraph:
    return Paragraph(tuple(inlines))  # type: ignore[arg-type]


def note(*blocks: object) -> Note:
    return Note("1", tuple(blocks))  # type: ignore[arg-type]


def body(*blocks: object, **kwargs: object) -> Document:
    return _in_division(blocks=tuple(blocks), **kwargs)  # type: ignore[arg-type]


def divs(*ids: str) -> Document:
    return Document(Metadata("t", "id"), body=tuple(Division("section", i, "", ()) for i in ids))


X = Text("x")
ITEM = ListItem("", (para(X),))

INVALID: dict[str, tuple[object, str]] = {
    "note in a note": (body(para(note(para(X, note(para(X)))))), r"note cannot stand here"),
    "note in a note's list": (
        body(para(note(ListBlock(False, (ListItem("", (para(note(para(X))),)),))))),
        r"note cannot stand here",
    ),
    "link in a link": (body(para(Link("a", (Link("b", (X,)),)))), r"a link cannot contain a link"),
    "link in emphasis in a link": (
        body(para(Link("a", (Emphasis((Link("b", (X,)),)),)))),
        r"a link cannot contain a link",
    ),
    "note in a title": (body(title=(X, note(para(X)))), r"division 's1' title: a note cannot stand here"),
    "note in a field": (body(meta=(Field("n", (note(para(X)),)),)), r"field 'n': a note cannot stand here"),
    "note in a link": (body(para(Link("a", (note(para(X)),)))), r"note cannot stand here"),
    "note in a contents title": (
        body(Contents((ContentsEntry("", "", (note(para(X)),), ""),))),
        r"contents title: a note cannot stand here",
    ),
    "empty paragraph": (body(para()), r"division 's1': empty paragraph"),
    "adjacent text runs": (body(para(Text("a"), Text("b"))), r"adjacent text runs must be merged"),
    "adjacent text runs in strong": (body(para(Strong((Text("a"), Text("b"))))), r"adjacent text runs"),
    "empty text": (body(para(Text(""))), r"empty text run"),
    "empty strong": (body(para(X, Strong(()))), r"empty Strong"),
    "empty superscript in title": (body(title=(Superscript(()),)), r"title: empty Superscript"),
    "control character": (body(para(Text("a\x01"))), r"forbidden character U\+0001"),
    "tab": (body(para(Text("a\tb"))), r"forbidden character U\+0009"),
    "C1 control": (body(para(Text("a\x85"))), r"forbidden character U\+0085"),
    "U+FFFE": (body(para(Text("\ufffe"))), r"forbidden character U\+FFFE"),
    "U+FFFF in a label": (body(ListBlock(True, (ListItem("\uffff", (para(X),)),))), r"label: forbidden.*U\+FFFF"),
    "lone surrogate": (body(para(Text("a\ud800b"))), r"forbidden character U\+D800"),
    "newline in text": (body(para(Text("line\nline"))), r"forbidden character U\+000A"),
    "control in a note label": (body(para(X, Note("\x0b", (para(X),)))), r"note label: forbidden character U\+000B"),
    "forbidden in metadata": (Document(Metadata("t\x00", "id")), r"metadata.title: forbidden character U\+0000"),
    "forbidden in a contributor": (
        Document(Metadata("t", "id", contributors=(Contributor("author", "\x1b"),))),
        r"contributor name: forbidden character U\+001B",
    ),
    "duplicate division ids": (divs("a", "b", "a"), r"division 'a': duplicate id"),
    "duplicate ids across front and body": (
        Document(Metadata("t", "id"), front=(Division("x", "a", "", ()),), body=(Division("x", "a", "", ()),)),
        r"body division 'a': duplicate id",
    ),
    "id starting with a digit": (divs("1a"), r"division '1a': id must be an XML name"),
    "id with a space": (divs("a b"), r"id must be an XML name"),
    "empty id": (divs(""), r"division '': id must be an XML name"),
    "id with a colon": (divs("a:b"), r"id must be an XML name"),
    "uppercase kind": (Document(Metadata("t", "id"), body=(Division("Section", "a", "", ()),)), r"kind 'Section'"),
    "page break in a list item": (
        body(ListBlock(False, (ListItem("", (PageBreak("3"),)),))),
        r"PageBreak cannot be nested in a list, quote or note",
    ),
    "page break in a quote": (body(Quote((PageBreak("3"),))), r"PageBreak cannot be nested"),
    "page break in a note": (body(para(X, note(PageBreak("3")))), r"PageBreak cannot be nested"),
    "contents in a quote": (body(Quote((Contents(()),))), r"Contents cannot be nested"),
    "page break without a number": (body(PageBreak("")), r"page break without a page number"),
    "contents entry at an unknown id": (
        body(Contents((ContentsEntry("nowhere", "1", (X,), "3"),))),
        r"contents entry points at unknown division id 'nowhere'",
    ),
    "list without items": (body(ListBlock(True, ())), r"list without items"),
    "list item without blocks": (body(ListBlock(True, (ListItem("1.", ()),))), r"list item '1\.' has no content"),
    "list 'ordered' not a bool": (body(ListBlock("yes", (ITEM,))), r"'ordered' must be true or false"),  # type: ignore[arg-type]
    "empty quote": (body(Quote(())), r"empty quote"),
    "empty field list": (body(FieldList(())), r"field list without fields"),
    "contents without entries": (body(Contents(())), r"contents without entries"),
    "note without blocks": (body(para(X, Note("7", ()))), r"note '7' has no content"),
    "link without target": (body(para(Link("", (X,)))), r"link target '' is not a URI reference"),
    "link target with a space": (body(para(Link("a b", (X,)))), r"link target 'a b' is not a URI reference"),
    "link target with <": (body(para(Link("a<b", (X,)))), r"is not a URI reference"),
    "link target with a bare %": (body(para(Link("100%", (X,)))), r"is not a URI reference"),
    "link target with two #": (body(para(Link("a#b#c", (X,)))), r"is not a URI reference"),
    "link target with a bad scheme": (body(para(Link("世:界", (X,)))), r"is not a URI reference"),
    "link target with a bracket": (body(para(Link("a]", (X,)))), r"is not a URI reference"),
    "document without body": (Document(Metadata("t", "id")), r"at least one body division"),
    "front matter only": (
        Document(Metadata("t", "id"), front=(Division("x", "a", "", ()),)),
        r"at least one body division",
    ),
    "language not a tag": (Document(Metadata("t", "id", language="")), r"metadata.language '' is not a BCP 47"),
    "language with a space": (Document(Metadata("t", "id", language="zh Hant")), r"not a BCP 47"),
    "date not ISO": (Document(Metadata("t", "id", date="2025/02")), r"metadata.date '2025/02' is not an ISO 8601"),
    "month 13": (Document(Metadata("t", "id", date="2025-13")), r"is not an ISO 8601"),
    "normalized value not ISO": (
        body(meta=(Field("執行時間", (X,), "2023.06~2023.12"),)),
        r"field '執行時間': normalized value '2023.06~2023.12' is not an ISO 8601 date or interval",
    ),
    "empty identifier": (Document(Metadata("t", "")), r"metadata.identifier must not be empty"),
    "text among blocks": (body(X), r"Text cannot stand here"),
    "paragraph among inlines": (body(para(X, para(X))), r"Paragraph is not an inline"),
    "paragraph among divisions": (Document(Metadata("t", "id"), body=(para(X),)), r"body: Paragraph cannot stand"),  # type: ignore[arg-type]
    "paragraph among list items": (body(ListBlock(False, (para(X),))), r"list: Paragraph cannot stand here"),  # type: ignore[arg-type]
    "division among children": (
        Document(Metadata("t", "id"), body=(Division("x", "a", "", (), children=(ITEM,)),)),  # type: ignore[arg-type]
        r"children: ListItem cannot stand here",
    ),
    "string among contributors": (
        Document(Metadata("t", "id", contributors=("me",))),  # type: ignore[arg-type]
        r"metadata.contributors: str cannot stand here",
    ),
    "list instead of tuple": (body(para(Strong([X]))), r"inlines must be a tuple"),  # type: ignore[arg-type]
    "list of blocks": (_in_division(blocks=[para(X)]), r"blocks: expected a tuple, got list"),  # type: ignore[arg-type]
    "integer text": (body(para(Text(3))), r"expected text, got int"),  # type: ignore[arg-type]
    "not a document": (Metadata("t", "id"), r"expected a Document, got Metadata"),
    # Wrongly typed fields used to escape as TypeError/AttributeError.
    "metadata not a Metadata": (Document(Contributor("a", "b")), r"expected Metadata, got Contributor"),  # type: ignore[arg-type]
    "id not a string": (
        Document(Metadata("t", "id"), body=(Division("x", ("a",), "", ()),)),  # type: ignore[arg-type]
        r"id: expected text, got tuple",
    ),
    "kind not a string": (
        Document(Metadata("t", "id"), body=(Division(1, "a", "", ()),)),  # type: ignore[arg-type]
        r"kind: expected text, got int",
    ),
    "contents target not a string": (
        body(Contents((ContentsEntry((), "", (), ""),))),  # type: ignore[arg-type]
        r"contents target: expected text, got tuple",
    ),
}


@pytest.mark.parametrize("case", INVALID)
def test_validate_rejects(case: str) -> None:
    doc, message = INVALID[case]
    with pytest.raises(ModelError, match=message):
        validate(doc)  # type: ignore[arg-type]


def test_validate_accepts_the_edge_cases_the_model_allows() -> None:
    contents = Contents((ContentsEntry("s1", "", (), ""), ContentsEntry("", "一、", (X,), "3")))
    doc = body(
        PageBreak("1"),
        contents,
        para(LineBreak()),
        para(Text(" \u3000<&>\"'\U00020000 "), Note("", (ListBlock(False, (ITEM,)), FieldList((Field("", ()),))))),
        PageBreak("2"),
        title=(),
        meta=(Field("", (), ""),),
        children=(Division("section", "s1.a_b-c", "", ()),),
    )
    assert validate(doc) is doc


# --- JSON ------------------------------------------------------------------------------------

SMALL = body(para(Strong((X,)), Note("1", (ListBlock(True, (ITEM,)),))))


def payload() -> dict:  # type: ignore[type-arg]
    return json.loads(jsonmodel.dumps(SMALL))


def loads(data: object, source: str = "model.json") -> Document:
    return jsonmodel.loads(json.dumps(data, ensure_ascii=False, indent=1), source)


def test_json_shape() -> None:
    data = payload()
    assert list(data) == ["format", "schema_version", "document"]
    assert data["format"] == "digestconv" and data["schema_version"] == jsonmodel.SCHEMA_VERSION
    assert data["document"]["body"][0]["blocks"][0] == {
        "type": "Paragraph",
        "inlines": [
            {"type": "Strong", "children": [{"type": "Text", "text": "x"}]},
            {
                "type": "Note",
                "label": "1",
                "blocks": [
                    {
                        "type": "ListBlock",
                        "ordered": True,
                        "items": [
                            {
                                "type": "ListItem",
                                "label": "",
                                "blocks": [{"type": "Paragraph", "inlines": [{"type": "Text", "text": "x"}]}],
                            }
                        ],
                    }
                ],
            },
        ],
    }
    assert loads(data) == SMALL


@pytest.mark.parametrize("version", [0, 2, "1", None])
def test_json_other_schema_version(version: object) -> None:
    data = payload()
    data["schema_version"] = version
    with pytest.raises(InputError, match=rf"model\.json.*schema version {re.escape(repr(version))} is not supported"):
        loads(data)


def test_json_missing_schema_version() -> None:
    data = payload()
    del data["schema_version"]
    with pytest.raises(InputError, match="schema version None"):
        loads(data)


def test_not_json_reports_the_line_and_column() -> None:
    text = '{\n "format": "digestconv",\n "schema_version": 1,\n oops\n}\n'
    with pytest.raises(InputError, match=r"^broken\.json:4: not valid JSON: .* \(column 2\)") as info:
        jsonmodel.loads(text, "broken.json")
    assert info.value.line == 4
    assert info.value.source == "broken.json"


def test_json_is_one_compact_line() -> None:
    doc = body(para(Text("a, b: c"), LineBreak(), Text("d")))
    text = jsonmodel.dumps(doc)
    assert text.count("\n") == 1 and text.endswith("}\n")
    assert '"text":"a, b: c"' in text and '"type":"LineBreak"},{' in text
    assert jsonmodel.loads(text) == doc


@pytest.mark.parametrize("text", ["", "[]", '"digestconv"', '{"format": "other", "schema_version": 1}'])
def test_not_a_model_file(text: str) -> None:
    with pytest.raises(InputError, match=r"not valid JSON|not a digestconv model file"):
        jsonmodel.loads(text)


def _edit(edit: Callable[[dict], None]) -> dict:  # type: ignore[type-arg]
    data = payload()
    edit(data["document"])
    return data


def _paragraph(doc: dict) -> dict:  # type: ignore[type-arg]
    return doc["body"][0]["blocks"][0]  # type: ignore[no-any-return]


def _to_line_break(doc: dict) -> None:  # type: ignore[type-arg]
    doc.clear()
    doc["type"] = "LineBreak"


BAD_JSON: dict[str, tuple[Callable[[dict], None], str]] = {  # type: ignore[type-arg]
    "unknown node type": (
        lambda d: _paragraph(d)["inlines"].append({"type": "Blink", "text": "x"}),
        r"document\.body\[0\]\.blocks\[0\]\.inlines\[2\]: unknown node type 'Blink'",
    ),
    "node without a type": (
        lambda d: _paragraph(d).pop("type"),
        r"document\.body\[0\]\.blocks\[0\]: unknown node type None",
    ),
    "unknown field": (
        lambda d: _paragraph(d).update(colour="red"),
        r"document\.body\[0\]\.blocks\[0\]: unknown field\(s\) \['colour'\] for Paragraph",
    ),
    "missing field": (
        lambda d: _paragraph(d)["inlines"][0]["children"][0].pop("text"),
        r"inlines\[0\]\.children\[0\]: Text lacks field\(s\) \['text'\]",
    ),
    "missing defaulted field": (lambda d: d["body"][0].pop("meta"), r"Division lacks field\(s\) \['meta'\]"),
    "number where text goes": (
        lambda d: d["metadata"].update(title=3),
        r"document\.metadata\.title: unexpected JSON value 3",
    ),
    "null": (lambda d: d["body"][0].update(label=None), r"unexpected JSON value None"),
    "object where text goes": (
        lambda d: d["body"][0].update(label={"type": "Text", "text": "x"}),
        r"label: expected text, got Text",
    ),
    "invalid tree": (lambda d: _paragraph(d).update(inlines=[]), r"empty paragraph"),
    "forbidden character": (lambda d: d["metadata"].update(title="\x0c"), r"forbidden character U\+000C"),
    "id as a list": (lambda d: d["body"][0].update(id=["a"]), r"id: expected text, got tuple"),
    "metadata as a string": (lambda d: d.update(metadata="m"), r"expected Metadata, got str"),
    "metadata of another type": (
        lambda d: d.update(metadata={"type": "Contributor", "role": "a", "name": "b"}),
        r"expected Metadata, got Contributor",
    ),
    "top node not a document": (_to_line_break, r"top node must be a Document"),
}


@pytest.mark.parametrize("case", BAD_JSON)
def test_json_rejects(case: str) -> None:
    edit, message = BAD_JSON[case]
    with pytest.raises(InputError, match=message) as info:
        loads(_edit(edit))
    assert str(info.value).startswith("model.json")


@pytest.mark.parametrize(
    "make",
    [
        lambda: gen.texts(min_size=2),
        lambda: gen.divisions(max_depth=0),
        lambda: gen.divisions(min_roots=3, max_roots=2),
        lambda: gen.documents(max_depth=0),
    ],
)
def test_strategy_options_are_checked(make: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        make()


@given(st.text(max_size=40))
def test_repair_uri_reference_gives_a_valid_target_or_nothing(text):
    from digestconv.model import is_uri_reference, repair_uri_reference

    repaired = repair_uri_reference(text)
    assert repaired == "" or is_uri_reference(repaired)
    if is_uri_reference(text):
        assert repaired == text  # a valid target is left alone
    assert bool(repaired) == bool(text)  # only an empty text has no target


@pytest.mark.parametrize(
    ("given_target", "repaired"),
    [
        ("http://x#b#c", "http://x#b%23c"),
        ("100%", "100%25"),
        ("1a:b", "./1a:b"),
        ("a b[1]", "a%20b%5B1%5D"),
        ("https://例え.jp/路径", "https://例え.jp/路径"),
    ],
)
def test_repair_uri_reference_examples(given_target, repaired):
    from digestconv.model import repair_uri_reference

    assert repair_uri_reference(given_target) == repaired
