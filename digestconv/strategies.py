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
* structure: divisions nested up to ``max_depth`` (6 by default; the first body division has a
  chain of descendants of random depth, so deep trees are common), lists inside lists and quotes,
  notes holding lists,
  quotes and field lists, page breaks between a division's blocks, printed contents whose entries
  point at real division ids (or ``""``), empty titles and field values, division metadata;
* every node type of the model and every :class:`Metadata` field;
* the formats the model prescribes: link targets are URI/IRI references as
  :func:`~digestconv.model.is_uri_reference` defines them (ASCII URI characters, ``&`` and ``'``
  among them, escapes, schemes, fragments, Han and astral Han), ``language`` a BCP 47 tag,
  ``date`` an ISO 8601 date, month or year, a field's ``normalized`` value such a date or an
  interval of two; a document always has a body division.

The building blocks are public and composable: :func:`texts`, :func:`inlines`, :func:`blocks`,
:func:`fields`, :func:`divisions`, :func:`metadata`, plus the small :func:`ids`, :func:`kinds`,
:func:`labels`, :func:`pages`, :func:`uris` and :func:`languages`. Builders are cached, so calling
one twice with the same options returns the same strategy object; pass tuples, not lists, as
options.

The one content-model rule a building block cannot see on its own is that contents entries must
point at existing ids: :func:`blocks` draws targets from its ``targets`` option (default: only
``""``); :func:`divisions` and :func:`documents` point entries at divisions they generate.

Failing examples shrink well and print as plain dataclass reprs: each division is a draw of its
own, so the shrinker can drop whole subtrees, and nodes are built in composites rather than with
``st.builds`` or ``.map`` (Hypothesis prints the results of those as the calls that made them,
rendering each call twice, which takes time exponential in the depth of a tree like ours).
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

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
    "blocks", "divisions", "documents", "fields", "ids", "inlines", "kinds", "labels", "languages",
    "metadata", "pages", "texts", "uris",
]  # fmt: skip

T = TypeVar("T")

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


# --- plumbing ----------------------------------------------------------------------------------


@st.composite
def _apply(draw: st.DrawFn, fn: Callable[..., T], *args: SearchStrategy[Any]) -> T:
    """``fn`` of one value drawn from each of ``args``: ``st.builds`` or ``.map`` for our trees.

    Unlike those, it leaves no record for Hypothesis' pretty-printer (see the module docstring).
    """
    return fn(*(draw(arg) for arg in args))


@st.composite
def _pick(draw: st.DrawFn, choices: SearchStrategy[SearchStrategy[T]]) -> T:
    return draw(draw(choices))


def _weighted(*options: tuple[int, SearchStrategy[T]]) -> SearchStrategy[T]:
    """One of ``options`` (weight, strategy), in proportion to weight; shrinks towards the first.

    ``st.one_of`` cannot weigh: it drops repeated branches and flattens nested ``one_of``.
    """
    table = [strategy for weight, strategy in options for _ in range(weight)]
    return _pick(st.sampled_from(table))


def _tuples_of(element: SearchStrategy[T], *, min_size: int = 0, max_size: int) -> SearchStrategy[tuple[T, ...]]:
    return _apply(tuple, st.lists(element, min_size=min_size, max_size=max_size))


def _concat(*parts: str) -> str:
    return "".join(parts)


# --- text ----------------------------------------------------------------------------------------

_SCRIPT = st.one_of(_SCRIPTS)
# One to three segments; a weighted choice costs fewer draws than a list (texts dominate run time).
_SEGMENTS = _weighted(
    (3, _SCRIPT),
    (2, _apply(_concat, _SCRIPT, _SCRIPT)),
    (1, _apply(_concat, _SCRIPT, _SCRIPT, _SCRIPT)),
)
_EDGE = st.sampled_from(EDGE_SPACES)


