"""Reading and writing XML files the same way everywhere: no network, UTF-8, stable bytes.

Every stage hands the next one a file; `write_xml` makes the bytes depend
only on the tree (fixed declaration, DOCTYPE, indentation, trailing newline),
and writes atomically so a failed stage never leaves half a file behind.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lxml import etree

from pipeline import schemastore

JATS_PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD with MathML3 v1.3 20210610//EN"
JATS_SYSTEM_ID = "https://jats.nlm.nih.gov/publishing/1.3/JATS-journalpublishing1-3-mathml3.dtd"
JATS_DOCTYPE = f'<!DOCTYPE article PUBLIC "{JATS_PUBLIC_ID}" "{JATS_SYSTEM_ID}">'

NS = {
    "xlink": "http://www.w3.org/1999/xlink",
    "mml": "http://www.w3.org/1998/Math/MathML",
    "ali": "http://www.niso.org/schemas/ali/1.0/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
XLINK_HREF = f"{{{NS['xlink']}}}href"


def safe_parser(**options: bool) -> etree.XMLParser:
    """A parser for files whose DOCTYPE we do not need: no DTD, no entities from outside, no network."""
    return etree.XMLParser(load_dtd=False, resolve_entities=False, no_network=True, **options)


def parse(path: Path, *, with_dtd: bool = False, remove_blank_text: bool = False) -> etree._ElementTree:
    """Parse a file. `with_dtd` loads its DOCTYPE through the schema store (for named entities)."""
    if with_dtd:
        parser = schemastore.dtd_parser(path.parent)
    else:
        parser = safe_parser(remove_blank_text=remove_blank_text)
    return etree.parse(str(path), parser)


def parse_bytes(data: bytes) -> etree._Element:
    return etree.fromstring(data, safe_parser())


def to_bytes(tree: etree._ElementTree | etree._Element, doctype: str | None = None, pretty: bool = False) -> bytes:
    root = tree.getroot() if isinstance(tree, etree._ElementTree) else tree
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=False, pretty_print=pretty)
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n'
    if doctype:
        head += doctype.encode("utf-8") + b"\n"
    return head + body.rstrip(b"\n") + b"\n"


_UMASK = os.umask(0)
os.umask(_UMASK)


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old file or the whole new one, never a part."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; a web server must be able to read the outputs
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_xml(path: Path, tree: etree._ElementTree | etree._Element, doctype: str | None = None,
              pretty: bool = False) -> None:
    write_bytes_atomic(path, to_bytes(tree, doctype, pretty))


def write_jats(path: Path, tree: etree._ElementTree | etree._Element) -> None:
    write_xml(path, tree, JATS_DOCTYPE)


def text_of(element: etree._Element | None) -> str:
    """All text below an element, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
