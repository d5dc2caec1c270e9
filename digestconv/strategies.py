"""Hypothesis strategies that generate arbitrary *valid* document trees.

For property tests: round-trips of every format (``read(write(doc)) == doc``), invariants of the
model, fuzzing of writers. Every :class:`~digestconv.model.Document` that :func:`documents`
generates passes :func:`~digestconv.model.validate` and is already canonical: inline runs are
built through :func:`~digestconv.model.merge_inlines` (no empty or adjacent :class:`Text`, like
containers merged), so a writer/reader pair that is lossless must give back an equal tree.

>>> from hypothesis import given
>>> from digestconv.strategies import documents
>>> @given(documents())
... def test_round_trip(doc): ...

The generated trees exercise what formats find hard, at modest average size so tests stay fast:

* text: empty strings where the model allows them, rare runs of several thousand characters,
  the XML-hostile ``< & > " '``, CJK (BMP and astral, CJK Extension B U+20000–U+2A6DF) mixed with
  Latin in one run, full-width punctuation, whitespace at the edges of runs (space, U+00A0,
  ideographic space U+3000) and whitespace-only runs, plus any other character the model accepts
  (combining marks, U+2028, noncharacters, emoji…). Characters XML 1.0 forbids — C0 and C1
  controls including tab and newline, surrogates, U+FFFE and U+FFFF — are never generated;
* structure: divisions nested up to ``max_depth`` (6 by default; one chain per forest is drawn to
  a random depth, so deep trees are common), lists inside lists and quotes, notes holding lists,
  quotes and field lists, page breaks between a division's blocks, printed contents whose entries
  point at real division ids (or ``""``), empty titles and field values, division metadata;
* every node type of the model and every :class:`Metadata` field.

The building blocks are public and composable: :func:`texts`, :func:`inlines`, :func:`blocks`,
:func:`fields`, :func:`divisions`, :func:`metadata`, plus the small :func:`ids`, :func:`kinds`,
:func:`labels` and :func:`pages`. Builders are cached, so calling one twice with the same options
returns the same strategy object; pass tuples, not lists, as options.

The one content-model rule a building block cannot see on its own is that contents entries must
point at existing ids: :func:`blocks` draws targets from its ``targets`` option (default: only
``""``); :func:`divisions` and :func:`documents` point entries at divisions they generate.
"""

from __future__ import annotations

import functools

from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from .model import (
    Block,
    Contents,
    ContentsEntry,
    Contributor,
    Division,
    Document,
    Emphasis,
    Field,
    FieldList,
    Inline,
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
    Subscript,
    Superscript,
    Text,
    merge_inlines,
)

__all__ = [
    "ASTRAL_HAN", "EDGE_SPACES", "HOSTILE", "KINDS",
    "blocks", "divisions", "documents", "fields", "ids", "inlines", "kinds", "labels", "metadata",
    "pages", "texts",
]  # fmt: skip

# --- characters --------------------------------------------------------------------------------

HOSTILE = "<&>\"'"
"""Characters that need escaping in XML and HTML."""

EDGE_SPACES = (" ", "  ", "\u3000", "\u00a0", " \u3000")
"""Whitespace put at the edges of text runs (space, ideographic space, no-break space)."""

ASTRAL_HAN = (0x20000, 0x2A6DF)
"""CJK Unified Ideographs Extension B: Han characters outside the BMP (two UTF-16 units)."""

KINDS = (
    "report", "section", "titlepage", "introduction", "staff", "contents", "copyright",
    "disclaimer", "colophon", "foreword", "appendix",
)  # fmt: skip
"""Division kinds the compendium uses; :func:`kinds` adds arbitrary lowercase words."""

