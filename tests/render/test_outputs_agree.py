"""Every output of the sample issue says the same about each article: the same authors, pages and dates in the
JATS, its cite-as line, the HTML page, the PDF's text, the table of contents and the PubMed and Crossref deposits.

Each output is read back from the files the build wrote (the PDF through pdftotext), not from the code that
made it; the JATS is the reference they are all held to.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from lxml import etree

from pipeline import xmlio
from pipeline.config import load_issue
from pipeline.jats import contrib_display_name
from tests.conftest import SAMPLE_ISSUE

pytestmark = [pytest.mark.slow, pytest.mark.skipif(shutil.which("pdftotext") is None,
                                                   reason="pdftotext (poppler-utils) is not installed")]
XHTML = {"h": "http://www.w3.org/1999/xhtml"}
CROSSREF = {"cr": "http://www.crossref.org/schema/5.3.1"}


def squeezed(text: str) -> str:
    """Text without whitespace: a line the PDF breaks (at a space or after a hyphen) still reads the same."""
    return re.sub(r"\s+", "", text)


def pdf_pages(path: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1]


def date_of(node: etree._Element | None) -> dt.date | None:
    if node is None or node.findtext("day") is None:
        return None
    return dt.date(int(node.findtext("year")), int(node.findtext("month")), int(node.findtext("day")))


class Article:
    """What the article's JATS says: the reference every output is compared with."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.jats = next(p for p in folder.glob("*.xml"))
        self.base = self.jats.stem
        meta = xmlio.parse(self.jats).getroot().find("front/article-meta")
        contribs = meta.findall("contrib-group/contrib[@contrib-type='author']")
        self.names = [contrib_display_name(c) for c in contribs]
        self.parts = [(c.findtext("name/given-names"), c.findtext("name/surname")) for c in contribs]
        self.fpage, self.lpage = int(meta.findtext("fpage")), int(meta.findtext("lpage"))
        self.doi = meta.findtext("article-id[@pub-id-type='doi']")
        self.epub = date_of(meta.find("pub-date[@date-type='pub']"))
        collection = meta.find("pub-date[@date-type='collection']")
        self.year, self.month = int(collection.findtext("year")), int(collection.findtext("month"))
        self.cite_as = next(m.findtext("meta-value") for m in meta.iterfind("custom-meta-group/custom-meta")
                            if m.findtext("meta-name") == "citation")


@pytest.fixture(scope="module")
def issue(sample_build) -> Path:
    return sample_build.out


@pytest.fixture(scope="module")
def articles(issue: Path) -> list[Article]:
    found = [Article(folder) for folder in sorted((issue / "articles").iterdir()) if folder.is_dir()]
    assert len(found) == 12
    return found


def test_the_cite_as_line_gives_the_authors_year_volume_issue_and_pages(articles: list[Article]) -> None:
    for a in articles:
        surnames = [s for _, s in a.parts]
        listed = surnames if len(surnames) <= 6 else surnames[:3]
        positions = [a.cite_as.index(s) for s in listed]
        assert positions == sorted(positions), a.base
        assert (len(surnames) > 6) == (", et al." in a.cite_as), a.base
        assert a.cite_as.endswith(f" {a.year};29(4):{a.fpage}-{a.lpage}."), a.cite_as


def test_the_html_page_agrees(articles: list[Article]) -> None:
    issue = load_issue(SAMPLE_ISSUE)
    placeholders = {issue.doi_of(e) for e in issue.manifest.articles if e.placeholder_manuscript_number}
    for a in articles:
        page = etree.parse(str(a.folder / f"{a.base}.html"), xmlio.safe_parser()).getroot()

        def meta(name: str, page: etree._Element = page) -> list[str]:
            return page.xpath(f"//h:meta[@name='{name}']/@content", namespaces=XHTML)

        assert page.xpath("//h:span[@class='author-name']/text()", namespaces=XHTML) == a.names
        assert meta("citation_author") == [f"{s}, {g}" for g, s in a.parts]
        assert meta("citation_firstpage") == [str(a.fpage)] and meta("citation_lastpage") == [str(a.lpage)]
        assert meta("citation_doi") == ([] if a.doi in placeholders else [a.doi])  # no index gets a placeholder
        assert meta("citation_online_date") == [a.epub.strftime("%Y/%m/%d")]
        assert meta("citation_publication_date") == [f"{a.year}/{a.month:02d}"]
        (cite,) = page.xpath("//h:p[@class='cite-as']", namespaces=XHTML)
        assert " ".join("".join(cite.itertext()).split()).endswith(a.cite_as)
        # the Epub date as the PDF prints it: only when it is another day than the issue's publication date
        shown = [] if a.epub == issue.manifest.publication_date else [a.epub.isoformat()]
        assert page.xpath("//h:span[@class='epub-date']/h:time/@datetime", namespaces=XHTML) == shown, a.base


