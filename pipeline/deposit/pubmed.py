"""PubMed deposit: the issue's paginated JATS articles -> one PubMed <ArticleSet> file.

The file is PubMed's publisher format ("XML for data providers", PubMed DTD 3.0). The mapping lives in
xslt/jats-to-pubmed.xsl; this module decides which articles go in (those with every value PubMed
requires), runs the stylesheet, validates the result against the PubMed DTD and only then writes it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from pipeline import xmlio, xslt
from pipeline.config.journal import Journal
from pipeline.deposit.ready import finding, ready_article, text
from pipeline.diagnostics import Finding, PipelineError
from pipeline.validate.schemas import validate_pubmed

STYLESHEET = "jats-to-pubmed.xsl"
DOCTYPE = '<!DOCTYPE ArticleSet PUBLIC "-//NLM//DTD PubMed 3.0//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/in/PubMed.dtd">'

META = "front/article-meta"
ARTICLE_TYPE = f"{META}/article-categories/subj-group[@subj-group-type='article-type']/subject"

# Values PubMed cannot do without: (where in the JATS, what production staff are told is missing).
REQUIRED: tuple[tuple[str, str], ...] = (
    ("front/journal-meta/publisher/publisher-name", "the publisher's name (journal-meta)"),
    ("front/journal-meta/issn", "the journal's ISSN (journal-meta)"),
    (f"{META}/article-id[@pub-id-type='doi']", "its DOI"),
    (f"{META}/title-group/article-title", "its title"),
    (f"{META}/volume", "the volume number"),
    (f"{META}/pub-date[@date-type='collection']/year", "the issue's date (the collection pub-date)"),
    (f"{META}/fpage | {META}/elocation-id",
     "its first page number (fpage; is the article paginated?) or its e-location id"),
)


def write_deposit(jats_files: Sequence[Path], journal: Journal, output: Path) -> list[Finding]:
    """Write the PubMed file for the deposit-ready articles of `jats_files` (in table-of-contents order).

    An article lacking a required value is left out with a `deposit.missing-value` finding. Nothing is
    written when no article is left or when the result is not valid against the PubMed DTD.
    """
    findings: list[Finding] = []
    articles = [a for path in jats_files if (a := _ready_article(path, journal, findings)) is not None]
    if not articles:
        findings.append(finding("deposit.blocked", "No article is ready for PubMed, so no PubMed file was made.",
                                 output))
        return findings

    wrapper = etree.Element("articles")
    wrapper.extend(articles)
    types = {name: article_type.pubmed for name, article_type in journal.article_types.items()}
    try:
        result = xmlio.parse_bytes(xslt.transform(STYLESHEET, wrapper, publication_types=json.dumps(types)))
    except PipelineError as exc:
        return [*findings, exc.finding.with_context(file=str(output), stage="deposit")]

    invalid = validate_pubmed(result, file=str(output))
    if invalid:
        return [*findings, *(f.with_context(stage="deposit") for f in invalid)]
    xmlio.write_xml(output, result, DOCTYPE, pretty=True)
    return findings


def _ready_article(path: Path, journal: Journal, findings: list[Finding]) -> etree._Element | None:
    """The article's root element, or None (with findings) when PubMed cannot take it."""
    article = ready_article(path, REQUIRED, "the PubMed file", "PubMed", findings)
    if article is None:
        return None
    article_type = text(article, ARTICLE_TYPE)
    if article_type not in journal.article_types:
        findings.append(finding(
            "deposit.missing-value",
            f"PubMed needs the article's publication type, and the article type {article_type or '(none)'!r} "
            "is not one of the journal's article types; it is left out of the PubMed file.", path, ARTICLE_TYPE))
        return None
    return article


