"""Findings that need the author's answer -> numbered author queries for the proof.

Production's own problems (a placeholder DOI, a schema detail) are not the
author's to answer; missing ORCIDs, affiliations or dates, uncited tables,
exceeded limits and mentions of missing figures are. Queries written in the
manifest come first, in the order production wrote them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.diagnostics import Finding

# Finding code -> how the query opens.
ASK = {
    "enrich.orcid-missing": "Please provide the ORCID iD:",
    "enrich.orcid-invalid": "Please correct the ORCID iD:",
    "enrich.missing-metadata": "Please provide:",
    "ingest.object-unresolved": "Please check:",
    "ingest.no-keywords": "Please provide keywords:",
    "ingest.no-main-points": "Please provide 3 to 5 main points:",
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


def author_queries(findings: Iterable[Finding], manifest_queries: Iterable[str] = ()) -> list[Query]:
    texts: list[tuple[str, str | None]] = [(q, None) for q in manifest_queries]
    seen: set[str] = set()
    for finding in findings:
        opening = ASK.get(finding.code)
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
