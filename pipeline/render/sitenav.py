"""The issue around an article page: the issue's order of article pages and its contents page -> the links one
page shows (contents, previous and next article).

The issue build knows the order once pagination is done (pipeline/issue/navigation.py): it works out each page's
links (`links`) and writes them to a small file of that article's (`write`), which the render stage reads for the
page (`read`):

    {"contents": "../../toc.html",
     "previous": {"href": "../01-smith/jour-2023-000001.html", "title": "..."}, "next": null}

A file per article, so that an article page is made again only when its own links change (a title edited in one
article changes the pages of its neighbours, not the whole issue's). Hrefs are relative to the page that shows
them. A page rendered on its own (no issue build, no file) has no links: `NO_LINKS`.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Sequence
from dataclasses import asdict, dataclass
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


def links(contents: str, pages: Sequence[Page], index: int) -> PageLinks:
    """The links the page `pages[index]` shows, relative to it; `contents` (the contents page) and the pages'
    hrefs are relative to the issue's folder."""
    here = posixpath.dirname(pages[index].href)

    def link(i: int) -> Link | None:
        return Link(posixpath.relpath(pages[i].href, here), pages[i].title) if 0 <= i < len(pages) else None

    return PageLinks(posixpath.relpath(contents, here), link(index - 1), link(index + 1))


def write(path: Path, page_links: PageLinks) -> None:
    encoded = (json.dumps(asdict(page_links), indent=1, ensure_ascii=False) + "\n").encode("utf-8")
    if not path.is_file() or path.read_bytes() != encoded:  # a build with nothing to do rewrites nothing
        path.parent.mkdir(parents=True, exist_ok=True)
        xmlio.write_bytes_atomic(path, encoded)


def read(path: Path) -> PageLinks:
    """The links written to `path` (NO_LINKS when it does not exist)."""
    if not path.is_file():
        return NO_LINKS
    data = json.loads(path.read_text(encoding="utf-8"))
    neighbours = {side: Link(**data[side]) if data[side] else None for side in ("previous", "next")}
    return PageLinks(data["contents"], **neighbours)
