"""Pagination, the issue step between validate and render: the articles' enriched JATS, in table-of-contents
order -> each article's pages and its paginated JATS (<base>.xml with fpage, lpage and the cite-as line with its
pages). The render stage then lays each article out once with its pages and writes its proof, final PDF and
archive copy from that layout (pdf.py's `copies`).

First every article is laid out once with the likely pages (side by side, in the workers; relayout.py: the
issue's first page, a page range of the usual width): that gives its page count and its decisions (floats,
table parts, tables' fits), and writes nothing. Then a sequential pass over the counts gives each article its
pages from the manifest's first page. Pages of the same shape as the likely ones keep the count (relayout.decide):
nothing more is laid out here. Pages of another shape could change an article's length, so those articles are laid
out again with their pages (side by side, replaying their decisions) and the counts are checked again until they
hold, at most MAX_PASSES times. An article that fails to lay out drops out and the pages close up behind it.

Each layout is a function of files and values (`lay_out`: work/enriched.xml, the pages, the float decisions to
try first -> its page count and decisions), cached by all of them (runner.py): an article whose text did not
change since the last build is not laid out again here.
What pagination keeps per article is its pages and the float decisions the render stage replays.

A journal published online only (publication.pagination: elocation) has no issue pages: its articles are located
by their e-location ids, which enrich wrote; their JATS gets no fpage or lpage, and the render stage numbers each
PDF's pages from 1.
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
from pipeline.issue.runner import Runner, Task, job_values, stopped, work_weight
from pipeline.issue.stages import failure, job_for, measured, over_memory
from pipeline.issue.state import ArticleState, IssueBuild
from pipeline.issue.workers import Stopped

MAX_PASSES = 3


@dataclass(frozen=True)
class Layout:
    """What one layout of an article's final PDF says."""

    article_pages: int
    placement: str  # the float pass's decisions, for the next layout of the same text
    sides_alike: bool = True  # whether the side its first page falls on moves no text (pdf.sides_alike)
    failure: Finding | None = None  # why it could not be made (then nothing else holds)
    measures: dict[str, float] = field(default_factory=dict)  # for the benchmark

    @property
    def failed(self) -> bool:
        return self.failure is not None


def lay_out(files: ArticleFiles, issue: LoadedIssue, pages: tuple[int, int], placement: str | None) -> Layout:
    """One layout of the article's final PDF, written nowhere: work/enriched.xml with `pages` -> its page count
    and decisions. What is wrong with the text's layout (lost text, missing glyphs) the render stage's layout
    says, with the files."""
    from pipeline.render.pdf import render_pdf, sides_alike

    article = xmlio.parse(files.enriched).getroot()
    set_pages(article, *pages, issue.journal)
    rendered = render_pdf(article, None, issue.journal, "final", figures_dir=files.figures, first_page=pages[0],
                          issue_date=issue.manifest.publication_date, placement=placement)
    return Layout(rendered.article_pages, rendered.placement, sides_alike(issue.journal))


def paginated_files(files: ArticleFiles) -> tuple[Path, ...]:
    """What pagination writes: the paginated JATS."""
    return (files.jats,)


def layout_task(files: ArticleFiles, issue: LoadedIssue, pages: tuple[int, int], placement: str | None) -> Layout:
    """`lay_out` as a worker runs it: a failure comes back as the Layout's finding, never as an exception."""
    measures: dict[str, float] = {}
    with measured(measures):
        try:
            layout = lay_out(files, issue, pages, placement)
        except MemoryError:
            layout = Layout(0, "", failure=over_memory("render", issue.journal.limits.stage_memory_mb))
        except Exception as exc:
            layout = Layout(0, "", failure=failure(exc, "render"))
    return Layout(layout.article_pages, layout.placement, layout.sides_alike, layout.failure, measures)


def paginate(build: IssueBuild, runner: Runner) -> None:
    ready = [s for s in build.articles if s.ok]
    if not build.journal.publication.paged:
        # online only: no issue pages (the e-location id locates the article); render lays each out and counts
        for state in ready:
            _settled(state, None, build.issue)
        return
    likely = likely_pages(build.issue.manifest.first_page)
    given = {s.entry.id: likely for s in ready}  # the pages each article's last layout was made with
    layouts = _lay_out(runner, build, ready, given, "layout")  # each article's last layout
    ready = [s for s in ready if s.ok]
    ranges: dict[str, tuple[int, int]] = {}
    settled = False
    for passes in range(MAX_PASSES + 1):
        counts = [layouts[s.entry.id].article_pages for s in ready]
        ranges = dict(zip([s.entry.id for s in ready], page_ranges(build.issue.manifest.first_page, counts),
                          strict=True)) if ready else {}
        moved = []
        for state in ready:
            layout = layouts[state.entry.id]
            if decide(given[state.entry.id], ranges[state.entry.id], build.journal,
                      layout.sides_alike) is Decision.RELAYOUT:
                moved.append(state)
                state.measures["paginate relayout"] = state.measures.get("paginate relayout", 0) + 1
        if not moved:
            settled = True
            break
        if passes == MAX_PASSES:
            break
        given.update({s.entry.id: ranges[s.entry.id] for s in moved})
        layouts.update(_lay_out(runner, build, moved, given, "paginate"))
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
        _settled(state, ranges[state.entry.id], build.issue)
    if any(not s.ok for s in build.articles):
        build.findings.append(Finding.of(
            "render.page-numbers", "not every article built, so the pages of the articles after a failed one will "
            "change when it is fixed: treat this issue's pagination as provisional"))


def _lay_out(runner: Runner, build: IssueBuild, states: list[ArticleState], pages: dict[str, tuple[int, int]],
             name: str) -> dict[str, Layout]:
    """A layout of each article with its pages, side by side, to count them; an article that fails to lay out
    stops (failed at render). Each article's float decisions carry on to its next layout."""
    layouts: dict[str, Layout] = {}

    def task(state: ArticleState) -> Task:
        runner.progress.stage(state, name)
        files, placement, given = state.files, state.placement, pages[state.entry.id]
        key = runner.key("layout", *job_values(job_for(state, build)), given, placement,
                         files=[files.enriched, *sorted(files.figures.glob("*"))])
        return Task(state.entry.id, name, layout_task, (files, build.issue, given, placement), key, (),
                    work_weight(state))

    def done(finished: Task, result: Any, cached: bool) -> list[Task]:
        state = build.article(finished.article)
        if isinstance(result, Stopped):
            result = Layout(0, "", failure=stopped(result, "render", runner.limits, state.entry.id))
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


def _settled(state: ArticleState, pages: tuple[int, int] | None, issue: LoadedIssue) -> None:
    """The article keeps its pages (None: it has none, being located by its e-location id) and its paginated JATS,
    written only when it changed (a rebuild with the same pages writes nothing)."""
    article = xmlio.parse(state.files.enriched).getroot()
    if pages is not None:
        set_pages(article, *pages, issue.journal)
    data = xmlio.to_bytes(article, xmlio.JATS_DOCTYPE)
    if not state.files.jats.is_file() or state.files.jats.read_bytes() != data:
        xmlio.write_bytes_atomic(state.files.jats, data)
    state.pages = pages
    state.outputs["jats"] = state.files.jats
