"""Author queries for proofs: a JATS tree and the queries -> a private copy with each query marked.

Production asks the author questions (`Query(number, text, xpath)`), each about a place in the JATS. The
copy gets a `<?pipeline-query N?>` processing instruction at that place (first thing inside the element
the XPath selects, or just before a selected text node) and, as the article's last child,
`<q:queries>` with the questions (namespace urn:x-pipeline:print-queries, never in a JATS file). The print
stylesheet draws the instruction as a "QN" flag and the list as the author-queries page.

Some places are not printed where they are (a history date, an element of journal-meta): after the
transform, a flag missing from the HTML moves out to the start of its parent, until it shows; at the
article itself the first page prints it.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence

from lxml import etree

from pipeline.diagnostics import fail
from pipeline.jats import remove_keep_tail
from pipeline.render.queries import Query
from pipeline.xmlio import NS

QUERIES_NS = "urn:x-pipeline:print-queries"
PI_TARGET = "pipeline-query"


def _insert_first(parent: etree._Element, node: etree._Element) -> None:
    node.tail = parent.text
    parent.text = None
    parent.insert(0, node)


def _place(root: etree._Element, query: Query) -> etree._Element | None:
    if not query.xpath:  # a query about the article as a whole (or from the manifest): listed, not flagged
        return None
    try:
        found = root.xpath(query.xpath, namespaces=NS)
    except etree.XPathError as exc:
        raise fail("render.failed", f"query Q{query.number}: {query.xpath!r} is not a valid XPath ({exc})") from None
    if isinstance(found, list):
        found = found[0] if found else None
    marker = etree.ProcessingInstruction(PI_TARGET, str(query.number))
    if isinstance(found, etree._Element) and isinstance(found.tag, str):
        _insert_first(found, marker)
    elif isinstance(found, etree._ElementUnicodeResult) and found.getparent() is not None:
        owner = found.getparent()
        if found.is_tail:  # text after `owner`: the marker goes between them
            marker.tail = owner.tail
            owner.tail = None
            owner.addnext(marker)
        elif found.is_attribute:
            _insert_first(owner, marker)
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
                        transform: Callable[[etree._Element], bytes]) -> bytes:
    """The transform's output for a copy of `article` with the queries marked and listed."""
    root = copy.deepcopy(article)
    numbers = [query.number for query in queries]
    if len(set(numbers)) != len(numbers):
        raise fail("render.failed", "author queries must have distinct numbers")
    markers = {query.number: _place(root, query) for query in queries}
    listing = etree.SubElement(root, f"{{{QUERIES_NS}}}queries", nsmap={"q": QUERIES_NS})
    for query in queries:
        item = etree.SubElement(listing, f"{{{QUERIES_NS}}}query", number=str(query.number),
                                placed="yes" if markers[query.number] is not None else "no")
        item.text = " ".join(query.text.split())
    while True:
        html = transform(root)
        missing = [number for number, marker in markers.items()
                   if marker is not None and f'id="qm{number}"'.encode() not in html]
        if not missing:
            return html
        if not all([_move_out(markers[number]) for number in missing]):
            raise fail("build.internal", f"author query flags {missing} are not printed anywhere")
