"""Pages for an issue: each article's PDF page count, in table-of-contents order -> fpage/lpage in its JATS.

The issue's first page comes from the manifest; every later article starts on
the page after the previous one ends, as the journal prints them. The pages
flow into the JATS once, and from there into the cite-as line, the TOC and the
deposits.
"""

from __future__ import annotations

from lxml import etree

from pipeline.config.journal import Journal
from pipeline.enrich.metadata import refresh_citation
from pipeline.jats import el


def page_ranges(first_page: int, page_counts: list[int]) -> list[tuple[int, int]]:
    """[8, 8, 9] from 563 -> [(563, 570), (571, 578), (579, 587)]."""
    ranges, page = [], first_page
    for count in page_counts:
        if count < 1:
            raise ValueError("an article has no pages")
        ranges.append((page, page + count - 1))
        page += count
    return ranges


def set_pages(article: etree._Element, fpage: int, lpage: int, journal: Journal) -> None:
    meta = article.find("front/article-meta")
    for tag in ("fpage", "lpage"):
        for old in meta.findall(tag):
            meta.remove(old)
    issue = meta.find("issue")
    anchor = issue if issue is not None else meta.find("volume")
    lpage_el = el("lpage", str(lpage))
    fpage_el = el("fpage", str(fpage))
    anchor.addnext(lpage_el)
    anchor.addnext(fpage_el)
    refresh_citation(article, journal)


def pages_of(article: etree._Element) -> tuple[int, int] | None:
    meta = article.find("front/article-meta")
    fpage, lpage = meta.findtext("fpage"), meta.findtext("lpage")
    if fpage and lpage:
        return int(fpage), int(lpage)
    return None