@st.composite
def _long_texts(draw: st.DrawFn) -> str:
    """2,000–6,000 characters for a few choices: a short mixed chunk, repeated."""
    chunk = draw(_SEGMENTS)
    size = draw(st.integers(2000, 6000))
    return (chunk * (size // len(chunk) + 1))[:size]


@functools.cache
def _text(min_size: int, max_size: int, long: bool, edge_space: bool) -> SearchStrategy[str]:
    short = _apply(lambda text: text[:max_size], _SEGMENTS)
    options: list[tuple[int, SearchStrategy[str]]] = [(70, short)]
    if min_size == 0:
        options.append((12, st.just("")))
    if edge_space:
        options += [(6, _apply(_concat, _EDGE, short)), (6, _apply(_concat, short, _EDGE))]
        options.append((3, _apply(_concat, _EDGE, short, _EDGE)))
    if long:
        options.append((1, _long_texts()))
    return _weighted(*options)


@functools.cache
def texts(*, min_size: int = 0, max_size: int = 40, long: bool = True, edge_space: bool = True) -> SearchStrategy[str]:
    """Strings the model accepts anywhere text goes.

    Mostly short runs of one to three segments of different scripts (so Latin, Han, astral Han,
    CJK punctuation, XML-hostile and other characters mix), cut to ``max_size`` characters;
    ``""`` about one in eight when ``min_size`` is 0 (``min_size`` is 0 or 1); with
    ``edge_space``, whitespace leads and/or trails about one in six (up to two characters beyond
    ``max_size``); with ``long``, about one in a hundred is 2,000–6,000 characters long.
    """
    if min_size not in (0, 1):
        raise ValueError("texts(): min_size must be 0 or 1")
    return _text(min_size, max(max_size, 1), long, edge_space)


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
        st.sampled_from(("1", "2", "17", "iv", "xii", "A-3", "封面")),
        _apply(str, st.integers(1, 999)),
        texts(min_size=1, max_size=6, long=False, edge_space=False),
    )


@functools.cache
def ids() -> SearchStrategy[str]:
    """Division ids: XML NCNames (letter or ``_`` first, then letters, digits, ``. - _``)."""
    return st.one_of(
        _apply("{}-{}".format, st.sampled_from(("r", "sec", "front", "back")), st.integers(0, 99)),
        st.from_regex(r"[A-Za-z_][A-Za-z0-9_.\-]{0,11}", fullmatch=True),
    )


@functools.cache
def kinds() -> SearchStrategy[str]:
    """Division kinds: lowercase words, mostly the known ones of :data:`KINDS`."""
    return st.one_of(st.sampled_from(KINDS), st.from_regex(r"[a-z][a-z0-9\-]{0,11}", fullmatch=True))


@functools.cache
def _iso_dates(*, intervals: bool = True) -> SearchStrategy[str]:
    """ISO 8601 dates, months and years (with ``intervals``, also ``a/b``), or ``""``."""
    day = _apply(str, st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2199, 12, 31)))
    single = st.one_of(day, _apply(lambda s: s[:7], day), _apply(lambda s: s[:4], day))
    if not intervals:
        return st.one_of(st.just(""), single)
    return st.one_of(st.just(""), single, _apply("{}/{}".format, single, single))


@functools.cache
def languages() -> SearchStrategy[str]:
    """BCP 47 language tags (by shape): mostly the usual ones, sometimes any well-formed tag."""
    return st.one_of(
        st.sampled_from(("zh-Hant-TW", "zh-Hant", "zh-TW", "en", "en-US", "ja", "und")),
        st.from_regex(r"[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,3}", fullmatch=True),
    )


# Characters of a URI path or query (RFC 3986 unreserved and reserved), ``&`` and ``'`` included;
# ``:``, ``#``, ``%`` and brackets come only where they are well formed (schemes, one fragment,
# escapes, an IP-literal host).
_URI_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/?@!$&'()*+,;="
_URI_PIECE = st.one_of(st.sampled_from(_URI_CHARS), st.sampled_from(("%20", "%E4%B8%AD", "%7e")), _HAN, _HAN_ASTRAL)


@functools.cache
def uris() -> SearchStrategy[str]:
    """Link targets: non-empty URI or IRI references (:func:`digestconv.model.is_uri_reference`)."""
    return st.one_of(
        st.sampled_from(
            (
                "https://example.org/",
                "https://example.org/a?b=1&c=2",
                "#sec-1",
                "mailto:someone@example.org",
                "https://例え.jp/路径?q='x'&y=%20",
                "../other.xhtml#r-1",
                "http://[::1]/x",
            )
        ),
        st.builds(
            "".join,
            st.tuples(
                st.sampled_from(("", "https://", "urn:", "x-y.z+1:")),
                st.lists(_URI_PIECE, min_size=1, max_size=30).map("".join),
                st.sampled_from(("", "#", "#frag:1")),
            ),
        ),
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
    note_depth: int = 1,
) -> SearchStrategy[tuple[Inline, ...]]:
    """Canonical inline runs (a tuple, as :func:`merge_inlines` leaves it).

    ``max_depth`` bounds the nesting of containers (:class:`Strong`, :class:`Emphasis`,
    :class:`Subscript`, :class:`Superscript`, :class:`Link`). ``notes`` allows :class:`Note`
    (false where the model forbids them: titles, fields, contents entries, inside links and
    notes); ``links`` allows :class:`Link` (never nested in another link). Note bodies are
    :func:`blocks` up to ``note_depth`` deep and hold lists, quotes and field lists.
    ``min_size=1`` gives a non-empty run; merging can make a run shorter than ``max_size``.
    """
    options: list[tuple[int, SearchStrategy[Inline]]] = [
        (6, _apply(Text, texts(min_size=1))),
        (1, st.just(LineBreak())),
    ]
    if max_depth > 0:
        child = inlines(
            max_depth=max_depth - 1, notes=notes, links=links, min_size=1, max_size=3, note_depth=note_depth
        )
        containers: list[SearchStrategy[Inline]] = [
            _apply(Strong, child), _apply(Emphasis, child), _apply(Subscript, child), _apply(Superscript, child),
        ]  # fmt: skip
        if links:
            inside = inlines(max_depth=max_depth - 1, notes=False, links=False, min_size=1, max_size=3)
            containers.append(_apply(Link, uris(), inside))
        options.append((2, st.one_of(containers)))
    if notes:
        body = blocks(max_depth=note_depth, top_level=False, in_note=True, min_size=1, max_size=2)
        options.append((1, _apply(Note, labels(), body)))
    return _apply(merge_inlines, st.lists(_weighted(*options), min_size=min_size, max_size=max_size))


