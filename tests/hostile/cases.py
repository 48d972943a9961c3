"""Hostile and broken inputs, made at run time: zip bombs, crafted packages, deep nesting, huge paragraphs, and
every kind of file an author might send instead of a .docx. Nothing here is stored in the project; each maker
writes into the folder it is given and returns the path.
"""

from __future__ import annotations

import io
import random
import string
import struct
import zipfile
import zlib
from pathlib import Path

from tests.ingest.wordxml import make_docx, manuscript, p, table

MIB = 1024 * 1024
CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats'
                 '.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxml'
                 'formats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
                 '<Override PartName="/{main}" ContentType="application/vnd.openxmlformats-officedocument.'
                 'wordprocessingml.document.main+xml"/></Types>')
TRANSITIONAL_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TRANSITIONAL_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
STRICT_W = "http://purl.oclc.org/ooxml/wordprocessingml/main"
STRICT_R = "http://purl.oclc.org/ooxml/officeDocument/relationships"


def write_zip(path: Path, parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def small_manuscript(folder: Path, name: str = "manuscript.docx", main: str = "") -> Path:
    """A small, ordinary manuscript as python-docx writes it (the pipeline's tests' own tiny Word file)."""
    return make_docx(folder, manuscript(main or p("We found small things in 12 patients.")), name=name)


def parts_of(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {n: archive.read(n) for n in archive.namelist()}


# --- packages ----------------------------------------------------------------------------------------------------

def hand_made_docx(path: Path, body: str, *, main: str = "word/document.xml", target: str | None = None,
                   strict: bool = False, comments: str = "") -> Path:
    """A Word package written part by part: the main part at `main`, named in _rels/.rels by `target` (as Word,
    pandoc's and docx2python's test files do: "/word/document2.xml", "word/blah_blah.xml"), in the Strict Open
    XML namespaces when `strict` (as Word's "Strict Open XML Document" saves it), with a comments part."""
    w, r = (STRICT_W, STRICT_R) if strict else (TRANSITIONAL_W, TRANSITIONAL_R)
    rel_type = f"{r}/" if strict else f"{TRANSITIONAL_R}/"
    folder, file = main.rsplit("/", 1)
    parts = {
        "[Content_Types].xml": CONTENT_TYPES.format(main=main).encode(),
        "_rels/.rels": (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
                        f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{rel_type}'
                        f'officeDocument" Target="{target or main}"/></Relationships>').encode(),
        main: (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{w}" xmlns:r="{r}"'
               f'{" w:conformance=" + chr(34) + "strict" + chr(34) if strict else ""}><w:body>{body}</w:body>'
               "</w:document>").encode(),
    }
    if comments:
        parts[f"{folder}/comments.xml"] = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                           f'<w:comments xmlns:w="{w}">{comments}</w:comments>').encode()
        parts[f"{folder}/_rels/{file}.rels"] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            f'openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="{rel_type}comments" '
            'Target="comments.xml"/></Relationships>').encode()
    return write_zip(path, parts)


def zip64_bomb(path: Path, size: int = 5 * 512 * MIB) -> Path:
    """A .docx whose word/document.xml is `size` bytes of zeros (2.5 GiB by default, as in the report), honestly
    deflated and declared (ZIP64, as any zip over 2 GiB): 2.5 MB on disk. Written by hand from one compressed
    block repeated (a full flush makes each the same bytes), so that making it costs a second, not half a minute."""
    block = 64 * MIB
    assert size % block == 0
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    piece = compressor.compress(bytes(block)) + compressor.flush(zlib.Z_FULL_FLUSH)
    data = piece * (size // block) + compressor.flush()
    crc = 0
    zeros = bytes(block)
    for _ in range(size // block):
        crc = zlib.crc32(zeros, crc)
    small = small_manuscript(path.parent, "ordinary.docx")
    others = {n: d for n, d in parts_of(small).items() if n != "word/document.xml"}
    small.unlink()
    out = io.BytesIO()
    central = []
    for name, payload, method, length, checksum in (
            [(n, d, 0, len(d), zlib.crc32(d)) for n, d in others.items()]
            + [("word/document.xml", data, 8, size, crc)]):
        offset = out.tell()
        encoded = name.encode()
        extra = struct.pack("<HHQQ", 1, 16, length, len(payload))  # ZIP64: the real sizes
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, method, 0, 0x21, checksum, 0xFFFFFFFF,
                              0xFFFFFFFF, len(encoded), len(extra)) + encoded + extra + payload)
        extra_central = struct.pack("<HHQQQ", 1, 24, length, len(payload), offset)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, method, 0, 0x21, checksum,
                                   0xFFFFFFFF, 0xFFFFFFFF, len(encoded), len(extra_central), 0, 0, 0, 0,
                                   0xFFFFFFFF) + encoded + extra_central)
    start = out.tell()
    directory = b"".join(central)
    out.write(directory)
    end64 = out.tell()
    out.write(struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(central), len(central), len(directory),
                          start))
    out.write(struct.pack("<IIQI", 0x07064B50, 0, end64, 1))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0))
    path.write_bytes(out.getvalue())
    return path


