"""Pagination, the issue step between validate and render: the articles' enriched JATS, in table-of-contents
order -> each article's final PDF, its archive copy and its paginated JATS (<base>.xml with fpage, lpage and the
cite-as line with its pages, <base>.pdf, <base>.archive.pdf: the archive copy is written from the final PDF's
layout, pdf.py's `copies`).

First every article is laid out once with the likely pages (side by side, in the workers; relayout.py: the
issue's first page, a page range of the usual width): that gives its page count and its decisions (floats,
table parts, tables' fits), and writes nothing. Then a sequential pass over the counts gives each article its
pages from the manifest's first page, and each is laid out with them (side by side again): one layout that
replays its decisions and sets the numbers, written as the final PDF and its archive copy. Pages of another
shape than the likely ones (relayout.decide) could change an article's length, so the counts are checked again
until they hold, at most MAX_PASSES layouts with pages. An article that fails to lay out drops out and the
pages close up behind it.

Each layout is a function of files and values (`lay_out`: work/enriched.xml, the pages, the float decisions to
try first -> <base>.xml, <base>.pdf and <base>.archive.pdf), cached by all of them (runner.py): an article whose
text and pages did not change since the last build is not laid out again, and one whose pages moved is laid out
again only then.
What pagination keeps per article is its pages, the numbers its PDF prints (checked against the JATS here) and
the float decisions of its final PDF.

A journal published online only (publication.pagination: elocation) has no issue pages: its articles are located
by their e-location ids, which enrich wrote. Each is laid out once, its pages numbered from 1 within the article,
and its JATS gets no fpage or lpage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import xmlio
from pipeline.articlefiles import ArticleFiles
from pipeline.config import LoadedIssue
from pipeline.diagnostics import Finding
from pipeline.enrich.pagination import page_ranges, set_pages
from pipeline.issue.relayout import Decision, decide, likely_pages
from pipeline.issue.runner import Runner, Task, job_values, stopped
from pipeline.issue.stages import failure, job_for, measured, over_memory
from pipeline.issue.state import ArticleState, IssueBuild
from pipeline.issue.workers import Stopped

MAX_PASSES = 3


@dataclass(frozen=True)
class Layout:
    """What one layout of an article's final PDF says."""

    article_pages: int
    printed: list[int | None]  # the number each page prints
    placement: str  # the float pass's decisions, for the next layout of the same text
    findings: list[Finding] = field(default_factory=list)
    failure: Finding | None = None  # why it could not be made (then nothing else holds)
    measures: dict[str, float] = field(default_factory=dict)  # for the benchmark

    @property
    def failed(self) -> bool:
        return self.failure is not None


def lay_out(files: ArticleFiles, issue: LoadedIssue, pages: tuple[int, int] | None, placement: str | None,
            write: bool = True) -> Layout:
    """One layout of the article's final PDF: work/enriched.xml with `pages` (None: not known yet, or none at all
    in an online-only journal; the first page prints 1) -> <base>.xml, <base>.pdf and its archive copy (the same
    layout written again); with `write` False (the counting layout), the layout only, nothing written."""
    from pipeline.render.pdf import render_pdf

    article = xmlio.parse(files.enriched).getroot()
    if pages is not None:
        set_pages(article, *pages, issue.journal)
    if write:
        xmlio.write_jats(files.jats, article)
    rendered = render_pdf(article, files.pdf if write else None, issue.journal, "final", figures_dir=files.figures,
                          first_page=pages[0] if pages else 1, issue_date=issue.manifest.publication_date,
                          placement=placement, copies={"archive": files.archive} if write else None)
    return Layout(rendered.article_pages, rendered.printed_numbers, rendered.placement, rendered.findings)


def layout_files(files: ArticleFiles) -> tuple[Path, ...]:
    """What a written layout makes: the paginated JATS, the final PDF and its archive copy."""
    return files.jats, files.pdf, files.archive


def layout_task(files: ArticleFiles, issue: LoadedIssue, pages: tuple[int, int] | None, placement: str | None,
                write: bool) -> Layout:
    """`lay_out` as a worker runs it: a failure comes back as the Layout's finding, never as an exception."""
    measures: dict[str, float] = {}
    with measured(measures):
        try:
            layout = lay_out(files, issue, pages, placement, write)
        except MemoryError:
            layout = Layout(0, [], "", failure=over_memory("render", issue.journal.limits.stage_memory_mb))
        except Exception as exc:
            layout = Layout(0, [], "", failure=failure(exc, "render"))
    return Layout(layout.article_pages, layout.printed, layout.placement, layout.findings, layout.failure, measures)


