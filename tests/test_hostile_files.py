"""Readers against hostile files: a clear InputError naming the file (and the part inside an
archive), bounded memory, never a hang, a crash or an entity resolved.

Every file is made here from a real edition of the seed: XML parts poisoned with DOCTYPEs
(external entities, expansion bombs, entity loops) and deep nesting; archives with too many
entries, entries that inflate far beyond the limits or beyond what their header declares,
path-traversal, absolute and duplicate names, an encrypted entry, an unknown compression method,
a ZIP64 end record; PDFs with streams that inflate far beyond the limits (page contents,
``ToUnicode`` maps), filters decoded without a cap, an XMP packet poisoned like the XML parts, a
structure tree with a loop or nested beyond reason; and for every format, the edition cut in
half, random bytes, an empty file.

A format joins by adding its name to ``FORMATS`` and ``SUFFIX`` (its XML parts, if any, to
``XML_PARTS``; an archive to ``ARCHIVES``; a way to damage its files at random to ``MUTATE``).
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
import os
import random
import struct
import subprocess
import sys
import threading
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from digestconv.errors import InputError
from digestconv.formats.registry import by_name

from .conftest import ROOT

FORMATS = ["epub", "docx", "tei", "json", "pdf"]
ARCHIVES = ["epub", "docx"]
SUFFIX = {"epub": ".epub", "docx": ".docx", "tei": ".xml", "json": ".json", "pdf": ".pdf"}
# The XML parts each reader parses (None: the file itself; the PDF's XMP packet is poisoned below).
XML_PARTS: dict[str, list[str | None]] = {
    "epub": ["META-INF/container.xml", "EPUB/content.opf", "EPUB/005-r2024-01.xhtml"],
    "docx": ["[Content_Types].xml", "word/document.xml", "word/footnotes.xml"],
    "tei": [None],
    "json": [],
    "pdf": [],
}
# The entry each archive reader reads first (an entry lying about its size is found there).
FIRST_READ = {"epub": "META-INF/container.xml", "docx": "[Content_Types].xml"}
MiB = 2**20


@pytest.fixture(scope="module")
def editions(seed_parse) -> dict[str, bytes]:
    return {name: by_name(name).write(seed_parse.document, None) for name in FORMATS}


def hostile_file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"hostile{SUFFIX[name]}"
    path.write_bytes(data)
    return path


def refused(tmp_path: Path, name: str, data: bytes, match: str | None = None) -> InputError:
    path = hostile_file(tmp_path, name, data)
    with pytest.raises(InputError, match=match) as caught:
        by_name(name).read(path)
    assert str(caught.value).startswith(str(path))
    return caught.value


def replace_entry(data: bytes, part: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == part else src.read(info))
    return out.getvalue()


def add_entries(data: bytes, *entries: tuple[str, bytes]) -> bytes:
    out = io.BytesIO(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of a duplicate name, and writes it
        with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as zf:
            for name, content in entries:
                zf.writestr(name, content)
    return out.getvalue()


def patch_entry(data: bytes, part: str, **fields: int) -> bytes:
    """Raw edits of an entry's central directory record and local header: what no writer makes."""
    where = {  # (offset in the directory record, in the local header, format)
        "flags": (8, 6, "<H"),
        "method": (10, 8, "<H"),
        "compressed": (20, 18, "<I"),
        "size": (24, 22, "<I"),
    }
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        local = zf.getinfo(part).header_offset
    raw = bytearray(data)
    record = raw.find(b"PK\x01\x02")
    while raw[record + 46 : record + 46 + len(part.encode())] != part.encode():
        record = raw.find(b"PK\x01\x02", record + 4)
    for field, value in fields.items():
        in_directory, in_local, fmt = where[field]
        struct.pack_into(fmt, raw, record + in_directory, value)
        struct.pack_into(fmt, raw, local + in_local, value)
    return bytes(raw)


# --- XML: DOCTYPEs, entities, depth --------------------------------------------------------------

LAUGHS = "".join(f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True))
XML_BOMBS = {
    "billion-laughs": (f'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">{LAUGHS}]>\n<r>&i;</r>', "DOCTYPE"),
    "external-entities": (
        '<!DOCTYPE r [<!ENTITY s SYSTEM "file:///etc/passwd"><!ENTITY n SYSTEM "http://127.0.0.1:9/">]>\n<r>&s;&n;</r>',
        "DOCTYPE",
    ),
    "external-dtd": ('<!DOCTYPE r SYSTEM "http://127.0.0.1:9/evil.dtd">\n<r>&x;</r>', "DOCTYPE"),
    "recursive-entities": ('<!DOCTYPE r [<!ENTITY a "&b;"><!ENTITY b "&a;">]>\n<r>&a;</r>', "DOCTYPE"),
    "deep-nesting": ("<r>" + "<a>" * 100_000 + "</a>" * 100_000 + "</r>", "not well-formed XML: Excessive depth"),
    "cut-off": ("<r>\n<a>cut", "not well-formed XML"),
}


