"""An element's text as one string (its XPath string value) <-> the text nodes it is made of, and an edit of a range
of that string made in those nodes, markup kept.

A correction is placed as characters start..end of an element's string value (a paragraph, a title, a cell);
applying it changes only the text nodes those characters are in. Inline markup around them stays (an italic
word keeps its italic); an inline element left with no text at all by a deletion goes (its tail stays).
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline.jats import remove_keep_tail


@dataclass(frozen=True)
class Piece:
    """One text node of the element: `owner.text` (tail=False) or `owner.tail` (tail=True), at `start` in the
    element's string value."""

    owner: etree._Element
    tail: bool
    start: int
    text: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def formatted(self) -> bool:
        """Inside an inline element of the edited one (its .text), rather than between elements."""
        return not self.tail

    def set(self, text: str) -> None:
        if self.tail:
            self.owner.tail = text
        else:
            self.owner.text = text


def pieces(element: etree._Element) -> list[Piece]:
    """The element's text nodes in document order (comments and processing instructions carry none)."""
    found: list[Piece] = []
    at = 0

    def walk(node: etree._Element) -> None:
        nonlocal at
        if isinstance(node.tag, str) and node.text:
            found.append(Piece(node, False, at, node.text))
            at += len(node.text)
        for child in node:
            walk(child)
            if child.tail:
                found.append(Piece(child, True, at, child.tail))
                at += len(child.tail)

    walk(element)
    return found


def string_value(element: etree._Element) -> str:
    return "".join(p.text for p in pieces(element))


def replace_range(element: etree._Element, start: int, end: int, new: str) -> None:
    """Characters start..end of the element's string value become `new` (start == end: an insertion)."""
    parts = pieces(element)
    total = parts[-1].end if parts else 0
    if not 0 <= start <= end <= total:
        raise ValueError(f"range {start}..{end} outside the element's {total} characters")
    if not parts:
        element.text = new
        return
    touched = [p for p in parts if p.start < end and p.end > start] if end > start else []
    # where the new text goes: the piece the range starts in; at a boundary between two pieces, the one between
    # elements rather than inside an inline element (an insertion after an italic word is not italic)
    if touched:
        host = touched[0]
    else:
        around = [p for p in parts if p.start <= start <= p.end]
        host = next((p for p in around if not p.formatted or p.owner is element), around[0])
    emptied: list[etree._Element] = []
    for part in touched or [host]:
        local0, local1 = max(start, part.start) - part.start, min(end, part.end) - part.start
        text = part.text[:local0] + (new if part is host else "") + part.text[local1:]
        part.set(text)
        if not part.tail and not text and part.owner is not element and len(part.owner) == 0:
            emptied.append(part.owner)
    for inline in emptied:
        remove_keep_tail(inline)

