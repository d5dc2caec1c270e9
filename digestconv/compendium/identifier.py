"""The document's identifier: a name-based UUID (RFC 9562, version 5) of the facts that name the book.

It is :func:`uuid.uuid5` computed here, to the same value (``tests/test_compendium_input.py`` compares
them): every conversion makes one, and importing :mod:`uuid` and then :mod:`hashlib`, which loads
OpenSSL, costs about 11 ms for one SHA-1 of a few hundred bytes, 3% of converting the seed to
JSON. CPython's own SHA-1 module, hashlib's fallback, loads in under a millisecond.
"""

from __future__ import annotations

try:
    from _sha1 import sha1  # type: ignore[import-not-found]  # CPython's; typeshed has no stub
except ImportError:  # another Python
    from hashlib import sha1

# uuid.NAMESPACE_URL: names that are URLs, as ``digestconv:…`` is.
_NAMESPACE_URL = bytes.fromhex("6ba7b8119dad11d180b400c04fd430c8")


def name_uuid(name: str) -> str:
    """``urn:uuid:…`` of the version 5 UUID of ``name`` in the URL namespace."""
    octets = bytearray(sha1(_NAMESPACE_URL + name.encode("utf-8"), usedforsecurity=False).digest()[:16])
    octets[6] = octets[6] & 0x0F | 0x50  # version 5
    octets[8] = octets[8] & 0x3F | 0x80  # the RFC's variant
    h = octets.hex()
    return f"urn:uuid:{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
