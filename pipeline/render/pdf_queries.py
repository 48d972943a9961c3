"""Author queries for proofs: a JATS tree and the queries -> the print HTML of a private copy with each query's place
marked.

Each query (`Query`) concerns a place in the JATS: an element (XPath), optionally the words in it that the flag
stands before (`at`), or the whole article (no place). The copy gets a `<?pipeline-query N?>` processing
instruction at that place (first thing inside the selected element, just before the words, or just before a
selected text node), which the writer core (core-text.xsl) prints as an empty, absolutely positioned marker
`<span class="query-mark" id="qmN">`: out of the flow, so that the proof's pages are the final PDF's, and in the
layout at the place it marks, so that the flag can be drawn in the margin beside that line (pdf_lines.py).

Some places are not printed where they are (a history date, an element of journal-meta): after the transform, a
marker missing from the HTML moves out to the start of its parent, until it shows; at the article itself the
first page prints it.

The final PDF is written from the proof's layout (pdf.py's `copies`): `remove_marks` takes the markers out of the
laid-out pages first (their boxes, which a tagged PDF would carry as empty spans, and their anchors, which would be
named destinations), so that it is the final PDF laid out on its own.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

from lxml import etree

from pipeline.diagnostics import fail
from pipeline.jats import remove_keep_tail
from pipeline.render.pdf_boxes import box_classes, children, forget
from pipeline.render.queries import Query
from pipeline.xmlio import NS

PI_TARGET = "pipeline-query"
MARK_CLASS = "query-mark"  # the marker's class in the print HTML (core-text.xsl)
SKIP = {"xref", "label", "alt-text", "object-id"}  # words inside these are not where a flag stands


def marker_id(number: int) -> str:
    return f"qm{number}"


def _insert_first(parent: etree._Element, node: etree._Element) -> None:
    node.tail = parent.text
    parent.text = None
    parent.insert(0, node)


def _before_words(element: etree._Element, words: str, marker: etree._Element) -> bool:
    """Put the marker just before the first occurrence of `words` in the text of `element` (not inside a link,
    label or alternative text); False when they are not there."""
    skip = " or ".join(f"ancestor::{name}" for name in sorted(SKIP))
    for text in element.xpath(f".//text()[not({skip})]"):
        at = str(text).find(words)
        if at < 0:
            continue
        owner = text.getparent()
        if text.is_tail:
            owner.tail = str(text)[:at]
            marker.tail = str(text)[at:]
            owner.addnext(marker)
        else:
            owner.text = str(text)[:at]
            marker.tail = str(text)[at:]
            owner.insert(0, marker)
        return True
    return False


def _place(root: etree._Element, query: Query) -> etree._Element | None:
    """Mark the query's place in `root`; None for a query about the whole article, or whose place is not there."""
    if query.whole_article:
        return None
    try:
        found = root.xpath(query.xpath, namespaces=NS)
    except etree.XPathError as exc:
        raise fail("render.failed", f"query {query.label}: {query.xpath!r} is not a valid XPath ({exc})") from None
    if isinstance(found, list):
        found = found[0] if found else None
    marker = etree.ProcessingInstruction(PI_TARGET, str(query.number))
    if isinstance(found, etree._Element) and isinstance(found.tag, str):
        if query.at and _before_words(found, query.at, marker):
            return marker
        if query.at:
            return None  # the words are not there (any more): not flagged anywhere rather than flagged wrongly
        _insert_first(found, marker)
    elif isinstance(found, etree._ElementUnicodeResult) and found.getparent() is not None:
        owner = found.getparent()
        if found.is_tail:  # text after `owner`: the marker goes between them
            marker.tail = owner.tail
            owner.tail = None
            owner.addnext(marker)
        else:
            _insert_first(owner, marker)
    else:
        return None
    return marker


def _move_out(marker: etree._Element) -> bool:
    """Move a marker to just before its parent element; False at the article root."""
    parent = marker.getparent()
    grand = parent.getparent() if parent is not None else None
    if grand is None:
        return False
    remove_keep_tail(marker)
    marker.tail = None
    parent.addprevious(marker)
    return True


def render_with_queries(article: etree._Element, queries: Sequence[Query],
                        transform: Callable[[etree._Element], bytes]) -> tuple[bytes, set[int]]:
    """The transform's output for a copy of `article` with the queries' places marked, and the numbers of the
    queries marked (the others concern the whole article, or a place the article does not have)."""
    root = copy.deepcopy(article)
    numbers = [query.number for query in queries]
    if len(set(numbers)) != len(numbers):
        raise fail("build.internal", "author queries must have distinct numbers")
    markers = {query.number: marker for query in queries if (marker := _place(root, query)) is not None}
    while True:
        html = transform(root)
        missing = [number for number in markers if f'id="{marker_id(number)}"'.encode() not in html]
        if not missing:
            return html, set(markers)
        if not all([_move_out(markers[number]) for number in missing]):
            raise fail("build.internal", f"author query markers {missing} are not printed anywhere")


def remove_marks(document) -> None:
    """Take the query markers out of a laid-out document (WeasyPrint's): nothing of them is left to write. (A
    marker out of the flow stands in its line as WeasyPrint's placeholder, which answers for the marker's box.)"""
    from weasyprint.formatting_structure import boxes

    def prune(box, ids: set[str]) -> bool:
        """Take the markers out below `box`; True when it held nothing else (a piece of a line or of an inline
        element that the line breaking carried over with the markers alone), for its parent to drop it too."""
        before = children(box)
        kept = []
        for child in before:
            if MARK_CLASS in box_classes(child):
                ids.add(child.element.get("id") or "")
            elif not prune(child, ids):
                kept.append(child)
        if len(kept) == len(before):
            return False
        if not kept and isinstance(box, (boxes.InlineBox, boxes.LineBox)):
            return True
        # A marker first in a block is a block of its own (absolute positioning makes it one), so the text after it
        # was wrapped in an anonymous block: without the marker the lines are the block's own, as WeasyPrint makes
        # them (a tagged PDF would otherwise nest the element in itself: a heading in a heading).
        if len(kept) == 1 and isinstance(kept[0], boxes.BlockBox) and kept[0].element is box.element \
                and all(isinstance(line, boxes.LineBox) for line in kept[0].children):
            kept = list(kept[0].children)
        box.children = kept
        return False

    for page in document.pages:
        ids: set[str] = set()
        prune(page._page_box, ids)
        page.anchors = {name: place for name, place in page.anchors.items() if name not in ids}
    forget(document)  # what was measured of it, with the markers
