"""The issue around an article page: the issue's order of article pages and its contents page -> the links one
page shows (contents, previous and next article).

The issue build knows the order once pagination is done; it writes it (`write`, called by
pipeline/issue/navigation.py) to one small file that the render stage reads for each page (`links_for`):

    {"contents": "toc.html",
     "pages": [{"id": "01-smith", "href": "articles/01-smith/jour-2023-000001.html", "title": "..."}, ...]}

Hrefs in the file are relative to the issue's folder; `links_for` makes them relative to the page that shows them.
A page rendered on its own (no issue build, no file) has no links: `NO_LINKS`.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import xmlio


@dataclass(frozen=True)
class Link:
    href: str
    title: str


@dataclass(frozen=True)
class PageLinks:
    contents: str | None = None  # the contents page
    previous: Link | None = None
    next: Link | None = None


NO_LINKS = PageLinks()


@dataclass(frozen=True)
class Page:
    id: str  # the article's id in the manifest
    href: str  # its page, relative to the folder
    title: str  # its title as plain text


def write(path: Path, contents: str, pages: Sequence[Page]) -> None:
    data = {"contents": contents, "pages": [{"id": p.id, "href": p.href, "title": p.title} for p in pages]}
    encoded = (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    if not path.is_file() or path.read_bytes() != encoded:  # a build with nothing to do rewrites nothing
        xmlio.write_bytes_atomic(path, encoded)


def links_for(path: Path, article_id: str) -> PageLinks:
    """The links the page of `article_id` shows, relative to that page (NO_LINKS when `path` does not exist)."""
    if not path.is_file():
        return NO_LINKS
    data = json.loads(path.read_text(encoding="utf-8"))
    pages = [Page(**page) for page in data["pages"]]
    index = next((i for i, page in enumerate(pages) if page.id == article_id), None)
    if index is None:
        return NO_LINKS
    here = posixpath.dirname(pages[index].href)

    def link(i: int) -> Link | None:
        return Link(posixpath.relpath(pages[i].href, here), pages[i].title) if 0 <= i < len(pages) else None

    return PageLinks(posixpath.relpath(data["contents"], here), link(index - 1), link(index + 1))
