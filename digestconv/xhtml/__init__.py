"""The one model → XHTML step of the XHTML-based editions (EPUB now, print PDF later).

Editions share this markup and differ only in CSS (``styles/``) and packaging. A division is a
``<section>``; :mod:`.parse` reads the markup back exactly. The mapping:

==============================  ====================================================================
model                           XHTML
==============================  ====================================================================
Division                        ``<section id=ID data-kind=KIND>`` with ``epub:type`` and the
                                matching DPUB-ARIA ``role`` for known kinds (``vocab.KIND_SEMANTICS``);
                                its leading page breaks, ``<hN>`` (N = depth, at most 6) with
                                ``<span class="label">`` then the title, ``<dl class="meta">``, its
                                blocks, then its child sections. No label and no title: no heading,
                                an ``aria-label`` naming the kind instead.
Paragraph                       ``<p>``
ListBlock / ListItem            ``<ol>`` (ordered) or ``<ul>`` / ``<li>``; the printed label is text,
                                ``<span class="label">``, at the start of the item's first paragraph
                                (or before its blocks), never a CSS counter
FieldList / Field               ``<dl class="fields">`` of ``<dt>`` name, ``<dd data-normalized>`` value
Quote                           ``<blockquote>``
Contents / ContentsEntry        ``<ol class="contents">`` / ``<li>``: ``<a class="ref" href>`` (or a
                                ``<span class="ref" data-target>`` when the title holds a link) with
                                label and ``<span class="title">``, then ``<span class="page">``
PageBreak                       ``<span epub:type="pagebreak" role="doc-pagebreak" id aria-label=PAGE>``
Strong, Emphasis, Sub-, Super-  ``<strong>``, ``<em>``, ``<sub>``, ``<sup>``
Link                            ``<a href>`` for absolute http(s)/mailto URLs (an http(s) IRI: its
                                URI form in ``href``, the IRI in ``data-target``), else ``<a data-target>``
                                (keeps the EPUB valid and the target exact)
LineBreak                       ``<br/>``
Note                            ``<a class="noteref" epub:type="noteref" role="doc-noteref">LABEL</a>``
                                → ``<aside epub:type="footnote" role="doc-footnote">`` after the
                                section in the same document, opening with a ``doc-backlink``
==============================  ====================================================================

Output is deterministic: generated ids (``page-N``, ``note-N``, ``noteref-N``) count in document
order and step around division ids; serialisation is never re-indented.
"""

from .document import page, serialize
from .markup import Ids, Rendered, Renderer, display_name
from .parse import MarkupError, body_of, link_target, parse_xhtml, read_division

__all__ = [
    "Ids",
    "MarkupError",
    "Rendered",
    "Renderer",
    "body_of",
    "display_name",
    "link_target",
    "page",
    "parse_xhtml",
    "read_division",
    "serialize",
]