def with_zeros_part(path: Path, megabytes: int) -> Path:
    """An ordinary manuscript with one more part: `megabytes` MiB of zeros, deflated about 1,000 times smaller."""
    small = small_manuscript(path.parent, "ordinary.docx")
    parts = parts_of(small)
    small.unlink()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo("word/media/image1.png")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w") as stream:
            for _ in range(megabytes):
                stream.write(bytes(MIB))
    return path


def lying_directory(path: Path) -> Path:
    """A manuscript whose word/document.xml inflates to 50 MB while its zip directory says 2,000 bytes."""
    small = small_manuscript(path.parent, "ordinary.docx")
    parts = parts_of(small)
    small.unlink()
    padded = parts["word/document.xml"].replace(b"<w:body>", b"<w:body>" + b" " * (50 * 1000 * 1000), 1)
    write_zip(path, {**parts, "word/document.xml": padded})
    data = bytearray(path.read_bytes())
    # (signature, where the uncompressed size is, where the name's length is, where the name starts)
    for signature, size_at, length_at, name_at in ((b"PK\x03\x04", 22, 26, 30), (b"PK\x01\x02", 24, 28, 46)):
        found = data.find(signature)
        while found >= 0:
            length = struct.unpack("<H", data[found + length_at:found + length_at + 2])[0]
            if data[found + name_at:found + name_at + length] == b"word/document.xml":
                data[found + size_at:found + size_at + 4] = struct.pack("<I", 2000)
            found = data.find(signature, found + 4)
    path.write_bytes(bytes(data))
    return path


