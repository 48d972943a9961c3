"""The issue's outputs, a table: each a function of the built issue (its articles' files and findings) -> files
under build/<issue key>/, in this order.

    PMC packages       each deposit-ready article's <base>.xml, <base>.pdf and supplied figures -> pmc/<name>.zip;
                       each article that built with errors gets a deposit.blocked finding instead
    PubMed             the JATS of the articles with a PMC package -> pubmed.xml
    Crossref           the same -> crossref.xml (its batch history kept in deposit/crossref-state.json)
    table of contents  every article's JATS -> toc.json, toc.html, toc.pdf
    report             every finding -> report.json, report.html, articles/<id>/report.html (last: it lists the
                       others' files)

One signature, `output(build) -> Made`: what it wrote and found, for the issue and per article. Outputs read
the build and do not change it; `write_outputs` merges what each made into the build before the next runs (so
that the deposits take exactly the articles that got a package). What they made is cached (runner.py) by
everything they read: the articles' states and files, the manifest, the journal config, the build's date; when
none changed, nothing is written again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline import clock
from pipeline.deposit import crossref, pmc, pubmed
from pipeline.diagnostics import Finding
from pipeline.issue import report, toc
from pipeline.issue.progress import Progress
from pipeline.issue.state import IssueBuild, Made

if TYPE_CHECKING:
    from pipeline.issue.runner import Runner

PMC_FOLDER = "pmc"


@dataclass(frozen=True)
class Output:
    name: str
    write: Callable[[IssueBuild], Made]


def pmc_packages(build: IssueBuild) -> Made:
    article_files: dict[str, dict[str, Path]] = {}
    findings: dict[str, list[Finding]] = {}
    for state in build.articles:
        if state.ok and not state.deposit_ready:
            findings[state.entry.id] = [Finding.of(
                "deposit.blocked", f"no PMC package, PubMed or Crossref record: the article has {len(state.errors)} "
                "error(s), listed above", article=state.entry.id, stage="deposit")]
    for state in build.articles:
        if not state.deposit_ready:
            continue
        package, found = pmc.build_package(state.files, build.out / PMC_FOLDER)
        findings[state.entry.id] = [f.with_context(article=state.entry.id, stage="deposit") for f in found]
        if package is not None:
            article_files[state.entry.id] = {"pmc": package}
    return Made(article_files=article_files, article_findings=findings)


def _packaged(build: IssueBuild) -> list[Path]:
    """The paginated JATS of the articles that got a PMC package, in table-of-contents order: what PubMed and
    Crossref are told about."""
    return [state.files.jats for state in build.articles if "pmc" in state.outputs]


def pubmed_file(build: IssueBuild) -> Made:
    out = build.out / "pubmed.xml"
    findings = pubmed.write_deposit(_packaged(build), build.journal, out)
    return Made(files={out.name: out} if out.is_file() else {}, findings=findings)


def crossref_file(build: IssueBuild) -> Made:
    out = build.out / "crossref.xml"
    findings = crossref.write_deposit(_packaged(build), build.journal, build.out, out,
                                      issue_date=build.issue.manifest.first_day)
    return Made(files={out.name: out} if out.is_file() else {}, findings=findings)


def table_of_contents(build: IssueBuild) -> Made:
    return Made(files=toc.write_all(build))


def build_report(build: IssueBuild) -> Made:
    return Made(files=report.write(build))


OUTPUTS: tuple[Output, ...] = (
    Output("PMC packages", pmc_packages),
    Output("PubMed", pubmed_file),
    Output("Crossref", crossref_file),
    Output("table of contents", table_of_contents),
    Output("report", build_report),
)


def write_outputs(build: IssueBuild, progress: Progress, runner: Runner | None = None) -> None:
    key = runner.key("outputs", *_read_by_outputs(build), files=_files_read(build)) if runner else None
    made: list[Made] | None = runner.cache.get("issue/outputs", key) if runner else None
    if made is not None:
        progress.issue_stage("outputs (unchanged)")
        for each in made:
            build.absorb(each)
        return
    made = []
    for output in OUTPUTS:
        progress.issue_stage(output.name)
        made.append(output.write(build))
        build.absorb(made[-1])
    if runner is not None:
        written = [*build.outputs.values(), *(p for s in build.articles for p in s.outputs.values())]
        runner.cache.put("issue/outputs", key, made, written)


def _read_by_outputs(build: IssueBuild) -> tuple:
    """The values the outputs read: the manifest, the build's date, each article's state (not its measures)."""
    articles = [(s.entry, s.files, s.failed, s.findings, s.pages, s.printed, s.queries, s.stats,
                 sorted(s.outputs.items())) for s in build.articles]
    return build.issue.manifest, build.issue.path, build.journal, build.findings, clock.build_date(), articles


def _files_read(build: IssueBuild) -> list[Path]:
    """Every file of every article (the PMC packages take the figures as supplied, named in work/figures.json)."""
    files = []
    for state in build.articles:
        if state.folder.is_dir():
            files += sorted(p for p in state.folder.rglob("*") if p.is_file() and p != state.files.report)
        files += [path for _, path in sorted(state.files.read_supplied().items())]
    return files
