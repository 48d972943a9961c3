"""A Word file's package (OPC: a zip of parts) -> its parts as bytes, read within the journal's limits.

- The zip directory is checked against the limits (config `limits`) before anything is inflated: the number
  of parts, the unpacked size of the file and of each part, and each large part's compression ratio. A zip
  bomb declares sizes, or ratios, that no manuscript has. Reading then stops at the size the directory
  declared, so a directory that lies costs no more than one that tells the truth.
- The main part is found as Word finds it, through the package relationships (`_rels/.rels`, type
  officeDocument), not by the name word/document.xml; the parts it uses (styles, comments, notes, headers,
  footers) through its own relationships.
- Strict Open XML (Word's "Strict Open XML Document") names the same elements in other namespaces; they are
  mapped to the usual (transitional) ones as each part is read, so that the rest of ingest, and pandoc, read
  one vocabulary.

Every problem is a PipelineError in production staff's words: `input.over-limit` for a limit, otherwise
`input.not-docx` (with what the file is, from filekind.py, when it is no Word package at all).
"""

from __future__ import annotations

import contextlib
import posixpath
import struct
import urllib.parse
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from pipeline.config.journal import MB, Limits
from pipeline.diagnostics import PipelineError, fail
from pipeline.ingest import filekind

RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
TRANSITIONAL_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
STRICT_RELS = "http://purl.oclc.org/ooxml/officeDocument/relationships/"
OFFICE_DOCUMENT = "officeDocument"
MAX_PARTS = 10_000  # a .docx has tens of parts, hundreds with many images; the directory itself costs memory
RATIO_FROM = MB  # smaller parts cannot cost much memory, whatever their ratio

# Strict Open XML namespace -> its transitional twin (ECMA-376 Part 1, Annex A). Relationship types
# (STRICT_RELS + name) map with the relationships namespace; two of them are spelled differently.
STRICT_NAMESPACES = {
    "http://purl.oclc.org/ooxml/wordprocessingml/main": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties":
        TRANSITIONAL_RELS + "extended-properties",
    "http://purl.oclc.org/ooxml/officeDocument/relationships/customProperties": TRANSITIONAL_RELS + "custom-properties",
    "http://purl.oclc.org/ooxml/officeDocument/relationships": TRANSITIONAL_RELS.rstrip("/"),
    "http://purl.oclc.org/ooxml/officeDocument/math": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/sharedTypes":
        "http://schemas.openxmlformats.org/officeDocument/2006/sharedTypes",
    "http://purl.oclc.org/ooxml/officeDocument/customXml":
        "http://schemas.openxmlformats.org/officeDocument/2006/customXml",
    "http://purl.oclc.org/ooxml/officeDocument/bibliography":
        "http://schemas.openxmlformats.org/officeDocument/2006/bibliography",
    "http://purl.oclc.org/ooxml/officeDocument/extendedProperties":
        "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
    "http://purl.oclc.org/ooxml/officeDocument/customProperties":
        "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties",
    "http://purl.oclc.org/ooxml/officeDocument/docPropsVTypes":
        "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
    "http://purl.oclc.org/ooxml/drawingml/main": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing":
        "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "http://purl.oclc.org/ooxml/drawingml/picture": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "http://purl.oclc.org/ooxml/drawingml/chart": "http://schemas.openxmlformats.org/drawingml/2006/chart",
    "http://purl.oclc.org/ooxml/drawingml/chartDrawing": "http://schemas.openxmlformats.org/drawingml/2006/chartDrawing",
    "http://purl.oclc.org/ooxml/drawingml/diagram": "http://schemas.openxmlformats.org/drawingml/2006/diagram",
    "http://purl.oclc.org/ooxml/drawingml/lockedCanvas": "http://schemas.openxmlformats.org/drawingml/2006/lockedCanvas",
    "http://purl.oclc.org/ooxml/schemaLibrary/main": "http://schemas.openxmlformats.org/schemaLibrary/2006/main",
}
# Longest first, so that a namespace that begins another (relationships, relationships/...) is not cut in two.
_STRICT_ORDER = sorted(STRICT_NAMESPACES, key=len, reverse=True)
_STRICT_PREFIX = b"http://purl.oclc.org/ooxml/"


