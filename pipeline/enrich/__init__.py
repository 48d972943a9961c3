"""Enrich: ingested JATS + journal config + issue manifest -> JATS with all the metadata every output reads.

Written once, here, so that the HTML, the PDF, the TOC and every deposit read
the same values: journal-meta, DOI, categories, contributors (the manifest's,
with ORCID checked), affiliations, correspondence, publication and history
dates, volume and issue, permissions and licence, self-uri, and the cite-as
line. Pages are not known until the PDFs exist (pagination.py adds them);
nothing the pipeline cannot know is filled in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from pipeline import clock
from pipeline.config.journal import Journal
from pipeline.config.manifest import Article, LoadedIssue
from pipeline.diagnostics import Finding
from pipeline.enrich import dates, metadata


@dataclass
class EnrichResult:
    article: etree._Element
    doi: str | None
    findings: list[Finding] = field(default_factory=list)


def enrich(article: etree._Element, entry: Article, issue: LoadedIssue, journal: Journal) -> EnrichResult:
    findings: list[Finding] = []
    today = clock.build_date()
    for field_name, problem in (dates.issue_date_problems(issue.manifest, journal.limits, today)
                                + dates.article_date_problems(entry, journal.limits, today)):
        findings.append(Finding.of("enrich.date-invalid", problem, location=f"manifest: {field_name}"))
    doi = metadata.doi_of(entry, issue.manifest, journal, findings)
    meta = metadata.MetaBuilder(article, entry, issue.manifest, journal, doi, findings)
    meta.build()
    return EnrichResult(article, doi, [f.with_context(stage="enrich", article=entry.id) for f in findings])
