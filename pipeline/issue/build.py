"""The issue build: an issue manifest -> every output of the issue, under build/<issue>/.

`build_issue()` reads as the whole flow. Each article goes through the stages
on its own; a stage that fails records why and stops that article only, and
the issue carries on. Pages are given in table-of-contents order from the
PDFs of the articles that built.

    build/vol29-issue4/
      articles/<id>/<base>.xml          the paginated JATS (the source of truth for everything below)
      articles/<id>/<base>.html         article page (+ article.css, figures/)
      articles/<id>/<base>.pdf          final PDF (PDF/UA);  <base>.archive.pdf  PDF/A-3a
      articles/<id>/<base>.proof.pdf    proof for the authors
      articles/<id>/report.html         the article's findings;  work/  the stage files
      pmc/<base>.zip                    one PMC package per deposit-ready article
      pubmed.xml  crossref.xml          the issue's deposits
      toc.html  toc.pdf  toc.json       the table of contents
      report.html  report.json          the build report
"""

from __future__ import annotations

import shutil
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from pipeline import identifiers, xmlio
from pipeline.config import Article, Journal, LoadedIssue, load_issue, load_journal
from pipeline.diagnostics import Finding, PipelineError, Severity, fail
from pipeline.enrich import enrich
from pipeline.enrich.pagination import page_ranges, set_pages
from pipeline.ingest import convert
from pipeline.issue.progress import Progress
from pipeline.proof import queries_file as proof_queries
from pipeline.render.figures import materialize
from pipeline.render.queries import Query, author_queries
from pipeline.validate import RuleParams, validate_article

PROJECT = Path(__file__).resolve().parents[2]
MAX_PAGINATION_PASSES = 3


@dataclass
class ArticleState:
    entry: Article
    folder: Path
    findings: list[Finding] = field(default_factory=list)
    failed: str | None = None  # the stage that stopped it
    base: str | None = None
    tree: etree._Element | None = None
    figures: dict[str, Path] = field(default_factory=dict)
    queries: list[Query] = field(default_factory=list)
    pages: tuple[int, int] | None = None
    printed: list[int | None] = field(default_factory=list)  # the numbers the final PDF prints, page by page
    final_findings: list[Finding] = field(default_factory=list)  # of the latest final PDF render
    placement: str | None = None  # the float pass's decisions for the final PDF (reused by later passes, archive)
    outputs: dict[str, Path] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.failed is None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def deposit_ready(self) -> bool:
        return self.ok and not self.errors

    def path(self, suffix: str) -> Path:
        return self.folder / f"{self.base}{suffix}"


@dataclass
class IssueBuild:
    issue: LoadedIssue
    journal: Journal
    out: Path
    articles: list[ArticleState]
    findings: list[Finding] = field(default_factory=list)  # the issue's own (deposits, TOC)
    outputs: dict[str, Path] = field(default_factory=dict)

    @property
    def failed(self) -> list[ArticleState]:
        return [a for a in self.articles if not a.deposit_ready]


def build_issue(manifest: Path, build_root: Path, progress: Progress | None = None) -> IssueBuild:
    progress = progress or Progress()
    journal = load_journal(PROJECT / "config" / "journal.yaml")
    issue = load_issue(manifest, journal)
    out = build_root / issue.key
    build = IssueBuild(issue, journal, out, [ArticleState(a, out / "articles" / a.id) for a in issue.manifest.articles])
    _clean(out)
    progress.start(build)
    for state in build.articles:
        _stage(state, "ingest", lambda s: _ingest(s, build), progress)
        _stage(state, "enrich", lambda s: _enrich(s, build), progress)
    _check_dois(build, build_root, progress)
    for state in build.articles:
        _stage(state, "validate", lambda s: _validate(s, build, paginated=False), progress)
    _paginate(build, progress)
    for state in build.articles:
        _stage(state, "render", lambda s: _render(s, build), progress)
        _stage(state, "check", lambda s: _final_check(s, build), progress)
    for state in build.articles:
        if state.failed:
            _discard_partial(state)
    _deposits(build, progress)
    _table_of_contents(build, progress)
    _report(build)
    _register_dois(build, build_root)
    progress.finish(build)
    return build


# --- running a stage ----------------------------------------------------------------------------------------------

