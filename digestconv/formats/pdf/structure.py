"""Repair WeasyPrint's structure tree with pikepdf: one element per source element, real semantics.

WeasyPrint (``weasyprint/pdf/tags.py``) builds the tree page by page from layout boxes. What it
gets wrong, and what this module does instead (each is proved by a test that reads the tree back):

- an element that crosses a page (section, list, paragraph) becomes one element per page: here
  every source element is one structure element, whatever the pages (keys from :mod:`.render`),
  in source order (a field list's grid split by a page break can come value first);
- no ``Note``: a footnote becomes ``NonStruct`` at the end of its page, its call a stray
  ``NonStruct``: here the call is a ``Reference`` and the note a ``Note`` with an ``ID``, right
  after its reference (a note set in the text has its label as ``Reference``);
- running heads and page numbers (margin boxes) are neither in the tree nor artifacts: here their
  content is marked ``/Artifact``, as is generated punctuation (the ``：`` after a field name);
- strong, emphasis, sub- and superscript are ``NonStruct``; list labels are text of the
  paragraph, field lists are lists without labels; headings follow the HTML level: here
  ``Strong``/``Em``/``Sub``/``Sup``/``Label`` (role-mapped to ``Span``), ``L``/``LI``/``Lbl``/
  ``LBody`` with the printed label as ``Lbl``, ``H1``…``H6`` from the division depth (computed in
  :mod:`.markup` so that no level is skipped), ``TOC``/``TOCI`` for contents;
- every box inside a link (a span, ``::before``) gets an annotation of its own, inside the
  link's, and link annotations have no description: here each ``Link`` keeps one annotation per
  line, with ``/Contents`` giving its text and target (and ``/Alt`` for a link without text).

What the reader needs beyond standard structure types is in standard places: a division's id in
``/ID``, its kind, a list's role, a field's normalised value and a link's exact target as
``UserProperties`` attributes, ordered or not as ``ListNumbering``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pikepdf
from lxml import etree
from lxml.etree import _Element as Element
from pikepdf import Array, Dictionary, Name, String

from ...xhtml import link_target
from ...xhtml import vocab as v
from .content import make_artifacts
from .markup import GENERATED, IN_PLACE, KEY, PART, PrintMarkup
from .render import KEY_ENTRY

ROLE_MAP = {"Label": "Span", "Strong": "Span", "Em": "Span", "Sub": "Span", "Sup": "Span"}
_INLINE = {"strong": "Strong", "em": "Em", "sub": "Sub", "sup": "Sup"}
_PLAIN = {"p": "P", "blockquote": "BlockQuote", "nav": "Sect", "section": "Sect", "aside": "Note", "dt": "Lbl"}
_PSEUDO = {"footnote-call": "Reference", "footnote-marker": "Lbl", "marker": "Lbl"}


@dataclass(frozen=True)
class _Content:
    page: int
    mcid: int | None = None
    annotation: pikepdf.Object | None = None


@dataclass(eq=False)
class _Node:
    el: Element
    pseudo: str
    role: str
    kids: list[_Node | _Content] = field(default_factory=list)
    parent: _Node | None = None

    @property
    def order(self) -> int:
        """The element's place in the source (keys are numbered in document order)."""
        return int(self.el.get(KEY, "0"))

    def add(self, kid: _Node | _Content, index: int | None = None) -> None:
        if isinstance(kid, _Node):
            kid.parent = self
        self.kids.insert(len(self.kids) if index is None else index, kid)

    def add_in_order(self, kid: _Node) -> None:
        """Add ``kid`` before the child elements that follow it in the source: WeasyPrint can meet
        an element before an earlier sibling (a field list's grid split by a page break puts the
        value on the page before its name). Usually none does: searched from the end."""
        index = len(self.kids)
        for n in range(len(self.kids) - 1, -1, -1):
            other = self.kids[n]
            if isinstance(other, _Node):
                if other.order < kid.order:
                    break
                index = n
        self.add(kid, index)


def repair(pdf: pikepdf.Pdf, markup: PrintMarkup) -> None:
    """Rebuild the structure tree of ``pdf`` (as WeasyPrint wrote it for ``markup``) in place."""
    tree = _Collector(pdf, markup)
    root = pdf.Root.StructTreeRoot
    for kid in element_kids(root.K[0]):
        tree.visit(kid, tree.document)
    _drop_annotations(pdf, tree.redundant)
    _Writer(pdf).write(tree.document)


