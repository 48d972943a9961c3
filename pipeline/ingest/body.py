"""Main-text blocks -> nested JATS sections with titles and sec-types.

Word heading styles give levels directly. Headings typed as bold lines have
none, so their level comes from what they say: the standard top-level titles
(Methods, Results, Discussion...) are level 1, any other bold line is one
level below the section it is in. Text before the first heading stays
directly in the body (the journal prints no "Introduction" heading).
"""

from __future__ import annotations

import copy

from lxml import etree

from pipeline.ingest import labels
from pipeline.ingest.blocks import Block, is_anchor
from pipeline.jats import el, sub


def build_body(blocks: list[Block]) -> tuple[etree._Element, list[Block]]:
    """The body element, and blocks it could not hold (returned to be reported, never dropped)."""
    body = el("body")
    stack: list[tuple[int, etree._Element]] = [(0, body)]
    counters: list[int] = [0]
    leftovers: list[Block] = []
    top_offset = _styled_top_level(blocks)
    for block in blocks:
        if block.kind == "heading":
            level = _level(block, stack, top_offset)
            while stack[-1][0] >= level:
                stack.pop()
                counters.pop()
            counters[-1] += 1
            counters.append(0)
            sec_id = "s" + "-".join(str(c) for c in counters[:-1])
            parent = stack[-1][1]
            sec = sub(parent, "sec", id=sec_id)
            title_text = block.text.rstrip(":").strip()
            if len(stack) == 1:
                kind = labels.sec_type(title_text)
                if kind:
                    sec.set("sec-type", kind)
            title = sub(sec, "title")
            _copy_inline(block.element, title)
            stack.append((level, sec))
            continue
        target = stack[-1][1]
        node = _block_node(block)
        if node is None:
            leftovers.append(block)
            continue
        target.append(node)
    return body, leftovers


def _styled_top_level(blocks: list[Block]) -> int:
    """The level of the shallowest styled heading (some authors start at Heading 2)."""
    levels = [b.level for b in blocks if b.kind == "heading" and b.styled and b.level > 0]
    return min(levels) - 1 if levels else 0


def _level(block: Block, stack: list[tuple[int, etree._Element]], offset: int) -> int:
    if block.styled and block.level > 0:
        return max(1, block.level - offset)
    text = block.text.rstrip(":. ").strip()
    if labels.TOP_LEVEL_TITLES.match(text):
        return 1
    current = stack[-1][0]
    parent_level = current if current >= 1 else 0
    # A bold line under a level-1 section is a subsection; two bold lines in a row are siblings.
    return parent_level + 1 if parent_level <= 1 else parent_level


def _copy_inline(source: etree._Element, target: etree._Element) -> None:
    """The inline content of a heading, without a bold wrapper that only made it a heading."""
    node = source
    anchors = [c for c in source if is_anchor(c)]
    content = [c for c in source if not is_anchor(c)]
    if source.tag == "p" and len(content) == 1 and content[0].tag == "bold" and not (source.text or "").strip():
        node = content[0]
        for anchor in anchors:  # the bookmarks of a bold-line heading stay with its title
            target.append(copy.deepcopy(anchor))
            target[-1].tail = None
    target.text = node.text
    for child in node:
        target.append(copy.deepcopy(child))
    if target.text:
        target.text = target.text.lstrip()
    if len(target) and target[-1].tail:
        target[-1].tail = target[-1].tail.rstrip().rstrip(":")
    elif target.text:
        target.text = target.text.rstrip().rstrip(":")


def _block_node(block: Block) -> etree._Element | None:
    if block.kind in ("para", "formula"):
        return copy.deepcopy(block.element)
    if block.kind == "list":
        return copy.deepcopy(block.element)
    if block.kind == "other" and block.element.tag in ("boxed-text", "disp-quote", "def-list", "preformat"):
        return copy.deepcopy(block.element)
    if block.kind == "other" and block.element.tag == "disp-formula":
        p = el("p")
        p.append(copy.deepcopy(block.element))
        return p
    return None
