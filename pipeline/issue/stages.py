"""The article stages, a table: each turns an article's files into its next files, and says what it found.

    ingest    manuscript (.docx) + figure files        -> work/ingested.xml, work/figures.json (+ work/embedded/:
                                                          the pictures figures take from the manuscript)
    correct   work/ingested.xml + the issue folder's   -> work/corrected.xml (the corrections production accepted
              corrections/<id>.yaml                       from the proofs, each made or an error that names it)
    enrich    work/corrected.xml + manifest + journal  -> work/enriched.xml, figures/
    validate  work/enriched.xml                        -> findings
       (pagination, an issue step between validate and render: pipeline/issue/paginate.py
        work/enriched.xml -> <base>.xml with its pages; then the pages' order for their links,
        pipeline/issue/navigation.py -> each article's links file, the issue's work/links/<id>.json)
    render    <base>.xml + figures/ + links file      -> <base>.proof.pdf (+ .proof.queries.json, the queries
              (+ proofs/ledger.json: the proof's round)  it prints), <base>.pdf and <base>.archive.pdf (written
                                                          from the proof's layout), <base>.html
    check     <base>.xml                               -> findings (the validation the deposits rely on; they
                                                          replace those of validate)

Every stage has one signature, `stage(job, result)`: the job (ArticleJob) holds everything the stage reads (its
files through ArticleFiles, the manifest entry, the journal config, and for render the author queries and the
final PDF's float decisions), so that a stage can run in another process; the stage writes its files and records
in `result` what it wrote and found as it goes, so that a stage that stops half-way keeps what it found before.
Each stage also names the files it reads and writes (`reads(job)`, `writes(job)`), for hashing its inputs and
checking its outputs. The JATS files are the only hand-off between stages.
"""

from __future__ import annotations

import shutil
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree

from pipeline import clock, xmlio
from pipeline.articlefiles import ArticleFiles
from pipeline.config import Article, LoadedIssue
from pipeline.diagnostics import Finding, PipelineError, fail
from pipeline.enrich import enrich as enrich_article
from pipeline.enrich.pagination import pages_of
from pipeline.ingest import convert
from pipeline.proof import accepted
from pipeline.proof import queries_file as proof_queries
from pipeline.proof.change_marks import MarkedRound
from pipeline.proof.ledger import LEDGER_FILE
from pipeline.proof.rounds import ProofRound, proof_round
from pipeline.render import sitenav
from pipeline.render.figures import materialize
from pipeline.render.queries import Query, author_queries
from pipeline.validate import RuleParams, validate_article

if TYPE_CHECKING:
    from pipeline.issue.state import ArticleState, IssueBuild


@dataclass(frozen=True)
class ArticleJob:
    """What one stage of one article reads, by name (picklable: it can be sent to another process)."""

    entry: Article
    issue: LoadedIssue  # the manifest, its folder, and the journal config
    files: ArticleFiles
    queries: tuple[Query, ...] = ()  # the author queries the proof prints
    placement: str | None = None  # the final PDF's float decisions


@dataclass
class StageResult:
    findings: list[Finding] = field(default_factory=list)
    outputs: dict[str, Path] = field(default_factory=dict)  # kind ("proof", "html") -> the file written
    stats: dict[str, int] = field(default_factory=dict)
    queries: list[Query] | None = None  # the author queries a stage printed
    printed: list[int | None] | None = None  # the number each page of the final PDF prints, read from its layout
    failed: bool = False
    # what it cost, for the benchmark, never for the outputs: "cpu" seconds (pandoc's included), and the PDF
    # engine's "layouts" and "writes" (pipeline/render/engine_count.py)
    measures: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable[[ArticleJob, StageResult], None]
    reads: Callable[[ArticleJob], list[Path]]  # the files it reads (besides the job's values and the code)
    writes: Callable[[ArticleJob], list[Path]]  # the files it writes when it succeeds
    replaces: str | None = None  # the stage whose findings this one's replace
    dated: bool = False  # its result depends on the build's date (pipeline/clock.py)


