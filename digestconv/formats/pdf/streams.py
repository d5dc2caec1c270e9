"""The data of a PDF stream the reader did not write, decoded within limits.

qpdf (pikepdf's ``read_bytes``) inflates a stream whole, however large: a few kilobytes of Flate
data can claim gigabytes. The streams the reader needs (page contents, ``ToUnicode`` maps, the
XMP packet) are decoded here instead: Flate data is inflated with a cap, and a stream that would
pass it is refused. digestconv writes these streams unfiltered or with plain ``FlateDecode``; a
stream with another filter is refused too, rather than handed to a decoder without a cap.
"""

from __future__ import annotations

import zlib

import pikepdf

STREAM_BYTES = 64 * 2**20  # as an archive entry's limit (digestconv.archive.Limits)


class StreamRefused(ValueError):
    """A stream too large once decoded, or in a form the reader does not decode."""


def bounded_bytes(stream: pikepdf.Object, limit: int = STREAM_BYTES) -> bytes:
    """The decoded data of ``stream``, at most ``limit`` bytes, else :class:`StreamRefused`."""
    if not isinstance(stream, pikepdf.Stream):
        raise StreamRefused(f"a {type(stream).__name__} where a stream belongs")
    filters = stream.get("/Filter")
    names = [] if filters is None else list(filters) if isinstance(filters, pikepdf.Array) else [filters]
    raw = stream.read_raw_bytes()
    if not names:
        data = raw
    elif names == [pikepdf.Name.FlateDecode] and not stream.get("/DecodeParms"):  # no predictor
        try:
            data = zlib.decompressobj().decompress(raw, limit + 1)
        except zlib.error as exc:
            raise StreamRefused(f"a damaged Flate stream ({exc})") from None
    else:
        shown = " ".join(str(name) for name in names)
        raise StreamRefused(f"a stream filtered with {shown} (digestconv writes only /FlateDecode)")
    if len(data) > limit:
        raise StreamRefused(f"a stream over {limit} bytes once decoded")
    return data


def page_content(pdf: pikepdf.Pdf, page: pikepdf.Page, limit: int = STREAM_BYTES) -> pikepdf.Stream:
    """The page's content streams, decoded within ``limit`` in all, as one stream to parse."""
    contents = page.obj.get("/Contents")
    parts = [] if contents is None else list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    data = b""
    for part in parts:
        data += bounded_bytes(part, max(limit - len(data), 0)) + b"\n"
    return pikepdf.Stream(pdf, data)