def _inside(inner: pikepdf.Object, outer: pikepdf.Object) -> bool:
    """Whether rectangle ``inner`` lies within ``outer`` (to a hundredth of a point)."""
    (ix1, iy1, ix2, iy2), (ox1, oy1, ox2, oy2) = ([float(x) for x in r] for r in (inner, outer))
    return (
        min(ix1, ix2) >= min(ox1, ox2) - 0.01
        and max(ix1, ix2) <= max(ox1, ox2) + 0.01
        and min(iy1, iy2) >= min(oy1, oy2) - 0.01
        and max(iy1, iy2) <= max(oy1, oy2) + 0.01
    )


def _drop_annotations(pdf: pikepdf.Pdf, dropped: list[pikepdf.Object]) -> None:
    gone = {annotation.objgen for annotation in dropped}
    for page in pdf.pages:
        kept = [a for a in page.get("/Annots", []) if a.objgen not in gone]
        if kept:
            page.Annots = Array(kept)
        elif "/Annots" in page:
            del page.Annots


def element_kids(elem: pikepdf.Object) -> list:
    """A structure element's ``/K`` as a list (it may be one kid, an array or absent)."""
    kids = elem.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _local(el: Element) -> str:
    return etree.QName(el).localname


def _classes(el: Element) -> list[str]:
    return (el.get("class") or "").split()


def _role(el: Element, pseudo: str) -> str | None:
    """The structure type of a source element (``None``: its content belongs to its parent)."""
    if pseudo == "before" and IN_PLACE in _classes(el):
        return "Reference"  # the label of a footnote set in the text stands for its call
    if pseudo:
        return _PSEUDO.get(pseudo)
    tag = _local(el)
    parent = el.getparent()
    if tag in _PLAIN:
        return _PLAIN[tag]
    if tag in _INLINE:
        return _INLINE[tag]
    if tag == "div" and "part" in _classes(el):
        return "Part"
    if tag in {f"h{n}" for n in range(1, 7)}:
        return tag.upper()
    if tag in ("ol", "ul"):
        return "TOC" if v.CONTENTS in _classes(el) else "L"
    if tag == "li":
        return "TOCI" if parent is not None and v.CONTENTS in _classes(parent) else "LI"
    if tag == "dl":
        return "L"
    if tag == "dd":
        return "LBody"
    if tag == "a":
        return "Link" if el.get("href") else "Span"
    if tag == "span" and v.LABEL in _classes(el):
        return "Lbl" if _list_item_of(el) is not None else "Label"
    if tag == "span" and v.REF in _classes(el):
        return "Reference"
    if tag == "span" and v.PAGE in _classes(el):
        return "Span"
    return None


def _list_item_of(label: Element) -> Element | None:
    """The ``<li>`` whose printed label this is (at its start or its first paragraph's)."""
    parent = label.getparent()
    if parent is not None and _local(parent) == "p" and parent.getprevious() is None:
        parent = parent.getparent()
    return parent if parent is not None and _local(parent) == "li" else None


class _Collector:
    """Walks WeasyPrint's tree in reading order, gathering content per source element."""

    def __init__(self, pdf: pikepdf.Pdf, markup: PrintMarkup) -> None:
        self.markup = markup
        self.pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages)}
        self.document = _Node(markup.html, "", "Document")
        self.nodes: dict[str, _Node] = {}
        self.dropped = _Node(markup.html, "", "")  # generated punctuation: becomes an artifact
        self.redundant: list[pikepdf.Object] = []  # link annotations repeated inside their link

    def visit(self, elem: pikepdf.Object, target: _Node) -> None:
        key = str(elem.get(f"/{KEY_ENTRY}", ""))
        page = self.pages.get(elem.Pg.objgen) if "/Pg" in elem else None
        if key and target is not self.dropped:
            target = self.node(key, target)
        for kid in element_kids(elem):
            if isinstance(kid, int):
                target.add(_Content(page, mcid=kid))  # type: ignore[arg-type]
            elif kid.get("/Type") == Name.MCR:
                target.add(_Content(self.pages[kid.Pg.objgen], mcid=int(kid.MCID)))
            elif kid.get("/Type") == Name.OBJR:
                self.annotation(kid.Obj, page, target)  # type: ignore[arg-type]
            else:
                self.visit(kid, target)

    def annotation(self, annotation: pikepdf.Object, page: int, target: _Node) -> None:
        """A link annotation belongs to its ``Link``. WeasyPrint also gives one to every box inside
        a link (a span, ``::before``), within the link's rectangle: those are dropped."""
        link: _Node | None = target
        while link is not None and link.role != "Link":
            link = link.parent
        owner = link or target
        if any(
            isinstance(kid, _Content)
            and kid.annotation is not None
            and kid.page == page
            and _inside(annotation.Rect, kid.annotation.Rect)
            for kid in owner.kids
        ):
            self.redundant.append(annotation)
        else:
            owner.add(_Content(page, annotation=annotation))

    def node(self, key: str, target: _Node) -> _Node:
        if key in self.nodes:
            return self.nodes[key]
        ref, _, pseudo = key.partition("::")
        el = self.markup.elements[ref]
        role = _role(el, pseudo)
        if pseudo in ("before", "after") and role is None:  # generated text of the element itself
            return self.dropped if _local(el) == "dt" else self.nodes.get(ref, target)
        if role is None:
            return target
        node = _Node(el, pseudo, role)
        self.nodes[key] = node
        self.place(node, ref, target)
        return node

    def place(self, node: _Node, ref: str, target: _Node) -> None:
        call = self.nodes.get(f"{ref}::footnote-call")
        if node.role == "Note" and call is not None and call.parent is not None:
            call.parent.add(node, call.parent.kids.index(call) + 1)
            return
        note = self.nodes.get(ref) if node.pseudo == "before" else None
        if note is not None and note.parent is not None:  # the label of a note set in the text: its call
            note.parent.add(node, note.parent.kids.index(note))
            return
        item = _list_item_of(node.el) if node.role == "Lbl" and not node.pseudo else None
        owner = self.nodes.get(item.get(KEY, "")) if item is not None else None
        if owner is not None:
            owner.add(node, 0)
            return
        if node.pseudo:  # generated content belongs to its element (the call stays in the text)
            (self.nodes.get(ref) or target).add(node)
            return
        # The source parent: WeasyPrint hangs a list nested in an item on the outer list.
        ancestor = node.el.getparent()
        while ancestor is not None and ancestor.get(KEY) not in self.nodes:
            ancestor = ancestor.getparent()
        (self.nodes[ancestor.get(KEY, "")] if ancestor is not None else target).add_in_order(node)


