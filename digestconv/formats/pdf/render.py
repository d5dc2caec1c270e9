"""The print XHTML → a tagged PDF by WeasyPrint (``pdf/ua-1``), each structure element keyed.

WeasyPrint's structure tree forgets which HTML element each structure element came from, which
is what :mod:`.structure` needs to repair it. While WeasyPrint builds the tree, the structure
elements get a temporary ``/DigestconvKey``: the ``data-k`` of their element (with ``::pseudo``
for generated content such as ``::footnote-call``). :mod:`.structure` reads and removes it.

The document is handed to WeasyPrint as a tree, not as text: its HTML parser would close a
``<p>`` at the footnote ``<aside>`` inside it; the markup is XHTML and parsed as XML here.
"""

from __future__ import annotations

import atexit
import logging
import threading
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from lxml import etree
from lxml.etree import _Element as Element

from ...errors import DigestconvError
from ...gcpause import gc_paused
from ...shipped import read_style
from ...xhtml import vocab as v
from . import PdfOptions
from .markup import KEY
from .native import import_weasyprint

KEY_ENTRY = "DigestconvKey"
STYLESHEET = "print.css"
FAMILY = "Noto Sans CJK TC"  # the family print.css names first; bound to the bundled font files
_FONT_FILES = {
    "normal": ("cvttf_NotoSansCJK_Regular", "NotoSansCJKtc-Regular.otf"),
    "bold": ("cvttf_NotoSansCJK_Bold", "NotoSansCJKtc-Bold.otf"),
}
_HOOK_LOCK = threading.Lock()  # the key hook patches a WeasyPrint module function


@dataclass(frozen=True)
class PageFacts:
    """What :mod:`.split` needs to know of a rendered page: blank (inserted to start a right
    page), its page type name (``@page NAME``), the ids anchored on it."""

    blank: bool
    name: str
    anchors: tuple[str, ...]


def render(html: Element, options: PdfOptions) -> bytes:
    """The PDF WeasyPrint makes of ``html``; a glyph no font has raises DigestconvError."""
    return render_tree(element_tree(html), options)[0]


