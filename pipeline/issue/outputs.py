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
that the deposits take exactly the articles that got a package).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.deposit import crossref, pmc, pubmed
from pipeline.diagnostics import Finding
from pipeline.issue import report, toc
from pipeline.issue.progress import Progress
from pipeline.issue.state import IssueBuild, Made

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


def write_outputs(build: IssueBuild, progress: Progress) -> None:
    for output in OUTPUTS:
        progress.issue_stage(output.name)
        build.absorb(output.write(build))
