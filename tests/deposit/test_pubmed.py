"""The PubMed file: valid against the PubMed DTD, values in the right elements, articles left out when not ready."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from pipeline import schemastore, xmlio
from pipeline.deposit import pubmed
from pipeline.validate import schemas

from . import JOURNAL, MAIN_POINT, SECOND_AUTHORS, SECOND_DOI, remove, second, set_text, two_articles, write


def build(tmp_path: Path, files: list[Path]) -> tuple[list, Path]:
    out = tmp_path / "deposit" / "pubmed.xml"
    return pubmed.write_deposit(files, JOURNAL, out), out


@pytest.fixture
def built(tmp_path: Path) -> etree._Element:
    findings, out = build(tmp_path, two_articles(tmp_path))
    assert findings == []
    return xmlio.parse(out).getroot()


def article(root: etree._Element, doi: str) -> etree._Element:
    (found,) = root.xpath("Article[ELocationID[@EIdType='doi'] = $doi]", doi=doi)
    return found


def test_both_articles_make_one_file_valid_against_the_pubmed_dtd(tmp_path: Path) -> None:
    findings, out = build(tmp_path, two_articles(tmp_path))
    assert findings == []
    data = out.read_bytes()
    assert data.splitlines()[1] == (b'<!DOCTYPE ArticleSet PUBLIC "-//NLM//DTD PubMed 3.0//EN" '
                                    b'"https://dtd.nlm.nih.gov/ncbi/pubmed/in/PubMed.dtd">')
    root = xmlio.parse(out).getroot()
    assert schemas.validate_pubmed(root) == []
    # As PubMed reads it: through its DOCTYPE (resolved to the store's PubMed.dtd), validating.
    etree.parse(str(out), schemastore.dtd_parser(out.parent, validate=True))
    assert root.xpath("Article/ELocationID/text()") == ["10.4274/dir.2023.232299", SECOND_DOI]  # TOC order


def test_journal_and_citation_values(built: etree._Element) -> None:
    first = article(built, "10.4274/dir.2023.232299")
    journal = first.find("Journal")
    assert journal.findtext("PublisherName") == "Turkish Society of Radiology"
    assert journal.findtext("JournalTitle") == "Diagn Interv Radiol"
    assert journal.findtext("Issn") == "1305-3825"  # the print ISSN
    assert (journal.findtext("Volume"), journal.findtext("Issue")) == ("29", "4")
    pub_date = journal.find("PubDate")
    assert pub_date.get("PubStatus") == "ppublish"
    assert (pub_date.findtext("Year"), pub_date.findtext("Month"), pub_date.find("Day")) == ("2023", "07", None)
    assert (first.findtext("FirstPage"), first.findtext("LastPage")) == ("571", "578")
    assert first.find("ELocationID").get("EIdType") == "doi"
    assert first.findtext("Language") == "EN"
    assert first.findtext("PublicationType") == "Journal Article"
    ids = {i.get("IdType"): i.text for i in first.iterfind("ArticleIdList/ArticleId")}
    assert ids == {"doi": "10.4274/dir.2023.232299", "pii": "232299"}
    history = [(d.get("PubStatus"), d.findtext("Year"), d.findtext("Month"), d.findtext("Day"))
               for d in first.iterfind("History/PubDate")]
    assert history == [("received", "2023", "05", "09"), ("accepted", "2023", "05", "30"),
                       ("epublish", "2023", "06", "13")]


def test_authors_affiliations_and_orcids(built: etree._Element) -> None:
    first = article(built, "10.4274/dir.2023.232299")
    authors = first.findall("AuthorList/Author")
    assert [(a.findtext("FirstName"), a.findtext("LastName")) for a in authors] == [
        ("Matthew C.", "Pope"), ("Neema J.", "Patel"), ("Sudhakar K.", "Venkatesh")]
    assert authors[0].findtext("AffiliationInfo/Affiliation") == (
        "Department of Radiology, Division of Abdominal Imaging, Mayo Clinic, Minnesota, USA")
    orcid = authors[0].find("Identifier")
    assert (orcid.get("Source"), orcid.text) == ("ORCID", "https://orcid.org/0000-0001-9127-5437")

    other = article(built, SECOND_DOI)
    assert [(a.findtext("LastName"), a.findtext("FirstName")) for a in other.iterfind("AuthorList/Author")] == \
        SECOND_AUTHORS
    assert other.findall(".//Identifier") == []
    assert other.findtext("PublicationType") == "Review"


def test_structured_abstract_has_labels_and_main_points_stay_out(built: etree._Element) -> None:
    first = article(built, "10.4274/dir.2023.232299")
    texts = first.findall("Abstract/AbstractText")
    assert [t.get("Label") for t in texts] == ["PURPOSE", "METHODS", "RESULTS", "CONCLUSION"]
    assert etree.tostring(texts[2], encoding="unicode", with_tail=False).endswith("(<i>P</i> = 0.033).</AbstractText>")
    assert MAIN_POINT not in etree.tostring(built, encoding="unicode")


def test_unstructured_abstract_is_the_abstracts_own_text(built: etree._Element) -> None:
    abstract = article(built, SECOND_DOI).find("Abstract")
    assert len(abstract) == 0
    assert abstract.text == "Cystic echinococcosis is endemic in Türkiye. This review shows its CT and MRI findings."


def test_title_keeps_italics(built: etree._Element) -> None:
    title = article(built, SECOND_DOI).find("ArticleTitle")
    assert etree.tostring(title, encoding="unicode", with_tail=False) == (
        "<ArticleTitle>Imaging of <i>Echinococcus</i> infection: a review</ArticleTitle>")


def test_keywords_are_keyword_objects(built: etree._Element) -> None:
    objects = article(built, "10.4274/dir.2023.232299").findall("ObjectList/Object")
    assert {o.get("Type") for o in objects} == {"keyword"}
    assert [o.find("Param").get("Name") for o in objects] == ["value"] * 3
    assert [o.findtext("Param") for o in objects] == ["Liver metastases", "pseudocirrhosis", "liver tumor burden"]


def test_missing_first_page_leaves_that_article_out(tmp_path: Path) -> None:
    files = two_articles(tmp_path, remove("front/article-meta/fpage"))
    findings, out = build(tmp_path, files)
    assert [f.code for f in findings] == ["deposit.missing-value"]
    assert findings[0].file == str(files[0])
    assert "first page" in findings[0].message
    root = xmlio.parse(out).getroot()
    assert root.xpath("Article/ELocationID/text()") == [SECOND_DOI]
    assert schemas.validate_pubmed(root) == []


def test_unknown_article_type_leaves_that_article_out(tmp_path: Path) -> None:
    edit = set_text("front/article-meta/article-categories/subj-group[@subj-group-type='article-type']/subject",
                    "Editorial")
    findings, out = build(tmp_path, two_articles(tmp_path, edit))
    assert [f.code for f in findings] == ["deposit.missing-value"]
    assert "'Editorial'" in findings[0].message
    assert xmlio.parse(out).getroot().xpath("Article/ELocationID/text()") == [SECOND_DOI]


def test_nothing_is_written_when_no_article_is_ready(tmp_path: Path) -> None:
    files = [write(second(), tmp_path, "a.xml", remove("front/article-meta/article-id[@pub-id-type='doi']"))]
    findings, out = build(tmp_path, files)
    assert [f.code for f in findings] == ["deposit.missing-value", "deposit.blocked"]
    assert not out.exists()


def test_schema_invalid_output_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = pubmed.xslt.transform

    def without_journal(name: str, source: bytes, **params: str) -> bytes:
        root = xmlio.parse_bytes(real(name, source, **params))
        root[0].remove(root[0].find("Journal"))
        return etree.tostring(root)

    monkeypatch.setattr(pubmed.xslt, "transform", without_journal)
    findings, out = build(tmp_path, two_articles(tmp_path))
    assert findings and {f.code for f in findings} == {"validate.schema"}
    assert "PubMed DTD" in findings[0].message
    assert not out.exists()