def render_tree(
    root: ET.Element,
    options: PdfOptions,
    extra_css: str = "",
    on_layout: Callable[[list[PageFacts]], None] | None = None,
) -> tuple[bytes, list[PageFacts]]:
    """The PDF of a tree made by :func:`element_tree` and the facts of its pages, ``extra_css``
    last. ``on_layout`` is given the facts as soon as the pages are laid out, before the PDF is
    written (a third of the time)."""
    weasyprint = import_weasyprint()

    missing = _MissingGlyphs()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(missing)
    try:
        with _keyed_structure(), gc_paused():  # the layout is a large tree of boxes
            fonts, stylesheets = _stylesheets(_font_css(), _print_css(), _option_css(options))
            if extra_css:
                stylesheets = [*stylesheets, weasyprint.CSS(string=extra_css, font_config=fonts)]
            document = _document(root).render(stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1")
            facts = [
                PageFacts(page._page_box.page_type.blank, page._page_box.page_type.name or "", tuple(page.anchors))
                for page in document.pages
            ]
            if on_layout is not None:
                on_layout(facts)
            pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        logger.removeHandler(missing)
    if missing.texts:
        shown = ", ".join(f"U+{ord(ch):04X}" for ch in sorted(set("".join(missing.texts)))[:12])
        raise DigestconvError(f"no font has a glyph for {shown}: choose a font that has them (PDF option font)")
    return bytes(pdf), facts


def warm_up(options: PdfOptions) -> None:
    """Parse the style sheets and load the fonts for ``options`` now (see :func:`_stylesheets`)."""
    _stylesheets(_font_css(), _print_css(), _option_css(options))


@lru_cache(maxsize=4)
def _stylesheets(*sheets: str) -> tuple[Any, list[Any]]:
    """The parsed style sheets, with the font configuration that loaded their ``@font-face``
    fonts, kept for the next rendering in this process (and its forks, see :mod:`.split`):
    loading the CJK fonts and a first layout take a third of a second."""
    weasyprint = import_weasyprint()
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    return fonts, [weasyprint.CSS(string=css, font_config=fonts) for css in sheets]


# Freed while the interpreter still works: WeasyPrint removes the fonts' folder when its
# configuration is deleted, which fails at shutdown.
atexit.register(_stylesheets.cache_clear)


def _print_css() -> str:
    return read_style(STYLESHEET).decode("utf-8")


def font_files() -> dict[str, Path]:
    """The bundled default font (PyPI cvttf-notosanscjk-regular and -bold) by weight."""
    found = {}
    for weight, (package, name) in _FONT_FILES.items():
        spec = find_spec(package)
        path = Path(spec.origin).parent / name if spec and spec.origin else None
        if path is None or not path.is_file():
            raise DigestconvError(f"the default print font {name} is missing: pip install {package.replace('_', '-')}")
        found[weight] = path
    return found


def _font_css() -> str:
    return "".join(
        f'@font-face {{ font-family: "{FAMILY}"; font-weight: {weight}; src: url("{path.as_uri()}"); }}\n'
        for weight, path in font_files().items()
    )


def _option_css(options: PdfOptions) -> str:
    """After print.css: the chosen font first (the bundled one draws what it lacks), the paper."""
    css = f"@page {{ size: {options.paper}; }}\n"
    if options.font:
        css += f'html {{ font-family: "{_css_escape(options.font)}", "{FAMILY}", sans-serif; }}\n'
    return css


def _css_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


class _MissingGlyphs(logging.Handler):
    """Collects the text WeasyPrint draws as .notdef (it only logs a warning)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.texts: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if str(record.msg).startswith(".notdef glyph rendered") and isinstance(record.args, tuple) and record.args:
            self.texts.append(str(record.args[0]))


def element_tree(html: Element) -> ET.Element:
    """The lxml XHTML as the plain ElementTree WeasyPrint's HTML parser would have given."""

    def convert(el: Element) -> ET.Element:
        out = ET.Element(etree.QName(el).localname)
        for name, value in el.attrib.items():
            if not name.startswith("{"):
                out.set(name, value)
            elif name == v.XML_LANG:
                out.set("lang", value)
        out.text = el.text
        for child in el:
            if isinstance(child.tag, str):
                converted = convert(child)
                converted.tail = child.tail
                out.append(converted)
        return out

    return convert(html)


def _document(root: ET.Element) -> Any:
    """A ``weasyprint.HTML`` of a parsed tree (its constructor only parses text as HTML)."""
    import cssselect2

    weasyprint = import_weasyprint()

    document = object.__new__(weasyprint.HTML)
    document.base_url = None
    document.url_fetcher = weasyprint.URLFetcher()
    document.media_type = "print"
    document.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
    document.etree_element = document.wrapper_element.etree_element
    return document


@contextmanager
def _keyed_structure() -> Iterator[None]:
    """Key each structure element WeasyPrint builds with its element's ``data-k`` (see module doc).

    Also caches pydyf's ``page_references``, which WeasyPrint's tagging reads once per structure
    element and pydyf rebuilds from all pages on each read: quadratic in the page count.
    """
    import pydyf
    from weasyprint.layout.absolute import AbsolutePlaceholder
    from weasyprint.pdf import tags

    original, original_references = tags._build_box_tree, pydyf.PDF.page_references

    def keyed(box: Any, parent: Any, *args: Any) -> Iterator[Any]:
        source = box._box if isinstance(box, AbsolutePlaceholder) else box
        key = None
        if source.element is not None and source.element.get(KEY):
            pseudo = (source.element_tag or "").partition("::")[2]
            key = source.element.get(KEY) + (f"::{pseudo}" if pseudo else "")
        for element in original(box, parent, *args):
            if key is not None and KEY_ENTRY not in element:
                element[KEY_ENTRY] = pydyf.String(key)
            yield element

    cache: dict[int, tuple[Any, int, tuple[bytes, ...]]] = {}  # by id, with the PDF: ids are reused

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        pages = len(pdf.pages["Kids"])  # pages are only ever added: the count says when to rebuild
        held = cache.get(id(pdf))
        if held is None or held[0] is not pdf or held[1] != pages:
            cache[id(pdf)] = held = (pdf, pages, original_references.fget(pdf))
        return held[2]

    with _HOOK_LOCK:
        tags._build_box_tree, pydyf.PDF.page_references = keyed, property(page_references)
        try:
            yield
        finally:
            tags._build_box_tree, pydyf.PDF.page_references = original, original_references
