"""A long document rendered as two halves at once, one per core, and joined (:mod:`.join`).

WeasyPrint lays pages out one after the other in one Python process; for a book of a hundred
pages that is most of the time of the PDF edition. Its body, though, falls into parts that do not
depend on each other: every report starts on a right-hand page (``print.css``), so the pages of a
run of reports are the same whatever comes before them. What does depend on the whole book is
the page numbers, in the folios and in the contents. So:

1. the body is cut before a report into two halves (the back matter goes with the second); each
   half is rendered on its own core, without folios;
2. then the *frame* is rendered: the front matter (title page, contents), followed by one empty
   placeholder page per page of the halves, which prints only the folio. The placeholders start
   a right-hand page where the halves do (WeasyPrint inserts the same blank pages) and carry the
   ids anchored on their page, so the contents' ``target-counter`` gives the right numbers. It
   needs only the halves' pages, not their PDFs: it is rendered here while the worker still
   writes the second half's PDF;
3. each placeholder is replaced by its page of the halves, with the placeholder's folio drawn on
   it (:mod:`.join`).

The cut depends on the document alone, never on the machine, so the same document gives the same
bytes on one core or many. A short document, or one whose body is not a run of reports, is
rendered in one piece.
"""

from __future__ import annotations

import io
import multiprocessing
import pickle
import signal
import traceback
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from functools import cached_property
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

import pikepdf

from ...build import available_cores
from ...errors import DigestconvError
from ...xhtml import vocab as v
from . import PdfOptions
from .join import join
from .markup import PART, REPORT_KIND, PrintMarkup, css_string
from .render import PageFacts, element_tree, render_tree, warm_up

SPLIT_FROM_CHARS = 20_000  # body text below this is rendered in one piece: forking would cost more
# This process renders the first half and then the frame, while the worker renders the second
# half: the first half gets the smaller share of the body's text so that both end together (on
# the seed the frame takes about a third of a half's time).
FIRST_SHARE = 0.42
FOLIO_PAGE = "digestconv-folio"  # the page type of the placeholders

# The halves print no folio; every page of the frame prints its own. The placeholders print only
# the folio (no running head), and have no height, so that no content of theirs makes a page.
HALF_CSS = "@page { @bottom-center { content: none; } }\nhtml { string-set: book %s; }\n"
FRAME_CSS = f"""
@page {FOLIO_PAGE} {{ @top-center {{ content: none; border: none; }} }}
div.{FOLIO_PAGE} {{ page: {FOLIO_PAGE}; break-before: page; height: 0; margin: 0; }}
div.{FOLIO_PAGE}.recto {{ break-before: right; }}
div.{FOLIO_PAGE} > div {{ height: 0; }}
"""


@dataclass(frozen=True)
class _Cut:
    """The document's tree cut in three: what precedes the body, and two halves of reports."""

    root: ET.Element
    head: list[ET.Element]  # the parts before the body (front matter, generated title and contents)
    halves: tuple[ET.Element, ET.Element]  # two copies of the <html> root, each with half the body
    half_css: str


def rendered(markup: PrintMarkup, options: PdfOptions) -> pikepdf.Pdf:
    """WeasyPrint's PDF of ``markup``, in two halves at once when the document allows it."""
    root = element_tree(markup.html)
    cut = _cut(root)
    if cut is None:
        return pikepdf.open(io.BytesIO(render_tree(root, options)[0]))
    with _second_half(cut, options) as second:
        first = render_tree(cut.halves[0], options, cut.half_css)
        frame, frame_facts = render_tree(_frame(cut, [first[1], second.facts()]), options, FRAME_CSS)
        halves = [first, (second.pdf(), second.facts())]
    pdf = pikepdf.open(io.BytesIO(frame))
    parts = [pikepdf.open(io.BytesIO(data)) for data, _ in halves]
    try:
        placeholders = [fact.name == FOLIO_PAGE and not fact.blank for fact in frame_facts]
        kept = [[not fact.blank for fact in facts] for _, facts in halves]
        join(pdf, placeholders, list(zip(parts, kept, strict=True)))
    except BaseException:
        pdf.close()
        raise
    finally:
        for part in parts:
            part.close()
    return pdf


def _cut(root: ET.Element) -> _Cut | None:
    """The two halves, or ``None`` when the body cannot be cut (see the module doc)."""
    body = root.find("body")
    parts = list(body) if body is not None else []
    at = next((n for n, part in enumerate(parts) if part.get(PART) == "body"), None)
    if body is None or at is None:
        return None
    head, main, tail = parts[:at], parts[at], parts[at + 1 :]
    sections = list(main)
    if len(sections) < 2 or any(section.get(v.DATA_KIND) != REPORT_KIND for section in sections):
        return None
    if any(_has_page_links(part) for part in (main, *tail)):  # contents in the body: numbers unknown
        return None
    sizes = [len("".join(section.itertext())) for section in sections]
    total = sum(sizes)
    if total < SPLIT_FROM_CHARS:
        return None
    middle, running = 1, sizes[0]
    while middle < len(sections) - 1 and running + sizes[middle] <= total * FIRST_SHARE:
        running += sizes[middle]
        middle += 1
    first = _with_body(root, [_shallow(main, sections[:middle])])
    second = _with_body(root, [_shallow(main, sections[middle:]), *tail])
    return _Cut(root, head, (first, second), HALF_CSS % css_string(_book_title(head)))


def _has_page_links(el: ET.Element) -> bool:
    return any(a.get("class") == v.PAGE for a in el.iter("a"))