def test_the_pdf_agrees(articles: list[Article]) -> None:
    for a in articles:
        pages = pdf_pages(a.folder / f"{a.base}.pdf")
        assert len(pages) == a.lpage - a.fpage + 1, a.base
        first, text = squeezed(pages[0]), squeezed("\n".join(pages))
        for name in a.names:  # a long author list runs on to the second page
            assert squeezed(name) in text, (a.base, name)
        assert squeezed(a.cite_as) in first, a.base  # the first page's foot
        assert re.search(rf"(^|\n){a.fpage}\s*(\n|$)", pages[0]), a.base  # its number, alone on its line
        assert str(a.lpage) in pages[-1].split(), a.base
        dotted = a.epub.strftime("%d.%m.%Y")
        assert (f"Epub:{dotted}" in text) or (f"Publicationdate:{dotted}" in text), a.base


def test_the_table_of_contents_agrees(issue: Path, articles: list[Article]) -> None:
    toc = json.loads((issue / "toc.json").read_text(encoding="utf-8"))
    entries = {e["doi"]: e for section in toc["sections"] for e in section["articles"]}
    assert (toc["year"], toc["month"]) == (articles[0].year, dt.date(2000, articles[0].month, 1).strftime("%B"))
    for a in articles:
        entry = entries[a.doi]
        assert entry["authors"] == a.names
        assert (entry["fpage"], entry["lpage"]) == (a.fpage, a.lpage)


def test_the_deposits_agree(issue: Path, articles: list[Article]) -> None:
    pubmed = xmlio.parse(issue / "pubmed.xml").getroot()
    crossref = xmlio.parse(issue / "crossref.xml").getroot()
    by_doi = {e.findtext("ELocationID[@EIdType='doi']"): e for e in pubmed.iterfind("Article")}
    dois = crossref.xpath("//cr:journal_article", namespaces=CROSSREF)
    cr_by_doi = {e.xpath("string(cr:doi_data/cr:doi)", namespaces=CROSSREF): e for e in dois}
    for a in articles:
        entry = by_doi[a.doi]
        authors = entry.iterfind("AuthorList/Author")
        assert [(x.findtext("FirstName"), x.findtext("LastName")) for x in authors] == a.parts
        assert (entry.findtext("FirstPage"), entry.findtext("LastPage")) == (str(a.fpage), str(a.lpage))
        assert (entry.findtext("Journal/PubDate/Year"), entry.findtext("Journal/PubDate/Month")) == \
            (str(a.year), f"{a.month:02d}")
        epub = entry.find("History/PubDate[@PubStatus='epublish']")
        assert dt.date(int(epub.findtext("Year")), int(epub.findtext("Month")), int(epub.findtext("Day"))) == a.epub
        work = cr_by_doi[a.doi]
        people = work.xpath("cr:contributors/cr:person_name", namespaces=CROSSREF)
        assert [(p.xpath("string(cr:given_name)", namespaces=CROSSREF), p.xpath("string(cr:surname)",
                 namespaces=CROSSREF)) for p in people] == a.parts
        assert work.xpath("string(cr:pages/cr:first_page)", namespaces=CROSSREF) == str(a.fpage)
        assert work.xpath("string(cr:pages/cr:last_page)", namespaces=CROSSREF) == str(a.lpage)
        online = work.xpath("cr:publication_date[@media_type='online']", namespaces=CROSSREF)[0]
        assert [online.xpath(f"string(cr:{p})", namespaces=CROSSREF) for p in ("year", "month", "day")] == \
            [str(a.epub.year), f"{a.epub.month:02d}", f"{a.epub.day:02d}"]