# --- the stages ---------------------------------------------------------------------------------------------------

def ingest(job: ArticleJob, result: StageResult) -> None:
    entry, issue = job.entry, job.issue
    manuscript = issue.file(entry.manuscript)  # a path out of the issue folder stops the article here, unopened
    missing = [name for name in entry.figures if not issue.file(name).is_file()]
    for name in missing:
        result.findings.append(Finding.of("input.missing-file", f"the figure file {name} named in the manifest "
                                          "does not exist", file=str(issue.file(name)), stage="ingest"))
    for name in sorted({name for name in entry.figures if entry.figures.count(name) > 1}):
        result.findings.append(Finding.of("input.listed-twice", f"the figure file {name} is listed twice in the "
                                          "manifest (was another file meant?); it is used once",
                                          file=str(issue.file(name)), stage="ingest"))
    files = list(dict.fromkeys(issue.file(name) for name in entry.figures if name not in missing))
    if job.files.embedded.is_dir():  # what an earlier build took from the manuscript: taken again, or not at all
        shutil.rmtree(job.files.embedded)
    converted = convert(manuscript, files, issue.journal, entry.type, embedded_folder=job.files.embedded)
    result.findings.extend(converted.findings)
    result.stats.update(converted.stats)
    job.files.write_supplied(converted.figures)
    xmlio.write_jats(job.files.ingested, converted.article)


def correct(job: ArticleJob, result: StageResult) -> None:
    source = _corrections(job)
    made = accepted.read(source)
    article = _jats(job.files.ingested)
    result.findings.extend(accepted.apply(article, made.corrections, file=str(source)))
    result.findings.extend(accepted.manifest_findings(made.answers, job.entry, job.issue.path.name,
                                                      file=str(source)))
    xmlio.write_jats(job.files.corrected, article)


def enrich(job: ArticleJob, result: StageResult) -> None:
    enriched = enrich_article(_jats(job.files.corrected), job.entry, job.issue, job.issue.journal)
    result.findings.extend(enriched.findings)
    xmlio.write_jats(job.files.enriched, enriched.article)
    result.findings.extend(materialize(job.files.read_supplied(), job.files.figures))


def validate(job: ArticleJob, result: StageResult) -> None:
    result.findings.extend(_validated(job.files.enriched, job, paginated=False))


def render(job: ArticleJob, result: StageResult) -> None:
    from pipeline.render.html import render_article_html
    from pipeline.render.pdf import render_pdf

    files, journal = job.files, job.issue.journal
    article = _jats(files.jats)
    pages = pages_of(article) if journal.publication.paged else None
    if journal.publication.paged and not (pages and pages[0]):
        raise fail("build.internal", "the article has no pages: pagination did not run", file=str(files.jats))
    first = pages[0] if pages else 1  # online only: no issue pages, each PDF numbers its own from 1
    round_ = _marking_changes(job, article, proof_round(files.issue_folder, job.entry.id, clock.build_date(),
                                                        journal.proofs))
    # one layout with the pages, replaying pagination's decisions: the proof, then the final PDF and its archive
    # copy written from it (pdf.py's `copies`)
    proof = render_pdf(article, files.proof, journal, "proof", queries=job.queries, proof_round=round_,
                       figures_dir=files.figures, first_page=first, issue_date=job.issue.manifest.publication_date,
                       placement=job.placement, copies={"final": files.pdf, "archive": files.archive})
    if pages and proof.article_pages != pages[1] - pages[0] + 1:
        raise fail("render.page-numbers", f"laid out with its pages, the article has {proof.article_pages} pages, "
                   f"not the {pages[1] - pages[0] + 1} pagination counted ({pages[0]}-{pages[1]}): report it "
                   "(the layout with the real page numbers should break where the counting one did)",
                   file=str(files.pdf))
    result.outputs.update({"proof": proof.path, "pdf": files.pdf, "archive": files.archive})
    result.outputs["proof-queries"] = proof_queries.write(proof.path, proof.queries)  # what sending the proof lists
    result.queries = list(proof.queries)
    result.printed = proof.printed_numbers[proof.cover_pages:proof.cover_pages + proof.article_pages]
    result.findings.extend(_changes_not_shown(round_, files.proof))
    result.findings.extend(proof.findings)
    result.outputs["html"] = render_article_html(
        files.jats, files.folder, journal, pdf_name=files.pdf.name, issue_date=job.issue.manifest.publication_date,
        links=sitenav.read(files.links), doi_placeholder=job.entry.placeholder_manuscript_number)


