"""TEI P5 XML: the archival edition, valid against ``tei_all``, read back losslessly.

How the model is encoded (the reader inverts exactly this):

- ``teiHeader``: ``titleStmt`` (title; one ``respStmt`` per contributor, role in ``resp``);
  ``publicationStmt`` (``publisher``, the English name as ``publisher xml:lang="en"``,
  ``address`` with ``addrLine``s, telephone, fax and website as ``addrLine n="…"``,
  ``date when`` holding the date as printed, ``availability`` with the rights statement,
  ``idno type="URI"``); ``sourceDesc`` (the printed source); ``encodingDesc`` (the program and
  version, the ``@rend`` vocabulary, the reader's repairs summarised in ``editorialDecl``);
  ``profileDesc/langUsage``.
- ``text``: ``front``, ``body``, ``back`` hold one ``div`` per division: ``@type`` the kind,
  ``@xml:id`` the id, ``@n`` the printed label, ``head`` the title. A division's ``meta`` is a
  ``bibl type="metadata"``: a field with a date is ``date n="name" when|from|to``, a field
  whose value is the division's label is ``idno n="name"``, any other a ``respStmt`` (the
  field name as ``resp``, the value as ``name``).
- Blocks: ``p``; ``list rend="numbered|bulleted"`` of ``item n="label"``; a field list is
  ``list type="gloss"`` of ``label``/``item`` pairs; the printed contents are ``list type="toc"``
  of ``item n="id"`` holding ``ref target`` (or ``seg type="title"``) and ``num type="page"``;
  ``quote``; a page break is ``pb n``. An item or note whose content is one paragraph holds
  the paragraph's inlines directly; otherwise it holds block elements.
- Inlines: ``hi rend="bold|italic|subscript|superscript"``, ``ref target``, ``lb``, and
  ``note place="foot" n="label"`` at its reference point.

Output is UTF-8 without character references, indented only where whitespace is not text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...errors import Diagnostic
from ...model import Document
from ..registry import Format


@dataclass(frozen=True)
class TeiOptions:
    """``diagnostics``: the reader's repairs, summarised in ``encodingDesc/editorialDecl``."""

    diagnostics: tuple[Diagnostic, ...] = ()


def read(path: Path) -> Document:
    from .reader import read_file

    return read_file(path)


def write(doc: Document, options: TeiOptions | None = None) -> bytes:
    from .writer import to_bytes

    return to_bytes(doc, options or TeiOptions())


FORMAT = Format("tei", (".xml", ".tei"), "TEI P5 XML, the archival edition", read=read, write=write, options=TeiOptions)