@pytest.mark.parametrize("bomb", XML_BOMBS)
@pytest.mark.parametrize(("name", "part"), [(name, part) for name in FORMATS for part in XML_PARTS[name]])
def test_hostile_xml_is_refused_naming_the_file_and_the_part(editions, tmp_path, name, part, bomb):
    xml, message = XML_BOMBS[bomb]
    data = xml.encode() if part is None else replace_entry(editions[name], part, xml.encode())
    error = refused(tmp_path, name, data, message)
    if part is not None:
        assert error.source.endswith(f"!{part}")
    assert error.line is not None


@contextlib.contextmanager
def watched_pipe(directory: Path) -> Iterator[tuple[str, list[bool]]]:
    """The file: URL of a named pipe, and a list that records it if anything opens the pipe to
    read (which a parser resolving an external entity or DTD does): no file's access time to trust."""
    pipe = directory / "secret"
    os.mkfifo(pipe)
    opened: list[bool] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)  # fails with ENXIO while no one reads
            except OSError:
                time.sleep(0.001)
                continue
            opened.append(True)
            os.write(fd, b"TOP SECRET")
            os.close(fd)
            return

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        yield pipe.as_uri(), opened
    finally:
        stop.set()
        watcher.join()


EXTERNAL = {
    "entity": '<!DOCTYPE r [<!ENTITY s SYSTEM "{url}">]>\n<r>&s;</r>',
    "parameter-entity": '<!DOCTYPE r [<!ENTITY % p SYSTEM "{url}"> %p;]>\n<r/>',
    "dtd": '<!DOCTYPE r SYSTEM "{url}">\n<r/>',
}


def test_the_pipe_watch_sees_an_unsafe_parser(tmp_path):
    with watched_pipe(tmp_path) as (url, opened):
        xml = EXTERNAL["entity"].format(url=url)
        unsafe = etree.XMLParser(resolve_entities=True)
        assert b"TOP SECRET" in etree.tostring(etree.fromstring(xml, unsafe))
    assert opened


@pytest.mark.parametrize("external", EXTERNAL)
@pytest.mark.parametrize(("name", "part"), [(name, parts[-1]) for name, parts in XML_PARTS.items() if parts])
def test_an_external_entity_or_dtd_is_never_opened(editions, tmp_path, name, part, external):
    with watched_pipe(tmp_path) as (url, opened):
        xml = EXTERNAL[external].format(url=url).encode()
        refused(tmp_path, name, xml if part is None else replace_entry(editions[name], part, xml), "DOCTYPE")
    assert not opened


def test_a_bare_html_doctype_declares_nothing_and_is_read(editions, tmp_path):
    chapter = zipfile.ZipFile(io.BytesIO(editions["epub"])).read("EPUB/005-r2024-01.xhtml")
    assert b"<!DOCTYPE html>" in chapter  # what the EPUB writer emits; refusing it would refuse our own books
    assert by_name("epub").read(hostile_file(tmp_path, "epub", editions["epub"])).body


# --- archives -----------------------------------------------------------------------------------


def deflated_zeros(mib: int) -> bytes:
    """A raw deflate stream of ``mib`` MiB of zeros, made without compressing them all: after a
    full flush the compressor starts afresh, so one flushed MiB repeated is a valid stream."""
    chunk = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = chunk.compress(bytes(MiB)) + chunk.flush(zlib.Z_FULL_FLUSH)
    return one * mib + zlib.compressobj(9, zlib.DEFLATED, -15).flush()


def zlib_zeros(mib: int) -> bytes:
    """:func:`deflated_zeros` in the zlib wrapping a PDF's FlateDecode expects."""
    check = 1
    for _ in range(mib):
        check = zlib.adler32(bytes(MiB), check)
    return b"\x78\xda" + deflated_zeros(mib) + struct.pack(">I", check)


