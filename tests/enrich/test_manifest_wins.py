"""Enrich: the manifest's authors replace the manuscript's, and what only the manuscript gives is kept."""

from __future__ import annotations

import copy
import dataclasses

from pipeline import xmlio
from pipeline.config import load_issue, load_journal
from pipeline.enrich import enrich
from pipeline.jats import el, sub
from tests.conftest import FIXTURES, PROJECT, SAMPLE_ISSUE

JOURNAL = load_journal(PROJECT / "config" / "journals" / "dir.yaml")
ISSUE = load_issue(SAMPLE_ISSUE)
POPE = next(a for a in ISSUE.manifest.articles if a.id == "02-pope")


def _article():  # the fixture's article as ingest would give it: manuscript authors, no issue metadata
    return copy.deepcopy(xmlio.parse(FIXTURES / "profile-article.xml").getroot())


def test_manifest_authors_orcids_and_affiliations_are_used() -> None:
    result = enrich(_article(), POPE, ISSUE, JOURNAL)
    meta = result.article.find("front/article-meta")
    assert [n.findtext("surname") for n in meta.iterfind("contrib-group/contrib/name")][:3] == ["Pope", "Olson",
                                                                                                 "Flicek"]
    assert len(meta.findall("contrib-group/aff")) == 4
    assert any(f.code == "ingest.manifest-mismatch" for f in result.findings)  # the fixture has only 3 authors


def test_manuscript_affiliations_kept_when_the_manifest_has_none() -> None:
    entry = dataclasses.replace(POPE, affiliations=[], authors=[dataclasses.replace(a, affiliations=[])
                                                                 for a in POPE.authors])
    result = enrich(_article(), entry, ISSUE, JOURNAL)
    meta = result.article.find("front/article-meta")
    assert [a.get("id") for a in meta.iterfind("contrib-group/aff")] == ["aff1", "aff2"]
    pope = meta.find("contrib-group/contrib")  # named the same in manuscript and manifest: keeps its link
    assert [x.get("rid") for x in pope.findall("xref[@ref-type='aff']")] == ["aff1"]


def test_manuscript_author_notes_are_kept() -> None:
    article = _article()
    notes = article.find("front/article-meta/author-notes")
    fn = sub(notes, "fn", id="an1")
    fn.append(el("p", "These authors jointly supervised this work."))
    result = enrich(article, POPE, ISSUE, JOURNAL)
    texts = [xmlio.text_of(f) for f in result.article.iterfind("front/article-meta/author-notes/fn")]
    assert texts == ["These authors jointly supervised this work."]
    assert result.article.findtext("front/article-meta/author-notes/corresp/email") == "venkatesh.sudhakar@mayo.edu"


def test_a_malformed_email_is_an_error_and_is_not_printed() -> None:
    authors = [dataclasses.replace(a, email="venkatesh.sudhakar at mayo.edu") if a.corresponding else a
               for a in POPE.authors]
    result = enrich(_article(), dataclasses.replace(POPE, authors=authors), ISSUE, JOURNAL)
    (error,) = [f for f in result.findings if f.code == "enrich.email-invalid"]
    assert "venkatesh.sudhakar at mayo.edu" in error.message and error.severity.name == "ERROR"
    meta = result.article.find("front/article-meta")
    assert meta.find("author-notes/corresp") is None and meta.find(".//xref[@ref-type='corresp']") is None
    # the well-formed address of the manifest is printed, and linked from its author
    result = enrich(_article(), POPE, ISSUE, JOURNAL)
    meta = result.article.find("front/article-meta")
    assert meta.findtext("author-notes/corresp/email") == "venkatesh.sudhakar@mayo.edu"
    assert not [f for f in result.findings if f.code == "enrich.email-invalid"]


def test_one_orcid_for_two_authors_is_an_error() -> None:
    authors = list(POPE.authors)
    authors[1] = dataclasses.replace(authors[1], orcid=authors[0].orcid)
    result = enrich(_article(), dataclasses.replace(POPE, authors=authors), ISSUE, JOURNAL)
    (error,) = [f for f in result.findings if f.code == "enrich.orcid-invalid"]
    assert authors[0].full_name in error.message and authors[1].full_name in error.message
    ids = [c.findtext("contrib-id") for c in result.article.iterfind("front/article-meta/contrib-group/contrib")]
    assert ids[0] == "https://orcid.org/" + authors[0].orcid and ids[1] is None