# --- blocks ------------------------------------------------------------------------------------


@functools.cache
def fields() -> SearchStrategy[Field]:
    """One :class:`Field`: a name and a value run (either may be empty, neither holds notes) and
    a ``normalized`` ISO 8601 date, month, year or interval, or ``""``."""
    value = inlines(max_depth=1, notes=False, min_size=0, max_size=2)
    return _apply(Field, texts(max_size=12, long=False), value, _iso_dates())


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
    paragraph = _apply(Paragraph, inlines(max_depth=inline_depth, notes=not in_note, min_size=1, max_size=3))
    options: list[tuple[int, SearchStrategy[Block]]] = [
        (5, paragraph),
        (1, _apply(FieldList, _tuples_of(fields(), min_size=1, max_size=3))),
    ]
    if max_depth > 0:
        inner = blocks(
            max_depth=max_depth - 1, top_level=False, in_note=in_note, min_size=1, max_size=2,
            inline_depth=max(inline_depth - 1, 0),
        )  # fmt: skip
        item = _apply(ListItem, labels(), inner)
        options.append((2, _apply(ListBlock, st.booleans(), _tuples_of(item, min_size=1, max_size=3))))
        options.append((1, _apply(Quote, inner)))
    if top_level:
        entry = _apply(
            ContentsEntry,
            st.sampled_from(("", *targets)),
            labels(),
            inlines(max_depth=1, notes=False, max_size=2),
            st.one_of(st.just(""), pages()),
        )
        options.append((1, _apply(Contents, _tuples_of(entry, min_size=1, max_size=4))))
        options.append((1, _apply(PageBreak, pages())))
    return _tuples_of(_weighted(*options), min_size=min_size, max_size=max_size)


# --- divisions ---------------------------------------------------------------------------------


@functools.cache
def _division(level: int, chain: int, max_depth: int, block_depth: int) -> SearchStrategy[Division]:
    """A division at nesting ``level`` (1 at the top) whose first child starts a chain of
    ``chain - 1`` more levels; other children are few and shallow-ish. Ids may repeat here:
    :func:`_unique_ids` makes them unique once the whole tree is known."""
    children: SearchStrategy[tuple[Division, ...]] = st.just(())
    if level < max_depth:
        extra = _tuples_of(_division(level + 1, 0, max_depth, block_depth), max_size=2 if level == 1 else 1)
        if chain > 1:
            spine = _division(level + 1, chain - 1, max_depth, block_depth)
            children = _apply(lambda first, rest: (first, *rest), spine, extra)
        else:
            children = extra
    return _apply(
        Division,
        kinds(),
        ids(),
        labels(),
        inlines(max_depth=1, notes=False, max_size=3),
        _weighted((3, st.just(())), (1, _tuples_of(fields(), min_size=1, max_size=2))),
        blocks(max_depth=block_depth, top_level=True, max_size=3),
        children,
    )


@functools.cache
def _forest(max_depth: int, min_roots: int, max_roots: int, block_depth: int) -> SearchStrategy[tuple[Division, ...]]:
    """``min_roots`` to ``max_roots`` divisions; the first has a chain of random depth."""
    if max_roots == 0:
        return st.just(())
    first = st.one_of([_division(1, chain, max_depth, block_depth) for chain in range(1, max_depth + 1)])
    rest = _tuples_of(_division(1, 0, max_depth, block_depth), min_size=max(min_roots - 1, 0), max_size=max_roots - 1)
    forest = _apply(lambda head, tail: (head, *tail), first, rest)
    return forest if min_roots else st.one_of(st.just(()), forest)