# Everything the model accepts: Cc is exactly C0 + DEL + C1 (U+0000–U+001F, U+007F–U+009F).
_ANY = st.characters(exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff")
_ASCII = st.characters(min_codepoint=0x20, max_codepoint=0x7E)  # includes < & > " '
_LATIN = st.one_of(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,;:-"),
    st.characters(min_codepoint=0xC0, max_codepoint=0x17F),  # accented Latin
)
_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_HAN_ASTRAL = st.characters(min_codepoint=ASTRAL_HAN[0], max_codepoint=ASTRAL_HAN[1])
_CJK_PUNCT = st.sampled_from("、。，「」『』（）：；！？…—・〈〉《》〔〕％～　")
_TRICKY = st.sampled_from(
    "\u00ad\u200b\u200d\u2028\u2029\ufeff\u0301\u3099\ufdd0\U0001f600\U0010fffd\U000e0001"
)  # soft hyphen, zero widths, line/paragraph separators, BOM, combining, noncharacters, emoji

# One "script" per segment; a run of several segments mixes Latin and CJK.
_SCRIPTS: tuple[SearchStrategy[str], ...] = (
    st.text(_LATIN, min_size=1, max_size=12),
    st.text(_HAN, min_size=1, max_size=8),
    st.text(st.one_of(_HAN, _HAN_ASTRAL), min_size=1, max_size=6),
    st.text(st.one_of(_HAN, _CJK_PUNCT), min_size=1, max_size=6),
    st.text(st.sampled_from(HOSTILE), min_size=1, max_size=3),
    st.text(_ASCII, min_size=1, max_size=10),
    st.text(st.one_of(_ANY, _TRICKY), min_size=1, max_size=6),
    st.sampled_from(EDGE_SPACES),
)


def _rarely(draw: st.DrawFn, one_in: int) -> bool:
    """True about once in ``one_in`` draws (shrinks towards False)."""
    return draw(st.integers(0, one_in - 1)) == one_in - 1


@st.composite
def _text(draw: st.DrawFn, min_size: int, max_size: int, long: bool, edge_space: bool) -> str:
    if min_size == 0 and _rarely(draw, 6):
        return ""
    if long and _rarely(draw, 40):
        # Several thousand characters for one choice: a short mixed chunk, repeated.
        chunk = "".join(draw(st.lists(st.one_of(_SCRIPTS), min_size=1, max_size=4)))
        size = draw(st.integers(2000, 6000))
        return (chunk * (size // len(chunk) + 1))[:size]
    text = "".join(draw(st.lists(st.one_of(_SCRIPTS), min_size=1, max_size=3)))
    if edge_space and _rarely(draw, 5):
        text = draw(st.sampled_from(EDGE_SPACES)) + text
    if edge_space and _rarely(draw, 5):
        text += draw(st.sampled_from(EDGE_SPACES))
    return text[: max(max_size, min_size, 1)]


@functools.cache
def texts(*, min_size: int = 0, max_size: int = 40, long: bool = True, edge_space: bool = True) -> SearchStrategy[str]:
    """Strings the model accepts anywhere text goes.

    Short runs of mixed scripts up to ``max_size`` characters; ``""`` sometimes when
    ``min_size`` is 0; with ``long``, about one in forty is 2,000–6,000 characters (ignoring
    ``max_size``); with ``edge_space``, whitespace often leads or trails. ``min_size`` is 0 or 1.
    """
    if min_size not in (0, 1):
        raise ValueError("texts(): min_size must be 0 or 1")
    return _text(min_size, max_size, long, edge_space)


@functools.cache
def labels() -> SearchStrategy[str]:
    """Printed labels of divisions and list items (``"(一)"``, ``"1."``), often ``""``."""
    return st.one_of(
        st.just(""),
        st.sampled_from(("1.", "2.", "(一)", "一、", "（二）", "i.", "a)", "①", "第一章", "A-1", "<1>", "&")),
        texts(max_size=8, long=False),
    )


@functools.cache
def pages() -> SearchStrategy[str]:
    """Printed page numbers: never empty (a :class:`PageBreak` needs one)."""
    return st.one_of(
        st.sampled_from(("1", "2", "17", "iv", "xii", "A-3", "封面", "")).filter(bool),
        st.integers(1, 999).map(str),
        texts(min_size=1, max_size=6, long=False, edge_space=False),
    )


@functools.cache
def ids() -> SearchStrategy[str]:
    """Division ids: XML NCNames (letter or ``_`` first, then letters, digits, ``. - _``)."""
    return st.one_of(
        st.builds(lambda kind, n: f"{kind}-{n}", st.sampled_from(("r", "sec", "front", "back")), st.integers(0, 99)),
        st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,11}", fullmatch=True),
    )


@functools.cache
def kinds() -> SearchStrategy[str]:
    """Division kinds: lowercase words, mostly the known ones of :data:`KINDS`."""
    return st.one_of(st.sampled_from(KINDS), st.from_regex(r"[a-z][a-z0-9\-]{0,11}", fullmatch=True))


@functools.cache
def _iso_dates() -> SearchStrategy[str]:
    """ISO 8601 dates, months, years and intervals, or ``""`` (as metadata and fields carry)."""
    day = st.dates().filter(lambda d: d.year >= 1000).map(lambda d: d.isoformat())
    month = day.map(lambda s: s[:7])
    year = day.map(lambda s: s[:4])
    single = st.one_of(day, month, year)
    return st.one_of(st.just(""), single, st.builds(lambda a, b: f"{a}/{b}", single, single))


@functools.cache
def _link_targets() -> SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            (
                "https://example.org/",
                "https://example.org/a?b=1&c=<2>",
                "#sec-1",
                "mailto:someone@example.org",
                "https://例え.jp/路径?q=\"x\"&y='z'",
            )
        ),
        texts(min_size=1, max_size=30, long=False, edge_space=False),
    )


