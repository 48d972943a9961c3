"""Enrich for a journal published online only (BMJ Open's config): the article gets its e-location id, never pages,
and the licence of its year; what cannot be known (an e-location id the rule cannot make, a date of publication
with no issue day to stand in) is an error or a warning, never made up."""

from __future__ import annotations

import copy
import dataclasses

from pipeline import xmlio
from pipeline.config import load_issue
from pipeline.enrich import enrich
from pipeline.validate.schemas import validate_jats
from pipeline.xmlio import NS
from tests.conftest import FIXTURES, PROJECT

ISSUE = load_issue(PROJECT / "samples" / "bmjopen" / "vol4-issue1" / "issue.yaml")
JOURNAL = ISSUE.journal
ENTRY = ISSUE.manifest.articles[0]


def _article():  # an ingested article (the JATS profile's fixture): the manuscript's text, no issue metadata
    return copy.deepcopy(xmlio.parse(FIXTURES / "profile-article.xml").getroot())


def test_the_elocation_id_and_the_licence_of_its_year() -> None:
    result = enrich(_article(), ENTRY, ISSUE, JOURNAL)
    meta = result.article.find("front/article-meta")
    assert meta.findtext("elocation-id") == ENTRY.elocation_id
    assert meta.find("fpage") is None and meta.find("lpage") is None
    licence = JOURNAL.licenses[ENTRY.license]
    assert meta.findtext(f"permissions/license/{{{NS['ali']}}}license_ref") == licence.url
    assert meta.findtext("permissions/copyright-statement") == licence.copyright_statement
    assert meta.find("permissions/copyright-holder") is None  # its 2014 line names no holder
    assert [i.get("pub-type") for i in result.article.iterfind("front/journal-meta/issn")] == ["epub"]
    assert meta.find("pub-date[@date-type='collection']").get("iso-8601-date") == "2014-01"
    assert validate_jats(result.article) == []
    assert not [f for f in result.findings if f.severity.value == "error"]


def test_without_an_elocation_id_the_rule_makes_it_and_else_it_is_an_error() -> None:
    made = enrich(_article(), dataclasses.replace(ENTRY, elocation_id=None), ISSUE, JOURNAL)
    assert made.article.findtext("front/article-meta/elocation-id") == "e003269"  # "e" + the number's digits
    entry = dataclasses.replace(ENTRY, elocation_id=None, manuscript_number="unnumbered", doi="10.1136/unnumbered")
    missing = enrich(_article(), entry, ISSUE, JOURNAL)
    assert missing.article.find("front/article-meta/elocation-id") is None
    (finding,) = [f for f in missing.findings if f.code == "enrich.elocation-missing"]
    assert finding.severity.value == "error" and "'unnumbered'" in finding.message


def test_the_default_licence_names_the_year_in_its_copyright_line() -> None:
    result = enrich(_article(), dataclasses.replace(ENTRY, license=None), ISSUE, JOURNAL)
    meta = result.article.find("front/article-meta")
    assert meta.findtext("permissions/copyright-statement").startswith("© Author(s) (or their employer(s)) 2014.")
    assert meta.findtext("permissions/copyright-holder") == JOURNAL.license.copyright_holder


def test_no_epub_and_no_issue_day_is_said_not_guessed() -> None:
    result = enrich(_article(), dataclasses.replace(ENTRY, epub=None), ISSUE, JOURNAL)
    assert result.article.find("front/article-meta/pub-date[@date-type='pub']") is None
    assert any(f.code == "enrich.missing-dates" and "date of publication is missing" in f.message
               for f in result.findings)
