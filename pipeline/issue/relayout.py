"""Whether an article is laid out again for its pages: the pages its last layout was made with and the pages it
gets -> its page count holds, or it is laid out again to count them.

An article's page numbers reach its layout in three places (xslt/jats-to-print.xsl, templates/print.css): the
number each page prints (margin boxes, which WeasyPrint lays out after the pages: they move no text); the side
its first page falls on (an article starting on an even page starts on a left-hand page), which moves text only
where the stylesheet sets left- and right-hand pages' text areas apart (pdf.sides_alike measures it); and the
cite-as line at the foot of its first page, whose page range ("563-570", or "563-70" in a style that shortens
ranges) is as wide as its digits. Pages of the same shape therefore break the text where the real ones do: the
page count holds, and the render stage's one layout with the real numbers replays the decisions of the one before
(floats, table parts, tables' fits) and writes the article's PDFs (it checks the count). Other pages may change
the page count; pagination then lays out again what moved (paginate.py), as often as it must.

So the counting layout, made before the pages are known, is made with the likely ones (`likely_pages`): the
issue's first page and a range of the usual width.
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
    HOLDS = "holds"  # pages of the same shape: the page count holds, nothing is laid out to count it
    RELAYOUT = "relayout"  # pages of another shape: laid out again, its page count may change


def likely_pages(first_page: int) -> Pages:
    """The pages an article's counting layout is made with: on the issue's first page's side, as wide."""
    return first_page, first_page + USUAL_LENGTH - 1


def shape(pages: Pages, journal: Journal, sides_alike: bool) -> tuple[int, str]:
    """What of an article's pages reaches the breaks of its layout: the first page's parity (when the two sides'
    pages differ: `sides_alike` False), and its cite-as page range with every digit alike."""
    first, last = pages
    printed = page_range({"fpage": str(first), "lpage": str(last)}, journal.reference_style)
    return 0 if sides_alike else first % 2, re.sub(r"\d", "0", printed)


def decide(made: Pages, pages: Pages, journal: Journal, sides_alike: bool) -> Decision:
    """Whether the page count of a layout made with `made` holds on `pages`."""
    if shape(made, journal, sides_alike) == shape(pages, journal, sides_alike):
        return Decision.HOLDS
    return Decision.RELAYOUT