def _stage(state: ArticleState, name: str, work: Callable[[ArticleState], None], progress: Progress) -> None:
    if not state.ok:
        return
    progress.stage(state, name)
    before = len(state.findings)
    try:
        work(state)
    except PipelineError as exc:
        state.findings.append(exc.finding.with_context(article=state.entry.id, stage=name))
        state.failed = name
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        state.findings.append(Finding.of(
            "build.internal", f"the {name} stage hit an unexpected problem ({type(exc).__name__}: {exc}, at "
            f"{Path(where.filename).name}:{where.lineno}); please report it with this article",
            article=state.entry.id, stage=name))
        state.failed = name
    progress.done(state, name, state.findings[before:])


def _clean(out: Path) -> None:
    """Each build starts afresh, so no output of an earlier run can pass for this one's. The deposit ledger and
    the Crossref batch history (out/deposit/) are kept: they record what left the building."""
    for name in ("articles", "pmc", "work"):
        shutil.rmtree(out / name, ignore_errors=True)
    for pattern in ("*.xml", "*.html", "*.pdf", "*.json", "*.css"):
        for file in out.glob(pattern):
            file.unlink()
    out.mkdir(parents=True, exist_ok=True)


def _discard_partial(state: ArticleState) -> None:
    """An article that stopped keeps only its stage files (work/), for finding out why, and its report: no
    figure or page of it may pass for an output."""
    if not state.folder.is_dir():
        return
    for child in sorted(state.folder.iterdir()):
        if child.name == "work":
            continue
        if child.is_dir():
            shutil.rmtree(child)
        else:
            child.unlink()
    state.outputs.clear()


# --- the stages -------------------------------------------------------------------------------------------------

def _ingest(state: ArticleState, build: IssueBuild) -> None:
    entry, issue = state.entry, build.issue
    manuscript = issue.file(entry.manuscript)
    missing = [name for name in entry.figures if not issue.file(name).is_file()]
    for name in missing:
        state.findings.append(Finding.of("input.missing-file", f"the figure file {name} named in the manifest does "
                                         "not exist", file=str(issue.file(name)), article=entry.id, stage="ingest"))
    for name in sorted({name for name in entry.figures if entry.figures.count(name) > 1}):
        state.findings.append(Finding.of("input.listed-twice", f"the figure file {name} is listed twice in the "
                                         "manifest (was another file meant?); it is used once",
                                         file=str(issue.file(name)), article=entry.id, stage="ingest"))
    files = list(dict.fromkeys(issue.file(name) for name in entry.figures if name not in missing))
    result = convert(manuscript, files, build.journal, entry.type)
    state.findings.extend(f.with_context(article=entry.id) for f in result.findings)
    state.figures = result.figures
    state.stats = result.stats
    xmlio.write_jats(state.folder / "work" / "ingested.xml", result.article)
    state.tree = result.article


def _enrich(state: ArticleState, build: IssueBuild) -> None:
    result = enrich(state.tree, state.entry, build.issue, build.journal)
    state.findings.extend(result.findings)
    # Without a valid DOI (an error already reported) the files take the manifest id, so that the article still
    # gets its proof and its full report; the error keeps it from any deposit.
    state.base = identifiers.file_base(result.doi) if result.doi else state.entry.id
    state.tree = result.article
    xmlio.write_jats(state.folder / "work" / "enriched.xml", state.tree)
    state.findings.extend(f.with_context(article=state.entry.id) for f in materialize(state.figures,
                                                                                       state.folder / "figures"))


def _rule_params(state: ArticleState, build: IssueBuild, paginated: bool) -> RuleParams:
    return RuleParams(build.journal.article_types[state.entry.type], state.entry.multicentre, paginated)


def _validate(state: ArticleState, build: IssueBuild, paginated: bool) -> None:
    findings = validate_article(state.tree, build.journal, _rule_params(state, build, paginated),
                                file=str(state.folder / "work" / "enriched.xml"))
    state.findings.extend(f.with_context(article=state.entry.id) for f in findings)
    state.queries = author_queries(state.findings, state.entry.queries)


