"""The issue step between pagination and render: the articles that have their pages, in the issue's order ->
work/site-nav.json, from which each article page links the issue's contents and the articles before and after it
(pipeline/render/sitenav.py). An article that stopped before it got its layout has no page, and is skipped (in an
online-only journal no article has issue pages: every one that built is in order).
"""

from __future__ import annotations

from pipeline import xmlio
from pipeline.issue.state import IssueBuild
from pipeline.issue.toc import WEB_PAGE
from pipeline.jats import plain_text
from pipeline.render import sitenav


def write_navigation(build: IssueBuild) -> None:
    pages = []
    for state in build.articles:
        if not state.ok or (state.pages is None and build.issue.journal.publication.paged):
            continue
        title = xmlio.parse(state.files.jats).getroot().find("front/article-meta/title-group/article-title")
        href = state.files.path(".html").relative_to(build.out).as_posix()
        pages.append(sitenav.Page(state.entry.id, href, plain_text(title)))
    if build.articles:
        sitenav.write(build.articles[0].files.site_nav, WEB_PAGE, pages)