class _Writer:
    """Writes the collected tree as structure elements, parent tree, id tree and artifacts."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.page_objects = [page.obj for page in pdf.pages]
        self.marked: dict[int, dict[int, pikepdf.Object]] = {}
        self.annotations: list[tuple[pikepdf.Object, pikepdf.Object]] = []
        self.ids: dict[str, pikepdf.Object] = {}

    def write(self, document: _Node) -> None:
        root = self.pdf.Root.StructTreeRoot
        top = self.element("Document", root)
        self.fill(top, document.kids)
        root.K = Array([top])
        root.RoleMap = Dictionary({f"/{k}": Name(f"/{v_}") for k, v_ in ROLE_MAP.items()})
        nums = Array()
        for n, page_object in enumerate(self.page_objects):
            page_object.StructParents = n  # also for the pages a split rendering joined (see .join)
            by_mcid = self.marked.get(n, {})
            nums.append(n)
            nums.append(Array([by_mcid.get(m) for m in range(max(by_mcid, default=-1) + 1)]))
        for n, (annotation, elem) in enumerate(self.annotations, len(self.page_objects)):
            annotation.StructParent = n
            nums.append(n)
            nums.append(elem)
        root.ParentTree = self.pdf.make_indirect(Dictionary(Nums=nums))
        root.ParentTreeNextKey = len(self.page_objects) + len(self.annotations)
        if self.ids:
            names = [item for key in sorted(self.ids) for item in (String(key), self.ids[key])]
            root.IDTree = Dictionary(Names=Array(names))
        elif "/IDTree" in root:
            del root.IDTree
        self.pdf.Root.MarkInfo = Dictionary(Marked=True, UserProperties=True)
        for n, page in enumerate(self.pdf.pages):
            make_artifacts(self.pdf, page, keep=set(self.marked.get(n, {})))

    def element(self, role: str, parent: pikepdf.Object) -> pikepdf.Object:
        return self.pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name(f"/{role}"), P=parent, K=Array()))

    def fill(self, elem: pikepdf.Object, kids: list[_Node | _Content]) -> None:
        for kid in kids:
            if isinstance(kid, _Content):
                self.content(elem, kid)
            else:
                self.node(elem, kid)

    def content(self, elem: pikepdf.Object, kid: _Content) -> None:
        page = self.page_objects[kid.page]
        if "/Pg" not in elem:
            elem.Pg = page
        if kid.annotation is not None:
            elem.K.append(Dictionary(Type=Name.OBJR, Obj=kid.annotation, Pg=page))
            self.annotations.append((kid.annotation, elem))
            return
        assert kid.mcid is not None
        self.marked.setdefault(kid.page, {})[kid.mcid] = elem
        same_page = elem.Pg.objgen == page.objgen
        elem.K.append(kid.mcid if same_page else Dictionary(Type=Name.MCR, Pg=page, MCID=kid.mcid))

    def node(self, parent: pikepdf.Object, node: _Node) -> None:
        el = node.el
        if node.role == "LI" and _local(el) == "li":
            item = self.child(parent, "LI")
            labels = [k for k in node.kids if isinstance(k, _Node) and k.role == "Lbl"]
            for label in labels:
                self.node(item, label)
            body = self.child(item, "LBody")
            self.fill(body, [k for k in node.kids if k not in labels])
            return
        if node.role == "L" and _local(el) == "dl":
            self.field_list(parent, node)
            return
        elem = self.child(parent, node.role)
        self.describe(elem, node)
        self.fill(elem, node.kids)
        if node.role == "Link":  # PDF/UA: a link annotation says where it goes
            description = _describe_link(el)
            for kid in elem.K:
                if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                    kid.Obj.Contents = String(description)
                    kid.Obj.F = 4  # printed: print and screen show the same links
            if not _text(el) and v.PAGE not in _classes(el):
                elem.Alt = String(description)  # a link without text still says where it goes

    def child(self, parent: pikepdf.Object, role: str) -> pikepdf.Object:
        elem = self.element(role, parent)
        parent.K.append(elem)
        return elem

    def field_list(self, parent: pikepdf.Object, node: _Node) -> None:
        """``<dl>``: one ``LI`` per field, its name the ``Lbl``, its value the ``LBody``."""
        elem = self.child(parent, "L")
        role = "meta" if v.META in _classes(node.el) else "fields"
        elem.A = Array([Dictionary(O=Name.List, ListNumbering=Name("/None")), _properties(role=role)])
        item = None
        for kid in node.kids:
            if not isinstance(kid, _Node):
                continue
            if kid.role == "Lbl":
                item = self.child(elem, "LI")
                value = kid.el.getnext()  # its <dd>, which has no element here when it is empty
                if value is not None and value.get(v.DATA_NORMALIZED):
                    item.A = _properties(normalized=value.get(v.DATA_NORMALIZED, ""))
            if item is None:
                continue
            inner = self.child(item, kid.role)
            self.fill(inner, kid.kids)

    def describe(self, elem: pikepdf.Object, node: _Node) -> None:
        """IDs and the attributes the reader needs; link descriptions."""
        el, role = node.el, node.role
        if role == "Sect":
            if el.get(GENERATED) or not el.get("id"):
                elem.A = _properties(generated="true")
            else:
                self.identify(elem, el.get("id", ""))
                elem.A = _properties(kind=el.get(v.DATA_KIND, ""))
        elif role == "Part":
            elem.A = _properties(part=el.get(PART, "generated"))
        elif role == "TOC" and _local(el) == "nav":
            elem.A = _properties(generated="true")
        elif role == "Note":
            self.identify(elem, el.get("id", ""))
        elif role == "Lbl" and node.pseudo:
            elem.A = _properties(generated="true")  # a bullet or a note's marker, not a printed label
        elif role == "Reference" and not node.pseudo:
            elem.A = _properties(target=el.get(v.DATA_TARGET, ""))
        elif role == "L":
            numbering = "/Decimal" if _local(el) == "ol" else "/Disc"
            elem.A = Array([Dictionary(O=Name.List, ListNumbering=Name(numbering)), _properties(role="list")])
        elif role in ("Link", "Span") and _local(el) == "a":
            elem.A = _properties(target=link_target(el), page="true" if v.PAGE in _classes(el) else "")
        elif role == "Span" and v.PAGE in _classes(el):
            elem.A = _properties(page="true")

    def identify(self, elem: pikepdf.Object, ident: str) -> None:
        elem.ID = String(ident)
        self.ids[ident] = elem


def _properties(**values: str) -> pikepdf.Dictionary:
    """A ``UserProperties`` attribute object (ISO 32000-1, 14.7.5.4) of the non-empty values."""
    entries = Array([Dictionary(N=String(name), V=String(value)) for name, value in values.items() if value])
    return Dictionary(O=Name.UserProperties, P=entries)


def _text(el: Element) -> str:
    """The text of ``el`` as it reads: whitespace collapsed, a leading label set apart."""
    text = " ".join("".join(el.itertext()).split())
    if len(el) and v.LABEL in _classes(el[0]) and not (el.text or "").strip():
        label = _text(el[0])
        return f"{label} {text[len(label) :].strip()}".strip()
    return text


def _describe_link(el: Element) -> str:
    text = _text(el)
    if v.PAGE in _classes(el):
        entry = el.getparent()
        title = _text(entry[0]) if entry is not None and len(entry) else ""
        return f"{title}：頁碼"
    href = link_target(el)  # an IRI as written, not its URI form
    if href.startswith("#"):
        return text or f"內部連結 {href}"
    return f"{text}（{href}）" if text and text != href else href
