"""Pandoc's raw JATS -> a flat list of blocks (headings, paragraphs, lists, tables, page breaks).

Manuscripts mark their parts in many ways (Word heading styles, bold lines,
page breaks); the recognisers work on one flat sequence so that they need not
care which. A heading from a Word heading style keeps its level; a paragraph
that is nothing but a short bold line is a heading candidate whose level is
decided later from what it says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.ingest.wordfile import PAGE_BREAK_MARK

HEADING_MAX_WORDS = 16


@dataclass
class Block:
    kind: str  # title, heading, para, list, table, pagebreak, formula, other
    element: etree._Element
    level: int = 0  # headings: 1 = top; 0 = a bold line whose level is not known yet
    styled: bool = False  # a Word heading style (pandoc sec/title) rather than a bold line
    index: int = 0

    @property
    def text(self) -> str:
        return " ".join("".join(self.element.itertext()).split())

    def where(self) -> str:
        """A place production staff can find in the Word file: the start of the paragraph."""
        words = self.text.split()
        if not words:
            return f"block {self.index + 1}"
        start = " ".join(words[:8])
        return f"the paragraph starting “{start}{'…' if len(words) > 8 else ''}”"


def flatten(raw: etree._Element) -> list[Block]:
    blocks: list[Block] = []
    meta = raw.find("pandoc-meta")
    if meta is not None and meta.find("title") is not None:
        blocks.append(Block("title", meta.find("title"), styled=True))
    if meta is not None:
        for author in meta.findall("author"):
            blocks.append(Block("para", _as_p(author)))
        if meta.find("abstract") is not None:
            blocks.append(Block("heading", _text_element("title", "Abstract"), level=1, styled=True))
            for child in meta.find("abstract"):
                _walk(child, 1, blocks)
    body = raw.find("body")
    if body is not None:
        for child in body:
            _walk(child, 0, blocks)
    for n, block in enumerate(blocks):
        block.index = n
    return blocks


def _as_p(element: etree._Element) -> etree._Element:
    p = etree.Element("p")
    p.text = element.text
    for child in element:
        p.append(child)
    return p


def _text_element(tag: str, text: str) -> etree._Element:
    el = etree.Element(tag)
    el.text = text
    return el


def _walk(el: etree._Element, depth: int, out: list[Block]) -> None:
    tag = el.tag
    if tag == "sec":
        title = el.find("title")
        if title is not None:
            out.append(Block("heading", title, level=depth + 1, styled=True))
        for child in el:
            if child is not title:
                _walk(child, depth + 1, out)
    elif tag == "p":
        if "".join(el.itertext()).strip() == PAGE_BREAK_MARK:
            out.append(Block("pagebreak", el))
        elif len(el) == 1 and el[0].tag == "disp-formula" and not (el.text or "").strip() and not (
                el[0].tail or "").strip():
            out.append(Block("formula", el))
        elif is_bold_line(el):
            out.append(Block("heading", el, level=0))
        else:
            out.append(Block("para", el))
    elif tag == "list":
        out.append(Block("list", el))
    elif tag == "table-wrap":
        out.append(Block("table", el))
    elif tag in ("fig", "boxed-text", "disp-quote", "def-list", "preformat", "disp-formula", "graphic"):
        out.append(Block("other", el))
    else:
        out.append(Block("other", el))


_SENTENCE_END = re.compile(r"[.;:,]$")


def is_bold_line(p: etree._Element) -> bool:
    """A paragraph that is a single short bold run: how many authors type headings."""
    if (p.text or "").strip() or len(p) != 1:
        return False
    child = p[0]
    if child.tag != "bold" or (child.tail or "").strip():
        return False
    text = " ".join("".join(child.itertext()).split())
    if not text or len(text.split()) > HEADING_MAX_WORDS:
        return False
    return not _SENTENCE_END.search(text) or (text.endswith(":") and len(text.split()) <= 4)