def bomb_entry(data: bytes, part: str, mib: int, declared: int) -> bytes:
    """``part`` (added, or replacing its namesake) inflating to ``mib`` MiB, declaring ``declared`` bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            if info.filename != part:
                dst.writestr(info, src.read(info))
        dst.writestr(part, deflated_zeros(mib), compress_type=zipfile.ZIP_STORED)  # deflated already
    return patch_entry(out.getvalue(), part, method=zipfile.ZIP_DEFLATED, size=declared)


def _zip64_locator(data: bytes) -> bytes:
    end = data.rfind(b"PK\x05\x06")
    return data[:end] + b"PK\x06\x07" + bytes(16) + data[end:]


def _declared(data: bytes, count: int, size: int) -> bytes:
    """``count`` small entries whose headers declare ``size`` bytes, compressed and not."""
    data = add_entries(data, *((f"pad{i}", b"x") for i in range(count)))
    for i in range(count):
        data = patch_entry(data, f"pad{i}", size=size, compressed=size)
    return data


ARCHIVE_BOMBS: dict[str, tuple[Callable[[str, bytes], bytes], str]] = {
    "many-entries": (
        lambda name, data: add_entries(data, *((f"x/{i}", b"") for i in range(12_000))),
        r"refused: the archive lists 12\d\d\d entries",
    ),
    "gigabyte-entry": (lambda name, data: bomb_entry(data, "pad", 1024, 2**30), r"!pad: refused: 1073741824 bytes"),
    "inflates-1000-to-1": (lambda name, data: bomb_entry(data, "pad", 32, 32 * MiB), r"!pad: refused: compressed"),
    "too-large-in-all": (lambda name, data: _declared(data, 5, 60 * MiB), r"refused: over \d+ bytes uncompressed"),
    "lies-about-its-size": (lambda name, data: bomb_entry(data, FIRST_READ[name], 1024, 100), "Bad CRC-32"),
    "parent-name": (
        lambda name, data: add_entries(data, ("../../evil", b"x")),
        r"!\.\./\.\./evil: refused: an absolute",
    ),
    "absolute-name": (lambda name, data: add_entries(data, ("/etc/cron.d/x", b"x")), "refused: an absolute or parent"),
    "backslash-name": (lambda name, data: add_entries(data, ("..\\evil", b"x")), "refused: an absolute or parent"),
    "duplicate-name": (lambda name, data: add_entries(data, (FIRST_READ[name], b"<x/>")), "refused: two entries"),
    "encrypted": (lambda name, data: patch_entry(data, FIRST_READ[name], flags=1), "unreadable entry: .*encrypted"),
    "unknown-compression": (lambda name, data: patch_entry(data, FIRST_READ[name], method=97), "unreadable entry"),
    "zip64": (lambda name, data: _zip64_locator(data), "refused: a ZIP64 archive"),
}


@pytest.mark.parametrize("bomb", ARCHIVE_BOMBS)
@pytest.mark.parametrize("name", ARCHIVES)
def test_hostile_archives_are_refused(editions, tmp_path, name, bomb):
    make, message = ARCHIVE_BOMBS[bomb]
    refused(tmp_path, name, make(name, editions[name]), message)


# --- PDF: streams, filters, XMP, the structure tree ----------------------------------------------


def edited_pdf(data: bytes, edit: Callable[[pikepdf.Pdf], object]) -> bytes:
    with pikepdf.open(io.BytesIO(data)) as pdf:
        edit(pdf)
        out = io.BytesIO()
        # As edited: no stream decoded, re-encoded or compressed, the XMP not repaired.
        no_decoding = pikepdf.StreamDecodeLevel.none
        pdf.save(out, stream_decode_level=no_decoding, compress_streams=False, fix_metadata_version=False)
    return out.getvalue()


def _flate(pdf: pikepdf.Pdf, raw: bytes, filter: str = "/FlateDecode", **extra: object) -> pikepdf.Stream:
    """A stream holding ``raw`` as it is, declared as encoded by ``filter`` (and ``extra`` entries)."""
    stream = pikepdf.Stream(pdf, b"")
    stream.write(raw, filter=pikepdf.Name(filter))
    for key, value in extra.items():
        stream[f"/{key}"] = value
    return stream


def _first_report_page(pdf: pikepdf.Pdf) -> pikepdf.Page:
    return pdf.pages[6]


def _set_contents(pdf: pikepdf.Pdf, stream: pikepdf.Stream) -> None:
    _first_report_page(pdf).obj.Contents = stream


def _set_to_unicode(pdf: pikepdf.Pdf, stream: pikepdf.Stream) -> None:
    for font in _first_report_page(pdf).Resources.Font.values():
        font.ToUnicode = stream


def _set_xmp(pdf: pikepdf.Pdf, xml: str) -> None:
    pdf.Root.Metadata = pikepdf.Stream(pdf, xml.encode())


def _struct_loop(pdf: pikepdf.Pdf) -> None:
    report = pdf.Root.StructTreeRoot.K[0].K[1].K[0]  # the body's first report
    report.K.append(report)  # holds itself, as a subdivision


def _struct_deep(pdf: pikepdf.Pdf) -> None:
    elements = [pdf.Root.StructTreeRoot.K[0].K[1]]  # the body, searched for its first paragraph
    for element in elements:
        if element.get("/S") == pikepdf.Name.P:
            break
        elements += [kid for kid in element.get("/K", []) if isinstance(kid, pikepdf.Dictionary)]
    inner = element.K
    for _ in range(5_000):  # spans in spans, each naming its parent: text the reader has to descend to
        span = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Span, K=inner))
        for kid in inner if isinstance(inner, pikepdf.Array) else [inner]:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.StructElem:
                kid.P = span
        inner = span
    inner.P = element
    element.K = pikepdf.Array([inner])


def _share_contents(pdf: pikepdf.Pdf) -> None:
    shared = _flate(pdf, zlib.compress(b" " * (2**21 - 1)))  # a page's cap, all spaces
    for page in pdf.pages:
        page.obj.Contents = shared


def _struct_shared(pdf: pikepdf.Pdf) -> None:
    """A paragraph listed twice under each of 40 nested spans: read as a tree, 2**40 paths."""
    element = pdf.Root.StructTreeRoot.K[0].K[1].K[0]  # the body's first report
    inner = element.K[-1]
    for _ in range(40):
        inner = pdf.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Span, K=[inner, inner])
        )
    element.K.append(inner)


_BFRANGES = b"begincmap\n50 beginbfrange\n" + b"<0000> <FFFF> <4E00>\n" * 50 + b"endbfrange\nendcmap\n"
_BFRANGE = b"begincmap\n1 beginbfrange\n<0000> <FFFFFFFF> <4E00>\nendbfrange\nendcmap\n"
PDF_BOMBS: dict[str, tuple[Callable[[pikepdf.Pdf], object], str]] = {
    "contents-gigabyte": (lambda pdf: _set_contents(pdf, _flate(pdf, zlib_zeros(1024))), "a stream over"),
    "to-unicode-gigabyte": (lambda pdf: _set_to_unicode(pdf, _flate(pdf, zlib_zeros(1024))), "a stream over"),
    "to-unicode-range": (lambda pdf: _set_to_unicode(pdf, pikepdf.Stream(pdf, _BFRANGE)), "a ToUnicode range"),
    "xmp-gigabyte": (lambda pdf: setattr(pdf.Root, "Metadata", _flate(pdf, zlib_zeros(1024))), "a stream over"),
    "uncapped-filter": (
        lambda pdf: _set_contents(pdf, _flate(pdf, b"\x80\x0b\x60\x50\x22\x0c\x0c\x85\x01", "/LZWDecode")),
        "filtered with /LZWDecode",
    ),
    "predictor": (
        lambda pdf: _set_contents(
            pdf, _flate(pdf, zlib.compress(b"q Q"), DecodeParms=pikepdf.Dictionary(Predictor=12))
        ),
        "with /DecodeParms",
    ),
    "damaged-flate": (lambda pdf: _set_contents(pdf, _flate(pdf, b"not deflate")), "a damaged Flate stream"),
    "xmp-billion-laughs": (lambda pdf: _set_xmp(pdf, XML_BOMBS["billion-laughs"][0]), r"!XMP:1: .*DOCTYPE"),
    "xmp-external-entity": (lambda pdf: _set_xmp(pdf, XML_BOMBS["external-entities"][0]), r"!XMP:1: .*DOCTYPE"),
    "xmp-not-xml": (lambda pdf: _set_xmp(pdf, XML_BOMBS["cut-off"][0]), r"!XMP:2: not well-formed"),
    # Just over a page's cap: 3 MiB of a cheap operator, which parsed whole would take 250 MiB.
    "contents-over-page-cap": (
        lambda pdf: _set_contents(pdf, _flate(pdf, zlib.compress(b"1 0 0 1 0 0 cm\n" * 200_000))),
        "a stream over",
    ),
    # Under the page cap, on every page: the read's budget refuses the sum.
    "contents-shared-by-every-page": (_share_contents, "bytes of streams to decode in all"),
    "to-unicode-many-ranges": (
        lambda pdf: _set_to_unicode(pdf, pikepdf.Stream(pdf, _BFRANGES)),
        "more than 65,536 codes",
    ),
    "structure-shared-element": (_struct_shared, "shared by parents or listed twice"),
    "structure-loop": (_struct_loop, "shared by parents or listed twice"),
    "structure-5000-deep": (_struct_deep, "nested too deep or with a loop"),
}


@pytest.mark.parametrize("bomb", PDF_BOMBS)
def test_hostile_pdfs_are_refused(editions, tmp_path, bomb):
    edit, message = PDF_BOMBS[bomb]
    refused(tmp_path, "pdf", edited_pdf(editions["pdf"], edit), message)


def test_an_external_entity_in_the_xmp_is_never_opened(editions, tmp_path):
    with watched_pipe(tmp_path) as (url, opened):
        xml = EXTERNAL["entity"].format(url=url)
        refused(tmp_path, "pdf", edited_pdf(editions["pdf"], lambda pdf: _set_xmp(pdf, xml)), "DOCTYPE")
    assert not opened


# --- well-formed, but not what the reader expects ----------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
MISSHAPEN = {
    ("docx", "[Content_Types].xml"): b"<x/>",
    ("docx", "_rels/.rels"): b"<x/>",
    ("docx", "word/document.xml"): f'<w:document xmlns:w="{_W}"/>'.encode(),
    (
        "docx",
        "word/_rels/document.xml.rels",
    ): f'<Relationships xmlns="{_RELS}"><Relationship Id="r"/></Relationships>'.encode(),
    ("epub", "META-INF/container.xml"): b"<x/>",
    ("epub", "EPUB/content.opf"): b"<x/>",
    ("epub", "EPUB/005-r2024-01.xhtml"): b"<x/>",
}


@pytest.mark.parametrize(("name", "part"), MISSHAPEN)
def test_a_part_of_the_wrong_shape_is_an_input_error(editions, tmp_path, name, part):
    refused(tmp_path, name, replace_entry(editions[name], part, MISSHAPEN[name, part]))


def _mutated(xml: bytes, rng: random.Random) -> bytes:
    """``xml`` with a few elements dropped or doubled, attributes dropped or changed."""
    root = etree.fromstring(xml)
    elements = list(root.iter())[1:]
    for _ in range(rng.randint(1, 3)):
        element = rng.choice(elements)
        parent, attributes = element.getparent(), list(element.attrib)
        action = rng.choice(["drop", "double", "unset", "set"] if attributes else ["drop", "double"])
        if action == "drop" and parent is not None:
            parent.remove(element)
        elif action == "double" and parent is not None:
            parent.insert(parent.index(element), copy.deepcopy(element))
        elif action == "unset":
            del element.attrib[rng.choice(attributes)]
        elif action == "set":
            element.set(rng.choice(attributes), rng.choice(["", "x", "-1", "999999", "#", "rId999"]))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def _mutated_json(data: bytes, rng: random.Random) -> bytes:
    """The model JSON with a few fields dropped or given values of another type."""
    tree = json.loads(data)
    nodes = [tree]
    for node in nodes:
        nodes += [v for v in (node.values() if isinstance(node, dict) else node) if isinstance(v, dict | list)]
    for _ in range(rng.randint(1, 3)):
        node = rng.choice([n for n in nodes if isinstance(n, dict) and n])
        key = rng.choice(list(node))
        if rng.random() < 0.5:
            del node[key]
        else:
            node[key] = rng.choice([None, 1, "x", [], {}, [{}], {"type": "Text"}])
    return json.dumps(tree).encode()


# How a file of each format is damaged at random (archives: an XML part, with _mutated).
MUTATE: dict[str, Callable[[bytes, random.Random], bytes]] = {"tei": _mutated, "json": _mutated_json}


@pytest.mark.parametrize("name", [*ARCHIVES, *MUTATE])
def test_randomly_damaged_structure_is_read_or_refused_never_a_crash(editions, tmp_path, name):
    rng = random.Random(name)
    archive = zipfile.ZipFile(io.BytesIO(editions[name])) if name in ARCHIVES else None
    parts = [p for p in archive.namelist() if p.endswith(("ml", ".rels", ".opf"))] if archive else []
    for _ in range(40):
        if archive:
            part = rng.choice(parts)
            data = replace_entry(editions[name], part, _mutated(archive.read(part), rng))
        else:
            data = MUTATE[name](editions[name], rng)
        with contextlib.suppress(InputError):  # refused; anything else fails the test
            by_name(name).read(hostile_file(tmp_path, name, data))


# --- any format ---------------------------------------------------------------------------------


def _damaged(name: str, data: bytes) -> dict[str, bytes]:
    rng = random.Random(name)
    return {
        "cut-in-half": data[: len(data) // 2],
        "cut-near-the-end": data[:-30],
        "random-bytes": rng.randbytes(4096),
        "empty": b"",
        "text": "這不是一個檔案。\n".encode() * 20,
    }


@pytest.mark.parametrize("damage", ["cut-in-half", "cut-near-the-end", "random-bytes", "empty", "text"])
@pytest.mark.parametrize("name", FORMATS)
def test_damaged_files_are_input_errors(editions, tmp_path, name, damage):
    refused(tmp_path, name, _damaged(name, editions[name])[damage])


@pytest.mark.parametrize("depth", [600, 100_000])
def test_json_nested_too_deep_is_an_input_error(tmp_path, depth):
    nested = '{"type": "Strong", "children": [' * depth + "]}" * depth
    text = f'{{"format": "digestconv", "schema_version": 1, "document": {nested}}}'
    refused(tmp_path, "json", text.encode(), "nested too deep")


# --- memory and time: each bomb read in a child process -----------------------------------------

_READ_ALL = """
import json, re, sys
from pathlib import Path
from digestconv.errors import DigestconvError
from digestconv.formats.registry import by_name
outcomes = {}
for name, path in json.loads(sys.argv[1]):
    try:
        by_name(name).read(Path(path))
        outcomes[path] = "read"
    except DigestconvError as exc:
        outcomes[path] = type(exc).__name__