def many_parts(path: Path, count: int = 20_000) -> Path:
    """A zip of `count` tiny parts: its directory alone would cost memory to read."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for n in range(count):
            archive.writestr(f"word/media/p{n}.xml", b"")
    return path


# --- documents --------------------------------------------------------------------------------------------------

def deep_nesting(folder: Path, depth: int = 1500) -> Path:
    """A manuscript whose text sits `depth` elements deep (content controls inside content controls)."""
    inner = p("Deep inside.")
    levels = depth // 2
    body = "<w:sdt><w:sdtContent>" * levels + inner + "</w:sdtContent></w:sdt>" * levels
    return make_docx(folder, manuscript(body), name="deep.docx")


def huge_paragraph(folder: Path, size: int = 5 * 1000 * 1000) -> Path:
    """One paragraph of `size` characters of varied words (packed about 3 times smaller, as text is)."""
    rng = random.Random(5)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(2, 11))) for _ in range(5000)]
    text, length = [], 0
    while length < size:
        word = rng.choice(words)
        text.append(word)
        length += len(word) + 1
    return make_docx(folder, manuscript(p(" ".join(text))), name="huge-paragraph.docx")


def huge_table(folder: Path, rows: int = 101, columns: int = 100) -> Path:
    cells = [[f"{r}.{c}" for c in range(columns)] for r in range(rows)]
    return make_docx(folder, manuscript(p("Table 1. Everything.") + table(cells, header_rows=1)), name="table.docx")


def many_references(folder: Path, count: int = 600) -> Path:
    """A manuscript with `count` numbered references (the sample manuscript's list has the first)."""
    more = "".join(p(f"{n}. Smith J, Doe A. Small things number {n}. Radiology. 2020;{n}(1):1-2.")
                   for n in range(2, count + 1))
    return make_docx(folder, manuscript(p("Small things were found."), back=more), name="references.docx")


# --- files that are no .docx --------------------------------------------------------------------------------------

def compound_file(path: Path, streams: dict[str, bytes]) -> Path:
    """An OLE compound file (the container of Word 97-2003 files and of password-protected .docx) holding the given
    streams, each padded to 4,096 bytes so that all live in regular sectors (no mini stream)."""
    sector = 512
    payloads = {name: data.ljust(4096, b"\0") for name, data in streams.items()}
    # sectors: 0 = FAT, 1 = directory (4 entries a sector), then each stream's sectors in turn
    layout, next_free = {}, 2
    for name, data in payloads.items():
        count = len(data) // sector + (len(data) % sector > 0)
        layout[name] = (next_free, count)
        next_free += count
    fat = [0xFFFFFFFD, 0xFFFFFFFE]  # the FAT sector itself; the directory's single sector (end of chain)
    for _, (first, count) in layout.items():
        fat += [first + k + 1 for k in range(count - 1)] + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (sector // 4 - len(fat))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16) + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + bytes(6) + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
              + struct.pack("<I", 0) + struct.pack("<I", 0xFFFFFFFF) * 108)
    assert len(header) == sector

    def entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", left, right, child) + bytes(16) + bytes(4) + bytes(16)
                + struct.pack("<IQ", start, size))

    names = list(payloads)
    none = 0xFFFFFFFF
    entries = [entry("Root Entry", 5, none, none, 1, 0xFFFFFFFE, 0)]
    for n, name in enumerate(names, 1):  # a right-leaning chain is a valid (if unbalanced) tree for readers
        entries.append(entry(name, 2, none, n + 1 if n < len(names) else none, none, layout[name][0],
                             len(streams[name])))
    directory = b"".join(entries).ljust(sector, b"\0")
    assert len(directory) == sector, "at most three streams"
    body = b"".join(payloads[name].ljust(layout[name][1] * sector, b"\0") for name in names)
    path.write_bytes(header + struct.pack(f"<{sector // 4}I", *fat) + directory + body)
    return path


def legacy_doc(path: Path) -> Path:
    return compound_file(path, {"WordDocument": b"\xec\xa5\xc1\x00", "1Table": b"\0"})


def encrypted_docx(path: Path) -> Path:
    return compound_file(path, {"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": b"\0" * 8})


def lock_file(path: Path) -> Path:
    """What Word writes as ~$name.docx while name.docx is open: the user's name, twice."""
    user = b"Ayse Yilmaz"
    path.write_bytes(bytes([len(user)]) + user.ljust(53, b" ") + bytes([len(user), 0])
                     + "Ayse Yilmaz".encode("utf-16-le").ljust(108, b" "))
    return path


def flat_opc(path: Path) -> Path:
    path.write_text('<?xml version="1.0" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n'
                    '<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage"><pkg:part '
                    'pkg:name="/_rels/.rels" pkg:contentType="application/vnd.openxmlformats-package.relationships+'
                    'xml"><pkg:xmlData/></pkg:part></pkg:package>\n', encoding="utf-8")
    return path


def word_html(path: Path) -> Path:
    path.write_text('<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:'
                    'office:word" xmlns="http://www.w3.org/TR/REC-html40"><head><meta name=ProgId content=Word.'
                    'Document></head><body><p class=MsoNormal>Imaging of small things</p></body></html>\n',
                    encoding="windows-1252")
    return path


def odt(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)
        archive.writestr("content.xml", '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:'
                         'xmlns:office:1.0"/>')
    return path


def xlsx(path: Path) -> Path:
    return write_zip(path, {
        "[Content_Types].xml": b"<Types xmlns='http://schemas.openxmlformats.org/package/2006/content-types'/>",
        "_rels/.rels": (b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": b'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>'})


def png_header(path: Path, width: int, height: int) -> Path:
    """A PNG that says it is width x height (its pixels are never there: a decoder would allocate them first)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return path
