"""The Crossref deposit: valid against Crossref 5.3.1, values in the right elements, versioned by its state file."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from lxml import etree

from pipeline import xmlio
from pipeline.deposit import crossref
from pipeline.validate import schemas

from . import JOURNAL, MAIN_POINT, SECOND_DOI, profile, remove, second, set_text, two_articles, write

CR = "http://www.crossref.org/schema/5.3.1"
NS = {"cr": CR, "jats": "http://www.ncbi.nlm.nih.gov/JATS1", "ai": "http://www.crossref.org/AccessIndicators.xsd"}
ISSUE_DATE = dt.date(2023, 7, 21)
FIRST_DOI = "10.4274/dir.2023.232299"
TITLE = "front/article-meta/title-group/article-title"


def build(tmp_path: Path, files: list[Path]) -> tuple[list, Path]:
    out = tmp_path / "deposit" / "crossref.xml"
    return crossref.write_deposit(files, JOURNAL, tmp_path, out, issue_date=ISSUE_DATE), out


def xp(node: etree._Element, path: str) -> list:
    return node.xpath(path, namespaces=NS)


@pytest.fixture
def built(tmp_path: Path) -> etree._Element:
    findings, out = build(tmp_path, two_articles(tmp_path))
    assert findings == []
    return xmlio.parse(out).getroot()


def article(root: etree._Element, doi: str) -> etree._Element:
    (found,) = xp(root, f"//cr:journal_article[cr:doi_data/cr:doi = '{doi}']")
    return found


def test_both_articles_make_one_deposit_valid_against_crossref_531(tmp_path: Path) -> None:
    findings, out = build(tmp_path, two_articles(tmp_path))
    assert findings == []
    root = xmlio.parse(out).getroot()
    assert schemas.validate_crossref(root) == []
    assert root.tag == f"{{{CR}}}doi_batch" and root.get("version") == "5.3.1"
    assert root.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").startswith(CR + " ")
    assert xp(root, "//cr:journal_article/cr:doi_data/cr:doi/text()") == [FIRST_DOI, SECOND_DOI]  # TOC order


def test_head_comes_from_the_issue_and_the_config(built: etree._Element) -> None:
    assert xp(built, "string(cr:head/cr:doi_batch_id)") == "dir-29-04-20230721000000"
    assert xp(built, "string(cr:head/cr:timestamp)") == "20230721000000"
    assert xp(built, "string(cr:head/cr:depositor/cr:depositor_name)") == JOURNAL.crossref.depositor_name
    assert xp(built, "string(cr:head/cr:depositor/cr:email_address)") == JOURNAL.crossref.depositor_email
    assert xp(built, "string(cr:head/cr:registrant)") == JOURNAL.crossref.registrant


def test_journal_and_issue(built: etree._Element) -> None:
    (meta,) = xp(built, "//cr:journal_metadata")
    assert xp(meta, "string(cr:full_title)") == "Diagnostic and Interventional Radiology"
    assert xp(meta, "string(cr:abbrev_title)") == "Diagn Interv Radiol"
    assert {i.get("media_type"): i.text for i in xp(meta, "cr:issn")} == {"print": "1305-3825",
                                                                           "electronic": "1305-3612"}
    (issue,) = xp(built, "//cr:journal_issue")
    assert xp(issue, "cr:publication_date/@media_type") == ["online"]  # the JATS collection date is electronic
    assert xp(issue, "string(cr:publication_date/cr:month)") == "07"
    assert xp(issue, "string(cr:publication_date/cr:year)") == "2023"
    assert xp(issue, "string(cr:journal_volume/cr:volume)") == "29"
    assert xp(issue, "string(cr:issue)") == "4"


def test_article_dates_pages_and_ids(built: etree._Element) -> None:
    first = article(built, FIRST_DOI)
    assert first.get("publication_type") == "full_text"
    dates = [(d.get("media_type"), xp(d, "string(cr:year)"), xp(d, "string(cr:month)"), xp(d, "string(cr:day)"))
             for d in xp(first, "cr:publication_date")]
    assert dates == [("online", "2023", "06", "13")]
    assert xp(first, "string(cr:acceptance_date/cr:day)") == "30"
    assert (xp(first, "string(cr:pages/cr:first_page)"), xp(first, "string(cr:pages/cr:last_page)")) == ("571", "578")
    assert xp(first, "string(cr:publisher_item/cr:item_number)") == "232299"
    assert xp(article(built, SECOND_DOI), "string(cr:pages/cr:first_page)") == "579"


def test_contributors(built: etree._Element) -> None:
    people = xp(article(built, FIRST_DOI), "cr:contributors/cr:person_name")
    assert [p.get("sequence") for p in people] == ["first", "additional", "additional"]
    assert {p.get("contributor_role") for p in people} == {"author"}
    assert xp(people[0], "string(cr:given_name)") == "Matthew C."
    assert xp(people[0], "string(cr:surname)") == "Pope"
    (institution,) = xp(people[0], "cr:affiliations/cr:institution")
    assert xp(institution, "string(cr:institution_name)") == "Mayo Clinic"
    assert xp(institution, "string(cr:institution_department)") == (
        "Department of Radiology, Division of Abdominal Imaging")
    assert xp(institution, "string(cr:institution_place)") == "Minnesota, USA"
    (orcid,) = xp(people[0], "cr:ORCID")
    assert (orcid.text, orcid.get("authenticated")) == ("https://orcid.org/0000-0001-9127-5437", "false")

    others = xp(article(built, SECOND_DOI), "cr:contributors/cr:person_name")
    assert [p.get("sequence") for p in others] == ["first"] + ["additional"] * 6
    assert xp(article(built, SECOND_DOI), ".//cr:ORCID") == []


def test_abstracts_are_jats_without_the_main_points(built: etree._Element) -> None:
    first = article(built, FIRST_DOI)
    (abstract,) = xp(first, "jats:abstract")
    assert xp(abstract, "jats:sec/jats:title/text()") == ["PURPOSE", "METHODS", "RESULTS", "CONCLUSION"]
    assert xp(abstract, "string(jats:sec[3]/jats:p/jats:italic)") == "P"
    assert MAIN_POINT not in etree.tostring(built, encoding="unicode")
    assert xp(article(built, SECOND_DOI), "jats:abstract/jats:p/text()") == [
        "Cystic echinococcosis is endemic in Türkiye.", "This review shows its CT and MRI findings."]


def test_title_keeps_face_markup(built: etree._Element) -> None:
    (title,) = xp(article(built, SECOND_DOI), "cr:titles/cr:title")
    assert xp(title, "string(cr:i)") == "Echinococcus"
    assert xp(title, "string()") == "Imaging of Echinococcus infection: a review"


def test_licence_and_urls(built: etree._Element) -> None:
    first = article(built, FIRST_DOI)
    assert xp(first, "ai:program/@name") == ["AccessIndicators"]
    assert len(xp(first, "ai:program/ai:free_to_read")) == 1
    (licence,) = xp(first, "ai:program/ai:license_ref")
    assert (licence.text, licence.get("applies_to")) == ("https://creativecommons.org/licenses/by-nc/4.0/", "vor")
    assert xp(first, "string(cr:doi_data/cr:resource)") == "https://www.dirjournal.org/articles/dir.2023.232299"
    pdf = "https://www.dirjournal.org/articles/dir.2023.232299.pdf"
    assert xp(first, "cr:doi_data/cr:collection[@property='crawler-based']/cr:item[@crawler='iParadigms']"
                     "/cr:resource/text()") == [pdf]
    assert xp(first, "cr:doi_data/cr:collection[@property='text-mining']/cr:item/cr:resource"
                     "[@mime_type='application/pdf']/text()") == [pdf]


def test_citation_list(built: etree._Element) -> None:
    citations = xp(article(built, FIRST_DOI), "cr:citation_list/cr:citation")
    assert [c.get("key") for c in citations] == ["ref1", "ref2"]
    journal_ref = {child.tag.split("}")[1]: child.text for child in citations[0]}
    assert journal_ref == {"journal_title": "Clin Sports Med", "author": "Economopoulos", "volume": "31",
                           "issue": "4", "first_page": "675", "cYear": "2012",
                           "article_title": "Rotator cuff tears in overhead athletes"}
    assert xp(citations[1], "string(cr:unstructured_citation)") == (
        "International Society for Infectious Diseases. ProMed-mail. Accessed February 10, 2016. "
        "http://www.promedmail.org")
    # The second article's reference gives its DOI as a URL: Crossref takes the bare DOI.
    assert xp(article(built, SECOND_DOI), "cr:citation_list/cr:citation[@key='ref1']/cr:doi/text()") == [
        "10.1016/j.csm.2012.07.006"]


def test_same_inputs_give_a_byte_identical_file(tmp_path: Path) -> None:
    files = two_articles(tmp_path)
    assert build(tmp_path, files)[0] == []
    out = tmp_path / "deposit" / "crossref.xml"
    state = tmp_path / "deposit" / "crossref-state.json"
    first_bytes, first_state = out.read_bytes(), state.read_bytes()
    assert build(tmp_path, files)[0] == []
    assert out.read_bytes() == first_bytes
    assert state.read_bytes() == first_state


def test_changed_content_gets_a_newer_timestamp(tmp_path: Path) -> None:
    def head(out: Path) -> tuple[str, str]:
        root = xmlio.parse(out).getroot()
        return xp(root, "string(cr:head/cr:timestamp)"), xp(root, "string(cr:head/cr:doi_batch_id)")

    findings, out = build(tmp_path, two_articles(tmp_path))
    assert findings == []
    assert head(out) == ("20230721000000", "dir-29-04-20230721000000")

    build(tmp_path, two_articles(tmp_path, set_text(TITLE, "A corrected title")))
    assert head(out) == ("20230721000001", "dir-29-04-20230721000001")
    assert xp(xmlio.parse(out).getroot(), "string(//cr:journal_article[1]/cr:titles/cr:title)") == "A corrected title"

    build(tmp_path, two_articles(tmp_path, set_text(TITLE, "A corrected title")))
    assert head(out) == ("20230721000001", "dir-29-04-20230721000001")  # unchanged again: same version

    # Undoing the change is new content for Crossref: an older timestamp would be ignored.
    build(tmp_path, two_articles(tmp_path))
    assert head(out) == ("20230721000002", "dir-29-04-20230721000002")
    state = json.loads((tmp_path / "deposit" / "crossref-state.json").read_text(encoding="utf-8"))
    assert [b["timestamp"] for b in state["batches"]] == ["20230721000000", "20230721000001", "20230721000002"]


def test_missing_first_page_leaves_that_article_out(tmp_path: Path) -> None:
    files = two_articles(tmp_path, remove("front/article-meta/fpage"))
    findings, out = build(tmp_path, files)
    assert [f.code for f in findings] == ["deposit.missing-value"]
    assert findings[0].file == str(files[0])
    assert "first page" in findings[0].message
    root = xmlio.parse(out).getroot()
    assert xp(root, "//cr:journal_article/cr:doi_data/cr:doi/text()") == [SECOND_DOI]
    assert schemas.validate_crossref(root) == []


def test_article_of_another_issue_is_left_out(tmp_path: Path) -> None:
    files = two_articles(tmp_path)
    files.append(write(second(), tmp_path, "other.xml", set_text("front/article-meta/issue", "5"),
                       set_text("front/article-meta/article-id[@pub-id-type='doi']", "10.4274/dir.2023.230001")))
    findings, out = build(tmp_path, files)
    assert [f.code for f in findings] == ["deposit.blocked"]
    assert findings[0].file == str(files[2])
    assert xp(xmlio.parse(out).getroot(), "//cr:journal_article/cr:doi_data/cr:doi/text()") == [
        FIRST_DOI, SECOND_DOI]


def test_schema_invalid_output_is_not_written(tmp_path: Path) -> None:
    # A malformed ISSN in the JATS passes the required-value check but not Crossref's issn pattern.
    bad_issn = set_text("front/journal-meta/issn[@pub-type='ppub']", "ISSN 1305-3825")
    findings, out = build(tmp_path, two_articles(tmp_path, bad_issn))
    assert findings and {f.code for f in findings} == {"validate.schema"}
    assert "Crossref 5.3.1" in findings[0].message
    assert not out.exists()
    assert not (tmp_path / "deposit" / "crossref-state.json").exists()


def test_damaged_state_file_stops_the_deposit(tmp_path: Path) -> None:
    state = tmp_path / "deposit" / "crossref-state.json"
    state.parent.mkdir(parents=True)
    state.write_text("{not json", encoding="utf-8")
    findings, out = build(tmp_path, two_articles(tmp_path))
    assert [f.code for f in findings] == ["deposit.blocked"]
    assert "state file" in findings[0].message
    assert not out.exists()


def test_derived_second_article_is_valid_jats() -> None:
    assert schemas.validate_jats(second()) == []
    assert schemas.validate_jats(profile()) == []