# --- inlines -----------------------------------------------------------------------------------


@functools.cache
def inlines(
    *,
    max_depth: int = 2,
    notes: bool = True,
    links: bool = True,
    min_size: int = 0,
    max_size: int = 4,
    note_depth: int = 2,
) -> SearchStrategy[tuple[Inline, ...]]:
    """Canonical inline runs (a tuple, as :func:`merge_inlines` leaves it).

    ``max_depth`` bounds the nesting of containers (:class:`Strong`, :class:`Emphasis`,
    :class:`Subscript`, :class:`Superscript`, :class:`Link`). ``notes`` allows :class:`Note`
    (false where the model forbids them: titles, fields, contents entries, inside links and
    notes); ``links`` allows :class:`Link` (never nested in another link). Note bodies are
    :func:`blocks` up to ``note_depth`` deep and hold lists, quotes and field lists.
    ``min_size=1`` gives a non-empty run; merging can make a run shorter than ``max_size``.
    """
    items: list[SearchStrategy[Inline]] = [
        st.builds(Text, texts(min_size=1)),
        st.builds(Text, texts(min_size=1)),
        st.just(LineBreak()),
    ]
    if max_depth > 0:
        child = inlines(max_depth=max_depth - 1, notes=notes, links=links, min_size=1, max_size=3, note_depth=note_depth)
        items += [st.builds(cls, child) for cls in (Strong, Emphasis, Subscript, Superscript)]
        if links:
            inside = inlines(max_depth=max_depth - 1, notes=False, links=False, min_size=1, max_size=3)
            items.append(st.builds(Link, _link_targets(), inside))
    if notes:
        body = blocks(max_depth=note_depth, top_level=False, in_note=True, min_size=1, max_size=2)
        items.append(st.builds(Note, labels(), body))
    return st.lists(st.one_of(items), min_size=min_size, max_size=max_size).map(merge_inlines)


# --- blocks ------------------------------------------------------------------------------------


@functools.cache
def fields(*, notes: bool = False) -> SearchStrategy[Field]:
    """One :class:`Field`: a name (may be empty), a value run (may be empty) and an ISO form."""
    value = inlines(max_depth=1, notes=notes, min_size=0, max_size=3)
    return st.builds(Field, texts(max_size=12, long=False), value, _iso_dates())