@dataclass(frozen=True)
class Relationship:
    type: str  # the last segment of the relationship type: officeDocument, styles, comments, header...
    target: str  # the part name inside the package (no leading slash)
    id: str = ""  # its r:id, by which the part's XML refers to it (a picture's r:embed)


class Package:
    """An opened .docx: its zip directory, checked; its parts, read on demand within the limits."""

    def __init__(self, path: Path, limits: Limits):
        self.path, self.limits = path, limits
        self._check_entry_count()
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
            raise fail("input.not-docx", filekind.diagnose(path, exc), file=str(path)) from None
        self._infos = {info.filename: info for info in infos if not info.is_dir()}
        self._by_lower = {name.lower(): name for name in self._infos}  # OPC part names ignore case
        self._check_directory()
        self._xml: dict[str, bytes] = {}  # XML parts read so far (bounded by the limits checked above)
        self.strict = self.has("_rels/.rels") and _STRICT_PREFIX in self._raw("_rels/.rels")
        self.main = self._main_part()
        self.strict = self.strict or _STRICT_PREFIX in self._raw(self.main)[:4096]

    # --- the directory, before anything is inflated

    def _check_entry_count(self) -> None:
        count = zip_entry_count(self.path)
        if count is not None and count > MAX_PARTS:
            raise fail("input.over-limit", f"the Word file holds {count:,} parts, where Word files hold at most a few "
                       f"hundred (the limit is {MAX_PARTS:,}); it was not opened. Ask for the file again, saved from "
                       "Word.", file=str(self.path))

    def _check_directory(self) -> None:
        limits, where = self.limits, str(self.path)
        total = sum(info.file_size for info in self._infos.values())
        if total > limits.unpacked_mb * MB:
            raise fail("input.over-limit", f"the Word file unpacks to {_mb(total)}, over the limit of "
                       f"{limits.unpacked_mb} MB (limits.unpacked_mb in the journal config); nothing of it was "
                       "read. Ask the author for a smaller file (embedded images can be left out: figures come as "
                       "separate files).", file=where)
        for info in self._infos.values():
            if info.file_size > limits.part_mb * MB:
                raise fail("input.over-limit", f"the part {info.filename} of the Word file unpacks to "
                           f"{_mb(info.file_size)}, over the limit of {limits.part_mb} MB for one part "
                           "(limits.part_mb in the journal config); nothing of it was read.", file=where)
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > RATIO_FROM and ratio > limits.compression_ratio:
                raise fail("input.over-limit", f"the part {info.filename} of the Word file is packed {ratio:,.0f} "
                           f"times smaller than it unpacks ({_mb(info.file_size)}), over the limit of "
                           f"{limits.compression_ratio} (limits.compression_ratio in the journal config): Word "
                           "never packs a document like that; it was not unpacked.", file=where)

    # --- parts

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name.lower() in self._by_lower

    def read(self, name: str, archive: zipfile.ZipFile | None = None) -> bytes:
        """A part's bytes, Strict namespaces mapped to transitional ones in XML parts."""
        data = self._raw(name, archive)
        if self.strict and _is_xml(name):
            data = to_transitional(data)
        return data

    def parts(self) -> Iterator[tuple[str, bytes]]:
        """Every part in turn, read as `read` does, the zip opened once."""
        with zipfile.ZipFile(self.path) as archive:
            for name in self._infos:
                yield name, self.read(name, archive)

    def _raw(self, name: str, archive: zipfile.ZipFile | None = None) -> bytes:
        info = self._infos[self._by_lower[name.lower()]]
        if info.filename in self._xml:
            return self._xml[info.filename]
        chunks, total = [], 0
        try:
            with contextlib.ExitStack() as stack:
                if archive is None:
                    archive = stack.enter_context(zipfile.ZipFile(self.path))
                stream = stack.enter_context(archive.open(info))
                # zipfile stops at the size the directory declares; counting here too keeps that promise
                # whatever the zip library does.
                while chunk := stream.read(MB):
                    total += len(chunk)
                    if total > info.file_size:
                        raise fail("input.over-limit", f"the part {name} of the Word file unpacks to more than "
                                   "its zip directory declares; it was not read further.", file=str(self.path))
                    chunks.append(chunk)
        except PipelineError:
            raise
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, NotImplementedError, RuntimeError,
                ValueError) as exc:
            raise fail("input.not-docx", filekind.damaged(name, exc), file=str(self.path)) from None
        data = b"".join(chunks)
        if _is_xml(info.filename):
            self._xml[info.filename] = data
        return data

    def relationships(self, source: str | None) -> list[Relationship]:
        """The relationships of a part (None: of the package), in the order the .rels file gives them."""
        rels = "_rels/.rels" if source is None else posixpath.join(posixpath.dirname(source), "_rels",
                                                                    posixpath.basename(source) + ".rels")
        if not self.has(rels):
            return []
        try:
            root = etree.fromstring(self.read(rels), etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError as exc:
            raise fail("input.not-docx", f"the Word file is damaged: {rels} is not well-formed XML ({exc})",
                       file=str(self.path)) from None
        base = "" if source is None else posixpath.dirname(source)
        out = []
        for rel in root.iterfind(f"{{{RELATIONSHIPS}}}Relationship"):
            target = urllib.parse.unquote(rel.get("Target") or "")
            if rel.get("TargetMode") == "External" or not target:
                continue
            kind = (rel.get("Type") or "").rstrip("/").rsplit("/", 1)[-1]
            name = posixpath.normpath(target.lstrip("/") if target.startswith("/") else posixpath.join(base, target))
            if name.startswith("../") or not self.has(name):
                continue  # a target outside the package, or missing: Word ignores it too
            out.append(Relationship(kind, self._by_lower[name.lower()], rel.get("Id") or ""))
        return out

    def related(self, kind: str) -> list[str]:
        """The parts of one kind the main part uses (styles, comments, footnotes, endnotes, header, footer)."""
        return [r.target for r in self.relationships(self.main) if r.type == kind]

    def _main_part(self) -> str:
        documents = [r.target for r in self.relationships(None) if r.type == OFFICE_DOCUMENT]
        if documents:
            return documents[0]
        if self.has("word/document.xml"):  # no package relationships: read what old tools wrote
            return self._by_lower["word/document.xml"]
        raise fail("input.not-docx", filekind.not_word_package(self.path, self.names()), file=str(self.path))


def to_transitional(data: bytes) -> bytes:
    """An XML part of a Strict Open XML file, in the transitional namespaces (the same elements, other names)."""
    if _STRICT_PREFIX not in data:
        return data
    for strict in _STRICT_ORDER:
        data = data.replace(strict.encode(), STRICT_NAMESPACES[strict].encode())
    return data.replace(b' w:conformance="strict"', b"")


def zip_entry_count(path: Path) -> int | None:
    """How many entries a zip file's directory says it has, read from its end record alone (before the
    directory itself is read into memory); None when there is no such record (not a zip)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, 2)
            size = handle.tell()
            tail_start = max(0, size - (22 + 65_535))
            handle.seek(tail_start)
            tail = handle.read()
    except OSError:
        return None
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None
    count = struct.unpack("<H", tail[at + 10:at + 12])[0]
    if count == 0xFFFF and at >= 20 and tail[at - 20:at - 16] == b"PK\x06\x07":  # ZIP64: the count is elsewhere
        record = struct.unpack("<Q", tail[at - 12:at - 4])[0] - tail_start
        if record >= 0 and tail[record:record + 4] == b"PK\x06\x06":
            count = struct.unpack("<Q", tail[record + 32:record + 40])[0]
    return count


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels"))


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB"