def _marking_changes(job: ArticleJob, article: etree._Element, round_: ProofRound) -> ProofRound | MarkedRound:
    """Once a proof of the article was sent and its text changed since: the proof marks what changed (a round whose
    proof is made marked, so that it is the marked proof that is compared with the one sent)."""
    from pipeline.proof.changes import changes_since

    since = changes_since(job.files.issue_folder, job.entry.id, article)  # the JATS render already parsed
    return round_ if since is None else MarkedRound(round_, since[0], since[1], job.issue.journal)


def _changes_not_shown(round_: ProofRound | MarkedRound, proof: Path) -> list[Finding]:
    if not isinstance(round_, MarkedRound):
        return []
    return [Finding.of("correction.manual", f"the proof lists a change since round {round_.since} that it cannot show "
                       f"on its pages ({p.change.describe()}, {p.change.where})", file=str(proof),
                       xpath=p.change.xpath or None) for p in round_.placed if p.page is None]


def check(job: ArticleJob, result: StageResult) -> None:
    # Validation of the paginated file: what the deposits will carry.
    result.findings.extend(_validated(job.files.jats, job, paginated=True))


def _jats(path: Path) -> etree._Element:
    return xmlio.parse(path).getroot()


def _validated(path: Path, job: ArticleJob, paginated: bool) -> list[Finding]:
    params = RuleParams(job.issue.journal.article_types[job.entry.type], job.entry.multicentre, paginated,
                        job.entry.license)
    return validate_article(_jats(path), job.issue.journal, params, file=str(path))


# What each stage reads and writes, by name (module functions, so that a Stage can be sent to another process).

def _ingest_reads(job: ArticleJob) -> list[Path]:
    return [job.issue.file(job.entry.manuscript), *(job.issue.file(name) for name in dict.fromkeys(job.entry.figures))]


def _ingest_writes(job: ArticleJob) -> list[Path]:
    return [job.files.ingested, job.files.supplied, *sorted(job.files.embedded.glob("*"))]


def _corrections(job: ArticleJob) -> Path:
    return accepted.path_for(job.issue.folder, job.entry.id)


def _correct_reads(job: ArticleJob) -> list[Path]:
    corrections = _corrections(job)
    return [job.files.ingested, *([corrections] if corrections.is_file() else [])]


def _correct_writes(job: ArticleJob) -> list[Path]:
    return [job.files.corrected]


def _enrich_reads(job: ArticleJob) -> list[Path]:
    return [job.files.corrected, job.files.supplied, *job.files.read_supplied().values()]


def _enrich_writes(job: ArticleJob) -> list[Path]:
    return [job.files.enriched, *_figures(job)]


def _enriched(job: ArticleJob) -> list[Path]:
    return [job.files.enriched]


def _paginated(job: ArticleJob) -> list[Path]:
    return [job.files.jats]


def _render_reads(job: ArticleJob) -> list[Path]:
    from pipeline.proof.changes import bases

    # the proof's round and dates come from the proof ledger, once a proof was sent (and from the build's date),
    # and it marks its changes against the JATS of the rounds sent
    ledger = job.files.issue_folder / LEDGER_FILE
    return [job.files.jats, job.files.links, *_figures(job), *([ledger] if ledger.is_file() else []),
            *bases(job.files.issue_folder, job.entry.id)]


def _render_writes(job: ArticleJob) -> list[Path]:
    from pipeline.render.html import CSS

    files = job.files
    return [files.proof, files.pdf, files.archive, proof_queries.path_for(files.proof), files.path(".html"),
            files.folder / CSS]