@functools.cache
def blocks(
    *,
    max_depth: int = 2,
    top_level: bool = True,
    in_note: bool = False,
    targets: tuple[str, ...] = (),
    min_size: int = 0,
    max_size: int = 3,
    inline_depth: int = 2,
) -> SearchStrategy[tuple[Block, ...]]:
    """A tuple of blocks.

    ``max_depth`` bounds how deep lists, quotes and list items nest (lists in lists need 2).
    ``top_level`` means a division's own blocks, the only place for :class:`PageBreak` and
    :class:`Contents`; contents entries target ``""`` or one of ``targets``. ``in_note`` means
    the blocks of a :class:`Note`: their paragraphs hold no notes.
    """
    paragraph = st.builds(
        Paragraph, inlines(max_depth=inline_depth, notes=not in_note, min_size=1, max_size=4)
    )
    items: list[SearchStrategy[Block]] = [
        paragraph,
        paragraph,
        st.builds(FieldList, st.lists(fields(), min_size=1, max_size=3).map(tuple)),
    ]
    if max_depth > 0:
        inner = blocks(
            max_depth=max_depth - 1, top_level=False, in_note=in_note, min_size=1, max_size=2,
            inline_depth=max(inline_depth - 1, 0),
        )  # fmt: skip
        item = st.builds(ListItem, labels(), inner)
        items.append(st.builds(ListBlock, st.booleans(), st.lists(item, min_size=1, max_size=3).map(tuple)))
        items.append(st.builds(Quote, inner))
    if top_level:
        entry = st.builds(
            ContentsEntry,
            st.sampled_from(("", *targets)),
            labels(),
            inlines(max_depth=1, notes=False, max_size=2),
            st.one_of(st.just(""), pages()),
        )
        items.append(st.builds(Contents, st.lists(entry, min_size=1, max_size=4).map(tuple)))
        items.append(st.builds(PageBreak, pages()))
    return st.lists(st.one_of(items), min_size=min_size, max_size=max_size).map(tuple)


# --- divisions ---------------------------------------------------------------------------------

_Shape = list["_Shape"]  # a division's children, each a shape


def _draw_shape(draw: st.DrawFn, max_depth: int, max_roots: int, budget: list[int]) -> _Shape:
    """A forest of at most ``budget[0]`` divisions; its first tree has a chain of random depth."""
    spine = draw(st.integers(0, max_depth))

    def node(level: int, chain: int) -> _Shape:
        budget[0] -= 1
        children: _Shape = []
        if level < max_depth:
            if chain > 1 and budget[0] > 0:
                children.append(node(level + 1, chain - 1))
            for _ in range(draw(st.integers(0, 2))):
                if budget[0] <= 0:
                    break
                children.append(node(level + 1, 0))
        return children

    forest: _Shape = []
    for i in range(draw(st.integers(0, max_roots))):
        if budget[0] <= 0:
            break
        forest.append(node(1, spine if i == 0 else 0))
    return forest


def _shape_size(forest: _Shape) -> int:
    return sum(1 + _shape_size(children) for children in forest)


def _draw_ids(draw: st.DrawFn, n: int) -> list[str]:
    return draw(st.lists(ids(), min_size=n, max_size=n, unique=True))


def _build(
    draw: st.DrawFn, forest: _Shape, id_pool: list[str], targets: tuple[str, ...], block_depth: int
) -> tuple[Division, ...]:
    """Divisions of ``forest`` shape, taking ids from ``id_pool`` in document order."""
    target = st.sampled_from(("", *targets))
    out: list[Division] = []
    for children in forest:
        div_id = id_pool.pop(0)
        own = draw(blocks(max_depth=block_depth, top_level=True, max_size=4))
        # Contents entries may point at any division of the tree, including later ones.
        own = tuple(
            Contents(tuple(ContentsEntry(draw(target), e.label, e.title, e.page) for e in b.entries))
            if isinstance(b, Contents)
            else b
            for b in own
        )
        out.append(
            Division(
                kind=draw(kinds()),
                id=div_id,
                label=draw(labels()),
                title=draw(inlines(max_depth=2, notes=False, max_size=3)),
                meta=tuple(draw(st.lists(fields(), max_size=2))),
                blocks=own,
                children=_build(draw, children, id_pool, targets, block_depth),
            )
        )
    return tuple(out)


