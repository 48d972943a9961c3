"""Author queries from an article's real findings: which are put to the author, in which words, where their flags go,
and what is left to the editor.

The findings are made by the pipeline's own stages on the profile article: enrich with the sample manifest's entry
for 02-pope changed (ORCID iDs, affiliations, the running title and the corresponding author taken away), then
validate with the article type's limits, and ingest's linking of mentions for a table the article does not have.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re

import pytest
from lxml import etree

from pipeline import xmlio
from pipeline.config import load_issue, load_journal
from pipeline.config.proof_wording import EDITOR_KINDS, QUERY_KINDS, WORDING_DIR, fill, load_proof_wording, texts
from pipeline.enrich import enrich
from pipeline.ingest.citations import Targets, link_mentions
from pipeline.render.pdf import VARIANTS, print_html
from pipeline.render.queries import KINDS, author_queries, editor_notes, kind_of
from pipeline.validate import RuleParams, validate_article
from tests.conftest import FIXTURES, PROJECT, SAMPLE_ISSUE

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")  # proofs.wording: en-US
BRITISH = dataclasses.replace(JOURNAL, proofs=dataclasses.replace(JOURNAL.proofs, wording="en-GB"))
ISSUE = load_issue(SAMPLE_ISSUE)
POPE = next(a for a in ISSUE.manifest.articles if a.id == "02-pope")
ORIGINAL = JOURNAL.article_types["Original Article"]
WITHOUT_ORCID = ("Pope", "Flicek", "Bolan", "Wang")


def _enriched_with_gaps() -> tuple[etree._Element, list]:
    """The profile article enriched from a manifest entry with gaps, and validated: its real findings."""
    authors = [dataclasses.replace(a, orcid=None if a.surname in WITHOUT_ORCID else a.orcid, corresponding=False,
                                   affiliations=[]) for a in POPE.authors]
    entry = dataclasses.replace(POPE, authors=authors, affiliations=[], running_title=None)
    article = copy.deepcopy(xmlio.parse(FIXTURES / "profile-article.xml").getroot())
    for group in article.iterfind("front/article-meta/contrib-group"):  # no manuscript affiliations either
        for aff in group.findall("aff"):
            group.remove(aff)
    result = enrich(article, entry, ISSUE, JOURNAL)
    findings = list(result.findings)
    tight = dataclasses.replace(ORIGINAL, authors=4, tables=0, abstract_words=50)
    findings += validate_article(result.article, JOURNAL, RuleParams(tight, False, True), jats4r=False)
    return result.article, findings


@pytest.fixture(scope="module")
def gaps() -> tuple[etree._Element, list]:
    return _enriched_with_gaps()


def test_authors_without_an_orcid_id_are_one_query_naming_each_in_order(gaps) -> None:
    article, findings = gaps
    missing = [f for f in findings if f.code == "enrich.orcid-missing"]
    assert len(missing) == len(WITHOUT_ORCID)
    queries = author_queries(findings, JOURNAL)
    (orcid,) = [q for q in queries if q.kind == "orcid-missing"]
    names = re.findall(r"([A-Z][\w. -]*? (?:" + "|".join(WITHOUT_ORCID) + "))", orcid.text)
    assert [n.split()[-1] for n in names] == list(WITHOUT_ORCID)
    assert "4 authors" in orcid.text
    # the flag goes to the first of them, Pope, the article's first author
    assert article.xpath(orcid.xpath)[0].findtext("name/surname") == "Pope"


def test_the_editor_gets_the_limits_and_the_author_does_not(gaps) -> None:
    _, findings = gaps
    limits = [f for f in findings if f.code == "validate.limit"]
    assert {re.search(r"\[rule (.+)\]", f.message).group(1) for f in limits} == {
        "limit-authors", "limit-tables", "limit-abstract-words"}
    queries = author_queries(findings, JOURNAL)
    assert not any(q.kind and q.kind.startswith("limit") for q in queries)
    assert not any(word in q.text for q in queries for word in ("limit", "authors;", "tables;"))
    notes = editor_notes(findings, JOURNAL, "Original Article")
    assert len(notes) == 3
    (authors,) = [n for n in notes if "authors" in n]
    assert re.fullmatch(r"The article has 8 authors; the limit for an article of its type \(Original Article\) is 4 "
                        r"unless the study is multicenter or multidisciplinary\.", authors)


def test_the_journals_spelling(gaps) -> None:
    _, findings = gaps
    assert any("multicenter" in n for n in editor_notes(findings, JOURNAL, "Original Article"))  # DIR: American
    british = editor_notes(findings, BRITISH, "Original Article")
    assert any("multicentre" in n for n in british) and not any("multicenter" in n for n in british)


def test_queries_are_written_for_the_author(gaps) -> None:
    article, findings = gaps
    queries = author_queries(findings, JOURNAL)
    assert {q.kind for q in queries} == {"orcid-missing", "running-title", "affiliations", "corresponding-author"}
    for query in queries:
        for production_word in ("manifest", "[rule", "Please provide:", "Please check:", "JATS", "XPath"):
            assert production_word not in query.text, query.text
    (affiliations,) = [q for q in queries if q.kind == "affiliations"]
    (corresponding,) = [q for q in queries if q.kind == "corresponding-author"]
    for query in (affiliations, corresponding):  # flagged at the first author, where the authors are printed
        assert article.xpath(query.xpath)[0].findtext("name/surname") == "Pope"
    (running,) = [q for q in queries if q.kind == "running-title"]
    assert running.xpath.endswith("title-group") and not running.whole_article


def test_manifest_queries_come_first_as_production_wrote_them(gaps) -> None:
    _, findings = gaps
    queries = author_queries(findings, JOURNAL, ["Please  confirm the\nfunding statement."])
    assert queries[0].text == "Please confirm the funding statement." and queries[0].whole_article
    assert [q.number for q in queries] == list(range(1, len(queries) + 1))


def test_a_mention_of_a_missing_table_is_flagged_before_its_words() -> None:
    article = copy.deepcopy(xmlio.parse(FIXTURES / "profile-article.xml").getroot())
    paragraph = article.find("body//p")
    paragraph.text = "Hepatic metastases were discrete (Table 4), as in earlier series. " + (paragraph.text or "")
    _, findings = link_mentions([article.find("body")], Targets(), "main text")
    assert len(findings) == 1
    (query,) = author_queries(findings, JOURNAL)
    assert query.kind == "missing-object" and query.at == "Table 4"
    assert query.text.startswith("The text mentions Table 4, but the article has no Table 4.")
    html = print_html(article, JOURNAL, VARIANTS["proof"], first_page=571, issue_date=dt.date(2023, 7, 21),
                      queries=[query]).decode()
    assert 'discrete (<span class="query-mark" id="qm1"></span>Table 4)' in html


def test_a_finding_whose_words_the_table_does_not_read_is_still_asked() -> None:
    from pipeline.diagnostics import Finding

    odd = Finding.of("enrich.orcid-invalid", "an ORCID iD of an unexpected form")
    (query,) = author_queries([odd], JOURNAL)
    assert query.text == "an ORCID iD of an unexpected form"


def test_production_findings_are_no_query() -> None:
    from pipeline.diagnostics import Finding

    production = [Finding.of("enrich.doi-placeholder", "the DOI 10.4274/dir.2023.PLACEHOLDER-01 is built from a "
                             "placeholder manuscript number"),
                  Finding.of("validate.jats4r", "JATS4R: <mixed-citation> does not have a publication-type attribute.")]
    assert [kind_of(f) for f in production] == [None, None]
    assert author_queries(production, JOURNAL) == []


@pytest.mark.parametrize("name", sorted(p.stem for p in WORDING_DIR.glob("*.yaml")))
def test_every_text_of_every_wording_fills_in(name: str) -> None:
    wording = load_proof_wording(name)
    assert set(wording.queries) == set(QUERY_KINDS) and set(wording.editor) == set(EDITOR_KINDS)
    assert {k.name for k in KINDS} == set(QUERY_KINDS) | set(EDITOR_KINDS)
    sample = {"journal": "J", "title": "T", "manuscript_number": "1", "doi": "10.1/x", "round": 1, "made": "Monday",
              "deadline": "Thursday", "working_days": 3, "query_count": 2, "production_name": "P",
              "production_email": "p@example.org", "page": 571, "line": 4, "label": "AQ1", "box": "Main points",
              "authors": ["A", "B"], "count": 2, "author": "A", "object": "Table 4", "references": ["4–9"],
              "reference": "3", "reason": "r", "citation": "12", "sections": "", "found": "PURPOSE", "value": 9,
              "limit": 8, "type": "Original Article", "parts": 3, "parts_limit": 2}
    for where, text in texts(wording):
        assert fill(text, sample, where).strip(), where


def test_the_key_points_box_is_asked_for_only_by_a_journal_that_asks() -> None:
    from pipeline.diagnostics import Finding

    bmjopen = load_journal(PROJECT / "config" / "journals" / "bmjopen.yaml")  # its key_points: no query
    for journal, asked in ((JOURNAL, True), (bmjopen, False)):
        title = journal.house_style.key_points.title
        missing = Finding.of("ingest.no-main-points", f"no “{title}” list was found")  # as ingest says it
        queries = author_queries([missing], journal)
        assert [q.kind for q in queries] == (["main-points"] if asked else []), journal.title
        if asked:
            assert f"“{title}”" in queries[0].text and queries[0].whole_article


def test_every_kind_names_a_finding_the_pipeline_still_makes() -> None:
    """The table reads findings by their code, the house rule that fired and the opening of their message: a
    finding reworded, a rule renamed or a code retired would otherwise stop being asked, silently."""
    from pipeline.diagnostics import CODES

    source = "\n".join(path.read_text(encoding="utf-8") for path in (PROJECT / "pipeline").rglob("*.py")
                       if path.name != "queries.py")
    rules = (PROJECT / "schemas" / "house-rules.sch").read_text(encoding="utf-8")
    for kind in KINDS:
        assert kind.code in CODES, kind.name
        assert not kind.opening or kind.opening in source, kind.name
        assert not kind.rule or f'id="{kind.rule}"' in rules, kind.name