def _book_title(head: list[ET.Element]) -> str:
    """The running head of the matter pages: the title page's title, as print.css takes it."""
    for part in head:
        for section in part.iter("section"):
            if section.get(v.DATA_KIND) == "titlepage":
                h1 = section.find("h1")
                if h1 is not None:
                    return " ".join("".join(h1.itertext()).split())
    return ""


def _shallow(el: ET.Element, children: list[ET.Element]) -> ET.Element:
    """A copy of ``el`` with other children (ElementTree elements may sit in several trees)."""
    copy = ET.Element(el.tag, dict(el.attrib))
    copy.text, copy.tail = el.text, el.tail
    copy.extend(children)
    return copy


def _with_body(root: ET.Element, parts: list[ET.Element]) -> ET.Element:
    body = root.find("body")
    assert body is not None
    return _shallow(root, [_shallow(body, parts) if child is body else child for child in root])


class _RenderedHere:
    """The second half rendered in this process (one core) when first asked for: after the first
    half, as on two cores, so that an error is the same on both."""

    def __init__(self, cut: _Cut, options: PdfOptions) -> None:
        self._cut, self._options = cut, options

    @cached_property
    def _rendered(self) -> tuple[bytes, list[PageFacts]]:
        return render_tree(self._cut.halves[1], self._options, self._cut.half_css)

    def facts(self) -> list[PageFacts]:
        return self._rendered[1]

    def pdf(self) -> bytes:
        return self._rendered[0]


class _RenderedThere:
    """The second half rendered by the worker (:func:`_render_and_send`): its page facts as soon
    as its pages are laid out, then its PDF."""

    def __init__(self, connection: Connection, worker: BaseProcess) -> None:
        self._connection, self._worker = connection, worker
        self._facts: list[PageFacts] | None = None

    def facts(self) -> list[PageFacts]:
        if self._facts is None:
            self._facts = self._receive("facts")
        return self._facts

    def pdf(self) -> bytes:
        self.facts()
        return self._receive("pdf")

    def _receive(self, wanted: str) -> Any:
        try:
            kind, value = self._connection.recv()
        except EOFError:
            self._worker.join()
            code = self._worker.exitcode or 0
            how = f"was killed by signal {-code}" if code < 0 else f"exited with status {code}"
            raise DigestconvError(f"the process rendering the second half of the PDF {how}") from None
        if kind == "error":
            raise value
        assert kind == wanted, (kind, wanted)
        return value


@contextmanager
def _second_half(cut: _Cut, options: PdfOptions) -> Iterator[_RenderedHere | _RenderedThere]:
    """The second half, rendered in a forked process when there is a second core, else here."""
    if available_cores() < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield _RenderedHere(cut, options)
        return
    # fork: the worker inherits the imported WeasyPrint and the loaded fonts (warmed here first)
    # instead of importing and loading them again (a second and more)
    warm_up(options)
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    worker = context.Process(target=_render_and_send, args=(sending, receiving, cut, options), daemon=True)
    worker.start()
    sending.close()
    try:
        yield _RenderedThere(receiving, worker)
    except BaseException:
        worker.terminate()
        raise
    finally:
        receiving.close()  # a worker still sending gets a broken pipe, not a wait for ever
        worker.join()


def _render_and_send(connection: Connection, parents_end: Connection, cut: _Cut, options: PdfOptions) -> None:
    """In the worker: the second half's page facts, then its PDF, or the error, to the parent."""
    # The fork's copy of the parent's end would keep the pipe open if the parent died; a host
    # application's SIGTERM handler would keep the worker alive when the parent gives up on it.
    parents_end.close()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        data, _ = render_tree(cut.halves[1], options, cut.half_css, lambda facts: connection.send(("facts", facts)))
        connection.send(("pdf", data))
    except BaseException as exc:
        with suppress(OSError):  # the parent is gone: no one to tell
            connection.send(("error", _receivable(exc)))
    finally:
        connection.close()


def _receivable(exc: BaseException) -> BaseException:
    """``exc`` with the worker's traceback as a note, as the parent can unpickle it: else a
    DigestconvError with its message (what a user reads) or a RuntimeError naming its type."""
    worker_traceback = "".join(traceback.format_exception(exc))
    try:
        pickle.loads(pickle.dumps(exc))
        sent = exc
    except Exception:
        is_ours = isinstance(exc, DigestconvError)
        sent = DigestconvError(str(exc)) if is_ours else RuntimeError(f"{type(exc).__name__}: {exc}")
    sent.add_note(f"raised in the process rendering the second half of the PDF:\n{worker_traceback}")
    return sent


def _frame(cut: _Cut, facts: list[list[PageFacts]]) -> ET.Element:
    """The front matter and a placeholder per page of the halves (see the module doc)."""
    wanted = {a.get("href", "")[1:] for part in cut.head for a in part.iter("a") if a.get("href", "").startswith("#")}
    placeholders = []
    for pages in facts:
        recto = True  # each half starts a right-hand page
        for page in pages:
            if page.blank:
                recto = True
                continue
            div = ET.Element("div", {"class": f"{FOLIO_PAGE} recto" if recto else FOLIO_PAGE})
            here = [name for name in page.anchors if name in wanted]  # an anchor is on its first page
            wanted.difference_update(here)
            div.extend(ET.Element("div", {"id": name}) for name in here)
            placeholders.append(div)
            recto = False
    return _with_body(cut.root, [*cut.head, *placeholders])