# VmHWM, not ru_maxrss: Linux counts in a child's ru_maxrss the memory of the process that spawned it.
peak_kib = int(re.search(r"VmHWM:\\s*(\\d+)", Path("/proc/self/status").read_text()).group(1))
print(json.dumps({"outcomes": outcomes, "peak_mib": peak_kib / 1024}))
"""


def test_bombs_cost_bounded_memory_and_time(editions, tmp_path):
    files = []
    for name in ARCHIVES:
        for bomb in ("many-entries", "gigabyte-entry", "too-large-in-all", "lies-about-its-size"):
            path = tmp_path / f"{name}-{bomb}{SUFFIX[name]}"
            path.write_bytes(ARCHIVE_BOMBS[bomb][0](name, editions[name]))
            files.append((name, str(path)))
    for bomb in (
        "contents-gigabyte",
        "contents-over-page-cap",
        "contents-shared-by-every-page",
        "to-unicode-gigabyte",
        "to-unicode-many-ranges",
        "xmp-gigabyte",
        "structure-shared-element",
    ):
        path = tmp_path / f"pdf-{bomb}.pdf"
        path.write_bytes(edited_pdf(editions["pdf"], PDF_BOMBS[bomb][0]))
        files.append(("pdf", str(path)))
    for name, parts in XML_PARTS.items():
        for bomb in ("billion-laughs", "deep-nesting") if parts else ():
            path = tmp_path / f"{name}-{bomb}{SUFFIX[name]}"
            xml = XML_BOMBS[bomb][0].encode()
            path.write_bytes(xml if parts[-1] is None else replace_entry(editions[name], parts[-1], xml))
            files.append((name, str(path)))
    done = subprocess.run(
        [sys.executable, "-c", _READ_ALL, json.dumps(files)], capture_output=True, text=True, timeout=120, cwd=ROOT
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout)
    assert set(result["outcomes"].values()) == {"InputError"}, result["outcomes"]
    # Inflated or expanded, the bombs would take gigabytes; the readers with their libraries loaded
    # take about 60 MiB.
    assert result["peak_mib"] < 200, result


# --- the command line ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", FORMATS)
def test_cli_refuses_a_hostile_file_in_one_line_and_writes_nothing(editions, tmp_path, name):
    data = editions[name][: len(editions[name]) // 2]
    if name in ARCHIVES:
        data = ARCHIVE_BOMBS["parent-name"][0](name, editions[name])
    path, out = hostile_file(tmp_path, name, data), tmp_path / "out.json"
    done = subprocess.run(
        [sys.executable, "-m", "digestconv", "convert", str(path), "-o", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 1
    assert done.stderr.startswith(f"digestconv: error: {path}") and done.stderr.count("\n") == 1, done.stderr
    assert "Traceback" not in done.stderr and not out.exists() and list(tmp_path.iterdir()) == [path]
