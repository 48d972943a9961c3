"""Pandoc's raw JATS -> a flat list of blocks (headings, paragraphs, lists, tables, page breaks).

Manuscripts mark their parts in many ways (Word heading styles, bold lines,
page breaks); the recognisers work on one flat sequence so that they need not
care which. A heading from a Word heading style keeps its level; a paragraph
that is nothing but a short bold line is a heading candidate whose level is
decided later from what it says.

Before flattening, pandoc's JATS is repaired (repair.py). Text that stood
outside the article's flow (an embedded image's description; paragraphs
pandoc's reader skipped, recovered from the Word file) becomes `detached`
blocks, which the segmenter sets apart to be kept and reported. Each Word
heading carries an anchor with pandoc's id for it, so that internal links to
it can be pointed at the section it becomes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from pipeline.ingest.repair import repair
from pipeline.ingest.wordfile import ABSTRACT_END_MARK, ABSTRACT_START_MARK, PAGE_BREAK_MARK, SourceParagraph
from pipeline.jats import remove_keep_tail, remove_leading_text

HEADING_MAX_WORDS = 16
MARK_KINDS = {ABSTRACT_START_MARK: "abstract-start", ABSTRACT_END_MARK: "abstract-end"}
# An empty bookmark-like element that keeps the place a link points at (pandoc writes Word bookmarks so);
# headings get one too, so that links to a heading survive the rebuilding of sections (assemble._retarget).
ANCHOR = "anchor"


@dataclass
class Block:
    # title, heading, para, list, table, pagebreak, formula, other, detached; abstract-start and abstract-end
    # where the Word Abstract style starts and ends (wordfile.prepare_for_pandoc), which the segmenter uses
    kind: str
    element: etree._Element
    level: int = 0  # headings: 1 = top; 0 = a bold line whose level is not known yet
    styled: bool = False  # a Word heading style (pandoc sec/title) rather than a bold line
    index: int = 0
    # Detached blocks (text that stood outside the article's flow: an embedded image's description, text the
    # Word reader skipped): what the finding tells production staff about it.
    note: str | None = None

    @property
    def text(self) -> str:
        return words_of(self.element)

    def where(self) -> str:
        """A place production staff can find in the Word file: the start of the paragraph."""
        words = self.text.split()
        if not words:
            return f"block {self.index + 1}"
        start = " ".join(words[:8])
        return f"the paragraph starting “{start}{'…' if len(words) > 8 else ''}”"


def words_of(element: etree._Element) -> str:
    """An element's text with whitespace collapsed; a line break separates the words on either side of it
    (a heading typed "Methods⏎and materials" is "Methods and materials", not "Methodsand materials")."""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        parts.append(" " if node.tag == "break" else node.text or "")
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            parts.append(child.tail or "")

    walk(element)
    return " ".join("".join(parts).split())


def flatten(raw: etree._Element) -> list[Block]:
    """The blocks of pandoc's JATS (repaired first, see repair.py), in document order; embedded images'
    descriptions come last as detached blocks."""
    images = repair(raw)
    blocks: list[Block] = []
    meta = raw.find("pandoc-meta")
    if meta is not None and meta.find("title") is not None:
        blocks.append(Block("title", meta.find("title"), styled=True))
    if meta is not None:
        # Pandoc lifts paragraphs styled Title, Subtitle, Author, Date and Abstract at the top of the document
        # into its metadata; they are the manuscript's text all the same. (It keeps a Date only as parsed
        # fields, so the template leaves it out and the Date paragraph is recovered from the Word file.)
        if meta.find("subtitle") is not None:
            blocks.append(Block("para", _as_p(meta.find("subtitle"))))
        for author in meta.findall("author"):
            blocks.append(Block("para", _as_p(author)))
        if meta.find("abstract") is not None:
            blocks.append(Block("heading", _text_element("title", "Abstract"), level=1, styled=True))
            for child in _as_blocks(meta.find("abstract")):
                _walk(child, 1, blocks)
            # What pandoc lifted is the whole abstract: it ends here, as at a page break.
            blocks.append(Block("pagebreak", _text_element("p", PAGE_BREAK_MARK)))
    body = raw.find("body")
    if body is not None:
        for child in body:
            _walk(child, 0, blocks)
    blocks = _lone_anchors_forward(blocks)
    for image in images:
        if image.description:
            blocks.append(Block("detached", _text_element("p", image.description), note=(
                f"the description of an image embedded in the manuscript ({image.where}), "
                f"“{_short(image.description)}”, is kept at the end of the JATS under “Text the pipeline could not "
                "place” (a figure's legend is its description)")))
    for n, block in enumerate(blocks):
        block.index = n
    return blocks


def _lone_anchors_forward(blocks: list[Block]) -> list[Block]:
    """A bookmark alone in an empty paragraph marks what follows it (a table, its caption): it moves there."""
    out: list[Block] = []
    pending: list[etree._Element] = []
    for block in blocks:
        el = block.element
        if block.kind == "para" and not block.text and len(el) and all(is_anchor(c) for c in el):
            pending.extend(el)
            continue
        if pending and block.kind in ("para", "heading", "list", "table"):
            target = el
            if block.kind == "table":
                target = next(el.iter("td", "th"), None)
            elif block.kind == "list":
                target = next(el.iter("p"), None)
            if target is not None:
                put_anchors(target, pending)
                pending = []
        out.append(block)
    return out


def recovered(paragraphs: list[tuple[SourceParagraph, list[str]]]) -> list[Block]:
    """Paragraphs pandoc's reader did not carry over (conservation.not_read), kept from the Word file's text."""
    blocks = []
    for paragraph, missing in paragraphs:
        text = " ".join(paragraph.text.split())
        blocks.append(Block("detached", _text_element("p", text), note=(
            f"the Word reader (pandoc) did not carry over {len(missing)} word{'s' if len(missing) > 1 else ''} of "
            f"{paragraph.where} (“{_short(text)}”); the paragraph is kept, from the Word file, at the end of the "
            "JATS under “Text the pipeline could not place”")))
    return blocks


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _as_blocks(holder: etree._Element) -> list[etree._Element]:
    """Metadata pandoc holds as inlines (one paragraph) or as blocks: as blocks."""
    if (holder.text or "").strip() or any(child.tag not in ("p", "list", "disp-quote", "table-wrap", "def-list",
                                                             "preformat", "disp-formula", "sec")
                                          for child in holder):
        return [_as_p(holder)]
    return list(holder)


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
            if el.get("id"):
                _anchor(title, el.get("id"))
            out.append(Block("heading", title, level=depth + 1, styled=True))
        for child in el:
            if child is not title:
                _walk(child, depth + 1, out)
    elif tag == "p":
        text = "".join(el.itertext()).strip()
        if text == PAGE_BREAK_MARK:
            out.append(Block("pagebreak", el))
        elif text in MARK_KINDS:
            out.append(Block(MARK_KINDS[text], el))
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
        # A Word caption pandoc recognised (the Caption style) is a paragraph of the manuscript like any
        # other "Table N." line: it goes before the table, where the table recognisers look for it.
        caption = el.find("caption")
        if caption is not None:
            text = " ".join("".join(caption.itertext()).split())
            # Pandoc writes a bookmarked caption paragraph twice, as a paragraph and as the caption: once here.
            if not (out and out[-1].kind in ("para", "heading") and _same(out[-1].text, text)):
                for part in caption:
                    if part.tag in ("title", "p"):
                        part.tag = "p"
                        _walk(part, depth, out)
            el.remove(caption)
        out.append(Block("table", el))
    else:
        out.append(Block("other", el))


def _same(a: str, b: str) -> bool:
    return a.rstrip(".:; ") == b.rstrip(".:; ")


def _anchor(title: etree._Element, anchor_id: str) -> None:
    """Put an anchor with the section's pandoc id at the start of its title."""
    anchor = etree.Element("named-content", {"content-type": ANCHOR, "id": anchor_id})
    anchor.tail = title.text
    title.text = None
    title.insert(0, anchor)


