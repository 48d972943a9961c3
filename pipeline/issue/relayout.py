"""Whether an article is laid out again for its pages: the pages its last layout was made with and the pages it
gets -> keep that layout, or lay it out again with the real numbers (its decisions replayed), and whether its page
count can change in doing so.

An article's page numbers reach its layout in three places (xslt/jats-to-print.xsl, templates/print.css): the
number each page prints (margin boxes, which WeasyPrint lays out after the pages: they move no text); the side
its first page falls on (an article starting on an even page starts on a left-hand page); and the cite-as line
at the foot of its first page, whose page range ("563-570", or "563-70" in a style that shortens ranges) is as
wide as its digits. Pages of the same parity whose range has the same shape therefore break the text where the
real ones do: the page count holds, and the layout with the real numbers replays the decisions of the one before
(floats, table parts, tables' fits) in one layout. Other pages may change the page count; pagination then lays
out again what moved (paginate.py), as often as it must.

So the counting layout, made before the pages are known, is made with the likely ones (`likely_pages`): the
issue's first page and a range of the usual width. WeasyPrint prints no other numbers than the ones it laid
out, so a layout is kept only for the very pages it was made and written with: the PDF prints the JATS's
numbers, always (paginate.py checks it).
"""

from __future__ import annotations

import re
from enum import Enum

from pipeline.config.journal import Journal
from pipeline.refstyle import page_range

Pages = tuple[int, int]
# The counting layout's range runs over this many pages: only its width matters (its digits), never its value.
USUAL_LENGTH = 8


class Decision(Enum):
    KEEP = "keep"  # laid out and written with these very pages: nothing to do
    RENUMBER = "renumber"  # pages of the same shape: one layout sets the numbers, the page count holds
    RELAYOUT = "relayout"  # pages of another shape (or none before): laid out again, its page count may change


def likely_pages(first_page: int) -> Pages:
    """The pages an article's counting layout is made with: on the issue's first page's side, as wide."""
    return first_page, first_page + USUAL_LENGTH - 1


def shape(pages: Pages, journal: Journal) -> tuple[int, str]:
    """What of an article's pages reaches the breaks of its layout: the first page's parity, and its cite-as page
    range with every digit alike."""
    first, last = pages
    printed = page_range({"fpage": str(first), "lpage": str(last)}, journal.reference_style)
    return first % 2, re.sub(r"\d", "0", printed)


def decide(made: Pages | None, written: bool, pages: Pages, journal: Journal) -> Decision:
    """What laying the article out on `pages` takes, when its last layout was made with `made` (None: without
    pages) and written (`written`) or not."""
    if made == pages and written:
        return Decision.KEEP
    if made is not None and shape(made, journal) == shape(pages, journal):
        return Decision.RENUMBER
    return Decision.RELAYOUT