def paginate(build: IssueBuild, runner: Runner) -> None:
    ready = [s for s in build.articles if s.ok]
    if not build.journal.publication.paged:
        # online only: one layout each, kept as it is (no issue pages; the e-location id locates the article)
        unpaged = _lay_out(runner, build, ready, {s.entry.id: None for s in ready}, "layout", write=True)
        for state in [s for s in ready if s.ok]:
            _settled(state, None, unpaged[state.entry.id])
        return
    likely = likely_pages(build.issue.manifest.first_page)
    first = _lay_out(runner, build, ready, {s.entry.id: likely for s in ready}, "layout", write=False)
    ready = [s for s in ready if s.ok]
    layouts: dict[str, Layout] = {}
    given: dict[str, tuple[int, int]] = {}  # the pages each article's layout in `layouts` was made (and written) with
    ranges: dict[str, tuple[int, int]] = {}
    settled = False
    for passes in range(MAX_PASSES + 1):
        counts = [(layouts.get(s.entry.id) or first[s.entry.id]).article_pages for s in ready]
        ranges = dict(zip([s.entry.id for s in ready], page_ranges(build.issue.manifest.first_page, counts),
                          strict=True)) if ready else {}
        moved = []
        for state in ready:
            made = given.get(state.entry.id)
            decision = decide(made or likely, made is not None, ranges[state.entry.id], build.journal)
            if decision is not Decision.KEEP:
                moved.append(state)
                state.measures[f"paginate {decision.value}"] = state.measures.get(f"paginate {decision.value}", 0) + 1
        if not moved:
            settled = True
            break
        if passes == MAX_PASSES:
            break
        given.update({s.entry.id: ranges[s.entry.id] for s in moved})
        layouts.update(_lay_out(runner, build, moved, given, "paginate", write=True))
        ready = [s for s in ready if s.ok]
    if ready and not settled:
        # Page counts that never settled would print wrong numbers: no article gets pages it may not keep.
        for state in ready:
            state.findings.append(Finding.of(
                "render.page-numbers", f"the page numbers did not settle after {MAX_PASSES} layouts (an article "
                "changed length each time its numbers changed); rebuild, and report it if it stays",
                article=state.entry.id, stage="paginate"))
            state.failed = "paginate"
        ready = []
    for state in ready:
        _settled(state, ranges[state.entry.id], layouts[state.entry.id])
    if any(not s.ok for s in build.articles):
        build.findings.append(Finding.of(
            "render.page-numbers", "not every article built, so the pages of the articles after a failed one will "
            "change when it is fixed: treat this issue's pagination as provisional"))


def _lay_out(runner: Runner, build: IssueBuild, states: list[ArticleState],
             pages: dict[str, tuple[int, int] | None], name: str, *, write: bool) -> dict[str, Layout]:
    """A layout of each article with its pages (None: none yet, or none at all), side by side, written or (the
    counting layout) not; an article that fails to lay out stops (failed at render). Each article's float
    decisions carry on to its next layout."""
    layouts: dict[str, Layout] = {}

    def task(state: ArticleState) -> Task:
        runner.progress.stage(state, name)
        files, placement, given = state.files, state.placement, pages[state.entry.id]
        key = runner.key("layout", *job_values(job_for(state, build)), given, placement, write,
                         files=[files.enriched, *sorted(files.figures.glob("*"))])
        writes = layout_files(files) if write else ()
        return Task(state.entry.id, name, layout_task, (files, build.issue, given, placement, write), key, writes)

    def done(finished: Task, result: Any, cached: bool) -> list[Task]:
        state = build.article(finished.article)
        if isinstance(result, Stopped):
            result = Layout(0, [], "", failure=stopped(result, "render", runner.limits, state.entry.id))
        for measure, value in result.measures.items():
            if not cached:
                state.measures[f"{name} {measure}"] = state.measures.get(f"{name} {measure}", 0) + value
        if result.failed:
            state.findings.append(result.failure.with_context(article=state.entry.id, stage="render"))
            state.failed = "render"
            runner.progress.done(state, name, [state.findings[-1]])
            return []
        runner.progress.done(state, name, [], cached=cached)
        layouts[state.entry.id] = result
        state.placement = result.placement
        return []

    runner.run([task(s) for s in states], done)
    return layouts


def _settled(state: ArticleState, pages: tuple[int, int] | None, layout: Layout) -> None:
    """The article keeps its pages (None: it has none, being located by its e-location id), its final PDF and its
    paginated JATS; the PDF must print the JATS's numbers (from 1 without pages)."""
    state.pages = pages
    state.printed = layout.printed
    state.outputs["jats"] = state.files.jats
    state.outputs["pdf"] = state.files.pdf
    state.outputs["archive"] = state.files.archive
    state.findings.extend(f.with_context(article=state.entry.id) for f in layout.findings)
    expected = list(range(pages[0], pages[1] + 1)) if pages else list(range(1, layout.article_pages + 1))
    if layout.printed != expected:
        state.findings.append(Finding.of(
            "render.page-numbers", f"the PDF prints page numbers {layout.printed}, the JATS says {expected}",
            file=str(state.files.pdf), article=state.entry.id, stage="paginate"))
