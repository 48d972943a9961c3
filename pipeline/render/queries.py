"""Findings that need the author's answer -> numbered author queries for the proof.

Production's own problems (a placeholder DOI, a schema detail) are not the
author's to answer; missing ORCIDs, affiliations or dates, uncited tables,
exceeded limits and mentions of missing figures are. Queries written in the
manifest come first, in the order production wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.config.journal import Journal
from pipeline.diagnostics import Finding

# Finding code -> how the query opens. What the journal asks in its own words is its config's (journal_asks).
ASK = {
    "enrich.orcid-missing": "Please provide the ORCID iD:",
    "enrich.orcid-invalid": "Please correct the ORCID iD:",
    "enrich.missing-metadata": "Please provide:",
    "ingest.object-unresolved": "Please check:",
    "ingest.no-keywords": "Please provide keywords:",
    "ingest.no-abstract": "Please provide an abstract:",
    "ingest.abstract-structure": "Please check the abstract:",
    "ingest.citation-unresolved": "Please check the citation:",
    "ingest.reference-unparsed": "Please check the reference:",
    "validate.limit": "Please shorten or justify:",
}
RULE_WARNINGS = {"reference-cited", "display-cited", "corresponding-author"}
NOT_FOR_AUTHORS = ("Epub date",)  # the issue date stands in; production knows


@dataclass(frozen=True)
class Query:
    number: int
    text: str
    xpath: str | None = None


def journal_asks(journal: Journal) -> dict[str, str]:
    """The queries the journal words itself (config: house_style): a missing key-points box."""
    query = journal.house_style.key_points.query
    return {"ingest.no-main-points": query} if query else {}


def author_queries(findings: Iterable[Finding], manifest_queries: Iterable[str] = (),
                   asks: Mapping[str, str] | None = None) -> list[Query]:
    """The queries of `findings` after the manifest's; `asks` (journal_asks) adds the journal's own openings."""
    openings = {**ASK, **(asks or {})}
    texts: list[tuple[str, str | None]] = [(q, None) for q in manifest_queries]
    seen: set[str] = set()
    for finding in findings:
        opening = openings.get(finding.code)
        if finding.code == "validate.rule-warning" and any(f"[rule {r}]" in finding.message for r in RULE_WARNINGS):
            opening = "Please check:"
        if opening is None or any(skip in finding.message for skip in NOT_FOR_AUTHORS):
            continue
        message = finding.message.split(" [rule ")[0]
        text = f"{opening} {message}"
        if text in seen:
            continue
        seen.add(text)
        texts.append((text, finding.xpath))
    return [Query(n, text, xpath) for n, (text, xpath) in enumerate(texts, 1)]
