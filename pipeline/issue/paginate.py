"""Pagination, the issue step between validate and render: the articles' enriched JATS, in table-of-contents
order -> each article's final PDF and its paginated JATS (<base>.pdf, <base>.xml with fpage, lpage and the
cite-as line with its pages).

Pages run on from the manifest's first page; each article's page count comes from its final PDF. Re-rendered
with the real numbers an article could change length (the cite-as line grows), so the counts are checked again
until they hold, at most MAX_PASSES layouts. An article that fails to lay out drops out and the pages close up
behind it. Each layout (`lay_out`) is a function of files: work/enriched.xml and the pages -> <base>.xml and
<base>.pdf; what pagination keeps per article is its pages, the numbers its PDF prints (checked against the
JATS here) and the float decisions of its final PDF (its archive copy reuses them).

A journal published online only (publication.pagination: elocation) has no issue pages: its articles are located
by their e-location ids, which enrich wrote. Each is laid out once, its pages numbered from 1 within the article,
and its JATS gets no fpage or lpage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline import xmlio
from pipeline.articlefiles import ArticleFiles
from pipeline.config import LoadedIssue
from pipeline.diagnostics import Finding
from pipeline.enrich.pagination import page_ranges, set_pages
from pipeline.issue.progress import Progress
from pipeline.issue.stages import failure
from pipeline.issue.state import ArticleState, IssueBuild

MAX_PASSES = 3


@dataclass(frozen=True)
class Layout:
    """What one layout of an article's final PDF says."""

    article_pages: int
    printed: list[int | None]  # the number each page prints
    placement: str  # the float pass's decisions, for the next layout of the same text
    findings: list[Finding] = field(default_factory=list)


def lay_out(files: ArticleFiles, issue: LoadedIssue, pages: tuple[int, int] | None, placement: str | None) -> Layout:
    """One layout of the article's final PDF: work/enriched.xml with `pages` (None: not known yet, the first
    page prints 1) -> <base>.xml and <base>.pdf."""
    from pipeline.render.pdf import render_pdf

    article = xmlio.parse(files.enriched).getroot()
    if pages is not None:
        set_pages(article, *pages, issue.journal)
    xmlio.write_jats(files.jats, article)
    rendered = render_pdf(article, files.pdf, issue.journal, "final", figures_dir=files.figures,
                          first_page=pages[0] if pages else 1, issue_date=issue.manifest.publication_date,
                          placement=placement)
    return Layout(rendered.article_pages, rendered.printed_numbers, rendered.top_floats, rendered.findings)


def paginate(build: IssueBuild, progress: Progress) -> None:
    if not build.journal.publication.paged:
        _lay_out_unpaged(build, progress)
        return
    ready = [s for s in build.articles if s.ok]
    counts = {s.entry.id: 0 for s in ready}
    layouts: dict[str, Layout] = {}
    ranges = None
    changed = True
    for _ in range(MAX_PASSES):
        # the articles still standing: one that fails to lay out drops out, and the pages close up behind it
        counted = ready and all(counts[s.entry.id] for s in ready)
        ranges = page_ranges(build.issue.manifest.first_page, [counts[s.entry.id] for s in ready]) if counted else None
        changed = False
        for n, state in enumerate(ready):
            progress.stage(state, "paginate")
            try:
                layout = lay_out(state.files, build.issue, ranges[n] if ranges else None, state.placement)
            except Exception as exc:
                state.findings.append(failure(exc, "render").with_context(article=state.entry.id, stage="render"))
                state.failed = "render"
                progress.done(state, "layout", [state.findings[-1]])
                changed = True
                continue
            progress.done(state, "paginate" if ranges is not None else "layout", [])
            if layout.article_pages != counts[state.entry.id]:
                counts[state.entry.id] = layout.article_pages
                changed = True
            layouts[state.entry.id] = layout
            state.placement = layout.placement
        ready = [s for s in ready if s.ok]
        if not changed and ranges is not None:
            break
    if ready and (changed or ranges is None):
        # Page counts that never settled would print wrong numbers: no article gets pages it may not keep.
        for state in ready:
            state.findings.append(Finding.of(
                "render.page-numbers", f"the page numbers did not settle after {MAX_PASSES} layouts (an article "
                "changed length each time its numbers changed); rebuild, and report it if it stays",
                article=state.entry.id, stage="paginate"))
            state.failed = "paginate"
        ready = []
    for n, state in enumerate(ready):
        _settled(state, ranges[n], layouts[state.entry.id])
    if any(not s.ok for s in build.articles):
        build.findings.append(Finding.of(
            "render.page-numbers", "not every article built, so the pages of the articles after a failed one will "
            "change when it is fixed: treat this issue's pagination as provisional"))


def _lay_out_unpaged(build: IssueBuild, progress: Progress) -> None:
    """An online-only journal's articles: one layout each, no issue pages (the e-location id locates them)."""
    for state in [s for s in build.articles if s.ok]:
        progress.stage(state, "layout")
        try:
            layout = lay_out(state.files, build.issue, None, state.placement)
        except Exception as exc:
            state.findings.append(failure(exc, "render").with_context(article=state.entry.id, stage="render"))
            state.failed = "render"
            progress.done(state, "layout", [state.findings[-1]])
            continue
        progress.done(state, "layout", [])
        _settled(state, None, layout)


def _settled(state: ArticleState, pages: tuple[int, int] | None, layout: Layout) -> None:
    """The article keeps its pages (None: it has none, being located by its e-location id), its final PDF and its
    paginated JATS; the PDF must print the JATS's numbers (from 1 without pages)."""
    state.pages = pages
    state.printed = layout.printed
    state.outputs["jats"] = state.files.jats
    state.outputs["pdf"] = state.files.pdf
    state.findings.extend(f.with_context(article=state.entry.id) for f in layout.findings)
    expected = list(range(pages[0], pages[1] + 1)) if pages else list(range(1, layout.article_pages + 1))
    if layout.printed != expected:
        state.findings.append(Finding.of(
            "render.page-numbers", f"the PDF prints page numbers {layout.printed}, the JATS says {expected}",
            file=str(state.files.pdf), article=state.entry.id, stage="paginate"))
