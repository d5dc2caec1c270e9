"""Names shared by the TEI writer and reader: the namespace and the ``@rend`` vocabulary."""

from __future__ import annotations

from ...model import Emphasis, Strong, Subscript, Superscript

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

# One @rend vocabulary for highlighting, and one for list numbering.
HI_REND: dict[type[Strong | Emphasis | Subscript | Superscript], str] = {
    Strong: "bold",
    Emphasis: "italic",
    Subscript: "subscript",
    Superscript: "superscript",
}
REND_HI = {rend: cls for cls, rend in HI_REND.items()}
LIST_REND = {True: "numbered", False: "bulleted"}

# Contact details kept as addrLine n="…" in publicationStmt/address.
CONTACT_LINES = ("telephone", "fax", "website")


def tei(tag: str) -> str:
    """The Clark name of a TEI element."""
    return f"{{{TEI_NS}}}{tag}"
