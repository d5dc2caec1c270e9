"""Model → the print edition's XHTML: the shared markup of :mod:`digestconv.xhtml`, adapted for paper.

The markup is the EPUB's; only what a printed page needs differently is changed here:

- each footnote ``<aside>`` moves to the place of its reference (``float: footnote`` leaves a
  ``::footnote-call`` there and prints the note at the foot of the page), its backlink dropped;
  a note WeasyPrint cannot print at the foot of a page (one taller than a page) is set in the
  text instead (class ``in-place``, chosen by :mod:`.writer`);
- print page markers of the source are dropped (this edition has its own pages);
- a contents entry's page is this edition's page: an empty ``<a class="page">`` that
  ``target-counter`` fills in;
- divisions are grouped into ``<div class="part">`` (front, body, back matter);
- heading ranks count the headed divisions above (a division without heading must not make the
  next level skip one); ``bookmark-level`` is the model depth, so the PDF outline mirrors the tree;
- a title page and a table of contents are generated when the document has none (``data-generated``:
  the reader skips them);
- every element gets ``data-k``, the key that ties a PDF structure element to its source element.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree
from lxml.etree import _Element as Element

from ... import xhtml
from ...model import Contents, Document, plain_text, walk_divisions
from ...xhtml import vocab as v
from ...xhtml.vocab import h

KEY = "data-k"
IN_PLACE = "in-place"  # class of a footnote set in the text, not at the foot of the page
GENERATED = "data-generated"
PART = "data-part"
LABELLED = "labelled"  # class of a list item that prints its own label (no bullet)
DEPTH = "data-depth"  # a heading's division depth: its bookmark level
TOC_TITLE = "目錄"
# print.css: a report starts a right-hand page, and its title is the running head (string-set)
REPORT_KIND = "report"


@dataclass
class PrintMarkup:
    """The print document and its elements by key (``data-k``)."""

    html: Element
    elements: dict[str, Element]


def print_markup(doc: Document, in_place: frozenset[str] = frozenset()) -> PrintMarkup:
    """The print document; the footnotes whose ids are in ``in_place`` are set in the text."""
    ids = [d.id for d in doc.divisions()]
    renderer = xhtml.Renderer(xhtml.Ids(ids), lambda target: f"#{target}")
    parts = []
    for part in ("front", "body", "back"):
        divisions = getattr(doc, part)
        if not divisions:
            continue
        wrapper = etree.Element(h("div"), {"class": "part", PART: part})
        wrapper.text = "\n"
        for division in divisions:
            rendered = renderer.render(division)
            _footnotes_at_reference(rendered.section, rendered.asides, in_place)
            _block(wrapper, rendered.section)
        parts.append(wrapper)
    html = xhtml.page(parts, title=doc.metadata.title, lang=doc.metadata.language, stylesheets=[])
    body = xhtml.body_of(html)
    _drop_page_markers(body)
    _contents_pages(body)
    _list_items(body)
    _heading_ranks(body)
    _generated_matter(body, doc)
    _depth_rules(html)
    elements = {}
    for n, el in enumerate(html.iter(etree.Element), 1):
        el.set(KEY, str(n))
        elements[str(n)] = el
    return PrintMarkup(html, elements)


def _block(parent: Element, child: Element) -> None:
    parent.append(child)
    child.tail = "\n"


def _footnotes_at_reference(section: Element, asides: list[Element], in_place: frozenset[str]) -> None:
    by_id = {aside.get("id"): aside for aside in asides}
    for ref in list(section.iter(h("a"))):
        if v.NOTEREF not in (ref.get("class") or "").split():
            continue
        aside = by_id[(ref.get("href") or "").removeprefix("#")]
        _remove_backlink(aside)
        aside.set("class", f"footnote {IN_PLACE}" if aside.get("id") in in_place else "footnote")
        aside.set("data-label", ref.text or "")
        aside.tail = ref.tail
        ref.getparent().replace(ref, aside)


def _remove_backlink(aside: Element) -> None:
    for link in aside.iter(h("a")):
        if v.BACKLINK in (link.get("class") or "").split():
            _unwrap_away(link)
            return


def _unwrap_away(el: Element) -> None:
    """Remove ``el``, keeping the text after it (its tail) in place."""
    parent, previous, tail = el.getparent(), el.getprevious(), el.tail or ""
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


def _drop_page_markers(body: Element) -> None:
    for marker in body.xpath(".//*[@epub:type='pagebreak']", namespaces={"epub": v.EPUB_NS}):
        _unwrap_away(marker)


def _contents_pages(body: Element) -> None:
    """Entries that point at a division show its page in this edition (``target-counter``)."""
    for li in body.xpath(".//h:ol[@class='contents']/h:li", namespaces={"h": v.XHTML_NS}):
        ref = li[0]
        target = (ref.get("href") or "").removeprefix("#") or ref.get(v.DATA_TARGET) or ""
        if not target:
            continue
        for page in li.findall(h("span")):
            if page.get("class") == v.PAGE:
                li.remove(page)
        ref.tail = None
        etree.SubElement(li, h("a"), {"class": v.PAGE, "href": f"#{target}"})


def _list_items(body: Element) -> None:
    for li in body.iter(h("li")):
        first = li[0] if len(li) else None
        lead = first[0] if first is not None and first.tag == h("p") and len(first) and not first.text else first
        if lead is not None and lead.get("class") == v.LABEL:
            li.set("class", LABELLED)


def _heading_ranks(body: Element) -> None:
    """Heading ranks, and the depth (``data-depth``) that sets a heading's ``bookmark-level``.

    The level is set by a rule per depth (:func:`_depth_rules`), not by a ``style`` attribute:
    WeasyPrint shares computed styles between elements that match the same rules, and never for
    an element with a ``style`` attribute or anything inside it (a quarter of its layout time on
    the seed). A division without heading names its bookmark in its own ``style``; they are few.
    """

    def walk(el: Element, headed_above: int, depth: int) -> None:
        for sec in el.iterchildren(h("section")):
            heading = next((c for c in sec if c.tag in _HEADINGS), None)
            if heading is not None:
                heading.tag = h(f"h{min(headed_above + 1, 6)}")
                if sec.get(v.DATA_KIND) == REPORT_KIND:
                    _wrap_title(heading)
                heading.set(DEPTH, str(depth))
            else:
                label = xhtml_display(sec)
                sec.set("style", f"bookmark-level: {depth}; bookmark-label: {css_string(label)}")
            walk(sec, headed_above + (heading is not None), depth + 1)

    for part in body:
        walk(part, 0, 1)


def _depth_rules(html: Element) -> None:
    """A ``<style>`` in the head: ``bookmark-level`` by ``data-depth``, for the depths used."""
    depths = sorted({int(el.get(DEPTH, "0")) for el in html.iter() if el.get(DEPTH)})
    if depths:
        style = etree.SubElement(html[0], h("style"))
        style.text = "".join(f'[{DEPTH}="{d}"] {{ bookmark-level: {d}; }}\n' for d in depths)


def _wrap_title(heading: Element) -> None:
    """Put the title (what follows the label) in ``<span class="title">`` for the running head.
    Only there: every element more costs WeasyPrint style and layout time."""
    label = heading[0] if len(heading) and heading[0].get("class") == v.LABEL and not heading.text else None
    title = etree.Element(h("span"), {"class": v.TITLE})
    if label is None:
        title.text, heading.text = heading.text, None
        rest = list(heading)
    else:
        title.text, label.tail = label.tail, None
        rest = list(heading)[1:]
    for child in rest:
        title.append(child)
    heading.append(title)


def xhtml_display(sec: Element) -> str:
    return sec.get("aria-label") or v.KIND_NAMES.get(sec.get(v.DATA_KIND, ""), "")


def css_string(text: str) -> str:
    escaped = "".join(ch if ch.isalnum() or ch in " -_.,、。" else f"\\{ord(ch):x} " for ch in text)
    return f'"{escaped}"'


_HEADINGS = {h(f"h{n}") for n in range(1, 7)}


def _generated_matter(body: Element, doc: Document) -> None:
    """A title page and a table of contents when the document brings none of its own."""
    first_front = doc.front[0] if doc.front else None
    has_contents = any(isinstance(b, Contents) for d in doc.divisions() for b in d.blocks)
    extra = []
    if first_front is None or first_front.kind != "titlepage":
        extra.append(_title_page(doc))
    if not has_contents:
        extra.append(_toc(doc))
    if not extra:
        return
    wrapper = etree.Element(h("div"), {"class": "part generated", GENERATED: "true"})
    wrapper.text = "\n"
    for el in extra:
        _block(wrapper, el)
    if first_front is not None and first_front.kind == "titlepage":
        front = body[0]
        front.addnext(wrapper)
    else:
        body.insert(0, wrapper)
    wrapper.tail = "\n"


def _title_page(doc: Document) -> Element:
    meta = doc.metadata
    section = etree.Element(h("section"), {"class": "titlepage", v.DATA_KIND: "titlepage"})
    etree.SubElement(section, h("h1"), {DEPTH: "1"}).text = meta.title
    for cls, text in (("publisher", meta.publisher), ("publisher", meta.publisher_en), ("date", meta.date_printed)):
        if text.strip():
            etree.SubElement(section, h("p"), {"class": cls}).text = text
    return section


def _toc(doc: Document) -> Element:
    """The generated contents: every division to the second level, with this edition's pages."""
    nav = etree.Element(h("nav"), {"class": "toc", "role": "doc-toc"})
    etree.SubElement(nav, h("h1"), {DEPTH: "1"}).text = TOC_TITLE
    ol = etree.SubElement(nav, h("ol"), {"class": "contents"})
    for part in (doc.front, doc.body, doc.back):
        for top in part:
            for div in walk_divisions((top,)):
                if div is not top and div not in top.children:
                    continue
                li = etree.SubElement(ol, h("li"), {"class": "depth-2" if div is not top else "depth-1"})
                ref = etree.SubElement(li, h("a"), {"class": v.REF, "href": f"#{div.id}"})
                if div.label:
                    etree.SubElement(ref, h("span"), {"class": v.LABEL}).text = div.label
                etree.SubElement(ref, h("span"), {"class": v.TITLE}).text = plain_text(div.title) or (
                    xhtml.display_name(div) if not div.label else ""
                )
                etree.SubElement(li, h("a"), {"class": v.PAGE, "href": f"#{div.id}"})
    return nav
