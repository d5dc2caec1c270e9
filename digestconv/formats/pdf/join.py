"""The frame and the halves of a split rendering (:mod:`.split`) joined into one PDF, in place.

Each placeholder page of the frame is replaced by its page of the halves, with the placeholder's
folio drawn over it as an artifact. The halves' structure elements, outlines and named
destinations are added to the frame's; :mod:`.structure` then rebuilds the tree of the whole as
it does for a document rendered in one piece (it needs WeasyPrint's elements with their keys, the
pages their content is on, and the link annotations). Copying from another PDF maps every object
once (pikepdf ``copy_foreign``), so a page and the structure elements pointing at it stay joined.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from ...errors import DigestconvError
from .content import make_artifacts
from .structure import element_kids

Half = tuple[pikepdf.Pdf, list[bool]]  # a half's PDF and, per page, whether it is kept (not blank)


def join(frame: pikepdf.Pdf, placeholders: list[bool], halves: list[Half]) -> None:
    """Replace the frame's placeholder pages (``True`` in ``placeholders``, one per page) by the
    kept pages of ``halves``, in order."""
    pages = [(pdf, n) for pdf, kept in halves for n, keep in enumerate(kept) if keep]
    slots = [n for n, placeholder in enumerate(placeholders) if placeholder]
    if len(slots) != len(pages) or len(placeholders) != len(frame.pages):
        raise DigestconvError(f"cannot join the PDF: {len(slots)} placeholder pages for {len(pages)} pages")
    for slot, (pdf, n) in zip(reversed(slots), reversed(pages), strict=True):
        frame.pages.insert(slot, pdf.pages[n])
        _draw_folio(frame, frame.pages[slot], frame.pages[slot + 1], Name(f"/DigestconvFolio{slot}"))
        del frame.pages[slot + 1]
    for pdf, _ in halves:
        _add_structure(frame, pdf)
        _add_outline(frame, pdf)
    _join_destinations(frame, [pdf for pdf, _ in halves])


def _draw_folio(pdf: pikepdf.Pdf, page: pikepdf.Page, placeholder: pikepdf.Page, name: Name) -> None:
    """Draw the placeholder (its folio, as an artifact) over the page, as a form XObject named
    after its place (pikepdf's ``add_overlay`` names it at random: the bytes would differ; pages
    can share one resource dictionary, so the name is the page's own)."""
    make_artifacts(pdf, placeholder, keep=())  # WeasyPrint marks the folio as content
    page.add_resource(placeholder.as_form_xobject(), Name.XObject, name=name)
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)  # the page's graphics state, restored
    page.contents_add(pdf.make_stream(b"\nQ\nq " + bytes(name.unparse()) + b" Do Q\n"))


def _add_structure(frame: pikepdf.Pdf, half: pikepdf.Pdf) -> None:
    """The half's top structure elements after the frame's (their parent is rebuilt later)."""
    document = frame.Root.StructTreeRoot.K[0]
    if not isinstance(document.get("/K"), Array):
        document.K = Array(element_kids(document))
    for kid in element_kids(half.Root.StructTreeRoot.K[0]):
        if isinstance(kid, Dictionary) and "/P" in kid:
            del kid.P  # else the copy would bring the half's whole tree along
        document.K.append(frame.copy_foreign(kid))


def _add_outline(frame: pikepdf.Pdf, half: pikepdf.Pdf) -> None:
    """The half's top outline items (bookmarks) after the frame's."""
    source = half.Root.get("/Outlines")
    if source is None or "/First" not in source:
        return
    if "/Outlines" not in frame.Root:
        frame.Root.Outlines = frame.make_indirect(Dictionary(Type=Name.Outlines, Count=0))
    target = frame.Root.Outlines
    item: pikepdf.Object | None = source.First
    while item is not None:
        nxt = item.get("/Next")
        copy = frame.copy_foreign(item)
        copy.Parent = target
        if "/Last" in target:
            target.Last.Next, copy.Prev = copy, target.Last
        else:
            target.First = copy
            if "/Prev" in copy:
                del copy.Prev
        if "/Next" in copy:
            del copy.Next
        target.Last = copy
        item = nxt
    target.Count = int(target.get("/Count", 0)) + int(source.get("/Count", 0))


def _join_destinations(frame: pikepdf.Pdf, halves: list[pikepdf.Pdf]) -> None:
    """One name tree of destinations: the frame's that lead to its own pages (not to a placeholder),
    and the halves'. WeasyPrint writes internal links (the contents') as named destinations."""
    pages = {page.obj.objgen for page in frame.pages}
    names: dict[str, pikepdf.Object] = {}
    for name, dest in _destinations(frame):
        if dest[0].objgen in pages:
            names[name] = dest
    for half in halves:
        for name, dest in _destinations(half):
            # [page /XYZ x y zoom], a direct array: only its page is an object to copy
            names.setdefault(name, Array([frame.copy_foreign(dest[0]), *list(dest)[1:]]))
    if "/Names" not in frame.Root:
        frame.Root.Names = Dictionary()
    flat = Array()
    for name in sorted(names):  # a name tree's keys are sorted (ISO 32000-1, 7.9.6)
        flat.append(pikepdf.String(name))
        flat.append(names[name])
    frame.Root.Names.Dests = Dictionary(Names=flat)


def _destinations(pdf: pikepdf.Pdf) -> list[tuple[str, pikepdf.Object]]:
    """The named destinations of a PDF written by WeasyPrint (one flat ``Names`` array)."""
    flat = pdf.Root.get("/Names", Dictionary()).get("/Dests", Dictionary()).get("/Names", Array())
    return [(str(flat[n]), flat[n + 1]) for n in range(0, len(flat) - 1, 2)]