@st.composite
def _divisions(draw: st.DrawFn, max_depth: int, max_roots: int, max_divisions: int, block_depth: int):  # type: ignore[no-untyped-def]
    forest = _draw_shape(draw, max_depth, max_roots, [max_divisions])
    pool = _draw_ids(draw, _shape_size(forest))
    return _build(draw, forest, pool, tuple(pool), block_depth)


@functools.cache
def divisions(
    *, max_depth: int = 6, max_roots: int = 3, max_divisions: int = 12, block_depth: int = 2
) -> SearchStrategy[tuple[Division, ...]]:
    """A tuple of divisions (possibly empty) with unique ids, nested up to ``max_depth`` deep.

    At most ``max_divisions`` divisions in all, ``max_roots`` at the top; the first top-level
    division has a chain of children of random depth, so every depth up to ``max_depth`` is
    common. Printed contents point at ``""`` or at divisions of the same tuple.
    """
    return _divisions(max_depth, max_roots, max_divisions, block_depth)


# --- metadata and documents --------------------------------------------------------------------


@functools.cache
def metadata() -> SearchStrategy[Metadata]:
    """Catalogue :class:`Metadata` with every field drawn; ``identifier`` is never empty."""
    short = texts(max_size=30, long=False)
    contributor = st.builds(
        Contributor, st.one_of(st.sampled_from(("author", "editor", "translator", "主編")), short), short
    )
    return st.builds(
        Metadata,
        title=texts(),
        identifier=st.one_of(st.uuids().map(lambda u: f"urn:uuid:{u}"), texts(min_size=1, max_size=30, long=False)),
        language=st.one_of(st.sampled_from(("zh-Hant-TW", "zh-Hant", "en", "ja", "")), short),
        publisher=short,
        publisher_en=short,
        date=_iso_dates(),
        date_printed=st.one_of(st.just("中華民國 114 年 02 月"), short),
        contributors=st.lists(contributor, max_size=3).map(tuple),
        address=short,
        telephone=st.one_of(st.just("(02) 1234-5678"), short),
        fax=short,
        website=st.one_of(st.just("https://example.org/?a=1&b=2"), short),
        rights=texts(),
    )


@st.composite
def _documents(draw: st.DrawFn, max_depth: int, max_divisions: int, block_depth: int) -> Document:
    budget = [max_divisions]
    # Body first so that it gets the budget for deep nesting; front and back matter are flat-ish.
    body = _draw_shape(draw, max_depth, 3, budget)
    front = _draw_shape(draw, min(max_depth, 2), 2, budget)
    back = _draw_shape(draw, min(max_depth, 2), 2, budget)
    pool = _draw_ids(draw, _shape_size(front) + _shape_size(body) + _shape_size(back))
    targets = tuple(pool)
    return Document(
        metadata=draw(metadata()),
        front=_build(draw, front, pool, targets, block_depth),
        body=_build(draw, body, pool, targets, block_depth),
        back=_build(draw, back, pool, targets, block_depth),
    )


@functools.cache
def documents(*, max_depth: int = 6, max_divisions: int = 14, block_depth: int = 2) -> SearchStrategy[Document]:
    """Arbitrary valid, canonical documents: the strategy for round-trip tests of every format.

    Body divisions nest up to ``max_depth`` deep, front and back matter up to 2; at most
    ``max_divisions`` divisions in all; ``block_depth`` bounds lists in lists, quotes and list
    items. Contents entries point at ``""`` or at any division of the document.
    """
    return _documents(max_depth, max_divisions, block_depth)