def _paginate(build: IssueBuild, progress: Progress) -> None:
    """Pages run on from the manifest's first page in table-of-contents order; each article's page count comes
    from its final PDF. Re-rendered with the real numbers, an article could change length (the cite-as line
    grows), so the count is checked again until it holds."""
    from pipeline.render.pdf import render_pdf

    ready = [s for s in build.articles if s.ok]
    counts = {s.entry.id: 0 for s in ready}
    first = build.issue.manifest.first_page
    ranges = None
    changed = True
    for _ in range(MAX_PAGINATION_PASSES):
        # the articles still standing: one that fails to lay out drops out, and the pages close up behind it
        counted = ready and all(counts[s.entry.id] for s in ready)
        ranges = page_ranges(first, [max(1, counts[s.entry.id]) for s in ready]) if counted else None
        changed = False
        for n, state in enumerate(ready):
            if ranges is not None:
                set_pages(state.tree, *ranges[n], build.journal)
            start = ranges[n][0] if ranges is not None else 1
            progress.stage(state, "paginate")
            try:
                rendered = render_pdf(state.tree, state.path(".pdf"), build.journal, "final",
                                      figures_dir=state.folder / "figures", first_page=start,
                                      issue_date=build.issue.manifest.publication_date, placement=state.placement)
            except PipelineError as exc:
                state.findings.append(exc.finding.with_context(article=state.entry.id, stage="render"))
                state.failed = "render"
                progress.done(state, "layout", [state.findings[-1]])
                changed = True
                continue
            progress.done(state, "paginate" if ranges is not None else "layout", [])
            if rendered.article_pages != counts[state.entry.id]:
                counts[state.entry.id] = rendered.article_pages
                changed = True
            state.final_findings = rendered.findings
            state.printed = rendered.printed_numbers
            state.placement = rendered.top_floats
        ready = [s for s in ready if s.ok]
        if not changed and ranges is not None:
            break
    if ready and (changed or ranges is None):
        # Page counts that never settled would print wrong numbers: no article gets pages it may not keep.
        for state in ready:
            state.findings.append(Finding.of(
                "render.page-numbers", f"the page numbers did not settle after {MAX_PAGINATION_PASSES} layouts "
                "(an article changed length each time its numbers changed); rebuild, and report it if it stays",
                article=state.entry.id, stage="paginate"))
            state.failed = "paginate"
        ready = []
    for state in ready:
        state.pages = (int(state.tree.findtext("front/article-meta/fpage")),
                       int(state.tree.findtext("front/article-meta/lpage")))
        state.outputs["pdf"] = state.path(".pdf")
        state.findings.extend(f.with_context(article=state.entry.id) for f in state.final_findings)
    if any(not s.ok for s in build.articles):
        build.findings.append(Finding.of(
            "render.page-numbers", "not every article built, so the pages of the articles after a failed one will "
            "change when it is fixed: treat this issue's pagination as provisional"))


def _render(state: ArticleState, build: IssueBuild) -> None:
    from pipeline.render.html import render_article_html
    from pipeline.render.pdf import render_pdf

    xmlio.write_jats(state.path(".xml"), state.tree)
    state.outputs["jats"] = state.path(".xml")
    state.queries = author_queries(state.findings, state.entry.queries)
    proof = render_pdf(state.tree, state.path(".proof.pdf"), build.journal, "proof",
                       figures_dir=state.folder / "figures", first_page=state.pages[0],
                       issue_date=build.issue.manifest.publication_date, queries=state.queries)
    state.outputs["proof"] = proof.path
    state.outputs["proof-queries"] = proof_queries.write(proof.path, state.queries)  # what sending the proof lists
    archive = render_pdf(state.tree, state.path(".archive.pdf"), build.journal, "archive",
                         figures_dir=state.folder / "figures", first_page=state.pages[0],
                         issue_date=build.issue.manifest.publication_date, placement=state.placement)
    if archive.pages != state.pages[1] - state.pages[0] + 1:
        raise fail("build.internal", f"the archive PDF has {archive.pages} pages, the final PDF "
                   f"{state.pages[1] - state.pages[0] + 1}", article=state.entry.id)
    state.outputs["archive"] = archive.path
    state.findings.extend(f.with_context(article=state.entry.id) for f in proof.findings)
    state.outputs["html"] = render_article_html(state.path(".xml"), state.folder, build.journal,
                                                pdf_name=state.path(".pdf").name)