def _nothing(job: ArticleJob) -> list[Path]:
    return []


def _figures(job: ArticleJob) -> list[Path]:
    return [job.files.figures / name for name in sorted(job.files.read_supplied())]


STAGES: dict[str, Stage] = {stage.name: stage for stage in (
    Stage("ingest", ingest, _ingest_reads, _ingest_writes),
    Stage("correct", correct, _correct_reads, _correct_writes),
    Stage("enrich", enrich, _enrich_reads, _enrich_writes, dated=True),
    Stage("validate", validate, _enriched, _nothing),
    Stage("render", render, _render_reads, _render_writes, dated=True),  # the proof's cover: made, deadline
    Stage("check", check, _paginated, _nothing, replaces="validate"),
)}


# --- running them -------------------------------------------------------------------------------------------------

def stage_named(name: str) -> Stage:
    try:
        return STAGES[name]
    except KeyError:
        raise fail("build.internal", f"unknown stage {name!r}; the stages: {', '.join(STAGES)}") from None


def run_stage(stage: Stage, job: ArticleJob) -> StageResult:
    """One stage of one article. It never raises: a stage that cannot go on (a PipelineError) or that hits a bug
    gives a failed result with the finding that says why, and what it found before."""
    result = StageResult()
    with measured(result.measures):
        _run(stage, job, result)
    return result


def _run(stage: Stage, job: ArticleJob, result: StageResult) -> None:
    try:
        stage.run(job, result)
    except MemoryError:
        result.findings.append(over_memory(stage.name, job.issue.journal.limits.stage_memory_mb))
        result.failed = True
    except Exception as exc:
        result.findings.append(failure(exc, stage.name))
        result.failed = True
    result.findings = [f.with_context(article=job.entry.id, stage=stage.name) for f in result.findings]


@contextmanager
def measured(measures: dict[str, float]) -> Iterator[None]:
    """Add to `measures` the CPU seconds of this process and the children it waited for (pandoc), and the PDF
    engine's layouts and writes, of what runs inside."""
    from pipeline.render import engine_count

    before, engine = _cpu_seconds(), engine_count.snapshot()
    try:
        yield
    finally:
        measures["cpu"] = measures.get("cpu", 0.0) + _cpu_seconds() - before
        for name, count in engine_count.since(engine).items():
            measures[name] = measures.get(name, 0) + count


def _cpu_seconds() -> float:
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def over_memory(stage: str, memory_mb: int) -> Finding:
    return Finding.of("input.over-limit", f"the {stage} stage needed more memory than the cap of {memory_mb} MB "
                      "(limits.stage_memory_mb in the journal config) and was stopped; an input that needs this much "
                      "is usually far too large (a huge table, paragraph or image): check the manuscript, or raise "
                      "the limit", stage=stage)


def failure(exc: Exception, stage: str) -> Finding:
    """The finding for an exception that stopped a stage: a PipelineError's own, or a bug's, to be reported."""
    if isinstance(exc, PipelineError):
        return exc.finding
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return Finding.of("build.internal", f"the {stage} stage hit an unexpected problem ({type(exc).__name__}: {exc}, "
                      f"at {Path(where.filename).name}:{where.lineno}); please report it with this article")


def job_for(state: ArticleState, build: IssueBuild) -> ArticleJob:
    queries = tuple(author_queries(state.findings, build.journal, state.entry.queries))
    return ArticleJob(state.entry, build.issue, state.files, queries, state.placement)


def record(state: ArticleState, stage: Stage, result: StageResult) -> None:
    if stage.replaces:
        state.findings = [f for f in state.findings if f.stage != stage.replaces]
    state.findings.extend(result.findings)
    state.outputs.update(result.outputs)
    state.stats.update(result.stats)
    for name, value in result.measures.items():
        state.measures[f"{stage.name} {name}"] = state.measures.get(f"{stage.name} {name}", 0) + value
    if result.queries is not None:
        state.queries = result.queries
    if result.printed is not None:
        state.printed = result.printed
    if result.failed:
        state.failed = stage.name
