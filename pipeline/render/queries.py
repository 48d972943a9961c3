"""An article's findings -> the author queries its proof prints, and the notes its report leaves to the editor.

Which finding is a question for the author is decided here, in one table (KINDS): a missing ORCID iD, running
title, affiliation or keyword, a table the text never cites, a mention of a figure the article does not have.
Production's own problems (a placeholder DOI, a schema detail) are no query. The limits of the article type
(author count, words, tables) were settled by the editor at acceptance: they go to the production report for the
editor (`editor_notes`), never to the author.

The words are the journal's (its proof wording, config/proof-wording/, by kind): a query is written for the
author, from values read from the finding (an author's name, "Table 4"); findings of a grouped kind are one query
(every author without an ORCID iD in one). Queries written in the manifest come first, as production wrote them.

A query concerns a place in the JATS (`xpath`, and optionally the words `at` which the flag stands before) or the
whole article (no place). The numbers given here are provisional: the proof numbers its queries in reading order
once the pages are laid out (pipeline/render/proof.py), and records where each flag printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from pipeline.config.journal import Journal
from pipeline.config.proof_wording import fill
from pipeline.diagnostics import Finding
from pipeline.proof.fields import query_field_name

ARTICLE_XPATH = "/article"  # a query placed here concerns the whole article: listed, not flagged
META = "/article/front/article-meta"
QUOTED = re.compile(r"“(.+)”\s*$")  # the manuscript's own words at the end of a finding's location
RULE = re.compile(r"\s*\[rule ([^\]]+)\]$")


@dataclass(frozen=True)
class Query:
    number: int  # AQ<number>: provisional until the proof is laid out, then in reading order
    text: str
    xpath: str | None = None  # the place it concerns; None (or ARTICLE_XPATH): the whole article
    at: str | None = None  # the flag stands before the first occurrence of these words inside that place
    kind: str | None = None  # KINDS; None for a query written in the manifest
    page: int | None = None  # where its flag printed (the page number printed on that page), once laid out
    line: int | None = None  # the line number beside the flag, once laid out

    @property
    def label(self) -> str:
        """How the proof prints it (the flag, the queries page, the form field's name): AQ<number>."""
        return query_field_name(self.number)

    @property
    def whole_article(self) -> bool:
        return self.xpath in (None, ARTICLE_XPATH)


@dataclass(frozen=True)
class Kind:
    """Which findings are one kind of query, and what the wording is told about each."""

    name: str  # the key of the wording's text (config/proof-wording/*.yaml)
    code: str  # the finding's code
    rule: str | None = None  # the house rule that fired (validate.rule-warning, validate.limit)
    opening: str = ""  # the finding's message starts so (one code that says different things)
    pattern: str | None = None  # named groups: the values the text is filled with
    grouped: bool = False  # one query for every finding of the kind; each value a list, named with an "s"
    target: str | None = None  # where the flag goes instead of the finding's place: an XPath, relative to the
    # finding's own (or absolute), with the values in {braces}; ARTICLE_XPATH for the whole article
    quoted_at: bool = False  # the flag stands before the words the finding's location quotes
    editor: bool = False  # for the editor (the production report), not the author


KINDS: tuple[Kind, ...] = (
    Kind("article-title", "enrich.missing-metadata", opening="the article has no title",
         target=f"{META}/title-group"),
    Kind("running-title", "enrich.missing-metadata", opening="no running title"),
    Kind("authors", "enrich.missing-metadata", opening="the article has no authors", target=ARTICLE_XPATH),
    Kind("affiliations", "enrich.missing-metadata", opening="no affiliations", target="contrib[1]"),
    Kind("corresponding-email", "enrich.missing-metadata", opening="the corresponding author",
         pattern=r"^the corresponding author (?P<author>.+?) has no e-mail",
         target=f"{META}/contrib-group/contrib[@corresp='yes'][1]"),
    Kind("corresponding-author", "validate.rule-warning", rule="corresponding-author",
         target=f"{META}/contrib-group/contrib[1]"),
    Kind("orcid-missing", "enrich.orcid-missing", pattern=r"^(?P<author>.+?) has no ORCID iD", grouped=True),
    Kind("orcid-invalid", "enrich.orcid-invalid", pattern=r"^(?P<author>.+?): "),
    Kind("abstract", "ingest.no-abstract", target=ARTICLE_XPATH),
    Kind("abstract-structure", "ingest.abstract-structure",
         pattern=r"(?:structured abstract with (?P<sections>.+); the manuscript's abstract has (?P<found>.+)$)"
                 r"|(?:has sections \((?P<found_>.+)\); a)",
         target=f"{META}/abstract[not(@abstract-type)]"),
    Kind("keywords", "ingest.no-keywords", target=f"{META}/abstract[not(@abstract-type)]"),
    Kind("main-points", "ingest.no-main-points", target=ARTICLE_XPATH),
    Kind("missing-object", "ingest.object-unresolved", pattern=r"the text mentions (?P<object>.+?), but",
         target="/article/body", quoted_at=True),
    Kind("uncited-display", "validate.rule-warning", rule="display-cited", pattern=r"^(?P<object>.+?) is never cited"),
    Kind("uncited-references", "validate.rule-warning", rule="reference-cited",
         pattern=r"^Reference (?:N is never cited.*\(N = (?P<reference>[^;]+);|(?P<reference_>\S+) is never cited)",
         grouped=True),
    Kind("citation", "ingest.citation-unresolved",
         pattern=r"^citation (?P<citation>.+?) points at reference (?P<reference>.+?), but", target=ARTICLE_XPATH),
    Kind("reference-unparsed", "ingest.reference-unparsed",
         pattern=r"^reference (?P<reference>\S+) was kept as written: (?P<reason>.+)$",
         target="/article/back/ref-list/ref[normalize-space(label)='{reference}']"),
    Kind("limit-words", "validate.limit", rule="limit-words", editor=True,
         pattern=r"has (?P<value>\d+) words; the limit for this article type is (?P<limit>\d+)"),
    Kind("limit-abstract-words", "validate.limit", rule="limit-abstract-words", editor=True,
         pattern=r"has (?P<value>\d+) words; the limit is (?P<limit>\d+)"),
    Kind("limit-references", "validate.limit", rule="limit-references", editor=True,
         pattern=r"cites (?P<value>\d+) references; the limit is (?P<limit>\d+)"),
    Kind("limit-authors", "validate.limit", rule="limit-authors", editor=True,
         pattern=r"has (?P<value>\d+) authors; the limit is (?P<limit>\d+)"),
    Kind("limit-tables", "validate.limit", rule="limit-tables", editor=True,
         pattern=r"has (?P<value>\d+) tables; the limit is (?P<limit>\d+)"),
    Kind("limit-figures", "validate.limit", rule="limit-figures", editor=True,
         pattern=r"has (?P<value>\d+) figures \((?P<parts>\d+) figure parts\); the limit is (?P<limit>\d+) figures "
                 r"or (?P<parts_limit>\d+)"),
)


def kind_of(finding: Finding) -> Kind | None:
    """The kind of query a finding is, or None when it is no question for the author or the editor."""
    rule = RULE.search(finding.message)
    for kind in KINDS:
        if kind.code != finding.code or (kind.rule and (not rule or rule.group(1) != kind.rule)):
            continue
        if finding.message.startswith(kind.opening):
            return kind
    return None


def _values(kind: Kind, finding: Finding) -> dict[str, str] | None:
    """The values the kind's pattern reads from the finding's message (a group named "x_" stands in for "x" in
    the pattern's other branch); None when the message does not say what the pattern expects."""
    if kind.pattern is None:
        return {}
    found = re.search(kind.pattern, RULE.sub("", finding.message))
    if found is None:
        return None
    values: dict[str, str] = {}
    for name, value in found.groupdict().items():
        key = name.rstrip("_")
        if value is not None or key not in values:
            values[key] = (value or "").strip()
    return values


def _place(kind: Kind, finding: Finding, values: dict[str, str]) -> tuple[str | None, str | None]:
    """(xpath, at) of the flag: the kind's target where it has one, else the finding's own place."""
    xpath = finding.xpath
    if kind.target is not None:
        target = kind.target.format(**{k: v.replace("'", "") for k, v in values.items()})
        xpath = target if target.startswith("/") or not xpath else f"{xpath}/{target}"
    at = None
    if kind.quoted_at and finding.location and (quoted := QUOTED.search(finding.location)):
        at = quoted.group(1)
    return xpath, at


def author_queries(findings: Iterable[Finding], journal: Journal, manifest_queries: Iterable[str] = ()) -> list[Query]:
    """The questions for the author, numbered 1, 2 … in the order found (the proof renumbers them in reading
    order): the manifest's first, then one per finding of an author kind (one per grouped kind)."""
    wording = journal.proof_wording
    asks_key_points = journal.house_style.key_points.query is not None  # a journal may not ask for its box
    queries = [Query(0, " ".join(text.split())) for text in manifest_queries]
    groups: dict[str, list[tuple[Finding, dict[str, str]]]] = {}
    order: list[tuple[Kind, Finding, dict[str, str] | None]] = []
    for finding in findings:
        kind = kind_of(finding)
        if kind is None or kind.editor or (kind.name == "main-points" and not asks_key_points):
            continue
        values = _values(kind, finding)
        if kind.grouped and values is not None:
            if kind.name not in groups:
                order.append((kind, finding, values))
            groups.setdefault(kind.name, []).append((finding, values))
        else:
            order.append((kind, finding, values))
    seen: set[str] = set()
    for kind, finding, values in order:
        if values is None:  # a message this table no longer reads: asked in production's words rather than lost
            text = RULE.sub("", finding.message)
        else:
            if kind.grouped:
                members = groups[kind.name]
                filled: dict[str, object] = {f"{k}s": list(dict.fromkeys(v[k] for _, v in members if v[k]))
                                             for k in values}
                filled["count"] = max((len(v) for v in filled.values()), default=0)  # the items listed
            else:
                filled = dict(values)
            filled["box"] = journal.house_style.key_points.title
            text = fill(wording.queries[kind.name], filled, f"queries.{kind.name}")
        xpath, at = _place(kind, finding, values or {})
        if text in seen:
            continue
        seen.add(text)
        queries.append(Query(0, text, xpath, at, kind.name))
    return [Query(n, q.text, q.xpath, q.at, q.kind) for n, q in enumerate(queries, 1)]


def editor_notes(findings: Iterable[Finding], journal: Journal, article_type: str) -> list[str]:
    """What the production report tells the editor instead of asking the author: the article type's limits."""
    wording = journal.proof_wording
    notes = []
    for finding in findings:
        kind = kind_of(finding)
        if kind is None or not kind.editor:
            continue
        values = _values(kind, finding)
        if values is None:
            notes.append(RULE.sub("", finding.message))
        else:
            notes.append(fill(wording.editor[kind.name], {**values, "type": article_type}, f"editor.{kind.name}"))
    return list(dict.fromkeys(notes))
