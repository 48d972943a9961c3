"""The issue step between pagination and render: the articles that have their pages, in the issue's order -> each
one's links file (ArticleFiles.links: the issue's contents and the articles before and after it,
pipeline/render/sitenav.py), which the render stage reads for its page. An article that stopped before it got its
layout has no page, and is skipped (in an online-only journal no article has issue pages: every one that built is
in order).
"""

from __future__ import annotations

from pipeline import xmlio
from pipeline.issue.state import IssueBuild
from pipeline.issue.toc import WEB_PAGE
from pipeline.jats import plain_text
from pipeline.render import sitenav


def write_navigation(build: IssueBuild) -> None:
    placed = [state for state in build.articles
              if state.ok and (state.pages is not None or not build.issue.journal.publication.paged)]
    pages = []
    for state in placed:
        title = xmlio.parse(state.files.jats).getroot().find("front/article-meta/title-group/article-title")
        href = state.files.path(".html").relative_to(build.out).as_posix()
        pages.append(sitenav.Page(state.entry.id, href, plain_text(title)))
    for index, state in enumerate(placed):
        sitenav.write(state.files.links, sitenav.links(WEB_PAGE, pages, index))
