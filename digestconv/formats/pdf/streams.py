"""The data of a PDF stream the reader did not write, decoded within limits.

qpdf (pikepdf's ``read_bytes``) inflates a stream whole, however large: a few kilobytes of Flate
data can claim gigabytes. The streams the reader needs (page contents, ``ToUnicode`` maps, the
XMP packet) are decoded here instead: Flate data is inflated with a cap, and a stream that would
pass it is refused. digestconv writes these streams unfiltered or with plain ``FlateDecode``; a
stream with another filter is refused too, rather than handed to a decoder without a cap.

The caps are far above what digestconv writes (a page's content is under 20 KiB, a ``ToUnicode``
map under 32 KiB, the XMP packet under 8 KiB) and low enough that parsing what passes stays
small: a parsed content stream takes some 85 bytes of memory a byte. A :class:`Budget` also caps
all that one read decodes, however many pages share a stream.

Left as it is: qpdf inflates the object streams that hold the objects themselves (the writer
uses them) when the file is opened, without a cap of its own.
"""

from __future__ import annotations

import zlib

import pikepdf

CONTENT_BYTES = 2 * 2**20  # one page's content streams together
SMALL_STREAM_BYTES = 2**20  # a ToUnicode map, the XMP packet
TOTAL_BYTES = 64 * 2**20  # every stream one read decodes (a 16x compendium needs about 30 MiB)


class StreamRefused(ValueError):
    """A stream too large once decoded, or in a form the reader does not decode."""


def bounded_bytes(stream: pikepdf.Object, limit: int) -> bytes:
    """The decoded data of ``stream``, at most ``limit`` bytes, else :class:`StreamRefused`."""
    if not isinstance(stream, pikepdf.Stream):
        raise StreamRefused(f"a {type(stream).__name__} where a stream belongs")
    filters = stream.get("/Filter")
    names = [] if filters is None else list(filters) if isinstance(filters, pikepdf.Array) else [filters]
    raw = stream.read_raw_bytes()
    if not names:
        data = raw
    elif names != [pikepdf.Name.FlateDecode]:
        shown = " ".join(str(name) for name in names)
        raise StreamRefused(f"a stream filtered with {shown} (digestconv writes only /FlateDecode)")
    elif stream.get("/DecodeParms"):
        raise StreamRefused("a Flate stream with /DecodeParms (a predictor; digestconv writes none)")
    else:
        try:
            data = zlib.decompressobj().decompress(raw, limit + 1)
        except zlib.error as exc:
            raise StreamRefused(f"a damaged Flate stream ({exc})") from None
    if len(data) > limit:
        raise StreamRefused(f"a stream over {limit} bytes once decoded")
    return data


class Budget:
    """What one read may still decode, in bytes, over all its streams."""

    def __init__(self, total: int = TOTAL_BYTES) -> None:
        self.total = self.left = total

    def decode(self, stream: pikepdf.Object, limit: int) -> bytes:
        data = bounded_bytes(stream, limit)
        if len(data) > self.left:
            raise StreamRefused(f"more than {self.total} bytes of streams to decode in all")
        self.left -= len(data)
        return data

    def page_content(self, page: pikepdf.Page) -> bytes:
        """The page's content streams, decoded within :data:`CONTENT_BYTES` in all."""
        contents = page.obj.get("/Contents")
        parts = [] if contents is None else list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        data: list[bytes] = []
        left = CONTENT_BYTES
        for part in parts:
            data.append(self.decode(part, left))
            left -= len(data[-1])
        return b"\n".join(data)
