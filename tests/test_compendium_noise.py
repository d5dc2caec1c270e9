"""The same compendium with different extraction noise gives the same structure."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from digestconv.compendium import parse
from digestconv.model import Division, ListBlock, Note, Paragraph, block_text, plain_text
from digestconv.outline import outline

from . import noise

_BRACKETS = str.maketrans("（）０１２３４５６７８９", "()0123456789")
_SETTINGS = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.large_base_example, HealthCheck.data_too_large],
)


def fingerprint(parsed) -> dict:
    """Everything structural about the reports, independent of report order and line numbers."""
    reports = {}
    for report in parsed.document.body:
        reports[report.label] = {
            "title": _squeezed(plain_text(report.title)),
            "meta": [(f.name, _squeezed(plain_text(f.value))) for f in report.meta],
            "tree": _tree(report),
        }
    data = outline(parsed)
    return {
        "reports": reports,
        "lists": data["lists"],
        "footnotes": sorted((f["n"], f["report"], _squeezed(f["text"])) for f in data["footnotes"]),
        "front": [_matter(d) for d in parsed.document.front],
        "back": [_matter(d) for d in parsed.document.back],
    }


def _squeezed(text: str) -> str:
    """Text without its spaces: the noise puts tabs and spaces in the text, which are kept."""
    return "".join(text.split())


def _matter(division: Division) -> tuple:
    """Front or back matter."""
    return (division.kind, _squeezed(plain_text(division.title)), [_squeezed(block_text(b)) for b in division.blocks])


def _tree(division: Division) -> tuple:
    return (
        _label(division.label),
        _squeezed(plain_text(division.title)),
        tuple(_block(b) for b in division.blocks),
        tuple(_tree(c) for c in division.children),
    )


def _label(label: str) -> str:
    return "".join(label.translate(_BRACKETS).split())  # kept as printed: brackets, digits, spaces


def _block(block) -> tuple:
    if isinstance(block, ListBlock):
        return ("list", tuple((_label(i.label), tuple(_block(b) for b in i.blocks)) for i in block.items))
    if isinstance(block, Paragraph):
        notes = tuple(n.label for n in block.inlines if isinstance(n, Note))
        return ("p", _squeezed(block_text(block)), notes)
    return (type(block).__name__, block_text(block))


def _own(rng: random.Random) -> random.Random:
    """A generator seeded by hypothesis's: the noise draws thousands of numbers, more than
    hypothesis lets one example take from its own stream."""
    return random.Random(rng.getrandbits(64))


def _noisy(seed_text: str, rng: random.Random) -> tuple[str, int]:
    rng = _own(rng)
    text = noise.redraw_heading_marks(seed_text, rng)
    text = noise.toggle_bold(text, rng)
    text = noise.swap_label_brackets(text, rng)
    text = noise.space_out_labels(text, rng)
    text = noise.shuffle_reports(text, rng)
    text, cut = noise.add_page_breaks(text, rng)
    return noise.retype(text, rng), cut


def test_noise_generators_really_change_the_text(seed_text):
    rng = random.Random(7)
    variant, cut = _noisy(seed_text, rng)
    assert variant != seed_text and cut >= 10
    assert [line for line in variant.split("\n") if line.startswith("#")] != [
        line for line in seed_text.split("\n") if line.startswith("#")
    ]


@_SETTINGS
@given(rng=st.randoms(use_true_random=False))
def test_noisy_variants_give_the_same_structure(seed_text, seed_parse, rng):
    variant, cut = _noisy(seed_text, rng)
    parsed = parse(variant, "variant.md")
    assert fingerprint(parsed) == fingerprint(seed_parse)
    joins = sum(1 for d in parsed.diagnostics if d.code == "page-break-join")
    assert joins == 65 + cut


@_SETTINGS
@given(rng=st.randoms(use_true_random=False))
def test_each_kind_of_noise_alone(seed_text, seed_parse, rng):
    expected = fingerprint(seed_parse)
    rng = _own(rng)
    for make in (
        noise.redraw_heading_marks,
        noise.toggle_bold,
        noise.swap_label_brackets,
        noise.space_out_labels,
        noise.shuffle_reports,
        noise.retype,
    ):
        assert fingerprint(parse(make(seed_text, rng))) == expected, make.__name__
