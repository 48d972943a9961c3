"""Validate: an enriched (or paginated) article -> findings, from four checkers.

    JATS 1.3 DTD              (official, from the schema store)        errors
    house rules               (schemas/house-rules.sch)                 errors / warnings / limits
    PMC Style Checker 5.31    (NCBI's XSLT, from the schema store)      errors / warnings
    JATS4R rules              (from the schema store)                   warnings (recommendations)

Each finding names the rule, the XPath and the place in words staff can find
(locate.py). An article with any error gets no deposit.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from pipeline.config.journal import ArticleType, Journal
from pipeline.diagnostics import Finding, group_repeated
from pipeline.validate import locate, pmcstyle, schemas, schematron
from pipeline.validate.schemas import validate_jats

HOUSE_RULES = schemas.schemastore.SCHEMAS / "house-rules.sch"
JATS4R_RULES = "jats4r-schematron/jats4r.sch"

# JATS4R recommendations the journal knowingly does not follow, and why (reported once here, not per article).
JATS4R_ACCEPTED = {
    "abstract-type attribute value (key-points)": "the main points are tagged abstract-type=\"key-points\", as "
    "JAMA does for its Key Points; JATS4R's list has no value for them",
    "The contents of <copyright-statement> should not conflict with <copyright-year>": "the copyright statement "
    "is the journal's printed line, which names no year",
    "Text that describes the linked object must be provided for each link": "a reference's URL is its own link "
    "text, as AMA style prints it",
    "A URI is not descriptive link text": "a reference's URL is its own link text, as AMA style prints it",
}


@dataclass(frozen=True)
class RuleParams:
    article_type: ArticleType
    multicentre: bool
    paginated: bool
    license: str | None = None  # the article's licence, one of the journal's `licenses` (None: its default)


def validate_article(article: etree._Element, journal: Journal, params: RuleParams, file: str | None = None,
                     jats4r: bool = True) -> list[Finding]:
    findings = list(validate_jats(article, file=file))
    findings += house_rules(article, journal, params)
    pmc = pmcstyle.check(article)
    if not params.paginated:  # pages come after the PDFs; the final check has them
        pmc = [f for f in pmc if "fpage-elocation check" not in f.message]
    findings += pmc
    if jats4r:
        findings += jats4r_rules(article)
    # Where each is, in words, before repeated ones (an article with 1,973 uncited references) are grouped.
    return group_repeated(_located(article, f).with_context(file=file, stage="validate") for f in findings)


def _located(article: etree._Element, finding: Finding) -> Finding:
    if finding.xpath and not finding.location:
        where = locate.describe(article, finding.xpath)
        if where:
            return Finding(**{**finding.__dict__, "location": where})
    return finding


def house_rules(article: etree._Element, journal: Journal, params: RuleParams) -> list[Finding]:
    kind = params.article_type

    def limit(value: int | None) -> str:
        return "" if value is None else str(value)

    values = {
        "doi-prefix": journal.doi.prefix,
        "license-url": journal.license_named(params.license).url,
        "print-issn": "no" if journal.issn.print is None else "yes",
        "paginated": "yes" if params.paginated else "no",
        "elocation": "no" if journal.publication.paged else "yes",
        "multicentre": "yes" if params.multicentre else "no",
        "abstract-required": "no" if kind.abstract_words is None else "yes",
        "max-words": limit(kind.words),
        "max-abstract-words": limit(kind.abstract_words),
        "max-references": limit(kind.references),
        "max-authors": limit(kind.authors),
        "max-tables": limit(kind.tables),
        "max-figures": limit(kind.figures),
        "max-figure-parts": limit(kind.figure_parts),
    }
    out = []
    for fired in schematron.run(HOUSE_RULES, article, params=values):
        code = {"error": "validate.rule", "limit": "validate.limit"}.get(fired.role, "validate.rule-warning")
        out.append(Finding.of(code, f"{fired.message} [rule {fired.rule_id}]", xpath=fired.xpath))
    return out


def jats4r_rules(article: etree._Element) -> list[Finding]:
    path = schemas.schemastore.path(JATS4R_RULES)
    out = []
    for phase in ("errors", "warnings"):
        for fired in schematron.run(path, article, phase=phase):
            accepted = any(fired.message.startswith(a) for a in JATS4R_ACCEPTED)
            if accepted and ("/ref-list/" in fired.xpath or "abstract" in fired.xpath or "permissions" in fired.xpath):
                continue
            out.append(Finding.of("validate.jats4r", f"JATS4R: {fired.message}", xpath=fired.xpath))
    return out