_SENTENCE_END = re.compile(r"[.;:,]$")


def is_anchor(node: etree._Element) -> bool:
    """An empty element that only marks a place links point at (a Word bookmark, a heading's id)."""
    return node.tag == "named-content" and node.get("content-type") == ANCHOR and not len(node) and not node.text


def take_anchors(node: etree._Element) -> list[etree._Element]:
    """Take the anchors out of an element (before its text is cut), to put them back with put_anchors."""
    anchors = [a for a in node.iter("named-content") if is_anchor(a)]
    for anchor in anchors:
        remove_keep_tail(anchor)
    return anchors


def put_anchors(node: etree._Element, anchors: list[etree._Element]) -> None:
    for anchor in reversed(anchors):
        anchor.tail = node.text
        node.text = None
        node.insert(0, anchor)


def strip_label(p: etree._Element, label: re.Pattern[str]) -> None:
    """Take the 'Table 1.' / 'Figure 2.' label off the start of a caption paragraph, in place: its inline markup
    stays, and so do its bookmarks (a link to one then points at the table or figure). `label` has a group
    "rest" where the caption text starts."""
    anchors = take_anchors(p)
    raw = "".join(p.itertext())
    m = label.match(raw.lstrip())
    lead = len(raw) - len(raw.lstrip())
    remove_leading_text(p, lead + (m.start("rest") if m else 0))
    put_anchors(p, anchors)


def is_bold_line(p: etree._Element) -> bool:
    """A paragraph that is a single short bold run: how many authors type headings."""
    children = [c for c in p if not is_anchor(c)]
    if (p.text or "").strip() or len(children) != 1 or any((c.tail or "").strip() for c in p if is_anchor(c)):
        return False
    child = children[0]
    if child.tag != "bold" or (child.tail or "").strip():
        return False
    text = " ".join("".join(child.itertext()).split())
    if not text or len(text.split()) > HEADING_MAX_WORDS:
        return False
    return not _SENTENCE_END.search(text) or (text.endswith(":") and len(text.split()) <= 4)