def _unique_ids(divisions: tuple[Division, ...], used: set[str]) -> tuple[Division, ...]:
    """The tree with repeated ids suffixed (``a`` → ``a.1``), in document order."""
    out = []
    for division in divisions:
        new, n = division.id, 0
        while new in used:
            n += 1
            new = f"{division.id}.{n}"
        used.add(new)
        out.append(dataclasses.replace(division, id=new, children=_unique_ids(division.children, used)))
    return tuple(out)


def _ids(divisions: tuple[Division, ...]) -> Iterator[str]:
    for division in divisions:
        yield division.id
        yield from _ids(division.children)


def _retarget(draw: st.DrawFn, divisions: tuple[Division, ...], target: SearchStrategy[str]) -> tuple[Division, ...]:
    """The tree with each contents entry pointing at a target drawn once all ids are known."""
    out = []
    for division in divisions:
        own = tuple(
            Contents(tuple(dataclasses.replace(e, target=draw(target)) for e in b.entries))
            if isinstance(b, Contents)
            else b
            for b in division.blocks
        )
        children = _retarget(draw, division.children, target)
        out.append(dataclasses.replace(division, blocks=own, children=children))
    return tuple(out)


@st.composite
def _parts(
    draw: st.DrawFn, forests: tuple[SearchStrategy[tuple[Division, ...]], ...]
) -> tuple[tuple[Division, ...], ...]:
    """Forests with ids unique across them all and contents entries that point into them."""
    used: set[str] = set()
    parts = tuple(_unique_ids(draw(forest), used) for forest in forests)
    target = st.sampled_from(("", *(i for part in parts for i in _ids(part))))
    return tuple(_retarget(draw, part, target) for part in parts)


@functools.cache
def divisions(
    *, max_depth: int = 6, min_roots: int = 0, max_roots: int = 3, block_depth: int = 2
) -> SearchStrategy[tuple[Division, ...]]:
    """A tuple of ``min_roots`` to ``max_roots`` divisions with unique ids, nested up to
    ``max_depth`` deep.

    The first division has a chain of descendants of random depth, so every depth up to
    ``max_depth`` is common; other divisions have few children (two at most at the top, one
    below). Printed contents point at ``""`` or at divisions of the same tuple.
    """
    if max_depth < 1 or not 0 <= min_roots <= max_roots:
        raise ValueError("divisions(): need max_depth >= 1 and 0 <= min_roots <= max_roots")
    return _apply(lambda parts: parts[0], _parts((_forest(max_depth, min_roots, max_roots, block_depth),)))


# --- metadata and documents --------------------------------------------------------------------


@functools.cache
def metadata() -> SearchStrategy[Metadata]:
    """Catalogue :class:`Metadata` with every field drawn; ``identifier`` is never empty."""
    short = texts(max_size=30, long=False)
    role = st.one_of(st.sampled_from(("author", "editor", "translator", "主編")), short)
    return _apply(
        Metadata,
        texts(),  # title
        st.one_of(_apply("urn:uuid:{}".format, st.uuids()), texts(min_size=1, max_size=30, long=False)),
        languages(),
        short,  # publisher
        short,  # publisher_en
        _iso_dates(intervals=False),
        st.one_of(st.just("中華民國 114 年 02 月"), short),  # date_printed
        _tuples_of(_apply(Contributor, role, short), max_size=3),
        short,  # address
        st.one_of(st.just("(02) 1234-5678"), short),  # telephone
        short,  # fax
        st.one_of(st.just("https://example.org/?a=1&b=2"), short),  # website
        texts(),  # rights
    )


def _document(meta: Metadata, parts: tuple[tuple[Division, ...], ...]) -> Document:
    front, body, back = parts
    return Document(meta, front, body, back)


@functools.cache
def documents(*, max_depth: int = 6, block_depth: int = 2) -> SearchStrategy[Document]:
    """Arbitrary valid, canonical documents: the strategy for round-trip tests of every format.

    The body has one to three divisions nested up to ``max_depth`` deep (see :func:`divisions`);
    front and back matter up to two each, up to 2 deep. ``block_depth`` bounds lists in lists,
    quotes and list items. Contents entries point at ``""`` or at any division of the document.
    """
    if max_depth < 1:
        raise ValueError("documents(): need max_depth >= 1")
    matter = _forest(min(max_depth, 2), 0, 2, block_depth)
    body = _forest(max_depth, 1, 3, block_depth)
    return _apply(_document, metadata(), _parts((matter, body, matter)))