def _final_check(state: ArticleState, build: IssueBuild) -> None:
    # Validation of the paginated file: what the deposits will carry. Findings of the earlier pass are replaced.
    state.findings = [f for f in state.findings if f.stage != "validate"]
    _validate(state, build, paginated=True)
    printed = state.printed
    expected = list(range(state.pages[0], state.pages[1] + 1))
    if printed != expected:
        state.findings.append(Finding.of(
            "render.page-numbers", f"the PDF prints page numbers {printed}, the JATS says {expected}",
            file=str(state.outputs["pdf"]), article=state.entry.id, stage="check"))


# --- DOIs ---------------------------------------------------------------------------------------------------------

REGISTRY = "dois.json"


def _check_dois(build: IssueBuild, build_root: Path, progress: Progress | None = None) -> None:
    """A DOI is used once in the issue and never again in another issue's build. Only articles with a problem
    get a line of progress (with the error), as every error does."""
    import json

    seen: dict[str, str] = {}
    registry_file = build_root / REGISTRY
    registry = json.loads(registry_file.read_text(encoding="utf-8")) if registry_file.is_file() else {}
    for state in build.articles:
        if not state.ok:
            continue
        before = len(state.findings)
        doi = state.tree.findtext("front/article-meta/article-id[@pub-id-type='doi']")
        if doi in seen:
            state.findings.append(Finding.of("enrich.doi-duplicate", f"the DOI {doi} is also the DOI of article "
                                             f"{seen[doi]} in this issue", article=state.entry.id, stage="enrich"))
        seen[doi] = state.entry.id
        owner = registry.get(doi)
        if owner and not owner.startswith(f"{build.issue.key}/"):
            state.findings.append(Finding.of("enrich.doi-duplicate", f"the DOI {doi} was already used by {owner} in "
                                             "an earlier build", article=state.entry.id, stage="enrich"))
        new = state.findings[before:]
        if new and progress is not None:
            progress.done(state, "DOI check", new)


def _register_dois(build: IssueBuild, build_root: Path) -> None:
    import json

    registry_file = build_root / REGISTRY
    registry = json.loads(registry_file.read_text(encoding="utf-8")) if registry_file.is_file() else {}
    registry = {k: v for k, v in registry.items() if not v.startswith(f"{build.issue.key}/")}
    for state in build.articles:
        if state.deposit_ready and state.tree is not None:
            doi = state.tree.findtext("front/article-meta/article-id[@pub-id-type='doi']")
            registry[doi] = f"{build.issue.key}/{state.entry.id}"
    xmlio.write_bytes_atomic(registry_file, (json.dumps(registry, indent=1, sort_keys=True) + "\n").encode())


# --- issue outputs ------------------------------------------------------------------------------------------------

def _deposits(build: IssueBuild, progress: Progress) -> None:
    from pipeline.deposit import crossref, pmc, pubmed

    ready = [s for s in build.articles if s.deposit_ready]
    for state in build.articles:
        if state.ok and not state.deposit_ready:
            state.findings.append(Finding.of(
                "deposit.blocked", f"no PMC package, PubMed or Crossref record: the article has {len(state.errors)} "
                "error(s), listed above", article=state.entry.id, stage="deposit"))
    progress.issue_stage("deposits")
    for state in ready:
        package, findings = pmc.build_package(state.outputs["jats"], state.outputs["pdf"], state.figures,
                                              build.out / "pmc")
        state.findings.extend(f.with_context(article=state.entry.id, stage="deposit") for f in findings)
        if package is not None:
            state.outputs["pmc"] = package
    files = [s.outputs["jats"] for s in ready if "pmc" in s.outputs]
    build.findings += pubmed.write_deposit(files, build.journal, build.out, build.out / "pubmed.xml")
    build.findings += crossref.write_deposit(files, build.journal, build.out, build.out / "crossref.xml",
                                             issue_date=build.issue.manifest.publication_date)
    for name in ("pubmed.xml", "crossref.xml"):
        if (build.out / name).is_file():
            build.outputs[name] = build.out / name
    if "example.org" in build.journal.crossref.depositor_email:
        build.findings.append(Finding.of("config.placeholder", "the Crossref depositor e-mail in config/journal.yaml "
                                         "is still the example.org placeholder", file="config/journal.yaml"))


def _table_of_contents(build: IssueBuild, progress: Progress) -> None:
    from pipeline.issue import toc

    progress.issue_stage("table of contents")
    build.outputs.update(toc.write_all(build))


def _report(build: IssueBuild) -> None:
    from pipeline.issue import report

    build.outputs.update(report.write(build))
